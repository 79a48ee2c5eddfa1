//! The environment runbook commands run in: the same cluster showrunner shows, so that a
//! runbook's `kubectl get pods -n dev` and the pods pane never disagree.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Which cluster showrunner itself talks to.
pub enum Cluster<'a> {
    /// The embedded sandbox, reached through the kubeconfig it wrote.
    Sandbox { kubeconfig: &'a Path },
    /// A live cluster chosen like kubectl does: `--kubeconfig`, else `$KUBECONFIG`, else
    /// `~/.kube/config`; `--context`, else the kubeconfig's current-context.
    Live {
        kubeconfig: Option<&'a Path>,
        context: Option<&'a str>,
    },
}

/// The variables set for every runbook command, and a file to delete when showrunner exits.
pub struct CommandEnv {
    pub vars: Vec<(String, String)>,
    pub overlay: Option<PathBuf>,
}

impl Drop for CommandEnv {
    fn drop(&mut self) {
        if let Some(path) = &self.overlay {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Builds the environment. `--context` has no kubectl environment variable, so it becomes a
/// one-line kubeconfig put first in `KUBECONFIG`: kubectl merges the files and the first
/// `current-context` wins, while clusters and credentials still come from the user's files.
pub fn build(
    cluster: Cluster<'_>,
    inherited_kubeconfig: Option<OsString>,
    home: Option<PathBuf>,
    overlay_dir: &Path,
) -> std::io::Result<CommandEnv> {
    let mut vars = Vec::new();
    let mut overlay = None;
    match cluster {
        Cluster::Sandbox { kubeconfig } => {
            vars.push(("KUBECONFIG".into(), kubeconfig.display().to_string()));
        }
        Cluster::Live {
            kubeconfig,
            context,
        } => {
            let mut files: Vec<String> = match (kubeconfig, &inherited_kubeconfig) {
                (Some(path), _) => vec![absolute(path).display().to_string()],
                (None, Some(list)) if !list.is_empty() => {
                    vec![list.to_string_lossy().into_owned()]
                }
                _ => home
                    .map(|h| vec![h.join(".kube/config").display().to_string()])
                    .unwrap_or_default(),
            };
            if let Some(context) = context {
                let path =
                    overlay_dir.join(format!("showrunner-context-{}.yaml", std::process::id()));
                // A JSON string is a valid YAML scalar: any context name is quoted safely.
                let name = serde_json::to_string(context).expect("a string serializes");
                std::fs::write(
                    &path,
                    format!("apiVersion: v1\nkind: Config\ncurrent-context: {name}\n"),
                )?;
                files.insert(0, path.display().to_string());
                overlay = Some(path);
            }
            if kubeconfig.is_some() || context.is_some() {
                vars.push(("KUBECONFIG".into(), files.join(":")));
            }
        }
    }
    // Nobody can press q in a runbook's output: pagers off.
    vars.push(("GIT_PAGER".into(), "cat".into()));
    vars.push(("PAGER".into(), "cat".into()));
    vars.push(("SHOWRUNNER".into(), "1".into()));
    Ok(CommandEnv { vars, overlay })
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var<'a>(env: &'a CommandEnv, name: &str) -> Option<&'a str> {
        env.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn sandbox_commands_use_the_sandbox_kubeconfig() {
        let dir = tempfile::tempdir().unwrap();
        let env = build(
            Cluster::Sandbox {
                kubeconfig: Path::new("/data/kubeconfig"),
            },
            Some("/home/u/.kube/config".into()),
            None,
            dir.path(),
        )
        .unwrap();
        assert_eq!(var(&env, "KUBECONFIG"), Some("/data/kubeconfig"));
        assert_eq!(var(&env, "GIT_PAGER"), Some("cat"));
    }

    #[test]
    fn live_without_flags_leaves_kubectl_to_its_own_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let live = Cluster::Live {
            kubeconfig: None,
            context: None,
        };
        let env = build(live, Some("/a:/b".into()), None, dir.path()).unwrap();
        assert_eq!(var(&env, "KUBECONFIG"), None);
        assert!(env.overlay.is_none());
    }

    #[test]
    fn kubeconfig_flag_reaches_commands() {
        let dir = tempfile::tempdir().unwrap();
        let live = Cluster::Live {
            kubeconfig: Some(Path::new("/k/config")),
            context: None,
        };
        let env = build(live, Some("/a:/b".into()), None, dir.path()).unwrap();
        assert_eq!(var(&env, "KUBECONFIG"), Some("/k/config"));
    }

    #[test]
    fn context_flag_becomes_a_first_kubeconfig_that_is_removed_at_exit() {
        let dir = tempfile::tempdir().unwrap();
        let live = Cluster::Live {
            kubeconfig: None,
            context: Some("kind: \"odd\""),
        };
        let env = build(live, None, Some("/home/u".into()), dir.path()).unwrap();
        let overlay = env.overlay.clone().unwrap();
        assert_eq!(
            var(&env, "KUBECONFIG").unwrap(),
            format!("{}:/home/u/.kube/config", overlay.display())
        );
        assert_eq!(
            std::fs::read_to_string(&overlay).unwrap(),
            "apiVersion: v1\nkind: Config\ncurrent-context: \"kind: \\\"odd\\\"\"\n"
        );
        drop(env);
        assert!(!overlay.exists());
    }
}
