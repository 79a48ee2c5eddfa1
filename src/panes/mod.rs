//! One file per pane. Each renders from `AppState` only; none does IO or changes state.

pub mod app_log;
pub mod applications;
pub mod cache;
pub mod ci;
pub mod command_output;
pub mod confirm;
pub mod frame;
pub mod freight;
pub mod git;
pub mod gitops_common;
pub mod gitops_popups;
pub mod help;
pub mod job_log;
pub mod logs;
pub mod messages;
pub mod pipeline;
pub mod placeholder;
pub mod pod_details;
pub mod pods;
pub mod promotions;
pub mod quit_confirm;
pub mod runbook;
pub mod status_bar;
pub mod table;

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use crate::kube::pod_summary::Health;
use crate::theme::{Role, Theme};
use crate::ui::layout::PaneId;

/// The frame every pane sits in: focused panes get the accent border and a bold title.
pub fn pane_block<'a>(title: Vec<Span<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let mut spans = vec![Span::raw(" ")];
    spans.extend(title);
    spans.push(Span::raw(" "));
    let title_style = if focused {
        theme.fg(Role::Title).add_modifier(Modifier::BOLD)
    } else {
        theme.fg(Role::Title)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .title(Line::from(spans).style(title_style))
        .style(theme.base())
}

/// A pane's name, or for a slot with tabs every tab name with the shown one highlighted
/// (`freight · promotions · applications`), so the audience sees what else is one key away.
pub fn pane_title<'a>(pane: PaneId, theme: &Theme) -> Vec<Span<'a>> {
    let tabs = pane.slot().panes();
    if tabs.len() == 1 {
        return vec![Span::raw(pane.name())];
    }
    let mut spans = Vec::new();
    for (i, tab) in tabs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.fg(Role::Muted)));
        }
        spans.push(if *tab == pane {
            Span::styled(
                tab.name(),
                theme
                    .fg(Role::Title)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )
        } else {
            Span::styled(tab.name(), theme.fg(Role::Muted))
        });
    }
    spans
}

/// `pane_title` for a pane `width` cells wide: when the tab names do not all fit, only the
/// shown one and its place (`applications 3/3`), so a narrow pane never cuts off its own name.
pub fn pane_title_fit<'a>(pane: PaneId, width: u16, theme: &Theme) -> Vec<Span<'a>> {
    let tabs = pane.slot().panes();
    let all: usize = tabs.iter().map(|t| t.name().chars().count()).sum::<usize>()
        + 3 * tabs.len().saturating_sub(1);
    // Two corners and the spaces either side of the title.
    if tabs.len() == 1 || all + 4 <= width as usize {
        return pane_title(pane, theme);
    }
    let place = tabs.iter().position(|t| *t == pane).unwrap_or(0) + 1;
    vec![
        Span::styled(
            pane.name(),
            theme
                .fg(Role::Title)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ),
        Span::styled(format!(" {place}/{}", tabs.len()), theme.fg(Role::Muted)),
    ]
}

pub fn health_role(health: Health) -> Role {
    match health {
        Health::Healthy => Role::Healthy,
        Health::Progressing => Role::Progressing,
        Health::Degraded => Role::Degraded,
        Health::Done => Role::Muted,
        Health::Unknown => Role::Unknown,
    }
}

/// A rectangle of `percent_x` × `percent_y` of `area`, centred, at least `min` cells each way.
pub fn centered(area: Rect, percent_x: u16, percent_y: u16, min: (u16, u16)) -> Rect {
    let w = (area.width * percent_x / 100).max(min.0).min(area.width);
    let h = (area.height * percent_y / 100).max(min.1).min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
