//! What `main` does with the config file before a run: read it, find the kubeconfig context,
//! merge, and keep the problems for the status line; and `showrunner config`, which prints the
//! same merge so a user can see where each setting came from.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ArgMatches;

use super::effective::{self, Effective, Given};
use super::{ConfigError, file, paths};
use crate::cli::RunArgs;

pub struct Prepared {
    pub args: RunArgs,
    /// Where the file is looked for, and whether it was there.
    pub path: Option<PathBuf>,
    pub found: bool,
    pub context: Option<(String, &'static str)>,
    pub settings: Vec<Effective>,
    pub problems: Vec<ConfigError>,
}

/// Reads `<config_dir>/config.toml` and applies it under the flags in `matches`.
pub fn prepare(args: RunArgs, matches: &ArgMatches, config_dir: Option<&Path>) -> Prepared {
    let mut args = args;
    let given = Given::from_matches(matches);
    let (config, problems) = file::load(config_dir);
    let context = effective::kube_context(&args);
    let settings = effective::apply(
        &mut args,
        &given,
        config.as_ref(),
        context.as_ref().map(|(c, _)| c.as_str()),
        config_dir,
    );
    args.config_notices = problems.iter().map(ToString::to_string).collect();
    Prepared {
        args,
        path: config_dir.map(|d| d.join(file::FILE_NAME)),
        found: config.is_some(),
        context,
        settings,
        problems,
    }
}

/// `prepare` with the user's XDG config directory.
pub fn prepare_for_user(args: RunArgs, matches: &ArgMatches) -> Prepared {
    prepare(args, matches, paths::config_dir().as_deref())
}

/// `showrunner config`: the file, the context, every setting and its origin, then the file's
/// problems.
pub fn print(prepared: &Prepared, out: &mut impl Write) -> std::io::Result<()> {
    let file = match (&prepared.path, prepared.found) {
        (Some(path), true) => path.display().to_string(),
        (Some(path), false) => format!("{} (not there: built-in defaults)", path.display()),
        (None, _) => "none (no home directory)".to_string(),
    };
    writeln!(out, "config file       {file}")?;
    let context = match &prepared.context {
        Some((name, why)) => format!("{name} (from {why})"),
        None if prepared.args.is_live() => "the kubeconfig's current-context".into(),
        None => "none: the built-in sandbox".into(),
    };
    writeln!(out, "context           {context}")?;
    let width = prepared
        .settings
        .iter()
        .map(|s| s.value.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    for setting in &prepared.settings {
        writeln!(
            out,
            "{:<18}{:<width$}  {}",
            setting.key, setting.value, setting.origin
        )?;
    }
    if !prepared.problems.is_empty() {
        writeln!(out)?;
        for problem in &prepared.problems {
            writeln!(out, "{problem}")?;
        }
    }
    Ok(())
}

impl Prepared {
    /// 1 when the file has problems, as `showrunner check` does for runbooks.
    pub fn exit_code(&self) -> i32 {
        i32::from(!self.problems.is_empty())
    }
}

/// Whether any flag was given on the command line at this level (before a subcommand).
pub fn gives_flags(matches: &ArgMatches) -> bool {
    matches
        .ids()
        .any(|id| matches.value_source(id.as_str()) == Some(clap::parser::ValueSource::CommandLine))
}
