//! Popups of the GitOps panes: choosing a stage, freight details, promotion steps, app history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{applications, centered, pane_block, promotions};
use crate::app::state::{AppState, PickAction, StagePicker};
use crate::kargo::summary::short;
use crate::theme::{Role, Theme};
use crate::ui::format::{fit, human_age};
use showrunner_model::kargo::availability::availability;

fn popup<'a>(
    frame: &mut Frame,
    area: Rect,
    title: Vec<Span<'a>>,
    lines: Vec<Line<'a>>,
    scroll: usize,
    theme: &Theme,
) {
    let rect = centered(area, 70, 70, (60, 12));
    frame.render_widget(Clear, rect);
    let block = pane_block(title, true, theme);
    let inner = block.inner(rect);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize)) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        rect,
    );
}

pub fn stage_picker(
    frame: &mut Frame,
    area: Rect,
    picker: &StagePicker,
    state: &AppState,
    theme: &Theme,
) {
    let alias = state
        .gitops
        .freight_named(&picker.freight)
        .map(|f| f.alias.clone())
        .unwrap_or_else(|| picker.freight.clone());
    let (verb, to) = match picker.action {
        PickAction::Promote => ("promote", "to"),
        PickAction::Approve => ("approve", "for"),
    };
    let mut lines = vec![Line::raw("")];
    for (i, option) in picker.options.iter().enumerate() {
        let marker = if i == picker.cursor { "▶ " } else { "  " };
        // "→" (can be chosen), not "✓": a tick next to "approve for stg" would read as done.
        let (role, mark) = if option.allowed {
            (Role::Healthy, "→")
        } else {
            (Role::Muted, "✗")
        };
        let line = Line::from(vec![
            Span::raw(marker),
            Span::styled(
                fit(&option.stage, 10),
                theme.fg(Role::Text).add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("{mark} {}", option.note), theme.fg(role)),
        ]);
        lines.push(if i == picker.cursor {
            line.style(theme.selection())
        } else {
            line
        });
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "enter choose · esc cancel · j/k move",
        theme.fg(Role::Muted),
    ));
    let title = vec![
        Span::raw(format!("{verb} ")),
        Span::styled(alias, theme.fg(Role::Accent)),
        Span::raw(format!(" {to} …")),
    ];
    popup(frame, area, title, lines, 0, theme);
}

pub fn freight_details(
    frame: &mut Frame,
    area: Rect,
    name: &str,
    scroll: usize,
    state: &AppState,
    theme: &Theme,
) {
    let Some(f) = state.gitops.freight_named(name) else {
        popup(
            frame,
            area,
            vec![Span::raw("freight")],
            vec![Line::raw("This freight no longer exists.")],
            0,
            theme,
        );
        return;
    };
    let muted = theme.fg(Role::Muted);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("name    ", muted),
            Span::raw(f.name.clone()),
        ]),
        Line::from(vec![
            Span::styled("origin  ", muted),
            Span::raw(format!("{} {}", f.origin.kind, f.origin.name)),
        ]),
        Line::from(vec![
            Span::styled("age     ", muted),
            Span::raw(human_age(f.created, state.now)),
        ]),
        Line::raw(""),
        Line::styled("Images", theme.fg(Role::Title).add_modifier(Modifier::BOLD)),
    ];
    for image in &f.images {
        lines.push(Line::raw(format!("  {}:{}", image.repo_url, image.tag)));
    }
    if !f.charts.is_empty() {
        lines.push(Line::styled(
            "Charts",
            theme.fg(Role::Title).add_modifier(Modifier::BOLD),
        ));
    }
    for chart in &f.charts {
        // OCI charts have no name apart from their URL.
        let name = if chart.name.is_empty() {
            String::new()
        } else {
            format!(" {}", chart.name)
        };
        lines.push(Line::raw(format!(
            "  {}{name} {}",
            chart.repo_url, chart.version
        )));
    }
    if let Some((id, message)) = &f.commit {
        lines.push(Line::styled(
            "Commit",
            theme.fg(Role::Title).add_modifier(Modifier::BOLD),
        ));
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ", short(id)), theme.fg(Role::Accent)),
            Span::raw(message.clone()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Stages",
        theme.fg(Role::Title).add_modifier(Modifier::BOLD),
    ));
    for stage in state.gitops.stage_names() {
        let here = if f.status.currently_in.contains_key(&stage) {
            "● running here  "
        } else {
            ""
        };
        let verified = if f.status.verified_in.contains_key(&stage) {
            "✓ verified  "
        } else {
            ""
        };
        let approved = if f.status.approved_for.contains_key(&stage) {
            "A approved  "
        } else {
            ""
        };
        let available = state
            .gitops
            .stage(&stage)
            .map(|s| availability(&stage, &s.requests, &f.origin, &f.status, state.now));
        let avail = match available {
            Some(a) if a.is_available() => "available".to_string(),
            Some(showrunner_model::kargo::availability::Availability::Unavailable(why)) => {
                format!("not available: {why}")
            }
            _ => String::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}", fit(&stage, 8)),
                theme.fg(Role::Text).add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("{here}{verified}{approved}"),
                theme.fg(Role::Healthy),
            ),
            Span::styled(avail, muted),
        ]));
    }
    popup(
        frame,
        area,
        vec![
            Span::raw("freight "),
            Span::styled(f.alias.clone(), theme.fg(Role::Accent)),
        ],
        lines,
        scroll,
        theme,
    );
}

pub fn promotion_steps(
    frame: &mut Frame,
    area: Rect,
    name: &str,
    scroll: usize,
    state: &AppState,
    theme: &Theme,
) {
    let lines = match state.gitops.promotion(name) {
        Some(p) => promotions::step_lines(p, state, theme),
        None => vec![Line::raw("This promotion no longer exists.")],
    };
    popup(
        frame,
        area,
        vec![
            Span::raw("promotion "),
            Span::styled(name.to_string(), theme.fg(Role::Accent)),
        ],
        lines,
        scroll,
        theme,
    );
}

pub fn app_history(
    frame: &mut Frame,
    area: Rect,
    name: &str,
    scroll: usize,
    state: &AppState,
    theme: &Theme,
) {
    let lines = match state.gitops.apps.in_namespace_any(name) {
        Some(app) => applications::history_lines(app, state, theme),
        None => vec![Line::raw("This application no longer exists.")],
    };
    popup(
        frame,
        area,
        vec![
            Span::raw("history "),
            Span::styled(name.to_string(), theme.fg(Role::Accent)),
        ],
        lines,
        scroll,
        theme,
    );
}
