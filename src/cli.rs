//! Command-line interface. Two modes share one binary: the built-in sandbox (default, no set-up)
//! and live clusters, selected the way kubectl users expect (`--kubeconfig`, `--context`, `KUBECONFIG`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const LONG_ABOUT: &str = "\
A terminal UI for live GitOps demos and on-call monitoring: pods per namespace, Kargo freight and
promotions, Argo CD applications, CI runs and a runbook, on one screen.

MODES
  Sandbox (default): with no flags, showrunner starts a built-in, loopback-only Kubernetes API
  server with simulated controllers and opens the TUI on it. Nothing to install, no cluster.

  Live: `--live`, `--kubeconfig PATH` or `--context NAME` connect to a real cluster. Like kubectl,
  the kubeconfig comes from --kubeconfig, else $KUBECONFIG, else ~/.kube/config; the context from
  --context, else the kubeconfig's current-context.

CONFIG
  ~/.config/showrunner/config.toml ($XDG_CONFIG_HOME) gives defaults for --theme, --namespace,
  --confirm-for, --argocd-namespace, --ci-branch and --read-only; a [context.NAME] section
  overrides them for that kubeconfig context (`read-only = true` for production). Flags win.
  `showrunner config` prints the settings a run would use and where each came from.

`showrunner sandbox` runs the sandbox alone and prints the path of a kubeconfig for kubectl.";

#[derive(Debug, Parser)]
#[command(name = "showrunner", version, about, long_about = LONG_ABOUT)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the built-in sandbox API server alone and print its kubeconfig path
    Sandbox {
        /// Port to listen on (127.0.0.1 only); 0 picks a free port
        #[arg(long, default_value_t = 0)]
        port: u16,

        #[command(flatten)]
        sandbox: SandboxArgs,
    },
    /// Validate runbooks without running them: prints file:line:col for each problem, exit 1 if any
    Check {
        /// Runbook Markdown files
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print a shell completion script (e.g. `showrunner completions bash > /etc/bash_completion.d/showrunner`)
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page in roff (e.g. `showrunner man | man -l -`)
    Man,
    /// Play a recording made with --record: the same screen, no cluster, no network
    Replay(ReplayArgs),
    /// Print the settings a run would use (config.toml, flags, defaults) and where each came from
    #[command(long_about = CONFIG_ABOUT)]
    Config {
        #[command(flatten)]
        run: Box<RunArgs>,
    },
}

const CONFIG_ABOUT: &str = "\
Print the settings a run would use and where each came from: a flag, $SHOWRUNNER_THEME, a line of
~/.config/showrunner/config.toml ($XDG_CONFIG_HOME/showrunner/config.toml), its [context.NAME]
section for the kubeconfig context in use, or the built-in default. Takes the same flags as a run:
`showrunner config --context prod-eu` shows what `showrunner --context prod-eu` would do.
Exits 1 when the config file has problems, each printed as file:line:col.";

#[derive(Debug, Args, Clone)]
pub struct ReplayArgs {
    /// A recording written by `showrunner --record FILE`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Playback pace: 2 plays each step twice as fast as it was recorded
    #[arg(long, default_value_t = 1.0, value_name = "FACTOR")]
    pub speed: f64,

    /// Replay without a terminal and compare each step's starting screen with the live one
    #[arg(long)]
    pub check: bool,

    /// Theme name (dark, light, high-contrast) or path to a theme TOML file
    #[arg(long, value_name = "NAME|PATH", env = "SHOWRUNNER_THEME")]
    pub theme: Option<String>,
}

#[derive(Debug, Args, Default, Clone)]
pub struct RunArgs {
    /// Connect to a live cluster instead of the built-in sandbox
    #[arg(long)]
    pub live: bool,

    /// Path to the kubeconfig file (implies --live)
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context to use (implies --live)
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,

    /// Namespace to show pods for; repeat or separate with commas [default: dev,stg,prod]
    #[arg(
        short = 'n',
        long = "namespace",
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,

    /// Runbook to load [default in sandbox mode: runbook/image-promotion.md]
    #[arg(long, value_name = "FILE")]
    pub runbook: Option<PathBuf>,

    /// Start without a runbook
    #[arg(long, conflicts_with = "runbook")]
    pub no_runbook: bool,

    /// Kargo project (namespace) to show [default: discover the Projects you can see]
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,

    /// Namespace of the Argo CD Applications
    #[arg(long, value_name = "NS", default_value = "argocd")]
    pub argocd_namespace: String,

    /// Local git repository to show [default: the sandbox's; live: the current directory]
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,

    /// GitHub repository for CI runs, as OWNER/NAME [default: from the repo's origin remote]
    #[arg(long, value_name = "OWNER/NAME")]
    pub github_repo: Option<String>,

