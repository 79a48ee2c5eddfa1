//! The runbook's keys and events: a key runs, retries, skips or kills; command output and
//! exits, mutation results and the clock move the executor (`runbook_exec`) along. Nothing
//! runs without a key press.

use std::time::Duration;

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::messages::Flash;
use crate::app::runbook;
use crate::app::runbook::resolve::{self, Check};
use crate::app::runbook::state::{CommandOutcome, Phase, StepStatus, Waiting};
use crate::app::state::{AppState, InputTarget, TextInput};
use crate::keymap::Command;
use crate::runbook::model::{Block, Builtin};

pub fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    let Some(rb) = state.runbook.as_mut() else {
        state.flash = Some(Flash::info("no runbook loaded (start with --runbook FILE)"));
        return Vec::new();
    };
    let running = rb.is_running();
    match command {
        Command::RunStep | Command::RunHere => {
            if let Some(cursor) = rb.cursor.as_mut() {
                if cursor.waiting == Waiting::Pause {
                    cursor.waiting = Waiting::Nothing;
                    let step = cursor.step;
                    rb.steps[step].status = StepStatus::Running;
                    return runbook::exec::advance(state);
                }
                state.flash = Some(Flash::info(
                    "a step is running: wait for it, or kill its command",
                ));
                return Vec::new();
            }
            let step = rb.current;
            let run = &rb.steps[step];
            if let (StepStatus::Failed(_) | StepStatus::Cancelled(_), Some(at)) =
                (&run.status, run.resume)
            {
                if at.block > 0 || at.action > 0 {
                    let item = rb.item_at(step, at).unwrap_or_default();
                    state.flash = Some(Flash::info(format!(
                        "step {}: going on from {item} (what ran before it is not run again)",
                        step + 1
                    )));
                }
                return runbook::exec::start_at(state, step, at);
            }
            return runbook::exec::start(state, step, Phase::Main);
        }
        Command::Fallback => {
            let step = rb.current;
            let failed = matches!(
                rb.steps.get(step).map(|s| &s.status),
                Some(StepStatus::Failed(_))
            );
            if running || !failed {
                state.flash = Some(Flash::info("the fallback runs after a step failed"));
                return Vec::new();
            }
            if rb.runbook.steps[step].fallback.is_empty() {
                state.flash = Some(Flash::info("this step declares no fallback"));
                return Vec::new();
            }
            return runbook::exec::start(state, step, Phase::Fallback);
        }
        Command::KillCommand => match rb.cursor.as_ref().map(|c| &c.waiting) {
            Some(Waiting::Command { run }) => return vec![Effect::KillCommand { run: *run }],
            Some(_) => {
                // A wait or a pause: stop it here.
                runbook::exec::fail(state, "stopped by the presenter".into());
            }
            None => state.flash = Some(Flash::info("nothing is running")),
        },
        _ if running => state.flash = Some(Flash::info("a step is running: kill it first to move")),
        Command::NextStep | Command::Down => move_to(state, rb_current(state) + 1),
        Command::PrevStep | Command::Up => move_to(state, rb_current(state).saturating_sub(1)),
        Command::Top => move_to(state, 0),
        Command::Bottom => move_to(state, usize::MAX),
        Command::SkipStep => {
            let step = rb.current;
            rb.steps[step].status = StepStatus::Skipped;
            move_to(state, step + 1);
        }
        Command::JumpToStep => {
            state.input = Some(TextInput {
                target: InputTarget::JumpToStep,
                text: String::new(),
            })
        }
        Command::TalkTimer => talk_timer_key(state),
        _ => {}
    }
    Vec::new()
}

/// How long a first press of the timer key waits for the second that restarts the timer.
const TIMER_RESET_WINDOW: i64 = 5;

/// Starts the timer; on a running one, asks for a second press before restarting it, so a
/// stray key never throws the elapsed time away unsaid.
fn talk_timer_key(state: &mut AppState) {
    let now = state.now;
    let key = state.keymap.describe_keys(Command::TalkTimer);
    let Some(rb) = state.runbook.as_mut() else {
        return;
    };
    let clock = |secs: u64| format!("{}:{:02}", secs / 60, secs % 60);
    let Some(elapsed) = rb.talk_elapsed(now) else {
        rb.talk_started = Some(now);
        state.flash = Some(Flash::info("talk timer started"));
        return;
    };
    let asked_recently = rb
        .timer_reset_asked
        .is_some_and(|at| (now.as_second() - at.as_second()) <= TIMER_RESET_WINDOW);
    if asked_recently {
        rb.talk_started = Some(now);
        rb.timer_reset_asked = None;
        state.flash = Some(Flash::info(format!(
            "talk timer restarted from 0:00 (it was at {})",
            clock(elapsed.as_secs())
        )));
    } else {
        rb.timer_reset_asked = Some(now);
        state.flash = Some(Flash::info(format!(
            "talk timer at {}: press {key} again to restart it from 0:00",
            clock(elapsed.as_secs())
        )));
    }
}

fn rb_current(state: &AppState) -> usize {
    state.runbook.as_ref().map_or(0, |r| r.current)
}

/// Moves the step cursor only: the screen keeps what the audience is looking at.
pub fn select_step(state: &mut AppState, step: usize) {
    let Some(rb) = state.runbook.as_mut() else {
        return;
    };
    rb.current = step.min(rb.steps.len().saturating_sub(1));
    rb.notes_scroll = 0;
}

