//! A talk's progress as it survives a restart: each step's state and where a stopped one goes
//! on, the step the presenter is on, and the talk timer. What is saved; `save` takes and
//! restores it, and `runtime::session` writes and reads the file.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub current: usize,
    /// Seconds since the epoch.
    pub talk_started: Option<i64>,
    pub steps: Vec<SavedStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedStep {
    /// `pending`, `done`, `skipped`, `failed` or `cancelled`.
    pub status: String,
    /// Why it failed or what was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<SavedResume>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedResume {
    pub fallback: bool,
    pub block: usize,
    pub action: usize,
}

/// What goes in the file: the progress and the step titles it belongs to, so that progress
/// saved for another version of the runbook is not applied to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRun {
    pub titles: Vec<String>,
    #[serde(flatten)]
    pub progress: Progress,
}

/// Why the process stopped in the middle of a step, as the step shows it after a restart.
pub const INTERRUPTED: &str = "interrupted: showrunner stopped while it ran";
