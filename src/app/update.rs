//! `update(&mut AppState, Action) -> Vec<Effect>`: the only place state changes. Pure: no IO,
//! no clock reads, so every behaviour here is unit-tested without a terminal or a cluster.

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::app::action::{Action, PodChange};
use crate::app::ci;
use crate::app::effect::Effect;
use crate::app::gate;
use crate::app::gitops;
use crate::app::input;
use crate::app::messages::Flash;
use crate::app::pods;
use crate::app::quit;
use crate::app::runbook;
use crate::app::state::OutputKind;
use crate::app::state::{AppState, InputTarget, Loadable, Overlay, TextInput};
use crate::keymap::{Command, Key};
use crate::ui::layout::{PaneId, Slot};

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

fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    let job_log_shown = state.focus == PaneId::Output
        && state.output == OutputKind::JobLog
        && state.ci.log.is_some();
    if job_log_shown {
        match command {
            Command::Search => {
                let text = state
                    .ci
                    .log
                    .as_ref()
                    .and_then(|v| v.search.clone())
                    .unwrap_or_default();
                state.input = Some(TextInput {
                    target: InputTarget::JobLogSearch,
                    text,
                });
                return Vec::new();
            }
            Command::Follow
            | Command::NextMatch
            | Command::PrevMatch
            | Command::StopLogs
            | Command::Wrap => {
                return ci::update::job_log_command(state, command);
            }
            _ => {}
        }
    }
    match command {
        Command::Quit => quit::request(state),
        Command::Messages => {
            state.overlay = match state.overlay {
                Some(Overlay::Messages { .. }) => None,
                _ => Some(Overlay::Messages { scroll: 0 }),
            }
        }
        Command::Help => {
            state.overlay = match state.overlay {
                Some(Overlay::Help { .. }) => None,
                _ => Some(Overlay::Help { scroll: 0 }),
            }
        }
        Command::Close => state.overlay = None,
        Command::FocusNext | Command::FocusPrev => {
            let step = if command == Command::FocusNext {
                1
            } else {
                Slot::ALL.len() - 1
            };
            let mut slot = Slot::ALL[(state.focus.slot().index() + step) % Slot::ALL.len()];
            if slot == Slot::Left && state.runbook.is_none() {
                // Not on screen without a runbook: focus passes over it.
                slot = Slot::ALL[(slot.index() + step) % Slot::ALL.len()];
            }
            state.focus_slot(slot);
        }
        Command::NextTab | Command::PrevTab => {
            state.focus = state
                .tabs
                .cycle(state.focus.slot(), command == Command::NextTab);
        }
        // Without a runbook its slot is not on screen: focusing it would hide the focus.
        Command::FocusRunbook if state.runbook.is_none() => {
            state.flash = Some(Flash::info(
                "no runbook loaded: start with --runbook FILE to have one",
            ));
        }
        Command::FocusRunbook => state.focus_slot(Slot::Left),
        Command::FocusPipeline => state.focus_slot(Slot::Top),
        Command::FocusFreight => state.focus_slot(Slot::MiddleLeft),
        Command::FocusPods => state.focus_slot(Slot::MiddleRight),
        Command::FocusCi => state.focus_slot(Slot::BottomLeft),
        Command::FocusOutput => state.focus_slot(Slot::BottomRight),
        Command::Zoom => state.zoomed = !state.zoomed,
        Command::ToggleAppLog => state.show_app_log = !state.show_app_log,
        Command::Up
        | Command::Down
        | Command::Top
        | Command::Bottom
        | Command::PageUp
        | Command::PageDown => navigate(state, command),
        Command::Filter => {
            let text = state.pods.filter().to_string();
            state.input = Some(TextInput {
                target: InputTarget::PodFilter,
                text,
            });
        }
        Command::ClearFilter => state.pods.set_filter(""),
        Command::Details => return pods::update::open_details(state),
        Command::Logs => return pods::update::open_logs(state, None),
        Command::Follow => {
            let height = state.logs_viewport();
            state.logs.toggle_follow(height);
        }
        Command::Wrap => state.logs.wrap = !state.logs.wrap,
        Command::Search => {
            let text = state.logs.search().unwrap_or_default().to_string();
            state.input = Some(TextInput {
                target: InputTarget::LogSearch,
                text,
            });
        }
        Command::NextMatch | Command::PrevMatch => {
            let height = state.logs_viewport();
            if !state
                .logs
                .jump_to_match(command == Command::NextMatch, height)
            {
                state.flash = Some(Flash::info(match state.logs.search() {
                    Some(_) => "no match".into(),
                    None => format!(
                        "no search yet: press {} to search",
                        state.keymap.describe_keys(Command::Search)
                    ),
                }));
            }
        }
        Command::NextContainer => return pods::update::next_container(state),
        Command::StopLogs => return pods::update::stop_logs(state),
        Command::DeletePod => return pods::update::delete_pod(state),
        Command::PromoteIntoStage
        | Command::RefreshNode
        | Command::NextProject
        | Command::PromoteFreight
        | Command::ApproveFreight
        | Command::FreightDetails
        | Command::PromotionDetails
        | Command::AbortPromotion
        | Command::SyncApp
        | Command::HardRefreshApp
        | Command::RollbackApp
        | Command::AppHistory
        | Command::Pick => return gitops::update::on_command(state, command),
        Command::CiRunOfFreight
        | Command::OpenRun
        | Command::RunLog
        | Command::FreightOfRun
        | Command::RefreshCi
        | Command::CloseRun
        | Command::ToggleGroup
        | Command::NextError
        | Command::ExpandAll
        | Command::FoldAll
        | Command::Timestamps => return ci::update::on_command(state, command),
        Command::RunStep
        | Command::RunHere
        | Command::NextStep
        | Command::PrevStep
        | Command::SkipStep
        | Command::KillCommand
        | Command::Fallback
        | Command::JumpToStep
        | Command::TalkTimer => return runbook::update::on_command(state, command),
        Command::Confirm => {
            let asking = matches!(state.overlay, Some(Overlay::Confirm(_)));
            let asking = asking || matches!(state.overlay, Some(Overlay::ConfirmQuit));
            if asking && !state.confirm_guard.accepts() {
                // Most likely a double press queued before the question was on screen.
                state.flash = Some(Flash::info(format!(
                    "not yet: read the confirmation, then press {}",
                    state.keymap.describe_keys(Command::Confirm)
                )));
                return Vec::new();
            }
            match state.overlay.take() {
                Some(Overlay::Confirm(mutation)) => return gate::start(state, mutation),
                Some(Overlay::ConfirmQuit) => state.should_quit = true,
                other => state.overlay = other,
            }
        }
        Command::Cancel => match state.overlay.take() {
            Some(Overlay::Confirm(mutation)) => {
                state.flash = Some(Flash::info(format!("cancelled: {}", mutation.summary())));
                runbook::update::on_cancelled(state, &mutation.summary());
            }
            Some(Overlay::ConfirmQuit) => state.flash = Some(Flash::info("not quitting")),
            other => state.overlay = other,
        },
    }
    Vec::new()
}

