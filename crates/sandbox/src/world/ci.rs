//! GitHub Actions as the CI simulator keeps it: workflow runs, each with one job and its
//! steps, and each job's log. The simulator writes here (`ci_runner`), the GitHub listener
//! reads snapshots (`sandbox::github`). Logs live apart from runs so listing runs never
//! copies them.

use std::collections::HashMap;
use std::sync::Mutex;

use jiff::Timestamp;

use super::ci_log;
use crate::git::facts::CommitFacts;
use crate::rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Queued,
    InProgress,
    Completed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conclusion {
    Success,
    Failure,
    Skipped,
}

impl Conclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Conclusion::Success => "success",
            Conclusion::Failure => "failure",
            Conclusion::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Step {
    pub name: String,
    pub number: u32,
    pub status: Status,
    pub conclusion: Option<Conclusion>,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: u64,
    pub name: String,
    pub status: Status,
    pub conclusion: Option<Conclusion>,
    pub created_at: Timestamp,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    /// (id, name) once a runner picked the job up.
    pub runner: Option<(u64, String)>,
    /// Empty until the job starts, as GitHub shows a queued job.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub id: u64,
    pub run_number: u64,
    pub check_suite_id: u64,
    pub workflow_name: String,
    pub event: String,
    pub head_branch: String,
    pub commit: CommitFacts,
    pub status: Status,
    pub conclusion: Option<Conclusion>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub run_started_at: Timestamp,
    pub jobs: Vec<Job>,
}

impl Run {
    pub fn display_title(&self) -> &str {
        self.commit.subject()
    }
}

#[derive(Default)]
struct Inner {
    runs: Vec<Run>,
    logs: HashMap<u64, String>,
    next_run_id: u64,
    next_job_id: u64,
    last_run_number: u64,
}

/// Cheap to share behind an `Arc`; every method takes the lock briefly.
pub struct CiRuns {
    inner: Mutex<Inner>,
}

impl Default for CiRuns {
    fn default() -> Self {
        // GitHub's ids are global and large; start somewhere plausible for each sandbox.
        CiRuns {
            inner: Mutex::new(Inner {
                next_run_id: 13_000_000_000 + rng::below(900_000_000) as u64,
                next_job_id: 36_000_000_000 + rng::below(900_000_000) as u64,
                ..Inner::default()
            }),
        }
    }
}

impl CiRuns {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new queued run for `commit` with one queued job; returns (run id, job id).
    pub fn create(&self, commit: CommitFacts, job_name: &str, at: Timestamp) -> (u64, u64) {
        let mut g = self.lock();
        let run_id = g.next_run_id;
        let job_id = g.next_job_id;
        g.next_run_id += 1 + rng::below(40_000) as u64;
        g.next_job_id += 1 + rng::below(90_000) as u64;
        g.last_run_number += 1;
        let run_number = g.last_run_number;
        g.runs.push(Run {
            id: run_id,
            run_number,
            check_suite_id: 31_000_000_000 + run_id % 1_000_000_000,
            workflow_name: "CI".into(),
            event: "push".into(),
            head_branch: "main".into(),
            commit,
            status: Status::Queued,
            conclusion: None,
            created_at: at,
            updated_at: at,
            run_started_at: at,
            jobs: vec![Job {
                id: job_id,
                name: job_name.into(),
                status: Status::Queued,
                conclusion: None,
                created_at: at,
                started_at: at,
                completed_at: None,
                runner: None,
                steps: Vec::new(),
            }],
        });
        g.logs.insert(job_id, String::new());
        (run_id, job_id)
    }

    /// Pushes made before the history the sandbox shows still took their run numbers.
    pub fn skip_run_numbers(&self, n: u64) {
        self.lock().last_run_number += n;
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Vec<Run> {
        self.lock().runs.clone()
    }

    pub fn run(&self, id: u64) -> Option<Run> {
        self.lock().runs.iter().find(|r| r.id == id).cloned()
    }

    /// The job and the run it belongs to.
    pub fn job(&self, job_id: u64) -> Option<(Run, Job)> {
        let g = self.lock();
        g.runs.iter().find_map(|r| {
            let job = r.jobs.iter().find(|j| j.id == job_id)?;
            Some((r.clone(), job.clone()))
        })
    }

    pub fn has_run_for(&self, sha: &str) -> bool {
        self.lock().runs.iter().any(|r| r.commit.sha == sha)
    }

    /// The job's whole log so far (empty while queued).
    pub fn log(&self, job_id: u64) -> Option<String> {
        self.lock().logs.get(&job_id).cloned()
    }

    /// Appends one log record written at `at` (continuation lines keep no timestamp).
    pub fn append_log(&self, job_id: u64, at: Timestamp, text: &str) {
        if let Some(log) = self.lock().logs.get_mut(&job_id) {
            ci_log::push(log, at, text);
        }
    }

    /// Changes a run and its job under the lock.
    pub fn update(&self, run_id: u64, f: impl FnOnce(&mut Run)) {
        if let Some(run) = self.lock().runs.iter_mut().find(|r| r.id == run_id) {
            f(run);
        }
    }
}
