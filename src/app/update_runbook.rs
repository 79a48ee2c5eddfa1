//! The runbook executor, as a reducer: a key runs the current step; the step's blocks run in
//! order — commands through the effect runner, built-in actions through the same mutation gate
//! as keys (confirmations and `--read-only` included), waits checked against the watched state
//! after every update. Nothing runs without a key press.

use std::time::Duration;

use super::action::Action;
use super::effect::Effect;
use super::mutation;
use super::runbook_state::{CommandHeader, CommandOutcome, Cursor, Phase, StepStatus, Waiting};
use super::state::{AppState, Flash, InputTarget, OutputKind, Overlay, TextInput};
use crate::keymap::Command;
use crate::runbook::model::{Action as RunbookAction, Block};
use crate::runbook::resolve::{self, Check};

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
                    return advance(state);
                }
                state.flash = Some(Flash::info(
                    "a step is running: wait for it, or kill its command",
                ));
                return Vec::new();
            }
            let step = rb.current;
            return start(state, step, Phase::Main);
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
            return start(state, step, Phase::Fallback);
        }
        Command::KillCommand => match rb.cursor.as_ref().map(|c| &c.waiting) {
            Some(Waiting::Command { run }) => return vec![Effect::KillCommand { run: *run }],
            Some(_) => {
                // A wait or a pause: stop it here.
                fail(state, "stopped by the presenter".into());
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
        Command::TalkTimer => {
            rb.talk_started = match rb.talk_started {
                Some(_) => None,
                None => Some(state.now),
            };
        }
        _ => {}
    }
    Vec::new()
}

fn rb_current(state: &AppState) -> usize {
    state.runbook.as_ref().map_or(0, |r| r.current)
}

/// Moves the presenter to a step and shows the pane it names (its first `zoom`/`focus`).
pub fn move_to(state: &mut AppState, step: usize) {
    let Some(rb) = state.runbook.as_mut() else {
        return;
    };
    let step = step.min(rb.steps.len().saturating_sub(1));
    rb.current = step;
    rb.notes_scroll = 0;
    let shows = rb.runbook.steps[step].blocks.iter().find_map(|b| match b {
        Block::Actions(lines) => lines.iter().find_map(|l| match l.action {
            RunbookAction::Zoom(p) => Some((p, true)),
            RunbookAction::Focus(p) => Some((p, false)),
            _ => None,
        }),
        Block::Command(_) => None,
    });
    if let Some((pane, zoom)) = shows {
        state.focus_pane(pane);
        state.zoomed = zoom;
    }
}

fn start(state: &mut AppState, step: usize, phase: Phase) -> Vec<Effect> {
    let now = state.now;
    let Some(rb) = state.runbook.as_mut() else {
        return Vec::new();
    };
    if step >= rb.steps.len() {
        state.flash = Some(Flash::info("that was the last step"));
        return Vec::new();
    }
    rb.talk_started.get_or_insert(now);
    rb.steps[step].status = StepStatus::Running;
    rb.steps[step].started = Some(now);
    rb.steps[step].finished = None;
    rb.cursor = Some(Cursor {
        step,
        phase,
        block: 0,
        action: 0,
        waiting: Waiting::Nothing,
    });
    advance(state)
}

/// Runs items of the current step until one has to wait (a command, a mutation, a condition,
/// a pause) or the step is done.
pub fn advance(state: &mut AppState) -> Vec<Effect> {
    let mut effects = Vec::new();
    loop {
        let Some(rb) = state.runbook.as_mut() else {
            return effects;
        };
        let Some(cursor) = rb.cursor.clone() else {
            return effects;
        };
        if cursor.waiting != Waiting::Nothing {
            return effects;
        }
        let step = &rb.runbook.steps[cursor.step];
        let blocks = match cursor.phase {
            Phase::Main => &step.blocks,
            Phase::Fallback => &step.fallback,
        };
        let Some(block) = blocks.get(cursor.block).cloned() else {
            finish(state);
            return effects;
        };
        match block {
            Block::Command(command) => {
                let run = rb.next_run_id();
                let c = rb.cursor.as_mut().expect("running");
                c.block += 1;
                c.waiting = Waiting::Command { run };
                rb.command = Some(CommandHeader {
                    run,
                    command: command.script.trim().to_string(),
                    started: state.now,
                    outcome: None,
                });
                rb.output.close();
                state.output = OutputKind::Command;
                effects.push(Effect::RunCommand {
                    run,
                    shell: command.shell,
                    script: command.script,
                    timeout: command.timeout,
                });
                return effects;
            }
            Block::Actions(lines) => {
                let c = rb.cursor.as_mut().expect("running");
                let Some(line) = lines.get(cursor.action).cloned() else {
                    c.block += 1;
                    c.action = 0;
                    continue;
                };
                c.action += 1;
                if let Some(more) = run_action(state, &line.action) {
                    effects.extend(more);
                    return effects;
                }
            }
        }
    }
}

