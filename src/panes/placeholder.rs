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
        PaneId::Pipeline => {
            "Not available yet. The Kargo pipeline will show warehouse → dev → stg → prod with \
             each stage's freight, health and promotions in flight."
        }
        PaneId::Freight => {
            "Not available yet. Kargo freight will be listed newest first, with where each is \
             running, verified and approved."
        }
        PaneId::Promotions => {
            "Not available yet. Kargo promotions will be listed here with their phase, steps and \
             messages."
        }
        PaneId::Applications => {
            "Not available yet. Argo CD applications will appear here with sync status, health \
             and history."
        }
        PaneId::Ci => {
            "Not available yet. GitHub Actions runs will appear here with their jobs, steps and \
             logs."
        }
        PaneId::Git => {
            "Not available yet. The local git repository will show here: branch, HEAD and recent \
             commits."
        }
        PaneId::Pods | PaneId::Output => "",
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
