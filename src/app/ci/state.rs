//! GitHub Actions runs, the jobs of the run being looked at, the open job log, and the local
//! git repository — plus the links between a run, its commit and the freight it produced.

use std::collections::BTreeMap;

use crate::app::select::SelectList;
use crate::github::models::{Job, WorkflowRun};
use crate::job_log::view::JobLogView;
use crate::runbook::model::CommitRef;
use crate::sources::git::repo::RepoSummary;
use crate::sources::github::client::RateLimit;

/// A run the CI pane follows for the runbook (`ci::follow`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowRun {
    pub commit: CommitRef,
    /// Open it only while it is queued or running (what `zoom ci` does on its own): a finished
    /// run of HEAD leaves the run list on screen.
    pub only_active: bool,
}

#[derive(Debug)]
pub struct CiState {
    /// "owner/repo" being watched, or why CI is not shown.
    pub source: Result<String, String>,
    pub runs: Vec<WorkflowRun>,
    pub run_list: SelectList<u64>,
    /// The run whose jobs and steps the CI pane shows instead of the run list.
    pub detail: Option<u64>,
    pub jobs: BTreeMap<u64, Vec<Job>>,
    pub job_list: SelectList<u64>,
    pub rate: Option<RateLimit>,
    pub problem: Option<String>,
    pub limited_until: Option<i64>,
    pub log: Option<JobLogView>,
    pub loaded: bool,
    /// The run a runbook asked to show, opened once it is listed.
    pub follow: Option<FollowRun>,
}

impl CiState {
    pub fn new(source: Result<String, String>) -> CiState {
        CiState {
            source,
            runs: Vec::new(),
            run_list: SelectList::default(),
            detail: None,
            jobs: BTreeMap::new(),
            job_list: SelectList::default(),
            rate: None,
            problem: None,
            limited_until: None,
            log: None,
            loaded: false,
            follow: None,
        }
    }

    pub fn run(&self, id: u64) -> Option<&WorkflowRun> {
        self.runs.iter().find(|r| r.id == id)
    }

    pub fn selected_run(&self) -> Option<&WorkflowRun> {
        self.run_list.selected().and_then(|id| self.run(*id))
    }

    pub fn detail_run(&self) -> Option<&WorkflowRun> {
        self.detail.and_then(|id| self.run(id))
    }

    pub fn detail_jobs(&self) -> &[Job] {
        self.detail
            .and_then(|id| self.jobs.get(&id))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn selected_job(&self) -> Option<&Job> {
        let id = self.job_list.selected()?;
        self.detail_jobs().iter().find(|j| j.id == *id)
    }

    pub fn set_runs(&mut self, runs: Vec<WorkflowRun>) {
        self.loaded = true;
        self.run_list.rebuild(runs.iter().map(|r| r.id).collect());
        self.runs = runs;
    }

    pub fn set_jobs(&mut self, run_id: u64, jobs: Vec<Job>) {
        if Some(run_id) == self.detail {
            self.job_list.rebuild(jobs.iter().map(|j| j.id).collect());
        }
        self.jobs.insert(run_id, jobs);
        // Keep only what could be shown again soon: the open run and the newest few.
        let keep: Vec<u64> = self
            .runs
            .iter()
            .take(5)
            .map(|r| r.id)
            .chain(self.detail)
            .collect();
        self.jobs.retain(|id, _| keep.contains(id));
    }

    /// The run that built `sha` (a full SHA, or an image tag that is a prefix of one).
    pub fn run_for_commit(&self, sha: &str) -> Option<&WorkflowRun> {
        if sha.len() < 7 {
            return None;
        }
        self.runs
            .iter()
            .find(|r| r.head_sha.starts_with(sha) || sha.starts_with(&r.head_sha))
    }
}

#[derive(Debug, Default)]
pub struct GitState {
    pub repo: Option<RepoSummary>,
    pub error: Option<String>,
}

impl GitState {
    pub fn head_sha(&self) -> Option<&str> {
        self.repo.as_ref()?.head.as_ref().map(|c| c.id.as_str())
    }
}
