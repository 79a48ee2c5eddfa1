use clap::Parser;
use color_eyre::eyre::Result;
use showrunner::cli::{Cli, Command};
use showrunner::{cli_docs, runtime};

fn main() -> Result<()> {
    // reqwest and kube use rustls without a default provider; pick ring once, first thing.
    let _ = rustls::crypto::ring::default_provider().install_default();
    color_eyre::install()?;
    let cli = Cli::parse();
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
        Some(Command::Sandbox { port, sandbox }) => {
            rt()?.block_on(runtime::run_sandbox(sandbox, port))
        }
        None => rt()?.block_on(runtime::run_tui(cli.run)),
    }
}
