//! What a watcher reports: changes to the collection it watches, summarised, and its health.

use std::time::Instant;

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

/// Everything one watcher sends: its health, or a change to its collection.
#[derive(Debug, Clone)]
pub enum WatchEvent<S> {
    Status(SourceId, SourceStatus),
    Changed(Update<S>),
}
