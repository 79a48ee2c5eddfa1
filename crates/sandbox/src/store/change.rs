//! What the store hands out: committed changes, list pages and subscriptions.

use std::sync::Arc;

use tokio::sync::broadcast;

use super::{Key, Object};

use crate::resource::Res;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "ADDED",
            ChangeKind::Modified => "MODIFIED",
            ChangeKind::Deleted => "DELETED",
        }
    }
}

/// One committed change. `prev` lets filtered watches turn "stopped matching" into DELETED.
#[derive(Debug)]
pub struct Change {
    pub rv: u64,
    pub kind: ChangeKind,
    pub res: Res,
    pub object: Arc<Object>,
    pub prev: Option<Arc<Object>>,
}

pub struct Page {
    pub items: Vec<Arc<Object>>,
    pub rv: u64,
    /// Key of the last item returned when more remain.
    pub next: Option<Key>,
}

/// A receiver of every change after the subscription point, plus what came before it.
pub struct Subscription<T> {
    pub initial: Vec<T>,
    pub rv: u64,
    pub rx: broadcast::Receiver<Arc<Change>>,
}
