//! Panes whose features are not built yet say what will appear there, never fake data.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::{pane_block, pane_title};
use crate::theme::{Role, Theme};
use crate::ui::layout::PaneId;

pub fn text(pane: PaneId) -> &'static str {
    match pane {
        PaneId::Runbook => {
            "Not available yet. The runbook will list the steps of runbook/*.md with their notes, \
             and run each step's command or action on a key press."
        }
        _ => "",
    }
}

pub fn render(frame: &mut Frame, area: Rect, pane: PaneId, theme: &Theme, focused: bool) {
    let block = pane_block(pane_title(pane, theme), focused, theme);
    let body = Paragraph::new(text(pane))
        .style(theme.fg(Role::Muted))
        .wrap(Wrap { trim: true })
        .block(block);
    frame.render_widget(body, area);
}
