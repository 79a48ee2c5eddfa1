//! Everything that can change the app's state arrives as an `Action` through one channel:
//! terminal input, the clock, and every source (kube watchers, log streams, effect results).

use std::time::Instant;

use crossterm::event::KeyEvent;
use k8s_openapi::jiff::Timestamp;

use crate::app::runbook::state::CommandOutcome;
use crate::argocd::summary::AppSummary;
use crate::kargo::summary::{
    FreightSummary, ProjectSummary, PromotionSummary, StageSummary, WarehouseSummary,
};
use crate::kube::pod_summary::PodSummary;
use crate::sources::git::repo::RepoSummary;
use crate::sources::git::watch::RepoRead;
use crate::sources::github::poller::CiEvent;
use crate::sources::kube::events::EventSummary;
use crate::sources::kube::logs::LogEvent;
use crate::sources::kube::update::{Change, SourceId, SourceStatus, Update, WatchEvent};
use crate::sources::writes::Done;

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

    /// A pod watch event: `update` changes nothing but the pods state with it (and a waiting
    /// runbook step), so the panes that do not show pods need not be drawn again.
    pub fn changes_only_pods(&self) -> bool {
        matches!(self, Action::Pods(_))
    }
}

pub type PodsUpdate = Update<PodSummary>;
pub type PodChange = Change<PodSummary>;

/// Each watcher's events become the app's message: its health as `Source`, its changes as the
/// collection's own variant.
macro_rules! from_watch_events {
    ($($summary:ty => $variant:ident),* $(,)?) => {$(
        impl From<WatchEvent<$summary>> for Action {
            fn from(event: WatchEvent<$summary>) -> Action {
                match event {
                    WatchEvent::Status(source, status) => Action::Source(source, status),
                    WatchEvent::Changed(update) => Action::$variant(update),
                }
            }
        }
    )*};
}

from_watch_events! {
    PodSummary => Pods,
    StageSummary => Stages,
    FreightSummary => Freight,
    PromotionSummary => Promotions,
    WarehouseSummary => Warehouses,
    AppSummary => Applications,
    ProjectSummary => Projects,
}

impl From<LogEvent> for Action {
    fn from(event: LogEvent) -> Action {
        match event {
            LogEvent::Lines { stream, lines } => Action::LogLines { stream, lines },
            LogEvent::Ended { stream, error } => Action::LogEnded { stream, error },
        }
    }
}

impl From<RepoRead> for Action {
    fn from(RepoRead(result): RepoRead) -> Action {
        Action::Git(result)
    }
}

impl From<CiEvent> for Action {
    fn from(event: CiEvent) -> Action {
        Action::Ci(event)
    }
}
