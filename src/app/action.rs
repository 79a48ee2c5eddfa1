//! Everything that can change the app's state arrives as an `Action` through one channel:
//! terminal input, the clock, and every source (kube watchers, log streams, effect results).

use std::time::Instant;

use crossterm::event::KeyEvent;
use k8s_openapi::jiff::Timestamp;

use crate::app::gitops::ProjectSummary;
use crate::app::runbook_state::CommandOutcome;
use crate::argocd::summary::AppSummary;
use crate::git::repo::RepoSummary;
use crate::github::poller::CiEvent;
use crate::kargo::summary::{FreightSummary, PromotionSummary, StageSummary, WarehouseSummary};
use crate::kube::pod_summary::PodSummary;

#[derive(Debug, Clone)]
pub enum Action {
    /// A key whose read time is unknown (tests): late enough for any confirmation.
    Key(KeyEvent),
    /// A key as the terminal input task read it, and when: a confirmation ignores its accept
    /// keys for a moment after opening, so one already on its way cannot say yes unseen.
    KeyAt {
        key: KeyEvent,
        read: Instant,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// Wall-clock tick (once a second) so ages on screen stay true.
    Tick(Timestamp),
    Pods(PodsUpdate),
    Source(SourceId, SourceStatus),
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
    /// The outcome of a mutation: what was done, or the API's refusal in words.
    Mutated {
        summary: String,
        result: Result<Done, String>,
    },
    Stages(Update<StageSummary>),
    Freight(Update<FreightSummary>),
    Promotions(Update<PromotionSummary>),
    Warehouses(Update<WarehouseSummary>),
    Applications(Update<AppSummary>),
    Projects(Update<ProjectSummary>),
    /// The local repository was read (again), or could not be.
    Git(Result<RepoSummary, String>),
    CommandOutput {
        run: u64,
        lines: Vec<String>,
    },
    CommandExited {
        run: u64,
        outcome: CommandOutcome,
    },
    /// Something from the GitHub Actions poller.
    Ci(CiEvent),
}

impl Action {
    /// When a watch event reached the app, for the event-to-frame latency metric.
    pub fn received_at(&self) -> Option<Instant> {
        match self {
            Action::Pods(u) => Some(u.received),
            Action::Stages(u) => Some(u.received),
            Action::Freight(u) => Some(u.received),
            Action::Promotions(u) => Some(u.received),
            Action::Warehouses(u) => Some(u.received),
            Action::Applications(u) => Some(u.received),
            Action::Projects(u) => Some(u.received),
            _ => None,
        }
    }
}

/// A change to one watched collection, summarised, in one namespace ("" if cluster-scoped).
#[derive(Debug, Clone)]
pub struct Update<S> {
    pub namespace: String,
    pub change: Change<S>,
    pub received: Instant,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Change<S> {
    /// A complete, consistent list (first sync or relist after 410): replaces what was there.
    Relisted(Vec<S>),
    /// Boxed: summaries are large and most actions in the queue are much smaller.
    Applied(Box<S>),
    Deleted(String),
}

pub type PodsUpdate = Update<PodSummary>;
pub type PodChange = Change<PodSummary>;

/// A watcher or stream whose health the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceId {
    Pods {
        namespace: String,
    },
    /// A Kargo kind (plural, e.g. "stages") in a project namespace.
    Kargo {
        resource: &'static str,
        namespace: String,
    },
    Projects,
    Applications {
        namespace: String,
    },
}

/// A mutation that went through.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Done {
    pub message: String,
    /// A promotion the change created, to select and follow in the promotions pane.
    pub follow_promotion: Option<String>,
}

impl Done {
    pub fn message(message: impl Into<String>) -> Done {
        Done {
            message: message.into(),
            follow_promotion: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceStatus {
    Connecting,
    Live,
    /// The watcher lost the API server (or was refused) and retries with backoff.
    Reconnecting {
        error: String,
    },
    /// The server answers again and the watcher lists afresh; rows shown until that list
    /// arrives may no longer exist.
    Resyncing,
}

/// A core/v1 Event as the pod details popup shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventSummary {
    pub kind: String,
    pub reason: String,
    pub message: String,
    pub count: u32,
    pub last_seen: Option<Timestamp>,
}
