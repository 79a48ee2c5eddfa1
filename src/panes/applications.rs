//! Argo CD applications: sync, health, revision, operation, auto-sync. Enter shows the history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::gitops_common::{argo_note, health_icon, health_role, phase_style, sync_style};
use super::table::{self, fill, fixed};
use super::{pane_block, pane_title_fit};
use crate::app::state::AppState;
use crate::argocd::summary::AppSummary;
use crate::kargo::summary::short;
use crate::theme::{Role, Theme};
use crate::ui::format::human_age;
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let g = &state.gitops;
    let mut title = pane_title_fit(PaneId::Applications, area.width, theme);
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
    let fit = Fit::for_width(inner.width as usize);
    let columns = [
        fixed("NAME", fit.name),
        fixed("SYNC", fit.sync),
        fixed("HEALTH", fit.health),
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
                cells(app, fit, theme),
                widths,
                selected && focused,
                selected && !focused,
                theme,
            )
        },
    );
}

/// Column widths: SYNC and HEALTH are what the pane is for, so on a narrow pane they shrink
/// to their icons and the name gives up width before either is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fit {
    name: usize,
    sync: usize,
    health: usize,
}

impl Fit {
    const FULL: Fit = Fit {
        name: 12,
        sync: 11,
        health: 13,
    };
    const ICON: usize = 4;
    const NAME_MIN: usize = 6;

    fn for_width(inner: usize) -> Fit {
        // Each column takes one separating space.
        let used = |f: Fit| f.name + f.sync + f.health + 3;
        if used(Fit::FULL) <= inner {
            return Fit::FULL;
        }
        let mut fit = Fit {
            name: Self::NAME_MIN,
            sync: Self::ICON,
            ..Fit::FULL
        };
        if used(fit) > inner {
            fit.health = "HEALTH".len();
        }
        fit.name = (inner.saturating_sub(used(fit)) + Self::NAME_MIN).min(Fit::FULL.name);
        fit
    }

    fn words(width: usize, full: usize) -> bool {
        width >= full
    }
}

fn cells(app: &AppSummary, fit: Fit, theme: &Theme) -> Vec<(String, ratatui::style::Style)> {
    let (sync_icon, sync_role) = sync_style(&app.sync);
    let sync = if Fit::words(fit.sync, Fit::FULL.sync) {
        format!("{sync_icon} {}", app.sync)
    } else {
        sync_icon.to_string()
    };
    let health = if Fit::words(fit.health, Fit::FULL.health) {
        format!("{} {}", health_icon(&app.health), app.health)
    } else {
        health_icon(&app.health).to_string()
    };
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
        (sync, theme.fg(sync_role)),
        (
            health,
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

#[cfg(test)]
mod tests {
    use super::Fit;

    #[test]
    fn wide_panes_show_sync_and_health_in_words() {
        assert_eq!(Fit::for_width(60), Fit::FULL);
    }

    #[test]
    fn narrow_panes_keep_sync_and_health_as_icons_and_shrink_the_name() {
        // The applications tab at 80×24 is 22 columns inside.
        let fit = Fit::for_width(22);
        assert_eq!((fit.sync, fit.health), (4, 6));
        assert_eq!(fit.name + fit.sync + fit.health + 3, 22);
        // Room for health in words but not sync.
        let fit = Fit::for_width(30);
        assert_eq!((fit.sync, fit.health, fit.name), (4, 13, 10));
    }
}
