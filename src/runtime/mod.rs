//! Wiring: configuration → sources → the event loop → a clean exit.

pub mod cleanup;
pub mod command_env;
pub mod commands;
pub mod effects;
pub mod ending;
pub mod event_loop;
pub mod input;
pub mod kept;
pub mod logging;
pub mod session;
pub mod sources;
pub mod terminal;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use color_eyre::eyre::{Result, WrapErr, eyre};
use k8s_openapi::jiff::Timestamp;
use tokio::sync::mpsc;

use crate::app::confirm_policy::ConfirmPolicy;
use crate::app::gitops::state::GitopsState;
use crate::app::{AppState, Effect};
use crate::cli::{RunArgs, SandboxArgs};
use crate::config::paths;
use crate::keymap::Keymap;
use crate::metrics::Metrics;
use crate::sources::kube::client::{self, Connection};
use crate::sources::kube::pods::spawn_pod_watchers;
use crate::theme;
use kept::World;
use showrunner_sandbox::{Sandbox, SandboxOptions};

/// Room for bursts (a relist of thousands of pods arrives as one action, churn as many small
/// ones); senders wait when it is full, which slows sources rather than growing memory.
const ACTION_QUEUE: usize = 8192;

pub fn sandbox_options(args: &SandboxArgs, port: u16) -> Result<SandboxOptions> {
    let data_dir = match &args.data_dir {
        Some(dir) => dir.clone(),
        None => paths::data_dir()
            .ok_or_else(|| eyre!("no home directory: pass --data-dir"))?
            .join("sandbox"),
    };
    if !(args.speed > 0.0 && args.speed.is_finite()) {
        return Err(eyre!(
            "--speed must be a positive number, got {}",
            args.speed
        ));
    }
    Ok(SandboxOptions {
        port,
        speed: args.speed,
        extra_pods: args.pods,
        churn: args.churn,
        ..SandboxOptions::new(data_dir)
    })
}

pub async fn run_tui(args: RunArgs) -> Result<()> {
    let config_dir = paths::config_dir();
    let log_file = logging::init_tui_logging(paths::state_dir().as_deref());
    let mut notices = Vec::new();
    let loaded_theme = theme::load(
        args.theme.as_deref(),
        config_dir.as_deref(),
        theme::no_color_requested(),
    );
    notices.extend(loaded_theme.warnings.iter().cloned());
    let loaded_keymap = Keymap::load(config_dir.as_deref());
    notices.extend(loaded_keymap.problems.iter().map(ToString::to_string));
    notices.extend(args.config_notices.iter().cloned());
    for notice in &notices {
        tracing::warn!("{notice}");
    }

    // A broken runbook stops here, before the terminal is taken, with every problem listed.
    let runbook = session::load_runbook(&args)?;
    let (sandbox, connection) = connect(&args).await?;
    let sandbox_repo = sandbox.as_ref().map(|s| s.repo_path().to_path_buf());
    let session = session::resolve(&args, runbook.as_ref(), sandbox_repo.as_deref());
    tracing::info!(context = %connection.label, log_file = ?log_file, "starting");
    let mut metrics = Metrics::new();
    metrics.count_requests_of(connection.requests.clone());

    let (tx, mut rx) = mpsc::channel(ACTION_QUEUE);
    let namespaces = session.namespaces.clone();
    let mut state = AppState::new(
        connection.label.clone(),
        namespaces.clone(),
        loaded_keymap.keymap,
        Timestamp::now(),
    );
    state.read_only = args.read_only;
    state.confirm = ConfirmPolicy::parse(&args.confirm_for);
    state.notices = notices;
    state.gitops = GitopsState::new(session.project.clone());
    let mut tasks = spawn_pod_watchers(&connection.client, &namespaces, &tx);
    tasks.push(crate::sources::argocd::spawn_app_watcher(
        &connection.client,
        &args.argocd_namespace,
        &tx,
    ));
    let mut effects = effects::EffectRunner::new(connection.client.clone(), tx.clone());
    match &session.project {
        Some(project) => effects.run(Effect::WatchProject {
            namespace: project.clone(),
        }),
        None => tasks.push(crate::sources::kargo::spawn_project_discovery(
            &connection.client,
            &tx,
        )),
    }
    let github_requests = Arc::new(AtomicU64::new(0));
    metrics.count_requests_of(github_requests.clone());
    let ci = sources::start(
        ci_config(&args, &session, sandbox.as_ref()),
        github_requests,
        &tx,
    )
    .await;
    tasks.extend(ci.tasks);
    state.ci = crate::app::ci::state::CiState::new(ci.source);
    if let Some(commands) = ci.commands {
        effects.set_ci(commands);
    }
    // Kept alive until exit: dropping it removes the --context overlay kubeconfig.
    let command_env = if let Some(runbook) = runbook {
        let cluster = match &sandbox {
            Some(s) => command_env::Cluster::Sandbox {
                kubeconfig: s.kubeconfig_path(),
            },
            None => command_env::Cluster::Live {
                kubeconfig: args.kubeconfig.as_deref(),
                context: args.context.as_deref(),
            },
        };
        let mut env = command_env::build(
            cluster,
            std::env::var_os("KUBECONFIG"),
            std::env::home_dir(),
            &paths::state_dir().unwrap_or_else(std::env::temp_dir),
        )
        .wrap_err("cannot prepare the runbook commands' kubeconfig")?;
        if !session.repo_path.is_dir() {
            state.notices.push(format!(
                "the runbook's repo {} is not a directory: its commands will fail until it exists",
                session.repo_path.display()
            ));
        }
        effects.set_commands(commands::CommandRunner::new(
            session.repo_path.clone(),
            std::mem::take(&mut env.vars),
            tx.clone(),
        ));
        // A live cluster keeps what the steps did, and so does a kept sandbox: the talk goes
        // on where it stopped. The built-in sandbox starts its story over.
        let resumes = sandbox.as_ref().is_none_or(World::is_kept_from_before);
        let (rb, notice) = session::runbook_state(runbook, paths::state_dir().as_deref(), resumes);
        state.notices.extend(notice);
        state.runbook = Some(rb);
        Some(env)
    } else {
        None
    };
    state.messages.record_notices(state.now, &state.notices);
    let recorder = match &args.record {
        Some(path) => Some(
            crate::replay::recorder::start(
                path,
                &state,
                &loaded_theme.theme,
                Some((connection.client.clone(), tx.clone())),
            )
            .wrap_err_with(|| format!("cannot record to {}", path.display()))?,
        ),
        None => None,
    };
    tasks.push(input::spawn_clock(tx.clone()));
    ending::exit_on_panic();
    let mut stop = ending::watch_signals().wrap_err("cannot watch for signals")?;

    let result = {
        let mut guard = terminal::TerminalGuard::enter().wrap_err("cannot set up the terminal")?;
        let size = guard.terminal.size()?;
        state.size = (size.width, size.height);
        tasks.push(input::spawn_terminal_input(tx.clone()));
        ending::spawn_requested_panic();
        event_loop::run(
            &mut guard.terminal,
            &mut state,
            &loaded_theme.theme,
            &mut rx,
            &mut event_loop::Live {
                effects: &mut effects,
                recorder,
            },
            &mut metrics,
            &mut stop,
        )
        .await
    };
    for task in &tasks {
        task.abort();
    }
    drop(effects);
    if let Some(path) = &args.metrics_out {
        metrics
            .write(path)
            .wrap_err_with(|| format!("cannot write metrics to {}", path.display()))?;
    }
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    drop(command_env);
    if let Some(signo) = *stop.borrow() {
        // Everything is cleaned up; the exit status tells a supervisor why we stopped.
        std::process::exit(ending::signal_status(signo));
    }
    result.wrap_err("terminal I/O failed")
}

