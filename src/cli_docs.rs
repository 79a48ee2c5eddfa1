//! Shell completions and the man page, generated from the clap definitions in `cli` so they can
//! never list a flag the binary does not have.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Generated into memory first: clap_complete panics on a write error, and `| head` closes the
/// pipe early.
pub fn completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "showrunner", &mut script);
    out.write_all(&script)
}

/// Printing to a closed pipe (`showrunner man | head`) is not an error worth a report.
pub fn print(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The page for `showrunner` with a section for each subcommand, as `git help` pages list theirs.
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    for sub in command.get_subcommands() {
        writeln!(out, ".SH \"SHOWRUNNER {}\"", sub.get_name().to_uppercase())?;
        let page = clap_mangen::Man::new(
            sub.clone()
                .bin_name(format!("showrunner {}", sub.get_name())),
        );
        page.render_synopsis_section(out)?;
        page.render_description_section(out)?;
        page.render_options_section(out)?;
    }
    man.render_version_section(out)?;
    Ok(())
}