fn navigate(state: &mut AppState, command: Command) {
    if let Some(overlay) = &mut state.overlay {
        let scroll = match overlay {
            Overlay::Help { scroll }
            | Overlay::FreightDetails { scroll, .. }
            | Overlay::PromotionSteps { scroll, .. }
            | Overlay::AppHistory { scroll, .. }
            | Overlay::Messages { scroll } => scroll,
            Overlay::PodDetails(d) => &mut d.scroll,
            Overlay::StagePicker(picker) => {
                return gitops::update::picker_navigate(picker, command);
            }
            Overlay::Confirm(_) | Overlay::ConfirmQuit => return,
        };
        *scroll = match command {
            Command::Up => scroll.saturating_sub(1),
            Command::Down => *scroll + 1,
            Command::PageUp => scroll.saturating_sub(10),
            Command::PageDown => *scroll + 10,
            Command::Top => 0,
            _ => usize::MAX / 2, // clamped by the popup when drawn
        };
        return;
    }
    if state.focus == PaneId::Output && state.output == OutputKind::JobLog && state.ci.log.is_some()
    {
        ci::update::job_log_command(state, command);
        return;
    }
    if state.focus == PaneId::Runbook && state.runbook.is_some() {
        runbook::update::on_command(state, command);
        return;
    }
    if ci::update::navigate(state, command) || gitops::update::navigate(state, command) {
        return;
    }
    match state.focus {
        PaneId::Pods => {
            let page = state.pods_viewport().max(1) as isize;
            match command {
                Command::Up => state.pods.move_by(-1),
                Command::Down => state.pods.move_by(1),
                Command::PageUp => state.pods.move_by(-page),
                Command::PageDown => state.pods.move_by(page),
                Command::Top => state.pods.move_to_top(),
                _ => state.pods.move_to_bottom(),
            }
            let height = state.pods_viewport();
            state.pods.scroll_into_view(height);
        }
        PaneId::Output => {
            let height = state.logs_viewport();
            let page = height.max(1) as isize;
            match command {
                Command::Up => state.logs.scroll_by(-1, height),
                Command::Down => state.logs.scroll_by(1, height),
                Command::PageUp => state.logs.scroll_by(-page, height),
                Command::PageDown => state.logs.scroll_by(page, height),
                Command::Top => state.logs.scroll_to_top(height),
                _ => state.logs.scroll_to_bottom(),
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod confirm_tests;