/// In sandbox mode CI comes from the sandbox's GitHub API, and no real token is sent there.
fn ci_config(
    args: &RunArgs,
    session: &session::Session,
    sandbox: Option<&World>,
) -> sources::CiConfig {
    let default_url = sandbox.map_or(sources::GITHUB_API, |s| s.github_url());
    sources::CiConfig {
        repo_path: session.repo_path.clone(),
        github_repo: session.github_repo.clone(),
        github_url: args
            .github_url
            .clone()
            .unwrap_or_else(|| default_url.into()),
        branch: args.ci_branch.clone(),
        discover_token: sandbox.is_none(),
    }
}

async fn connect(args: &RunArgs) -> Result<(Option<World>, Connection)> {
    if args.is_live() {
        let (config, label) =
            client::live_config(args.kubeconfig.as_deref(), args.context.as_deref())
                .await
                .map_err(|e| eyre!(e))?;
        return Ok((None, client::connect(config, label)?));
    }
    let options = sandbox_options(&args.sandbox, 0)?;
    if args.keep {
        let (info, fresh) = kept::attach(&options).await?;
        let (config, _) = client::live_config(Some(&info.kubeconfig), None)
            .await
            .map_err(|e| eyre!(e))?;
        let connection = client::connect(config, "sandbox (kept)".into())?;
        return Ok((Some(World::Kept { info, fresh }), connection));
    }
    // A kept one would share the data dir (and its repository) with the one built here.
    kept::stop(&options.data_dir).await;
    let sandbox = Sandbox::start(options)
        .await
        .wrap_err("cannot start the built-in sandbox")?;
    let connection = client::connect(sandbox.kube_config(), "sandbox".into())?;
    Ok((Some(World::InProcess(sandbox)), connection))
}

/// `showrunner sandbox`: the simulated cluster alone, for kubectl and other tools.
pub async fn run_sandbox(args: SandboxArgs, port: u16) -> Result<()> {
    logging::init_stderr_logging();
    let options = sandbox_options(&args, port)?;
    showrunner_sandbox::run_standalone(options)
        .await
        .wrap_err("sandbox failed")
}
