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
            "No runbook loaded. Start with --runbook FILE (for example runbook/image-promotion.md): \
             its steps, notes and commands appear here and run on a key press."
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
