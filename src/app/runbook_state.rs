//! Where the presenter is in the runbook: each step's state and timing, what is running right
//! now (and what it waits for), the output of the last command, and the talk timer.

use std::time::Duration;

use k8s_openapi::jiff::Timestamp;

use super::logs::LogView;
use crate::runbook::model::{Runbook, WaitCondition};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepStatus {
    Pending,
    Running,
    /// Stopped at a `pause`, waiting for the run key.
    Paused(Option<String>),
    Done,
    Failed(String),
    Skipped,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepRun {
    pub status: StepStatus,
    pub started: Option<Timestamp>,
    pub finished: Option<Timestamp>,
}

/// Which list of blocks is being run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Main,
    Fallback,
}

/// What the running step is waiting on before its next item.
#[derive(Debug, Clone, PartialEq)]
pub enum Waiting {
    /// Nothing: the executor may take the next item now.
    Nothing,
    Command {
        run: u64,
    },
    /// A mutation sent (or waiting for its confirmation), answered by `Action::Mutated`.
    Mutation {
        summary: String,
        /// What must show in the watch state before the step goes on.
        settles: Option<WaitCondition>,
    },
    Condition {
        condition: WaitCondition,
        since: Timestamp,
        timeout: Duration,
        description: String,
    },
    /// A `pause`: the run key continues.
    Pause,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub step: usize,
    pub phase: Phase,
    pub block: usize,
    /// Index within an actions block.
    pub action: usize,
    pub waiting: Waiting,
}

/// The last command's header: what ran and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandHeader {
    pub run: u64,
    /// The step that ran it: a zoom shows the output of the step on screen only.
    pub step: usize,
    pub command: String,
    pub started: Timestamp,
    pub outcome: Option<CommandOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandOutcome {
    Exited { code: i32, took: Duration },
    TimedOut { after: Duration },
    Killed,
    Failed(String),
}

#[derive(Debug)]
pub struct RunbookState {
    pub runbook: Runbook,
    pub steps: Vec<StepRun>,
    /// The step the presenter is on (what the run key runs).
    pub current: usize,
    pub cursor: Option<Cursor>,
    pub output: LogView,
    pub command: Option<CommandHeader>,
    next_run: u64,
    pub talk_started: Option<Timestamp>,
    pub notes_scroll: usize,
    /// The step whose panes the screen shows: the one run last, or moved to with the step keys.
    pub on_screen: Option<usize>,
}

impl RunbookState {
    /// What the running step is doing right now, in words, for the status bar (the runbook
    /// pane may be hidden behind a zoomed pane while a wait runs).
    pub fn activity(&self, now: Timestamp) -> Option<String> {
        let cursor = self.cursor.as_ref()?;
        let step = cursor.step + 1;
        Some(match &cursor.waiting {
            Waiting::Condition {
                since,
                timeout,
                description,
                ..
            } => format!(
                "step {step}: waiting for {description} ({} of {})",
                crate::ui::format::human_duration(now.as_second() - since.as_second()),
                crate::ui::format::human_duration(timeout.as_secs() as i64)
            ),
            Waiting::Command { .. } => {
                let command = self.command.as_ref()?;
                format!(
                    "step {step}: running {} ({})",
                    command.command.lines().next().unwrap_or(""),
                    crate::ui::format::human_duration(
                        now.as_second() - command.started.as_second()
                    )
                )
            }
            Waiting::Mutation { summary, .. } => format!("step {step}: {summary}"),
            Waiting::Pause => format!("step {step}: paused — press the run key to go on"),
            Waiting::Nothing => return None,
        })
    }

    pub fn new(runbook: Runbook) -> RunbookState {
        let steps = runbook
            .steps
            .iter()
            .map(|_| StepRun {
                status: StepStatus::Pending,
                started: None,
                finished: None,
            })
            .collect();
        RunbookState {
            runbook,
            steps,
            current: 0,
            cursor: None,
            output: LogView::with_capacity(5_000),
            command: None,
            next_run: 0,
            talk_started: None,
            notes_scroll: 0,
            on_screen: None,
        }
    }

    /// Rows the output of the step on screen wants beside a zoomed pane: the border, the echo
    /// of the command and its lines. None when that step ran no command.
    pub fn step_output_rows(&self) -> Option<u16> {
        let command = self.command.as_ref()?;
        if self.on_screen != Some(command.step) {
            return None;
        }
        let rows = 2 + command.command.lines().count() + self.output.len();
        Some(rows.min(u16::MAX as usize) as u16)
    }

    pub fn is_running(&self) -> bool {
        self.cursor.is_some()
    }

    pub fn next_run_id(&mut self) -> u64 {
        self.next_run += 1;
        self.next_run
    }

    /// Elapsed talk time, if the talk has started.
    pub fn talk_elapsed(&self, now: Timestamp) -> Option<Duration> {
        self.talk_started
            .map(|t| Duration::from_secs((now.as_second() - t.as_second()).max(0) as u64))
    }

    /// How far the talk is from its schedule at the current step: positive when behind.
    pub fn schedule_delta(&self, now: Timestamp) -> Option<i64> {
        let elapsed = self.talk_elapsed(now)?.as_secs() as i64;
        let step = &self.runbook.steps.get(self.current)?;
        let schedule = step.schedule?;
        let run = &self.steps[self.current];
        // While a step runs, compare its start with its slot; before it starts, "now" is when
        // it would start.
        let talk_start = self.talk_started?.as_second();
        let started = run
            .started
            .map(|s| s.as_second() - talk_start)
            .unwrap_or(elapsed);
        Some(started - schedule.at.as_secs() as i64)
    }
}