    /// GitHub API base URL (GitHub Enterprise: https://HOST/api/v3)
    #[arg(long, value_name = "URL")]
    pub github_url: Option<String>,

    /// Only show CI runs of this branch
    #[arg(long, value_name = "BRANCH")]
    pub ci_branch: Option<String>,

    /// Theme name (dark, light, high-contrast) or path to a theme TOML file
    #[arg(long, value_name = "NAME|PATH", env = "SHOWRUNNER_THEME")]
    pub theme: Option<String>,

    /// Sandbox: keep the simulated world running after quitting, and go on with it (and the
    /// runbook's progress) at the next --keep start; a start without --keep begins afresh
    #[arg(long, conflicts_with_all = ["live", "kubeconfig", "context"])]
    pub keep: bool,

    /// Refuse every action that changes the cluster or runs a command
    #[arg(long)]
    pub read_only: bool,

    /// Allow changes even where config.toml says `read-only = true`
    #[arg(long, conflicts_with = "read_only")]
    pub read_write: bool,

    /// Environments (namespaces or stages) whose changes ask for a y/n first: a list, `all` or `none`
    #[arg(
        long,
        value_name = "ENV",
        value_delimiter = ',',
        default_value = "stg,prod"
    )]
    pub confirm_for: Vec<String>,

    /// On exit, write frame-time, latency, memory and request metrics as JSON to FILE
    #[arg(long, value_name = "FILE")]
    pub metrics_out: Option<PathBuf>,

    /// Record every event from the cluster, CI, git and the runbook to FILE, for `showrunner replay`
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    #[command(flatten)]
    pub sandbox: SandboxArgs,

    /// Namespaces from config.toml, used when neither -n nor the runbook names any.
    #[arg(skip)]
    pub default_namespaces: Vec<String>,

    /// Problems found in config.toml, shown on the status line like the keymap's.
    #[arg(skip)]
    pub config_notices: Vec<String>,
}

/// Options of the simulated world; used by the default run and by `showrunner sandbox`.
#[derive(Debug, Args, Clone)]
pub struct SandboxArgs {
    /// Time scale of the simulation: 2 runs controllers twice as fast
    #[arg(long, default_value_t = 1.0, value_name = "FACTOR")]
    pub speed: f64,

    /// Extra pods spread over the namespaces (load testing)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub pods: usize,

    /// Pod changes per second among the extra pods (load testing)
    #[arg(long, default_value_t = 0.0, value_name = "RATE")]
    pub churn: f64,

    /// Where the sandbox keeps its kubeconfig and data [default: XDG data dir]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

impl Default for SandboxArgs {
    fn default() -> Self {
        Self {
            speed: 1.0,
            pods: 0,
            churn: 0.0,
            data_dir: None,
        }
    }
}

impl RunArgs {
    /// Live mode is chosen explicitly, never guessed from the environment: a fresh clone with a
    /// production `KUBECONFIG` exported must still open the harmless sandbox.
    pub fn is_live(&self) -> bool {
        self.live || self.kubeconfig.is_some() || self.context.is_some()
    }

    pub fn namespaces_or_default(&self) -> Vec<String> {
        if !self.namespaces.is_empty() {
            self.namespaces.clone()
        } else if !self.default_namespaces.is_empty() {
            self.default_namespaces.clone()
        } else {
            ["dev", "stg", "prod"].map(String::from).to_vec()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_run_is_sandbox_with_demo_namespaces() {
        let cli = Cli::parse_from(["showrunner"]);
        assert!(cli.command.is_none());
        assert!(!cli.run.is_live());
        assert_eq!(cli.run.namespaces_or_default(), ["dev", "stg", "prod"]);
        assert_eq!(cli.run.confirm_for, ["stg", "prod"]);
    }

    #[test]
    fn kubeconfig_or_context_imply_live() {
        assert!(
            Cli::parse_from(["showrunner", "--context", "minikube"])
                .run
                .is_live()
        );
        assert!(
            Cli::parse_from(["showrunner", "--kubeconfig", "/k"])
                .run
                .is_live()
        );
    }

    #[test]
    fn namespaces_repeat_and_split_on_commas() {
        let cli = Cli::parse_from(["showrunner", "-n", "a,b", "--namespace", "c"]);
        assert_eq!(cli.run.namespaces_or_default(), ["a", "b", "c"]);
    }

    #[test]
    fn sandbox_subcommand_takes_port_and_load_options() {
        let cli = Cli::parse_from(["showrunner", "sandbox", "--port", "8080", "--pods", "10"]);
        match cli.command {
            Some(Command::Sandbox { port, sandbox }) => {
                assert_eq!(port, 8080);
                assert_eq!(sandbox.pods, 10);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
