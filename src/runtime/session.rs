//! What this run shows and where commands run: flags first, then the runbook's front matter,
//! then defaults. The demo runbook ships inside the binary so `showrunner` alone plays the talk.

use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, eyre};

use crate::cli::RunArgs;
use crate::runbook::model::Runbook;

pub const DEMO_RUNBOOK_PATH: &str = "runbook/image-promotion.md";
const DEMO_RUNBOOK: &str = include_str!("../../runbook/image-promotion.md");

/// The runbook to load: `--runbook`, else (sandbox mode) the demo — from `runbook/` in the
/// current directory when present, so edits take effect, else the copy built in.
pub fn load_runbook(args: &RunArgs) -> Result<Option<Runbook>> {
    let (path, source) = match (&args.runbook, args.no_runbook || args.is_live()) {
        (Some(path), _) => {
            let source = std::fs::read_to_string(path)
                .map_err(|e| eyre!("cannot read runbook {}: {e}", path.display()))?;
            (path.clone(), source)
        }
        (None, true) => return Ok(None),
        (None, false) => match std::fs::read_to_string(DEMO_RUNBOOK_PATH) {
            Ok(source) => (PathBuf::from(DEMO_RUNBOOK_PATH), source),
            Err(_) => (PathBuf::from(DEMO_RUNBOOK_PATH), DEMO_RUNBOOK.to_string()),
        },
    };
    crate::runbook::parse(&path, &source)
        .map(Some)
        .map_err(|errors| RunbookProblems(errors).into())
}

/// A runbook that does not parse: `main` prints these located problems alone, without the
/// report's backtrace hint, since the fix is in the user's file, not in showrunner.
#[derive(Debug)]
pub struct RunbookProblems(pub Vec<crate::config::ConfigError>);

impl std::fmt::Display for RunbookProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the runbook has problems:")?;
        for problem in &self.0 {
            write!(f, "\n{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RunbookProblems {}


pub struct Session {
    pub namespaces: Vec<String>,
    pub project: Option<String>,
    pub github_repo: Option<String>,
    /// The git repository shown and where runbook commands run.
    pub repo_path: PathBuf,
}

/// `sandbox_repo`: the sandbox's repository, when running on the sandbox.
pub fn resolve(args: &RunArgs, runbook: Option<&Runbook>, sandbox_repo: Option<&Path>) -> Session {
    let namespaces = if args.namespaces.is_empty() {
        runbook
            .map(|r| r.namespaces.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| args.namespaces_or_default())
    } else {
        args.namespaces.clone()
    };
    let runbook_dir = runbook
        .and_then(|r| r.path.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let repo_path = match (
        &args.repo,
        runbook.and_then(|r| r.repo.as_deref()),
        sandbox_repo,
    ) {
        (Some(path), _, _) => path.clone(),
        (None, Some("sandbox"), Some(sandbox)) | (None, None, Some(sandbox)) => {
            sandbox.to_path_buf()
        }
        (None, Some("sandbox"), None) => PathBuf::from("."),
        (None, Some(relative), _) => runbook_dir.join(relative),
        (None, None, None) => PathBuf::from("."),
    };
    Session {
        namespaces,
        project: args
            .project
            .clone()
            .or_else(|| runbook.and_then(|r| r.project.clone())),
        github_repo: args
            .github_repo
            .clone()
            .or_else(|| runbook.and_then(|r| r.github.clone())),
        repo_path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(list: &[&str]) -> RunArgs {
        crate::cli::Cli::parse_from(std::iter::once("showrunner").chain(list.iter().copied())).run
    }

    #[test]
    fn the_demo_runbook_is_built_in_and_valid() {
        let rb = load_runbook(&args(&[]))
            .unwrap()
            .expect("sandbox mode loads the demo");
        assert_eq!(rb.project.as_deref(), Some("kargo-demo"));
        assert!(load_runbook(&args(&["--no-runbook"])).unwrap().is_none());
        assert!(
            load_runbook(&args(&["--live"])).unwrap().is_none(),
            "live mode loads nothing unasked"
        );
    }

    #[test]
    fn flags_win_over_the_runbook_which_wins_over_defaults() {
        let rb = load_runbook(&args(&[])).unwrap().unwrap();
        let s = resolve(&args(&[]), Some(&rb), Some(Path::new("/data/repo")));
        assert_eq!(
            (s.project.as_deref(), s.repo_path.as_path()),
            (Some("kargo-demo"), Path::new("/data/repo"))
        );
        assert_eq!(s.github_repo.as_deref(), Some("showrunner-demo/app"));
        let s = resolve(
            &args(&["--project", "other", "-n", "a", "--repo", "/r"]),
            Some(&rb),
            Some(Path::new("/data/repo")),
        );
        assert_eq!(
            (
                s.project.as_deref(),
                s.namespaces.as_slice(),
                s.repo_path.as_path()
            ),
            (Some("other"), &["a".to_string()][..], Path::new("/r"))
        );
    }

    #[test]
    fn a_broken_runbook_stops_the_start_with_every_located_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talk.md");
        std::fs::write(&path, "# T\n\n## s\n\n```showrunner\nzoom podz\n```\n").unwrap();
        let err = load_runbook(&args(&["--runbook", path.to_str().unwrap()]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("talk.md:6:6: unknown pane `podz`"), "{err}");
    }
}
