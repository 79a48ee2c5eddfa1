//! Composes one frame: background, panes where the layout puts them, popups, status line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Block;

use crate::app::state::{AppState, OutputKind, Overlay};
use crate::panes;
use crate::panes::cache::PaneCache;
use crate::theme::Theme;
use crate::ui::layout::PaneId;

/// Draws every pane.
pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme) {
    draw_with(frame, state, theme, None);
}

/// Draws the pods pane, and copies from `cache` every other pane it still holds (see
/// `panes::cache`): the event loop's way, which keeps the cache only across pod changes.
pub fn draw_cached(frame: &mut Frame, state: &AppState, theme: &Theme, cache: &mut PaneCache) {
    draw_with(frame, state, theme, Some(cache));
}

fn draw_with(
    frame: &mut Frame,
    state: &AppState,
    theme: &Theme,
    mut cache: Option<&mut PaneCache>,
) {
    let area = frame.area();
    // Paint the theme background everywhere: the light theme must stay light on dark terminals.
    frame.render_widget(Block::default().style(theme.base()), area);
    let layout = state.layout();
    for &(pane, rect) in &layout.panes {
        let focused = pane == state.focus;
        match cache.as_deref_mut() {
            // The pods pane changes with every pod event: drawing it is all it ever needs.
            Some(cache) if pane != PaneId::Pods => {
                cache.draw(frame, pane, rect, focused, |frame| {
                    draw_pane(frame, pane, rect, state, theme, focused)
                })
            }
            _ => draw_pane(frame, pane, rect, state, theme, focused),
        }
    }
    if let Some(rect) = layout.app_log {
        panes::app_log::render(frame, rect, &state.keymap, theme);
    }
    match &state.overlay {
        Some(Overlay::Help { scroll }) => {
            panes::help::render(frame, area, &state.keymap, *scroll, theme)
        }
        Some(Overlay::PodDetails(details)) => {
            panes::pod_details::render(frame, area, details, state, theme)
        }
        Some(Overlay::Confirm(mutation)) => {
            let text = crate::app::gitops::changes::confirm_text(state, mutation);
            panes::confirm::render(frame, area, mutation, &text, &state.keymap, theme)
        }
        Some(Overlay::ConfirmQuit) => {
            let text = crate::app::quit::consequences(state);
            panes::quit_confirm::render(frame, area, &text, &state.keymap, theme)
        }
        Some(Overlay::Messages { scroll }) => panes::messages::render(
            frame,
            area,
            &state.messages,
            state.now,
            *scroll,
            &state.keymap,
            theme,
        ),
        Some(Overlay::StagePicker(picker)) => {
            panes::gitops_popups::stage_picker(frame, area, picker, state, theme)
        }
        Some(Overlay::FreightDetails { name, scroll }) => {
            panes::gitops_popups::freight_details(frame, area, name, *scroll, state, theme)
        }
        Some(Overlay::PromotionSteps { name, scroll }) => {
            panes::gitops_popups::promotion_steps(frame, area, name, *scroll, state, theme)
        }
        Some(Overlay::AppHistory { name, scroll }) => {
            panes::gitops_popups::app_history(frame, area, name, *scroll, state, theme)
        }
        None => {}
    }
    panes::status_bar::render(frame, layout.status, state, theme);
}

fn draw_pane(
    frame: &mut Frame,
    pane: PaneId,
    rect: Rect,
    state: &AppState,
    theme: &Theme,
    focused: bool,
) {
    match pane {
        PaneId::Pods => panes::pods::render(frame, rect, state, theme, focused),
        PaneId::Output => match (&state.output, &state.ci.log, &state.runbook) {
            (OutputKind::JobLog, Some(view), _) => {
                panes::job_log::render(frame, rect, view, state, theme, focused)
            }
            (OutputKind::Command, _, Some(rb)) if rb.command.is_some() => {
                panes::command_output::render(frame, rect, rb, state, theme, focused)
            }
            _ => panes::logs::render(frame, rect, state, theme, focused),
        },
        PaneId::Runbook => match &state.runbook {
            Some(rb) => panes::runbook::render(frame, rect, rb, state, theme, focused),
            None => panes::placeholder::render(frame, rect, PaneId::Runbook, theme, focused),
        },
        PaneId::Ci => panes::ci::render(frame, rect, state, theme, focused),
        PaneId::Git => panes::git::render(frame, rect, state, theme, focused),
        PaneId::Pipeline => panes::pipeline::render(frame, rect, state, theme, focused),
        PaneId::Freight => panes::freight::render(frame, rect, state, theme, focused),
        PaneId::Promotions => panes::promotions::render(frame, rect, state, theme, focused),
        PaneId::Applications => panes::applications::render(frame, rect, state, theme, focused),
    }
}
