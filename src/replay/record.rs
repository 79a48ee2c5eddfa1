//! The recording's line format: one JSON object per line, appended as the session runs, so a
//! crash loses at most the line being written. The first line says what was recorded (the
//! context, the namespaces, the runbook's text); every other line is an event that entered
//! the app from outside, a runbook command the presenter gave, or the screen at a step's start.
//!
//! `Event` mirrors the external `Action`s without what cannot leave the process (`Instant`s,
//! `&'static str`s, byte buffers), so the format is the recording's own and not a dump of
//! internal types that may change shape.

use std::time::{Duration, Instant};

use k8s_openapi::jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::app::Action;
use crate::app::runbook::state::CommandOutcome;
use crate::argocd::summary::AppSummary;
use crate::github::models::{Job, WorkflowRun};
use crate::kargo::summary::ProjectSummary;
use crate::kargo::summary::{FreightSummary, PromotionSummary, StageSummary, WarehouseSummary};
use crate::keymap::Command;
use crate::kube::pod_summary::PodSummary;
use crate::sources::git::repo::RepoSummary;
use crate::sources::github::client::RateLimit;
use crate::sources::github::poller::CiEvent;
use crate::sources::kube::events::EventSummary;
use crate::sources::kube::update::{Change, SourceId, SourceStatus, Update};
use crate::sources::writes::Done;

