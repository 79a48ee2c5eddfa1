//! Promotions, newest first: phase in colour, stage, freight, the running step, when, how long,
//! and the message. Enter shows the steps.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::gitops_common::{kargo_note, phase_style};
use super::table::{self, fill_at_least, fixed};
use super::{pane_block, pane_title_fit};
use crate::app::state::AppState;
use crate::kargo::summary::PromotionSummary;
use crate::theme::{Role, Theme};
use crate::ui::format::{human_age, human_duration};
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let g = &state.gitops;
    let mut title = pane_title_fit(PaneId::Promotions, area.width, theme);
    title.extend(kargo_note(state, theme));
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let names = g.promotion_list.keys();
    if names.is_empty() {
        frame.render_widget(
            Paragraph::new("No promotions yet.").style(theme.fg(Role::Muted)),
            inner,
        );
        return;
    }
    let columns = [
        fixed("PHASE", 12),
        fixed("STAGE", 6),
        fixed("FREIGHT", 14),
        fixed("STEP", 24),
        fixed("AGE", 5),
        fixed("TOOK", 5),
        // The message says how it ended: it keeps room before AGE and TOOK do.
        fill_at_least("MESSAGE", 16),
    ];
    let cursor = g.promotion_list.cursor();
    table::render_rows(
        frame,
        inner,
        &columns,
        names.len(),
        g.promotion_list.offset,
        theme,
        |i, widths| {
            let Some(p) = g.promotion(&names[i]) else {
                return Line::raw("");
            };
            let selected = i == cursor;
            table::row(
                cells(p, state, theme),
                widths,
                selected && focused,
                selected && !focused,
                theme,
            )
        },
    );
}

pub fn duration(p: &PromotionSummary, state: &AppState) -> String {
    match (p.started, p.finished) {
        (Some(s), Some(f)) => human_duration(f.as_second() - s.as_second()),
        (Some(s), None) => human_duration(state.now.as_second() - s.as_second()),
        _ => String::new(),
    }
}

fn cells(
    p: &PromotionSummary,
    state: &AppState,
    theme: &Theme,
) -> Vec<(String, ratatui::style::Style)> {
    let (icon, role) = phase_style(&p.phase);
    let freight = state
        .gitops
        .freight_named(&p.freight)
        .map(|f| f.alias.clone())
        .unwrap_or_else(|| p.freight.clone());
    let step = p
        .progress()
        .unwrap_or_else(|| crate::ui::format::count(p.steps.len(), "step"));
    let rollback = if p.rollback { "↩ " } else { "" };
    vec![
        (
            format!("{icon} {}", p.phase),
            theme.fg(role).add_modifier(Modifier::BOLD),
        ),
        (p.stage.clone(), theme.fg(Role::Text)),
        (format!("{rollback}{freight}"), theme.fg(Role::Accent)),
        (
            step,
            theme.fg(if p.is_terminal() {
                Role::Muted
            } else {
                Role::Progressing
            }),
        ),
        (human_age(p.created, state.now), theme.fg(Role::Muted)),
        (duration(p, state), theme.fg(Role::Muted)),
        (
            p.message.clone().unwrap_or_default(),
            theme.fg(if matches!(p.phase.as_str(), "Failed" | "Errored") {
                Role::Degraded
            } else {
                Role::Muted
            }),
        ),
    ]
}

/// The steps popup body: one line per step with its status, timing and message.
pub fn step_lines<'a>(p: &PromotionSummary, state: &AppState, theme: &Theme) -> Vec<Line<'a>> {
    let (icon, role) = phase_style(&p.phase);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{icon} {}", p.phase),
                theme.fg(role).add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!("  stage {}  freight {}  ", p.stage, p.freight)),
            Span::styled(duration(p, state), theme.fg(Role::Muted)),
        ]),
        Line::styled(p.message.clone().unwrap_or_default(), theme.fg(Role::Muted)),
        Line::raw(""),
    ];
    for (i, step) in p.steps.iter().enumerate() {
        let status =
            step.status
                .as_deref()
                .unwrap_or(if Some(i) == p.current_step && !p.is_terminal() {
                    "Running"
                } else {
                    "Pending"
                });
        let (icon, role) = match status {
            "Skipped" => ("↷", Role::Muted),
            s => phase_style(s),
        };
        let took = match (step.started, step.finished) {
            (Some(s), Some(f)) => human_duration(f.as_second() - s.as_second()),
            (Some(s), None) => human_duration(state.now.as_second() - s.as_second()),
            _ => String::new(),
        };
        let current = Some(i) == p.current_step && !p.is_terminal();
        let name_style = if current {
            theme.fg(Role::Progressing).add_modifier(Modifier::BOLD)
        } else {
            theme.fg(Role::Text)
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {icon} "), theme.fg(role)),
            Span::styled(format!("{:>2}. {:<24}", i + 1, step.name), name_style),
            Span::styled(format!("{status:<10} {took:>6}"), theme.fg(role)),
        ]));
        if let Some(msg) = &step.message {
            lines.push(Line::styled(
                format!("       {msg}"),
                theme.fg(if step.errors > 0 {
                    Role::Degraded
                } else {
                    Role::Muted
                }),
            ));
        }
    }
    lines
}
