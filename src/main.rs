use clap::{CommandFactory, FromArgMatches};
use color_eyre::eyre::Result;
use showrunner::cli::{Cli, Command};
use showrunner::config::startup;
use showrunner::runtime::session::RunbookProblems;
use showrunner::{cli_docs, runtime};

fn main() -> Result<()> {
    // reqwest and kube use rustls without a default provider; pick ring once, first thing.
    let _ = rustls::crypto::ring::default_provider().install_default();
    color_eyre::install()?;
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let rt = || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
    };
    match cli.command {
        // No TTY, no runtime, no sandbox: checking a runbook only reads files.
        Some(Command::Check { files }) => {
            let code = showrunner::runbook::check::run(&files, &mut std::io::stdout());
            std::process::exit(code);
        }
        Some(Command::Completions { shell }) => Ok(cli_docs::print(cli_docs::completions(
            shell,
            &mut std::io::stdout(),
        ))?),
        Some(Command::Man) => Ok(cli_docs::print(cli_docs::man_page(&mut std::io::stdout()))?),
        Some(Command::Config { run }) => {
            if startup::gives_flags(&matches) {
                // They would be parsed and silently not shown: say where they go instead.
                eprintln!(
                    "showrunner: put the flags after `config`, e.g. `showrunner config --context prod-eu`"
                );
                std::process::exit(2);
            }
            let sub = matches
                .subcommand_matches("config")
                .expect("config was matched");
            let prepared = startup::prepare_for_user(*run, sub);
            cli_docs::print(startup::print(&prepared, &mut std::io::stdout()))?;
            std::process::exit(prepared.exit_code());
        }
        Some(Command::Sandbox { port, sandbox }) => {
            limit_malloc_arenas();
            rt()?.block_on(runtime::run_sandbox(sandbox, port))
        }
        Some(Command::Replay(args)) => rt()?.block_on(showrunner::replay::session::run(args)),
        None => {
            let args = startup::prepare_for_user(cli.run, &matches).args;
            match rt()?.block_on(runtime::run_tui(args)) {
                // The user's own file is wrong: its located problems are the whole message.
                Err(e) if e.downcast_ref::<RunbookProblems>().is_some() => {
                    eprintln!("{e}");
                    std::process::exit(1);
                }
                other => other,
            }
        }
    }
}

/// The standalone sandbox replaces object versions on one thread and frees them on another.
/// With glibc's default of an arena per thread (up to eight per core), memory freed in one
/// arena is not reused for another thread's versions, so RSS climbed while the live heap
/// did not. Two arenas, as `MALLOC_ARENA_MAX=2` sets for many servers; a value set in the
/// environment wins.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only changes the allocator's tuning; no thread has started yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}