/// Bumped when a recording of an older version could no longer be read the same way.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Line {
    Header(Header),
    Event(Entry<Event>),
    /// A runbook key the presenter pressed (run, fallback, skip, kill, talk timer), with the
    /// step it was pressed on: replay runs the same command there.
    Presenter(Entry<Presented>),
    /// The screen's text just before a step started, to check a replay against.
    Screen(Entry<super::screen::Screen>),
    /// A pod log stream opened (by a key, or by the recorder itself): what its lines belong to.
    LogOpened(Entry<LogStream>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub started: Timestamp,
    /// "sandbox" or the kube context.
    pub context: String,
    pub namespaces: Vec<String>,
    pub project: Option<String>,
    /// "owner/repo", or why there was no CI.
    pub ci_source: Result<String, String>,
    pub runbook: Option<RecordedRunbook>,
    /// Where the runbook stood when recording began (a live talk resumes from saved progress).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<crate::app::runbook::progress::Progress>,
    /// With `--read-only` the runbook's commands and changes were refused: so they are again.
    #[serde(default)]
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRunbook {
    pub path: String,
    pub source: String,
}

/// `ms`: since the recording started; `step`: the runbook step running then (or selected, when
/// none runs), 0-based.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry<T> {
    pub ms: u64,
    pub step: Option<usize>,
    pub what: T,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presented {
    RunStep,
    RunHere,
    Fallback,
    SkipStep,
    KillCommand,
    TalkTimer,
    /// The presenter declined the runbook's confirmation.
    Cancel,
}

impl Presented {
    pub fn from_command(command: Command) -> Option<Presented> {
        Some(match command {
            Command::RunStep => Presented::RunStep,
            Command::RunHere => Presented::RunHere,
            Command::Fallback => Presented::Fallback,
            Command::SkipStep => Presented::SkipStep,
            Command::KillCommand => Presented::KillCommand,
            Command::TalkTimer => Presented::TalkTimer,
            Command::Cancel => Presented::Cancel,
            _ => return None,
        })
    }

    pub fn command(self) -> Command {
        match self {
            Presented::RunStep => Command::RunStep,
            Presented::RunHere => Command::RunHere,
            Presented::Fallback => Command::Fallback,
            Presented::SkipStep => Command::SkipStep,
            Presented::KillCommand => Command::KillCommand,
            Presented::TalkTimer => Command::TalkTimer,
            Presented::Cancel => Command::Cancel,
        }
    }

    /// Starts (or resumes) a step: where a replay waits for the presenter's key.
    pub fn is_gate(self) -> bool {
        matches!(
            self,
            Presented::RunStep | Presented::RunHere | Presented::Fallback
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogStream {
    pub stream: u64,
    pub namespace: String,
    pub pod: String,
    pub container: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Tick(Timestamp),
    Pods(Changed<PodSummary>),
    Source {
        source: Source,
        status: SourceStatus,
    },
    PodEvents {
        namespace: String,
        pod: String,
        result: Result<Vec<EventSummary>, String>,
    },
    LogLines {
        stream: u64,
        lines: Vec<String>,
    },
    LogEnded {
        stream: u64,
        error: Option<String>,
    },
    Mutated {
        summary: String,
        result: Result<Done, String>,
    },
    Stages(Changed<StageSummary>),
    Freight(Changed<FreightSummary>),
    Promotions(Changed<PromotionSummary>),
    Warehouses(Changed<WarehouseSummary>),
    Applications(Changed<AppSummary>),
    Projects(Changed<ProjectSummary>),
    Git(Result<RepoSummary, String>),
    CommandOutput {
        run: u64,
        lines: Vec<String>,
    },
    CommandExited {
        run: u64,
        outcome: Outcome,
    },
    Ci(Ci),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Changed<S> {
    pub namespace: String,
    pub change: Change<S>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Pods { namespace: String },
    Kargo { resource: String, namespace: String },
    Projects,
    Applications { namespace: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Exited { code: i32, took_ms: u64 },
    TimedOut { after_ms: u64 },
    Killed,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ci {
    Runs(Vec<WorkflowRun>),
    Jobs {
        run_id: u64,
        jobs: Vec<Job>,
    },
    /// A job log is text; kept as such so the file stays readable (and maskable).
    Log {
        job_id: u64,
        log: String,
    },
    LogPending {
        job_id: u64,
    },
    Health {
        rate: Option<RateLimit>,
        problem: Option<String>,
        limited_until: Option<i64>,
    },
}

/// The Kargo kinds the watchers report on (`SourceId::Kargo` holds them as static strings).
const KARGO_RESOURCES: [&str; 4] = ["stages", "freight", "promotions", "warehouses"];

fn changed<S>(update: Update<S>) -> Changed<S> {
    Changed {
        namespace: update.namespace,
        change: update.change,
    }
}

fn update<S>(changed: Changed<S>, received: Instant) -> Update<S> {
    Update {
        namespace: changed.namespace,
        change: changed.change,
        received,
    }
}

impl Event {
    /// The recordable form of an action from outside; None for the presenter's own input
    /// (keys, resizes), which a replay takes from its own terminal.
    pub fn from_action(action: &Action) -> Option<Event> {
        Some(match action.clone() {
            Action::Key(_) | Action::KeyAt { .. } | Action::Resize { .. } => return None,
            Action::Tick(now) => Event::Tick(now),
            Action::Pods(u) => Event::Pods(changed(u)),
            Action::Source(id, status) => Event::Source {
                source: Source::from_id(&id),
                status,
            },
            Action::PodEvents {
                namespace,
                pod,
                result,
            } => Event::PodEvents {
                namespace,
                pod,
                result,
            },
            Action::LogLines { stream, lines } => Event::LogLines { stream, lines },
            Action::LogEnded { stream, error } => Event::LogEnded { stream, error },
            Action::Mutated { summary, result } => Event::Mutated { summary, result },
            Action::Stages(u) => Event::Stages(changed(u)),
            Action::Freight(u) => Event::Freight(changed(u)),
            Action::Promotions(u) => Event::Promotions(changed(u)),
            Action::Warehouses(u) => Event::Warehouses(changed(u)),
            Action::Applications(u) => Event::Applications(changed(u)),
            Action::Projects(u) => Event::Projects(changed(u)),
            Action::Git(result) => Event::Git(result),
            Action::CommandOutput { run, lines } => Event::CommandOutput { run, lines },
            Action::CommandExited { run, outcome } => Event::CommandExited {
                run,
                outcome: Outcome::from_outcome(&outcome),
            },
            Action::Ci(event) => Event::Ci(Ci::from_event(event)),
        })
    }

    /// The action as it reaches `update` on replay; watch events count as received now.
    pub fn into_action(self, received: Instant) -> Result<Action, String> {
        Ok(match self {
            Event::Tick(now) => Action::Tick(now),
            Event::Pods(c) => Action::Pods(update(c, received)),
            Event::Source { source, status } => Action::Source(source.into_id()?, status),
            Event::PodEvents {
                namespace,
                pod,
                result,
            } => Action::PodEvents {
                namespace,
                pod,
                result,
            },
            Event::LogLines { stream, lines } => Action::LogLines { stream, lines },
            Event::LogEnded { stream, error } => Action::LogEnded { stream, error },
            Event::Mutated { summary, result } => Action::Mutated { summary, result },
            Event::Stages(c) => Action::Stages(update(c, received)),
            Event::Freight(c) => Action::Freight(update(c, received)),
            Event::Promotions(c) => Action::Promotions(update(c, received)),
            Event::Warehouses(c) => Action::Warehouses(update(c, received)),
            Event::Applications(c) => Action::Applications(update(c, received)),
            Event::Projects(c) => Action::Projects(update(c, received)),
            Event::Git(result) => Action::Git(result),
            Event::CommandOutput { run, lines } => Action::CommandOutput { run, lines },
            Event::CommandExited { run, outcome } => Action::CommandExited {
                run,
                outcome: outcome.into_outcome(),
            },
            Event::Ci(ci) => Action::Ci(ci.into_event()),
        })
    }
}

impl Source {
    fn from_id(id: &SourceId) -> Source {
        match id {
            SourceId::Pods { namespace } => Source::Pods {
                namespace: namespace.clone(),
            },
            SourceId::Kargo {
                resource,
                namespace,
            } => Source::Kargo {
                resource: (*resource).to_string(),
                namespace: namespace.clone(),
            },
            SourceId::Projects => Source::Projects,
            SourceId::Applications { namespace } => Source::Applications {
                namespace: namespace.clone(),
            },
        }
    }

    fn into_id(self) -> Result<SourceId, String> {
        Ok(match self {
            Source::Pods { namespace } => SourceId::Pods { namespace },
            Source::Kargo {
                resource,
                namespace,
            } => SourceId::Kargo {
                resource: KARGO_RESOURCES
                    .into_iter()
                    .find(|known| *known == resource)
                    .ok_or_else(|| {
                        format!(
                            "unknown Kargo resource \"{resource}\", expected one of {}",
                            KARGO_RESOURCES.join(", ")
                        )
                    })?,
                namespace,
            },
            Source::Projects => SourceId::Projects,
            Source::Applications { namespace } => SourceId::Applications { namespace },
        })
    }
}

impl Outcome {
    fn from_outcome(outcome: &CommandOutcome) -> Outcome {
        match outcome {
            CommandOutcome::Exited { code, took } => Outcome::Exited {
                code: *code,
                took_ms: took.as_millis() as u64,
            },
            CommandOutcome::TimedOut { after } => Outcome::TimedOut {
                after_ms: after.as_millis() as u64,
            },
            CommandOutcome::Killed => Outcome::Killed,
            CommandOutcome::Failed(why) => Outcome::Failed(why.clone()),
        }
    }

    fn into_outcome(self) -> CommandOutcome {
        match self {
            Outcome::Exited { code, took_ms } => CommandOutcome::Exited {
                code,
                took: Duration::from_millis(took_ms),
            },
            Outcome::TimedOut { after_ms } => CommandOutcome::TimedOut {
                after: Duration::from_millis(after_ms),
            },
            Outcome::Killed => CommandOutcome::Killed,
            Outcome::Failed(why) => CommandOutcome::Failed(why),
        }
    }
}

impl Ci {
    fn from_event(event: CiEvent) -> Ci {
        match event {
            CiEvent::Runs(runs) => Ci::Runs(runs),
            CiEvent::Jobs { run_id, jobs } => Ci::Jobs { run_id, jobs },
            CiEvent::Log { job_id, log } => Ci::Log {
                job_id,
                log: String::from_utf8_lossy(&log).into_owned(),
            },
            CiEvent::LogPending { job_id } => Ci::LogPending { job_id },
            CiEvent::Health {
                rate,
                problem,
                limited_until,
            } => Ci::Health {
                rate,
                problem,
                limited_until,
            },
        }
    }

    fn into_event(self) -> CiEvent {
        match self {
            Ci::Runs(runs) => CiEvent::Runs(runs),
            Ci::Jobs { run_id, jobs } => CiEvent::Jobs { run_id, jobs },
            Ci::Log { job_id, log } => CiEvent::Log {
                job_id,
                log: log.into_bytes().into(),
            },
            Ci::LogPending { job_id } => CiEvent::LogPending { job_id },
            Ci::Health {
                rate,
                problem,
                limited_until,
            } => CiEvent::Health {
                rate,
                problem,
                limited_until,
            },
        }
    }
}
