//! What the store tells watchers and controllers about each committed write.

use std::sync::Arc;

use serde_json::Value;

use crate::sandbox::registry::Res;

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
    pub object: Arc<Value>,
    pub prev: Option<Arc<Value>>,
}
