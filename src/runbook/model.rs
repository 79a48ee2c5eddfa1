//! A validated runbook: what the parser produces and the executor runs. Every step and action
//! keeps the line it came from, so messages at run time can point at the file too.

use std::path::PathBuf;
use std::time::Duration;

use crate::ui::layout::PaneId;

#[derive(Debug, Clone, PartialEq)]
pub struct Runbook {
    pub path: PathBuf,
    pub title: String,
    /// Kargo project the actions act on.
    pub project: Option<String>,
    /// Namespaces for the pods pane.
    pub namespaces: Vec<String>,
    /// Where commands run: a path relative to the runbook's directory, or `sandbox` for the
    /// built-in sandbox's repository.
    pub repo: Option<String>,
    /// GitHub repository (OWNER/NAME) for the CI pane.
    pub github: Option<String>,
    /// Planned length of the talk, for the talk timer.
    pub duration: Option<Duration>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: String,
    /// Line of the `##` heading.
    pub line: usize,
    /// The prose under the heading, as plain text lines: the speaker's notes.
    pub notes: Vec<String>,
    pub blocks: Vec<Block>,
    /// Blocks run instead when the presenter asks for the fallback of a failed step.
    pub fallback: Vec<Block>,
    /// When the step should start in the talk and how long it should take.
    pub schedule: Option<Schedule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub at: Duration,
    pub length: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A fenced `sh` or `bash` block, run as one script.
    Command(CommandBlock),
    /// A fenced `showrunner` block: one built-in action per line.
    Builtins(Vec<BuiltinLine>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandBlock {
    pub shell: Shell,
    pub script: String,
    pub timeout: Duration,
    /// Line of the opening fence.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    Sh,
    Bash,
}

impl Shell {
    pub fn program(self) -> &'static str {
        match self {
            Shell::Sh => "sh",
            Shell::Bash => "bash",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BuiltinLine {
    pub builtin: Builtin,
    pub line: usize,
    /// The line as written, shown before it runs.
    pub source: String,
}

/// How a runbook names a freight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreightRef {
    /// The newest freight.
    Latest,
    /// The freight built from the repository's HEAD commit.
    Head,
    Alias(String),
}

/// How a runbook names a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitRef {
    Head,
    Sha(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshKind {
    Stage,
    Warehouse,
    App,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Builtin {
    Promote {
        freight: FreightRef,
        stage: String,
    },
    Approve {
        freight: FreightRef,
        stage: String,
    },
    /// Abort the running promotion of a stage.
    Abort {
        stage: String,
    },
    Sync {
        app: String,
    },
    Refresh {
        kind: RefreshKind,
        name: String,
    },
    /// Roll back to history entry `to`, or the previous deployment.
    Rollback {
        app: String,
        to: Option<i64>,
    },
    Wait {
        condition: WaitCondition,
        timeout: Duration,
    },
    Focus(PaneId),
    Zoom(PaneId),
    /// Show the jobs and steps of the CI run for that commit, live, as soon as it is listed.
    OpenRun {
        commit: CommitRef,
    },
    /// Stop until the presenter presses the run key again.
    Pause {
        message: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitCondition {
    /// The stage is Healthy (and runs that freight, if given).
    StageHealthy {
        stage: String,
        freight: Option<FreightRef>,
    },
    /// The stage turned Unhealthy (a bad image crash-looping, say).
    StageUnhealthy { stage: String },
    /// A freight built from that commit exists.
    FreightDiscovered { commit: CommitRef },
    /// The newest promotion of the stage reached a terminal phase (Succeeded required when
    /// `succeeded`).
    PromotionFinished { stage: String, succeeded: bool },
    /// The application is Synced and/or Healthy.
    App {
        app: String,
        synced: bool,
        healthy: bool,
    },
    /// The CI run for that commit completed (successfully when `succeeded`).
    CiFinished { commit: CommitRef, succeeded: bool },
    /// The watch shows the freight (by name) approved for the stage. Not written in runbooks:
    /// the executor waits for it after an `approve`, so a `promote` right after it is judged
    /// on state that includes the approval.
    FreightApproved { freight: String, stage: String },
    /// The watch shows the promotion a `promote` created (same reason: a `wait promotion`
    /// right after must see it, not the stage's previous one).
    PromotionSeen { name: String },
}

/// Default for `wait … timeout=`: long enough for a slow CI run.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5 * 60);
/// Default for a command block's `timeout=`.
pub const DEFAULT_COMMAND_TIMEOUT: Duration = Duration::from_secs(5 * 60);
