//! Flags, then the config file's section for the kubeconfig context in use, then the file's
//! defaults, then built-in defaults: the settings a run uses, each with where it came from, so
//! `showrunner config` can say why `--context prod-eu` is read-only.

use std::path::Path;

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::file::{ConfigFile, Settings};
use crate::cli::RunArgs;

/// Where an effective setting came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    Flag(&'static str),
    Env(&'static str),
    File {
        file: String,
        line: usize,
        column: usize,
        /// `Some(name)` for a `[context.NAME]` section.
        context: Option<String>,
    },
    Default,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::Env(var) => write!(f, "${var}"),
            Origin::File {
                file,
                line,
                column,
                context,
            } => {
                write!(f, "{file}:{line}:{column}")?;
                match context {
                    Some(name) => write!(f, " [context.{name}]"),
                    None => Ok(()),
                }
            }
            Origin::Default => write!(f, "default"),
        }
    }
}

/// Which settings the command line (or the environment) gave, so the file does not override them.
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub theme: Option<Origin>,
    pub namespaces: bool,
    pub confirm_for: bool,
    pub argocd_namespace: bool,
    pub ci_branch: bool,
    /// `--read-only` or `--read-write`.
    pub read_only: Option<&'static str>,
}

impl Given {
    pub fn from_matches(matches: &ArgMatches) -> Given {
        let source = |id: &str| matches.value_source(id);
        let flag = |id: &str| source(id) == Some(ValueSource::CommandLine);
        Given {
            theme: match source("theme") {
                Some(ValueSource::CommandLine) => Some(Origin::Flag("--theme")),
                Some(ValueSource::EnvVariable) => Some(Origin::Env("SHOWRUNNER_THEME")),
                _ => None,
            },
            namespaces: flag("namespaces"),
            confirm_for: flag("confirm_for"),
            argocd_namespace: flag("argocd_namespace"),
            ci_branch: flag("ci_branch"),
            read_only: if flag("read_only") {
                Some("--read-only")
            } else if flag("read_write") {
                Some("--read-write")
            } else {
                None
            },
        }
    }
}

/// One line of `showrunner config`.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    pub key: &'static str,
    pub value: String,
    pub origin: Origin,
}

/// The kubeconfig context a live run will use, and why; `None` on the sandbox. Read here,
/// before connecting, because the context decides which config section applies.
pub fn kube_context(args: &RunArgs) -> Option<(String, &'static str)> {
    if !args.is_live() {
        return None;
    }
    if let Some(context) = &args.context {
        return Some((context.clone(), "--context"));
    }
    let file = match &args.kubeconfig {
        Some(path) => kube::config::Kubeconfig::read_from(path).ok()?,
        None => kube::config::Kubeconfig::read().ok()?,
    };
    file.current_context
        .map(|c| (c, "the kubeconfig's current-context"))
}

/// Fills `args` from the file where no flag was given; returns every setting with its origin.
/// `config_dir` anchors a relative theme path written in the file.
pub fn apply(
    args: &mut RunArgs,
    given: &Given,
    file: Option<&ConfigFile>,
    context: Option<&str>,
    config_dir: Option<&Path>,
) -> Vec<Effective> {
    let empty = Settings::default();
    let defaults = file.map_or(&empty, |f| &f.defaults);
    let section = context.and_then(|c| file.and_then(|f| f.context(c)));
    let from_file = |at_ctx: bool, line: usize, column: usize| Origin::File {
        file: file.map(|f| f.path.clone()).unwrap_or_default(),
        line,
        column,
        context: if at_ctx {
            context.map(str::to_string)
        } else {
            None
        },
    };
    // The context's section first, then the file's top.
    macro_rules! chosen {
        ($field:ident) => {
            section
                .and_then(|s| s.$field.as_ref())
                .map(|at| (at.value.clone(), from_file(true, at.line, at.column)))
                .or_else(|| {
                    defaults
                        .$field
                        .as_ref()
                        .map(|at| (at.value.clone(), from_file(false, at.line, at.column)))
                })
        };
    }
    let mut out = Vec::new();

    let theme = match (&given.theme, chosen!(theme)) {
        (Some(origin), _) => (args.theme.clone(), origin.clone()),
        (None, Some((name, origin))) => {
            args.theme = Some(anchor_theme_path(&name, config_dir));
            (args.theme.clone(), origin)
        }
        (None, None) => (None, Origin::Default),
    };
    out.push(Effective {
        key: "theme",
        value: theme
            .0
            .unwrap_or_else(|| crate::theme::DEFAULT_THEME.into()),
        origin: theme.1,
    });

    let namespaces = if given.namespaces {
        Origin::Flag("--namespace")
    } else if let Some((list, origin)) = chosen!(namespaces) {
        args.default_namespaces = list;
        origin
    } else {
        Origin::Default
    };
    out.push(Effective {
        key: "namespaces",
        value: args.namespaces_or_default().join(", "),
        origin: namespaces,
    });

    let confirm = if given.confirm_for {
        Origin::Flag("--confirm-for")
    } else if let Some((list, origin)) = chosen!(confirm_for) {
        args.confirm_for = list;
        origin
    } else {
        Origin::Default
    };
    out.push(Effective {
        key: "confirm-for",
        value: args.confirm_for.join(", "),
        origin: confirm,
    });

    let argocd = if given.argocd_namespace {
        Origin::Flag("--argocd-namespace")
    } else if let Some((ns, origin)) = chosen!(argocd_namespace) {
        args.argocd_namespace = ns;
        origin
    } else {
        Origin::Default
    };
    out.push(Effective {
        key: "argocd-namespace",
        value: args.argocd_namespace.clone(),
        origin: argocd,
    });

    let branch = if given.ci_branch {
        Origin::Flag("--ci-branch")
    } else if let Some((b, origin)) = chosen!(ci_branch) {
        args.ci_branch = Some(b);
        origin
    } else {
        Origin::Default
    };
    out.push(Effective {
        key: "ci-branch",
        value: args
            .ci_branch
            .clone()
            .unwrap_or_else(|| "(every branch)".into()),
        origin: branch,
    });

    let read_only = match (given.read_only, chosen!(read_only)) {
        (Some(flag), _) => Origin::Flag(flag),
        (None, Some((value, origin))) => {
            args.read_only = value;
            origin
        }
        (None, None) => Origin::Default,
    };
    out.push(Effective {
        key: "read-only",
        value: args.read_only.to_string(),
        origin: read_only,
    });
    out
}

/// `theme = "themes/talk.toml"` in the file means next to the file, not the current directory.
fn anchor_theme_path(choice: &str, config_dir: Option<&Path>) -> String {
    let looks_like_path = choice.contains('/') || choice.ends_with(".toml");
    match config_dir {
        Some(dir) if looks_like_path && Path::new(choice).is_relative() => {
            dir.join(choice).display().to_string()
        }
        _ => choice.to_string(),
    }
}
