use clap::{CommandFactory, FromArgMatches};
use color_eyre::eyre::Result;
use showrunner::cli::{Cli, Command};
use showrunner::config::startup;
use showrunner::runtime::session::RunbookProblems;
use showrunner::{cli_docs, runtime};

fn main() -> Result<()> {
    tune_allocator();
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

/// mimalloc, not glibc's malloc, for the app and the sandbox alike. Under the sandbox's
/// churn (100,000 pods, 500 changes/s) the live heap stops growing after about four minutes
/// (heaptrack: 721 MB at 4 minutes, 729 MB at 20), yet with glibc the RSS kept climbing by
/// about 0.45 MB/s: object versions of many sizes are made on one thread and freed on
/// another, and the freed chunks stay scattered over pages that never empty (`malloc_trim`
/// every 10 s gave back nothing; two arenas instead of sixteen only slowed it). mimalloc's
/// pages hold one size each and are reused whole: flat within two minutes, and the
/// sandbox's CPU under that churn fell by a third.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers in its v3.3 `mimalloc.h` (`mi_option_e`); the crate does not
/// name them. `tests::the_option_numbers_are_mimallocs` checks them against their defaults.
const MI_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed pages go back to the OS at once rather than a second later (and, by the `no_thp`
/// feature, mimalloc asks for no transparent huge pages). With mimalloc's defaults the app's
/// peak RSS at 100,000 pods was 132 to 151 MB, the start-up list's garbage still resident.
fn tune_allocator() {
    // SAFETY: setting an option is a store mimalloc reads on its next purge or OS allocation.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_numbers_are_mimallocs() {
        // Each number's documented default, and some neighbours': a renumbered enum in a
        // newer mimalloc fails here instead of setting some other option.
        let defaults = [
            (MI_PURGE_DELAY, 1000),
            (18, 100), // os_tag
            (19, 32),  // max_errors
            (24, 1),   // arena_purge_mult
            (36, 2),   // page_full_retain
            (37, 4),   // page_max_candidates
            (43, 1),   // allow_thp (`no_thp` in Cargo.toml is what keeps huge pages off)
        ];
        if std::env::vars().any(|(k, _)| k.starts_with("MIMALLOC_")) {
            return; // options set from the environment: their defaults say nothing
        }
        for (option, default) in defaults {
            // SAFETY: reading an option has no effect.
            let value = unsafe { libmimalloc_sys::mi_option_get(option) };
            assert_eq!(value, default, "mimalloc option {option}");
        }
    }
}
