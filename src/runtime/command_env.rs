//! The environment runbook commands run in: the same cluster showrunner shows, so that a
//! runbook's `kubectl get pods -n dev` and the pods pane never disagree.

use std::ffi::OsString;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::cleanup;

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
            cleanup::forget_file(path);
        }
    }
}

/// Builds the environment. `--context` has no kubectl environment variable, so it becomes a
/// one-line kubeconfig put first in `KUBECONFIG`: kubectl merges the files and the first
/// `current-context` wins, while clusters and credentials still come from the user's files.
/// `overlay_dir` is showrunner's state dir: private to the user, unlike a shared /tmp.
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
                // A JSON string is a valid YAML scalar: any context name is quoted safely.
                let name = serde_json::to_string(context).expect("a string serializes");
                let (path, mut file) = create_private(overlay_dir)?;
                cleanup::track_file(path.clone());
                file.write_all(
                    format!("apiVersion: v1\nkind: Config\ncurrent-context: {name}\n").as_bytes(),
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
    // Commands have no terminal to ask on: git fails with "terminal prompts disabled" at once.
    vars.push(("GIT_TERMINAL_PROMPT".into(), "0".into()));
    vars.push(("SHOWRUNNER".into(), "1".into()));
    Ok(CommandEnv { vars, overlay })
}

/// A new file only this user can read, never one that was already there: `create_new` refuses
/// an existing file or a planted symlink, and a name already taken tries the next one.
fn create_private(dir: &Path) -> std::io::Result<(PathBuf, File)> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let pid = std::process::id();
    let mut last = None;
    for n in 0..64 {
        let path = dir.join(format!("showrunner-context-{pid}-{n}.yaml"));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.expect("at least one attempt"))
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

    #[test]
    fn the_overlay_is_private_and_never_an_existing_file_or_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        std::fs::create_dir(&state).unwrap();
        // Someone planted the name the overlay would take, pointing at a file of the user's.
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = state.join(format!("showrunner-context-{}-0.yaml", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let live = Cluster::Live {
            kubeconfig: None,
            context: Some("prod"),
        };
        let env = build(live, None, Some("/home/u".into()), &state).unwrap();
        let overlay = env.overlay.clone().unwrap();
        assert_ne!(overlay, planted);
        assert_eq!(overlay.parent(), Some(state.as_path()));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let mode = std::fs::metadata(&overlay).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    }

    #[test]
    fn commands_never_wait_for_a_git_password() {
        let dir = tempfile::tempdir().unwrap();
        let live = Cluster::Live {
            kubeconfig: None,
            context: None,
        };
        let env = build(live, None, None, dir.path()).unwrap();
        assert_eq!(var(&env, "GIT_TERMINAL_PROMPT"), Some("0"));
    }
}
