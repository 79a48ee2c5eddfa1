//! The runbook executor: a step's blocks run in order — commands through the effect runner,
//! built-in actions through the same mutation gate as keys (confirmations and `--read-only`
//! included), waits checked against the watched state — until one has to wait.

use crate::app::ci;
use crate::app::effect::Effect;
use crate::app::gate;
use crate::app::messages::Flash;
use crate::app::runbook::resolve::{self, Check};
use crate::app::runbook::state::{CommandHeader, Cursor, Phase, ResumeAt, StepStatus, Waiting};
use crate::app::runbook::update::select_step;
use crate::app::state::{AppState, OutputKind, Overlay};
use crate::runbook::model::{Block, Builtin, CommitRef, WaitCondition};
use crate::sources::writes::mutation::Mutation;
use crate::ui::layout::PaneId;

pub fn start(state: &mut AppState, step: usize, phase: Phase) -> Vec<Effect> {
    let at = ResumeAt {
        phase,
        block: 0,
        action: 0,
    };
    start_at(state, step, at)
}

/// Runs a step from `at`: its start, or for a retry the item that did not happen last time.
pub fn start_at(state: &mut AppState, step: usize, at: ResumeAt) -> Vec<Effect> {
    let phase = at.phase;
    let now = state.now;
    let Some(rb) = state.runbook.as_mut() else {
        return Vec::new();
    };
    if step >= rb.steps.len() {
        state.flash = Some(Flash::info("that was the last step"));
        return Vec::new();
    }
    rb.talk_started.get_or_insert(now);
    rb.on_screen = Some(step);
    rb.steps[step].status = StepStatus::Running;
    rb.steps[step].started = Some(now);
    rb.steps[step].finished = None;
    rb.steps[step].resume = None;
    rb.cursor = Some(Cursor {
        step,
        phase,
        block: at.block,
        action: at.action,
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
                if state.read_only {
                    // Like every other change: --read-only runs nothing, and says so.
                    let line = command
                        .script
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    fail(
                        state,
                        format!("read-only: refused to run `{line}` (started with --read-only)"),
                    );
                    return effects;
                }
                let run = rb.next_run_id();
                let c = rb.cursor.as_mut().expect("running");
                c.block += 1;
                c.waiting = Waiting::Command { run };
                rb.command = Some(CommandHeader {
                    run,
                    step: cursor.step,
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
            Block::Builtins(lines) => {
                let c = rb.cursor.as_mut().expect("running");
                let Some(line) = lines.get(cursor.action).cloned() else {
                    c.block += 1;
                    c.action = 0;
                    continue;
                };
                c.action += 1;
                if let Some(more) = run_builtin(state, &line.builtin, &mut effects) {
                    effects.extend(more);
                    return effects;
                }
            }
        }
    }
}

/// Runs one built-in action. None: done, go on (with `go_on`'s effects); Some(effects): stop
/// here for now.
fn run_builtin(
    state: &mut AppState,
    action: &Builtin,
    go_on: &mut Vec<Effect>,
) -> Option<Vec<Effect>> {
    match action {
        Builtin::Focus(pane) => {
            state.focus_pane(*pane);
            None
        }
        Builtin::Zoom(pane) => {
            state.focus_pane(*pane);
            state.zoomed = true;
            if *pane == PaneId::Ci {
                // Watching CI means watching HEAD's run, when there is one in progress.
                go_on.extend(ci::follow::follow(state, CommitRef::Head, true));
            }
            None
        }
        Builtin::OpenRun { commit } => {
            state.focus_pane(PaneId::Ci);
            go_on.extend(ci::follow::follow(state, commit.clone(), false));
            None
        }
        Builtin::Pause { message } => {
            let rb = state.runbook.as_mut()?;
            let c = rb.cursor.as_mut()?;
            c.waiting = Waiting::Pause;
            let step = c.step;
            rb.steps[step].status = StepStatus::Paused(message.clone());
            Some(Vec::new())
        }
        Builtin::Wait { condition, timeout } => match resolve::check(state, condition) {
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
                let settles = match &m {
                    Mutation::Approve { stage, freight, .. } => {
                        Some(WaitCondition::FreightApproved {
                            freight: freight.clone(),
                            stage: stage.clone(),
                        })
                    }
                    _ => None,
                };
                let effects = gate::request(state, m);
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
                    c.waiting = Waiting::Mutation { summary, settles };
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
    // The next step is selected, but the screen keeps showing what this step produced
    // until the presenter runs the next one (or moves there with the step keys).
    if cursor.step + 1 < rb.steps.len() {
        select_step(state, cursor.step + 1);
    }
}

pub fn fail(state: &mut AppState, why: String) {
    let Some(step) = stop_step(state, StepStatus::Failed(why.clone())) else {
        return;
    };
    // The keys that go on from here show beside it on the status line (`recovery_keys`).
    state.flash = Some(Flash::error(format!("step {} failed: {why}", step + 1)));
}

/// The presenter said no to the step's confirmation: nothing changed, nothing failed; the
/// run key asks again.
pub fn cancel(state: &mut AppState, summary: &str) {
    let status = StepStatus::Cancelled(format!("cancelled: {summary}"));
    let Some(step) = stop_step(state, status) else {
        return;
    };
    state.flash = Some(Flash::info(format!(
        "step {} cancelled: {summary} — nothing changed; {} to try again",
        step + 1,
        crate::app::runbook::state::first_key(&state.keymap, crate::keymap::Command::RunStep)
    )));
}

/// Ends the running step with `status`, keeping where a retry goes on from; the step's index.
fn stop_step(state: &mut AppState, status: StepStatus) -> Option<usize> {
    let now = state.now;
    let rb = state.runbook.as_mut()?;
    let cursor = rb.cursor.take()?;
    let resume = rb.stop_point(&cursor);
    let run = &mut rb.steps[cursor.step];
    run.status = status;
    run.finished = Some(now);
    run.resume = Some(resume);
    Some(cursor.step)
}
