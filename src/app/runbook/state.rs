//! Where the presenter is in the runbook: each step's state and timing, what is running right
//! now (and what it waits for), the output of the last command, and the talk timer.

use std::time::Duration;

use k8s_openapi::jiff::Timestamp;

use crate::app::logs::LogView;
use crate::runbook::model::{Block, Runbook, WaitCondition};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepStatus {
    Pending,
    Running,
    /// Stopped at a `pause`, waiting for the run key.
    Paused(Option<String>),
    Done,
    Failed(String),
    /// The presenter said no to a confirmation it asked for: not a failure, nothing changed.
    Cancelled(String),
    Skipped,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepRun {
    pub status: StepStatus,
    pub started: Option<Timestamp>,
    pub finished: Option<Timestamp>,
    /// After a failure or a cancel: the item that did not happen, where the run key goes on.
    pub resume: Option<ResumeAt>,
}

/// A place in a step's blocks: the `block`, and the `action` within an actions block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResumeAt {
    pub phase: Phase,
    pub block: usize,
    pub action: usize,
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
    /// When the timer key was pressed once on a running timer: a second press restarts it.
    pub timer_reset_asked: Option<Timestamp>,
    /// Where this talk's progress is saved, so that a restart can resume it (None: not saved).
    pub progress_file: Option<std::path::PathBuf>,
    /// What was saved last, to save only changes.
    pub saved: Option<crate::app::runbook::progress::Progress>,
    /// Whether the next start picks the saved progress up (live clusters keep their state;
    /// the sandbox starts its story over).
    pub resumes_on_restart: bool,
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
                resume: None,
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
            timer_reset_asked: None,
            progress_file: None,
            saved: None,
            resumes_on_restart: false,
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

    /// Started and not finished: some step ran, and not every step is done or skipped (or one
    /// runs now). Quitting then asks first.
    pub fn is_under_way(&self) -> bool {
        let finished = |s: &StepRun| matches!(s.status, StepStatus::Done | StepStatus::Skipped);
        self.is_running()
            || (self.steps.iter().any(|s| s.status != StepStatus::Pending)
                && !self.steps.iter().all(finished))
    }

    /// Where a step stopped, for its retry: the item that did not happen. Items before it
    /// (a merge, a promotion) did happen and are not run again.
    pub fn stop_point(&self, cursor: &Cursor) -> ResumeAt {
        let step = &self.runbook.steps[cursor.step];
        let blocks = match cursor.phase {
            Phase::Main => &step.blocks,
            Phase::Fallback => &step.fallback,
        };
        let at = |block, action| ResumeAt {
            phase: cursor.phase,
            block,
            action,
        };
        // The executor moves past a command's block, and past an action's line, as it starts it.
        let previous_action = at(cursor.block, cursor.action.saturating_sub(1));
        match &cursor.waiting {
            Waiting::Command { .. } => at(cursor.block.saturating_sub(1), 0),
            Waiting::Nothing => match blocks.get(cursor.block) {
                Some(Block::Command(_)) | None => at(cursor.block, 0),
                Some(Block::Builtins(_)) => previous_action,
            },
            Waiting::Mutation { .. } => previous_action,
            // A `wait` that gave up is tried again; a change that was made and only not yet
            // seen is not made twice.
            Waiting::Condition { .. } => match blocks.get(cursor.block) {
                Some(Block::Builtins(lines))
                    if matches!(
                        lines.get(previous_action.action).map(|l| &l.builtin),
                        Some(crate::runbook::model::Builtin::Wait { .. })
                    ) =>
                {
                    previous_action
                }
                _ => at(cursor.block, cursor.action),
            },
            Waiting::Pause => at(cursor.block, cursor.action),
        }
    }

    /// Words for the item at `at` (`$ git merge …`, `▸ promote …`), to say where a retry goes on.
    pub fn item_at(&self, step: usize, at: ResumeAt) -> Option<String> {
        let step = self.runbook.steps.get(step)?;
        let blocks = match at.phase {
            Phase::Main => &step.blocks,
            Phase::Fallback => &step.fallback,
        };
        Some(match blocks.get(at.block)? {
            Block::Command(c) => format!("$ {}", c.script.trim().lines().next().unwrap_or("")),
            Block::Builtins(lines) => format!("▸ {}", lines.get(at.action)?.source),
        })
    }

    /// The keys that get a failed or cancelled current step going again, for the status line
    /// and the runbook pane. `--read-only` offers no retry or fallback: they would be refused.
    pub fn recovery_keys(&self, keymap: &crate::keymap::Keymap, read_only: bool) -> Option<String> {
        use crate::keymap::Command;
        if self.is_running() {
            return None;
        }
        let run = self.steps.get(self.current)?;
        let step = &self.runbook.steps[self.current];
        let k = |c: Command| first_key(keymap, c);
        let mut keys = Vec::new();
        match &run.status {
            StepStatus::Failed(_) | StepStatus::Cancelled(_) if read_only => {}
            StepStatus::Failed(_) | StepStatus::Cancelled(_) => {
                keys.push(format!("{} retry", k(Command::RunStep)))
            }
            _ => return None,
        }
        keys.push(format!("{} skip", k(Command::SkipStep)));
        if matches!(run.status, StepStatus::Failed(_)) && !step.fallback.is_empty() && !read_only {
            keys.push(format!("{} fallback", k(Command::Fallback)));
        }
        Some(keys.join(" · "))
    }

    /// The current step's failure or cancel, for the status line once its flash is gone.
    pub fn problem(&self) -> Option<(String, bool)> {
        if self.is_running() {
            return None;
        }
        let n = self.current + 1;
        match &self.steps.get(self.current)?.status {
            StepStatus::Failed(why) => Some((format!("step {n} failed: {why}"), true)),
            StepStatus::Cancelled(why) => Some((format!("step {n} {why}"), false)),
            _ => None,
        }
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

/// A command's first key (`f5`), where room is short: the help lists them all.
pub fn first_key(keymap: &crate::keymap::Keymap, command: crate::keymap::Command) -> String {
    keymap
        .keys(command)
        .first()
        .map(ToString::to_string)
        .unwrap_or_else(|| format!("({} is unbound)", command.key()))
}
