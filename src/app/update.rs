//! `update(&mut AppState, Action) -> Vec<Effect>`: the only place state changes. Pure: no IO,
//! no clock reads, so every behaviour here is unit-tested without a terminal or a cluster.

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::app::action::{Action, PodChange};
use crate::app::ci;
use crate::app::effect::Effect;
use crate::app::gitops;
use crate::app::input;
use crate::app::messages::Flash;
use crate::app::pods;
use crate::app::runbook;
use crate::app::screen;
use crate::app::state::{AppState, Loadable, Overlay};
use crate::keymap::{Command, Key, Owner};
use crate::ui::layout::PaneId;

pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    state.confirm_guard.observe(&action);
    let runbook_event = matches!(
        action,
        Action::CommandOutput { .. } | Action::CommandExited { .. } | Action::Mutated { .. }
    );
    let for_runbook = runbook_event.then(|| action.clone());
    // A key press clears the flash, so whatever flash follows it is a new answer (the same
    // text again included); otherwise only a changed flash is new.
    let shown_before = match &action {
        Action::Key(k) | Action::KeyAt { key: k, .. } if k.kind != KeyEventKind::Release => None,
        _ => state.flash.clone(),
    };
    let is_key = matches!(action, Action::Key(_) | Action::KeyAt { .. });
    let running_before = state.runbook.as_ref().is_some_and(|r| r.is_running());
    let mut effects = apply(state, action);
    if let Some(event) = for_runbook {
        effects.extend(runbook::update::on_event(state, &event));
    }
    // A runbook `wait` ends as soon as the watched state says so.
    effects.extend(runbook::update::poll_wait(state));
    if let Some(flash) = state
        .flash
        .as_ref()
        .filter(|f| Some(*f) != shown_before.as_ref())
    {
        state.messages.record_flash(state.now, flash);
    }
    // Only what can move the runbook is worth comparing (not every pod event).
    let running = running_before || state.runbook.as_ref().is_some_and(|r| r.is_running());
    if is_key || runbook_event || running {
        effects.extend(crate::app::runbook::save::save_if_changed(state));
    }
    effects
}

fn apply(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) | Action::KeyAt { key, .. } => on_key(state, key),
        Action::Resize { width, height } => {
            state.size = (width, height);
            state.dirty = true;
            Vec::new()
        }
        Action::Tick(now) => {
            state.now = now;
            state.dirty = true;
            Vec::new()
        }
        Action::Pods(update) => {
            let changed = match update.change {
                PodChange::Relisted(pods) => state.pods.relist(&update.namespace, pods),
                PodChange::Applied(pod) => state.pods.apply(*pod),
                PodChange::Deleted(name) => state.pods.delete(&update.namespace, &name),
            };
            state.dirty |= changed;
            Vec::new()
        }
        Action::Source(id, status) => {
            if state.sources.get(&id) != Some(&status) {
                state.sources.insert(id, status);
                state.dirty = true;
            }
            Vec::new()
        }
        Action::PodEvents {
            namespace,
            pod,
            result,
        } => {
            if let Some(Overlay::PodDetails(d)) = &mut state.overlay
                && d.namespace == namespace
                && d.pod == pod
            {
                d.events = match result {
                    Ok(events) => Loadable::Loaded(events),
                    Err(e) => Loadable::Failed(e),
                };
                state.dirty = true;
            }
            Vec::new()
        }
        Action::LogLines { stream, lines } => {
            if stream == state.logs.stream && state.logs.target.is_some() {
                state.logs.push_lines(lines);
                state.dirty = true;
            }
            Vec::new()
        }
        Action::LogEnded { stream, error } => {
            if stream == state.logs.stream && state.logs.target.is_some() {
                state.logs.status = match error {
                    Some(e) => crate::app::logs::LogStatus::Failed(e),
                    None => crate::app::logs::LogStatus::Ended("stream ended".into()),
                };
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Mutated { summary, result } => {
            state.dirty = true;
            match result {
                Ok(done) => {
                    // Follow what the change started: the new promotion, selected and in view.
                    if let Some(name) = &done.follow_promotion {
                        state.focus_pane(PaneId::Promotions);
                        state.gitops.promotion_list.select(name);
                    }
                    state.flash = Some(Flash::success(done.message));
                }
                Err(error) => {
                    state.flash = Some(Flash::error(format!("{summary} failed: {error}")))
                }
            }
            Vec::new()
        }
        gitops @ (Action::Stages(_)
        | Action::Freight(_)
        | Action::Promotions(_)
        | Action::Warehouses(_)
        | Action::Applications(_)
        | Action::Projects(_)) => gitops::update::on_watch(state, gitops),
        ci @ (Action::Ci(_) | Action::Git(_)) => ci::update::on_event(state, ci),
        // Handled by the runbook executor in `update`.
        Action::CommandOutput { .. } | Action::CommandExited { .. } => Vec::new(),
    }
}

fn on_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    state.dirty = true;
    state.flash = None;
    state.notices.clear();
    if state.input.is_some() {
        return input::on_input_key(state, key);
    }
    let Some(key) = Key::from_event(&key) else {
        return Vec::new();
    };
    match state.keymap.command(&state.key_chain(), key) {
        Some(command) => on_command(state, command),
        None => Vec::new(),
    }
}

/// Each command goes to the feature that owns it (`Command::owner`); while a job log is on
/// screen, the log keys are its.
fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    if let Some(effects) = ci::update::on_job_log_command(state, command) {
        return effects;
    }
    match command.owner() {
        Owner::Screen => screen::on_command(state, command),
        Owner::Pods => pods::update::on_command(state, command),
        Owner::Gitops => gitops::update::on_command(state, command),
        Owner::Ci => ci::update::on_command(state, command),
        Owner::Runbook => runbook::update::on_command(state, command),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod confirm_tests;
