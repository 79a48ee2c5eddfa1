//! What this run shows and where commands run: flags first, then the runbook's front matter,
//! then defaults. The demo runbook ships inside the binary so `showrunner` alone plays the talk.

use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, eyre};

use crate::app::runbook::progress::SavedRun;
use crate::app::runbook::state::RunbookState;
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

/// Where a runbook's progress is kept: one file per runbook file, under the state dir.
pub fn progress_path(state_dir: &Path, runbook: &Path) -> PathBuf {
    let full = std::fs::canonicalize(runbook).unwrap_or_else(|_| runbook.to_path_buf());
    let stem = runbook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "runbook".into());
    let hash = sha1_smol::Sha1::from(full.to_string_lossy().as_bytes())
        .digest()
        .to_string();
    state_dir
        .join("runbooks")
        .join(format!("{stem}-{}.json", &hash[..12]))
}

/// Written whole to a temporary file and renamed, so a crash mid-write never leaves half a
/// file. A failure is logged, not shown: the talk goes on without it.
pub fn save_progress(path: &Path, run: &SavedRun) {
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(run)?)?;
        std::fs::rename(&tmp, path)
    };
    if let Err(e) = write() {
        tracing::warn!(
            "cannot save the runbook's progress to {}: {e}",
            path.display()
        );
    }
}

fn load_progress(path: &Path) -> Option<SavedRun> {
    let text = std::fs::read_to_string(path).ok()?;
    match serde_json::from_str(&text) {
        Ok(run) => Some(run),
        Err(e) => {
            tracing::warn!("ignoring the saved progress {}: {e}", path.display());
            None
        }
    }
}

/// The runbook's state at start: saved progress put back when `resume` (a live cluster keeps
/// what the steps did), else only mentioned (the sandbox starts its story over). The notice
/// says which.
pub fn runbook_state(
    runbook: Runbook,
    state_dir: Option<&Path>,
    resume: bool,
) -> (RunbookState, Option<String>) {
    let path = state_dir.map(|dir| progress_path(dir, &runbook.path));
    let mut rb = RunbookState::new(runbook);
    rb.resumes_on_restart = resume;
    let saved = path.as_deref().and_then(load_progress);
    rb.progress_file = path;
    let titles: Vec<String> = rb.runbook.steps.iter().map(|s| s.title.clone()).collect();
    let notice = match saved {
        Some(saved) if saved.titles != titles => Some(
            "the saved progress of this runbook is for other steps (the file changed): starting \
             from step 1"
                .to_string(),
        ),
        Some(saved) if saved.progress.steps.iter().all(|s| s.status == "pending") => None,
        Some(saved) if resume => {
            saved.progress.restore(&mut rb);
            Some(format!(
                "resumed where this talk stopped: {} of {} steps done, on step {}",
                saved.progress.done(),
                titles.len(),
                rb.current + 1
            ))
        }
        Some(saved) => Some(format!(
            "the last run of this talk stopped on step {} ({} of {} done); the sandbox starts \
             its story over (--keep keeps it between runs), so the runbook starts from step 1",
            saved.progress.current + 1,
            saved.progress.done(),
            titles.len()
        )),
        None => None,
    };
    if rb.saved.is_none() {
        // Nothing to write until something changes.
        rb.saved = Some(crate::app::runbook::progress::Progress::of(&rb));
    }
    (rb, notice)
}

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
    fn saved_progress_comes_back_on_a_live_cluster_and_is_only_mentioned_on_the_sandbox() {
        let state = tempfile::tempdir().unwrap();
        let rb = || load_runbook(&args(&[])).unwrap().unwrap();
        let (mut first, notice) = runbook_state(rb(), Some(state.path()), true);
        assert_eq!(notice, None, "nothing saved yet");
        first.steps[0].status = crate::app::runbook::state::StepStatus::Done;
        first.current = 1;
        let progress = crate::app::runbook::progress::Progress::of(&first);
        let titles = first
            .runbook
            .steps
            .iter()
            .map(|s| s.title.clone())
            .collect();
        let path = first.progress_file.clone().unwrap();
        assert!(path.starts_with(state.path().join("runbooks")));
        save_progress(&path, &SavedRun { titles, progress });

        let (live, notice) = runbook_state(rb(), Some(state.path()), true);
        assert_eq!(live.current, 1);
        assert_eq!(
            notice.as_deref(),
            Some("resumed where this talk stopped: 1 of 11 steps done, on step 2")
        );
        let (sandbox, notice) = runbook_state(rb(), Some(state.path()), false);
        assert_eq!(sandbox.current, 0, "the sandbox's story starts over");
        assert!(
            notice
                .unwrap()
                .starts_with("the last run of this talk stopped on step 2"),
        );
        // Progress saved for other steps is not applied.
        let mut other = rb();
        other.steps.pop();
        let (fresh, notice) = runbook_state(other, Some(state.path()), true);
        assert_eq!(fresh.current, 0);
        assert!(notice.unwrap().contains("is for other steps"));
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
