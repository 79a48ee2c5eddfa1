//! Everything that can change the app's state arrives as an `Action` through one channel:
//! terminal input, the clock, and every source (kube watchers, log streams, effect results).

use std::time::Instant;

use crossterm::event::KeyEvent;
use k8s_openapi::jiff::Timestamp;

use crate::kube::pod_summary::PodSummary;

#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
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
    /// The outcome of a mutation: a short success message, or the API's refusal in words.
    Mutated {
        summary: String,
        result: Result<String, String>,
    },
}

impl Action {
    /// When a watch event reached the app, for the event-to-frame latency metric.
    pub fn received_at(&self) -> Option<Instant> {
        match self {
            Action::Pods(update) => Some(update.received),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PodsUpdate {
    pub namespace: String,
    pub change: PodChange,
    pub received: Instant,
}

#[derive(Debug, Clone)]
pub enum PodChange {
    /// A complete, consistent list (first sync or relist after 410): replaces what was there.
    Relisted(Vec<PodSummary>),
    /// Boxed: a summary is large and most actions in the queue are much smaller.
    Applied(Box<PodSummary>),
    Deleted(String),
}

/// A watcher or stream whose health the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceId {
    Pods { namespace: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceStatus {
    Connecting,
    Live,
    /// The watcher lost the API server (or was refused) and retries with backoff.
    Reconnecting {
        error: String,
    },
}

/// A core/v1 Event as the pod details popup shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSummary {
    pub kind: String,
    pub reason: String,
    pub message: String,
    pub count: u32,
    pub last_seen: Option<Timestamp>,
}