/// Runs one built-in action. None: done, go on; Some(effects): stop here for now.
fn run_action(state: &mut AppState, action: &RunbookAction) -> Option<Vec<Effect>> {
    match action {
        RunbookAction::Focus(pane) => {
            state.focus_pane(*pane);
            None
        }
        RunbookAction::Zoom(pane) => {
            state.focus_pane(*pane);
            state.zoomed = true;
            None
        }
        RunbookAction::Pause { message } => {
            let rb = state.runbook.as_mut()?;
            let c = rb.cursor.as_mut()?;
            c.waiting = Waiting::Pause;
            let step = c.step;
            rb.steps[step].status = StepStatus::Paused(message.clone());
            Some(Vec::new())
        }
        RunbookAction::Wait { condition, timeout } => match resolve::check(state, condition) {
            Check::Holds => None,
            Check::Failed(why) => {
                fail(state, why);
                Some(Vec::new())
            }
            Check::Pending(_) => {
                let description = resolve::describe(condition);
                let now = state.now;
                let c = state.runbook.as_mut()?.cursor.as_mut()?;
                c.waiting = Waiting::Condition {
                    condition: condition.clone(),
                    since: now,
                    timeout: *timeout,
                    description,
                };
                Some(Vec::new())
            }
        },
        other => match resolve::mutation(state, other)? {
            Err(why) => {
                fail(state, why);
                Some(Vec::new())
            }
            Ok(m) => {
                let summary = m.summary();
                let effects = mutation::request(state, m);
                let asked = matches!(state.overlay, Some(Overlay::Confirm(_)));
                if effects.is_empty() && !asked {
                    // Refused before it left (read-only): the flash says why.
                    let why = state
                        .flash
                        .as_ref()
                        .map(|f| f.text.clone())
                        .unwrap_or_else(|| "refused".into());
                    fail(state, why);
                    return Some(Vec::new());
                }
                if let Some(c) = state.runbook.as_mut().and_then(|r| r.cursor.as_mut()) {
                    c.waiting = Waiting::Mutation { summary };
                }
                Some(effects)
            }
        },
    }
}

fn finish(state: &mut AppState) {
    let now = state.now;
    let Some(rb) = state.runbook.as_mut() else {
        return;
    };
    let Some(cursor) = rb.cursor.take() else {
        return;
    };
    rb.steps[cursor.step].status = StepStatus::Done;
    rb.steps[cursor.step].finished = Some(now);
    let title = rb.runbook.steps[cursor.step].title.clone();
    state.flash = Some(Flash::success(format!(
        "step {} done: {title}",
        cursor.step + 1
    )));
    if cursor.step + 1 < rb.steps.len() {
        move_to(state, cursor.step + 1);
    }
}

fn fail(state: &mut AppState, why: String) {
    let now = state.now;
    let Some(rb) = state.runbook.as_mut() else {
        return;
    };
    let Some(cursor) = rb.cursor.take() else {
        return;
    };
    rb.steps[cursor.step].status = StepStatus::Failed(why.clone());
    rb.steps[cursor.step].finished = Some(now);
    let fallback = if rb.runbook.steps[cursor.step].fallback.is_empty() {
        ""
    } else {
        " (a fallback is declared)"
    };
    state.flash = Some(Flash::error(format!(
        "step {} failed: {why}{fallback}",
        cursor.step + 1
    )));
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
                        return advance(state);
                    }
                    CommandOutcome::Exited { code, .. } => fail(state, format!("exit code {code}")),
                    CommandOutcome::TimedOut { after } => fail(
                        state,
                        format!(
                            "timed out after {} (killed)",
                            crate::ui::format::human_duration(after.as_secs() as i64)
                        ),
                    ),
                    CommandOutcome::Killed => fail(state, "killed by the presenter".into()),
                    CommandOutcome::Failed(why) => fail(state, why.clone()),
                }
            }
        }
        Action::Mutated { summary, result } => {
            let waiting_for_it = rb.cursor.as_ref().is_some_and(|c| {
                c.waiting
                    == Waiting::Mutation {
                        summary: summary.clone(),
                    }
            });
            if waiting_for_it {
                match result {
                    Ok(_) => {
                        rb.cursor.as_mut().expect("running").waiting = Waiting::Nothing;
                        return advance(state);
                    }
                    Err(error) => fail(state, format!("{summary} failed: {error}")),
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
        .is_some_and(|c| {
            c.waiting
                == Waiting::Mutation {
                    summary: summary.to_string(),
                }
        });
    if waiting {
        fail(state, format!("{summary}: cancelled by the presenter"));
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
            advance(state)
        }
        Check::Failed(why) => {
            fail(state, why);
            Vec::new()
        }
        Check::Pending(why) => {
            let waited =
                Duration::from_secs((state.now.as_second() - since.as_second()).max(0) as u64);
            if waited >= timeout {
                fail(
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
#[path = "update_runbook_tests.rs"]
mod tests;
