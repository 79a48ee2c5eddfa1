//! The CI source: polls GitHub Actions with conditional requests — every few seconds while a
//! run is queued or in progress, backing off to once a minute when nothing happens, and at
//! once when told (a new commit on the watched branch, a run or log opened). Waits out rate
//! limits and says so. GitHub serves a job's log only once that job has completed (404
//! before), so an open log waits for its job, is fetched once, and is never asked for again.

use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use super::client::{GhError, GithubClient, RateLimit};
use crate::github::models::{Job, WorkflowRun, time};
use crate::sources::sink::Sink;

const ACTIVE: Duration = Duration::from_secs(3);
const IDLE_START: Duration = Duration::from_secs(15);
const IDLE_MAX: Duration = Duration::from_secs(60);
const RUNS_PER_PAGE: u32 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiCommand {
    /// Something probably changed (a push): poll now and expect activity.
    Poke,
    /// Keep the jobs of this run fresh (None: no run open).
    WatchRun(Option<u64>),
    /// Keep this job's log fresh (None: no log open).
    WatchLog(Option<u64>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum CiEvent {
    Runs(Vec<WorkflowRun>),
    Jobs {
        run_id: u64,
        jobs: Vec<Job>,
    },
    /// The whole log of a completed job.
    Log {
        job_id: u64,
        log: Bytes,
    },
    /// The job still runs: GitHub has no log for it yet (its steps come with `Jobs`).
    LogPending {
        job_id: u64,
    },
    /// Rate-limit headroom and the current problem, if any (None: all good).
    Health {
        rate: Option<RateLimit>,
        problem: Option<String>,
        limited_until: Option<i64>,
    },
}

#[derive(Debug, Clone)]
pub struct CiTarget {
    pub owner: String,
    pub repo: String,
    pub branch: Option<String>,
}

pub fn spawn(
    client: GithubClient,
    target: CiTarget,
    sink: impl Sink<CiEvent>,
) -> (JoinHandle<()>, UnboundedSender<CiCommand>) {
    let (cmd_tx, cmd_rx) = unbounded_channel();
    (tokio::spawn(run(client, target, sink, cmd_rx)), cmd_tx)
}

struct Poller<T> {
    client: GithubClient,
    target: CiTarget,
    sink: T,
    run: Option<u64>,
    log: Option<u64>,
    log_state: LogState,
    active: bool,
}

/// Where the open log stands: a completed job's log does not change, so it is fetched once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LogState {
    Wanted,
    /// The job runs; `LogPending` has been sent.
    Pending,
    Fetched,
}

async fn run(
    client: GithubClient,
    target: CiTarget,
    sink: impl Sink<CiEvent>,
    mut commands: UnboundedReceiver<CiCommand>,
) {
    let mut p = Poller {
        client,
        target,
        sink,
        run: None,
        log: None,
        log_state: LogState::Wanted,
        active: false,
    };
    let mut idle = IDLE_START;
    loop {
        let outcome = p.poll().await;
        let delay = match outcome {
            Err(GhError::RateLimited { until, .. }) => Duration::from_secs(
                (until.as_second() - k8s_openapi::jiff::Timestamp::now().as_second()).clamp(1, 3600)
                    as u64,
            ),
            Err(_) => idle,
            Ok(()) if p.active => {
                idle = IDLE_START;
                ACTIVE
            }
            Ok(()) => {
                let d = idle;
                idle = (idle * 2).min(IDLE_MAX);
                d
            }
        };
        if !p.report(&outcome).await {
            return;
        }
        tokio::select! {
            cmd = commands.recv() => match cmd {
                None => return,
                Some(cmd) => {
                    if cmd == CiCommand::Poke {
                        p.active = true;
                    }
                    p.take(cmd);
                    idle = IDLE_START;
                    // Take every command already queued before polling once.
                    while let Ok(cmd) = commands.try_recv() {
                        p.take(cmd);
                    }
                }
            },
            _ = tokio::time::sleep(delay) => {}
        }
    }
}

/// How long after a job completes a 404 for its log still means "not stored yet".
const LOG_GRACE_SECS: i64 = 60;

fn just_completed(job: &Job) -> bool {
    time(&job.completed_at).is_none_or(|done| {
        k8s_openapi::jiff::Timestamp::now().as_second() - done.as_second() < LOG_GRACE_SECS
    })
}

impl<T: Sink<CiEvent>> Poller<T> {
    async fn send(&self, event: CiEvent) -> bool {
        self.sink.send(event).await
    }

    async fn poll(&mut self) -> Result<(), GhError> {
        let CiTarget {
            owner,
            repo,
            branch,
        } = self.target.clone();
        if let Some(runs) = self
            .client
            .runs(&owner, &repo, branch.as_deref(), RUNS_PER_PAGE)
            .await?
        {
            self.active = runs.iter().any(WorkflowRun::is_active);
            if !self.send(CiEvent::Runs(runs)).await {
                return Ok(());
            }
        }
        // The open log's job, as the jobs list of the open run says it is now.
        let mut log_job = None;
        if let Some(run_id) = self.run {
            let (jobs, changed) = self.client.jobs_now(&owner, &repo, run_id).await?;
            self.active |= jobs.iter().any(Job::is_active);
            log_job = self
                .log
                .and_then(|id| jobs.iter().find(|j| j.id == id).cloned());
            if changed {
                self.send(CiEvent::Jobs { run_id, jobs }).await;
            }
        }
        let Some(job_id) = self.log.filter(|_| self.log_state != LogState::Fetched) else {
            return Ok(());
        };
        if log_job.as_ref().is_some_and(Job::is_active) {
            self.pending(job_id).await;
            return Ok(());
        }
        match self.client.job_log(&owner, &repo, job_id).await {
            Ok(log) => {
                self.log_state = LogState::Fetched;
                self.send(CiEvent::Log { job_id, log }).await;
                Ok(())
            }
            // No run open to tell the job's status: GitHub's 404 most likely means it runs. Just
            // after a job completes its log can still take a moment to be stored: wait, too.
            Err(GhError::NotFound(_)) if log_job.as_ref().is_none_or(just_completed) => {
                self.pending(job_id).await;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    async fn pending(&mut self, job_id: u64) {
        if self.log_state != LogState::Pending {
            self.log_state = LogState::Pending;
            self.send(CiEvent::LogPending { job_id }).await;
        }
    }

    fn take(&mut self, cmd: CiCommand) {
        match cmd {
            CiCommand::Poke => {}
            CiCommand::WatchRun(run) => self.run = run,
            CiCommand::WatchLog(job) => {
                self.log = job;
                self.log_state = LogState::Wanted;
            }
        }
    }

    async fn report(&self, outcome: &Result<(), GhError>) -> bool {
        let (problem, limited_until) = match outcome {
            Ok(()) => (None, None),
            Err(e @ GhError::RateLimited { until, .. }) => {
                (Some(e.to_string()), Some(until.as_second()))
            }
            Err(e) => (Some(e.to_string()), None),
        };
        if let Some(problem) = &problem {
            tracing::warn!(%problem, "GitHub poll failed");
        }
        self.send(CiEvent::Health {
            rate: self.client.rate,
            problem,
            limited_until,
        })
        .await
    }
}