/// Moves the presenter to a step and shows the pane it names (its first `zoom`/`focus`).
pub fn move_to(state: &mut AppState, step: usize) {
    select_step(state, step);
    let Some(rb) = state.runbook.as_mut() else {
        return;
    };
    let step = rb.current;
    rb.on_screen = Some(step);
    let shows = rb.runbook.steps[step].blocks.iter().find_map(|b| match b {
        Block::Builtins(lines) => lines.iter().find_map(|l| match l.builtin {
            Builtin::Zoom(p) => Some((p, true)),
            Builtin::Focus(p) => Some((p, false)),
            _ => None,
        }),
        Block::Command(_) => None,
    });
    if let Some((pane, zoom)) = shows {
        state.focus_pane(pane);
        state.zoomed = zoom;
    }
}

/// Output, exits, mutation results and the clock, as they concern the runbook.
pub fn on_event(state: &mut AppState, action: &Action) -> Vec<Effect> {
    let Some(rb) = state.runbook.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::CommandOutput { run, lines }
            if rb.command.as_ref().is_some_and(|c| c.run == *run) =>
        {
            rb.output.push_lines(lines.clone());
            state.dirty = true;
        }
        Action::CommandExited { run, outcome } => {
            if let Some(header) = rb.command.as_mut().filter(|c| c.run == *run) {
                header.outcome = Some(outcome.clone());
                state.dirty = true;
            }
            let waiting_for_it = rb
                .cursor
                .as_ref()
                .is_some_and(|c| c.waiting == Waiting::Command { run: *run });
            if waiting_for_it {
                match outcome {
                    CommandOutcome::Exited { code: 0, .. } => {
                        rb.cursor.as_mut().expect("running").waiting = Waiting::Nothing;
                        return runbook::exec::advance(state);
                    }
                    CommandOutcome::Exited { code, .. } => {
                        runbook::exec::fail(state, format!("exit code {code}"))
                    }
                    CommandOutcome::TimedOut { after } => runbook::exec::fail(
                        state,
                        format!(
                            "timed out after {} (killed)",
                            crate::ui::format::human_duration(after.as_secs() as i64)
                        ),
                    ),
                    CommandOutcome::Killed => {
                        runbook::exec::fail(state, "killed by the presenter".into())
                    }
                    CommandOutcome::Failed(why) => runbook::exec::fail(state, why.clone()),
                }
            }
        }
        Action::Mutated { summary, result } => {
            let settles = match rb.cursor.as_ref().map(|c| &c.waiting) {
                Some(Waiting::Mutation {
                    summary: s,
                    settles,
                }) if s == summary => Some(settles.clone()),
                _ => None,
            };
            if let Some(settles) = settles {
                match result {
                    Ok(done) => {
                        let settles = settles.or_else(|| {
                            let name = done.follow_promotion.clone()?;
                            Some(crate::runbook::model::WaitCondition::PromotionSeen { name })
                        });
                        let cursor = rb.cursor.as_mut().expect("running");
                        cursor.waiting = match settles {
                            // Done when the watch shows it (usually at once; a short grace).
                            Some(condition) => Waiting::Condition {
                                description: crate::app::runbook::resolve::describe(&condition),
                                condition,
                                since: state.now,
                                timeout: std::time::Duration::from_secs(30),
                            },
                            None => Waiting::Nothing,
                        };
                        return match cursor.waiting {
                            Waiting::Nothing => runbook::exec::advance(state),
                            _ => poll_wait(state),
                        };
                    }
                    Err(error) => runbook::exec::fail(state, format!("{summary} failed: {error}")),
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The presenter said no to a confirmation the runbook asked for.
pub fn on_cancelled(state: &mut AppState, summary: &str) {
    let waiting = state
        .runbook
        .as_ref()
        .and_then(|r| r.cursor.as_ref())
        .is_some_and(
            |c| matches!(&c.waiting, Waiting::Mutation { summary: s, .. } if s == summary),
        );
    if waiting {
        runbook::exec::cancel(state, summary);
    }
}

/// After every update: does the condition the runbook waits for hold now? Cheap lookups only.
pub fn poll_wait(state: &mut AppState) -> Vec<Effect> {
    let Some(Waiting::Condition {
        condition,
        since,
        timeout,
        description,
    }) = state
        .runbook
        .as_ref()
        .and_then(|r| r.cursor.as_ref())
        .map(|c| c.waiting.clone())
    else {
        return Vec::new();
    };
    match resolve::check(state, &condition) {
        Check::Holds => {
            if let Some(c) = state.runbook.as_mut().and_then(|r| r.cursor.as_mut()) {
                c.waiting = Waiting::Nothing;
            }
            state.dirty = true;
            runbook::exec::advance(state)
        }
        Check::Failed(why) => {
            runbook::exec::fail(state, why);
            Vec::new()
        }
        Check::Pending(why) => {
            let waited =
                Duration::from_secs((state.now.as_second() - since.as_second()).max(0) as u64);
            if waited >= timeout {
                runbook::exec::fail(
                    state,
                    format!(
                        "gave up waiting for {description} after {}: {why}",
                        crate::ui::format::human_duration(timeout.as_secs() as i64)
                    ),
                );
            }
            Vec::new()
        }
    }
}

/// `:` + number + Enter.
pub fn jump(state: &mut AppState, text: &str) {
    match text.trim().parse::<usize>() {
        Ok(n)
            if n >= 1
                && state
                    .runbook
                    .as_ref()
                    .is_some_and(|r| n <= r.steps.len() && !r.is_running()) =>
        {
            move_to(state, n - 1)
        }
        _ => state.flash = Some(Flash::info(format!("no step {text} to jump to"))),
    }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod recovery_tests;
