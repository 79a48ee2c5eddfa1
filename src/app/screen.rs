//! The commands every screen has: focus and tabs, zoom, popups (help, messages), scrolling
//! the focused list or popup, and answering a confirmation.

use crate::app::ci;
use crate::app::effect::Effect;
use crate::app::gate;
use crate::app::gitops;
use crate::app::messages::Flash;
use crate::app::quit;
use crate::app::runbook;
use crate::app::state::{AppState, Overlay};
use crate::keymap::Command;
use crate::ui::layout::{PaneId, Slot};

pub fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
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
        _ => {}
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
    if state.job_log_focused() {
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
