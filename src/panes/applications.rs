//! Argo CD applications: sync, health, revision, operation, auto-sync. Enter shows the history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::gitops_common::{argo_note, health_icon, health_role, phase_style, sync_style};
use super::table::{self, fill, fixed};
use super::{pane_block, pane_title};
use crate::app::state::AppState;
use crate::argocd::summary::AppSummary;
use crate::kargo::summary::short;
use crate::theme::{Role, Theme};
use crate::ui::format::human_age;
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let g = &state.gitops;
    let mut title = pane_title(PaneId::Applications, theme);
    title.extend(argo_note(state, theme));
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let names = g.app_list.keys();
    if names.is_empty() {
        frame.render_widget(
            Paragraph::new("No Argo CD applications.").style(theme.fg(Role::Muted)),
            inner,
        );
        return;
    }
    let columns = [
        fixed("NAME", 12),
        fixed("SYNC", 11),
        fixed("HEALTH", 13),
        fixed("REVISION", 8),
        fixed("AUTO", 4),
        fill("OPERATION"),
    ];
    let cursor = g.app_list.cursor();
    table::render_rows(
        frame,
        inner,
        &columns,
        names.len(),
        g.app_list.offset,
        theme,
        |i, widths| {
            let Some(app) = g.apps.in_namespace_any(&names[i]) else {
                return Line::raw("");
            };
            let selected = i == cursor;
            table::row(
                cells(app, theme),
                widths,
                selected && focused,
                selected && !focused,
                theme,
            )
        },
    );
}

fn cells(app: &AppSummary, theme: &Theme) -> Vec<(String, ratatui::style::Style)> {
    let (sync_icon, sync_role) = sync_style(&app.sync);
    let operation = match (&app.operation_phase, &app.operation_message) {
        (Some(phase), Some(msg)) => format!("{} {phase}: {msg}", phase_style(phase).0),
        (Some(phase), None) => format!("{} {phase}", phase_style(phase).0),
        _ if app.operation_pending => "requested".into(),
        _ => String::new(),
    };
    let op_role = app
        .operation_phase
        .as_deref()
        .map_or(Role::Muted, |p| phase_style(p).1);
    vec![
        (
            app.name.clone(),
            theme.fg(Role::Text).add_modifier(Modifier::BOLD),
        ),
        (format!("{sync_icon} {}", app.sync), theme.fg(sync_role)),
        (
            format!("{} {}", health_icon(&app.health), app.health),
            theme
                .fg(health_role(&app.health))
                .add_modifier(Modifier::BOLD),
        ),
        (
            app.revision.as_deref().map(short).unwrap_or("").to_string(),
            theme.fg(Role::Accent),
        ),
        (
            if app.auto_sync {
                "on".into()
            } else {
                "off".into()
            },
            theme.fg(Role::Muted),
        ),
        (operation, theme.fg(op_role)),
    ]
}

/// The history popup body, newest first (Argo CD stores it oldest first).
pub fn history_lines<'a>(app: &AppSummary, state: &AppState, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", health_icon(&app.health), app.health),
                theme
                    .fg(health_role(&app.health))
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!("  {}  ", app.sync)),
            Span::styled(
                format!("auto-sync {}", if app.auto_sync { "on" } else { "off" }),
                theme.fg(Role::Muted),
            ),
        ]),
        Line::styled(
            format!("images: {}", app.images.join(", ")),
            theme.fg(Role::Muted),
        ),
        Line::raw(""),
        Line::styled(
            "   ID  REVISION  DEPLOYED   BY",
            theme.fg(Role::Header).add_modifier(Modifier::BOLD),
        ),
    ];
    let current = app.history.last().map(|h| h.id);
    for entry in app.history.iter().rev() {
        let marker = if Some(entry.id) == current {
            "▶"
        } else {
            " "
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {marker} "), theme.fg(Role::Accent)),
            Span::raw(format!("{:>3}  ", entry.id)),
            Span::styled(
                format!(
                    "{:<8}  ",
                    entry.revision.as_deref().map(short).unwrap_or("-")
                ),
                theme.fg(Role::Accent),
            ),
            Span::styled(
                format!("{:<9}  ", human_age(entry.deployed_at, state.now)),
                theme.fg(Role::Muted),
            ),
            Span::raw(entry.initiated_by.clone().unwrap_or_default()),
        ]));
    }
    if app.history.is_empty() {
        lines.push(Line::styled("   no deployments yet", theme.fg(Role::Muted)));
    }
    lines
}
