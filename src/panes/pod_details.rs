//! The details popup of a pod (Enter): containers, conditions and recent events, the first
//! things anyone looks at in `kubectl describe pod`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{centered, health_role, pane_block};
use crate::app::state::{AppState, Loadable, PodDetails};
use crate::kube::pod_summary::PodSummary;
use crate::theme::{Role, Theme};
use crate::ui::format::{fit, human_age, restarts};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    details: &PodDetails,
    state: &AppState,
    theme: &Theme,
) {
    let popup = centered(area, 80, 80, (60, 16));
    frame.render_widget(Clear, popup);
    let title = vec![
        Span::raw("pod "),
        Span::styled(
            format!("{}/{}", details.namespace, details.pod),
            theme.fg(Role::Accent),
        ),
    ];
    let block = pane_block(title, true, theme);
    let inner = block.inner(popup);
    let lines = match state.pods.find(&details.namespace, &details.pod) {
        Some(pod) => body(pod, details, state, theme),
        None => vec![Line::styled(
            "This pod no longer exists.",
            theme.fg(Role::Warning),
        )],
    };
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    let scroll = details.scroll.min(max_scroll) as u16;
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(paragraph, popup);
}

fn heading<'a>(text: &'a str, theme: &Theme) -> Line<'a> {
    Line::styled(text, theme.fg(Role::Title).add_modifier(Modifier::BOLD))
}

fn body<'a>(
    pod: &PodSummary,
    details: &PodDetails,
    state: &AppState,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let muted = theme.fg(Role::Muted);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Status  ", muted),
            Span::styled(pod.status.to_string(), theme.fg(health_role(pod.health))),
            Span::styled("   Ready ", muted),
            Span::raw(format!("{}/{}", pod.ready, pod.total)),
            Span::styled("   Restarts ", muted),
            Span::raw(restarts(pod.restarts, pod.last_restart, state.now)),
            Span::styled("   Age ", muted),
            Span::raw(human_age(pod.created, state.now)),
        ]),
        Line::from(vec![
            Span::styled("Node    ", muted),
            Span::raw(pod.node.as_deref().unwrap_or("<none>").to_string()),
            Span::styled("   IP ", muted),
            Span::raw(pod.pod_ip.as_deref().unwrap_or("<none>").to_string()),
        ]),
        Line::raw(""),
        heading("Containers", theme),
    ];
    for c in pod.containers.iter() {
        let role = if c.ready {
            Role::Healthy
        } else {
            Role::Progressing
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                fit(&c.name, 16),
                theme.fg(Role::Text).add_modifier(Modifier::BOLD),
            ),
            Span::styled(fit(&c.state, 34), theme.fg(role)),
            Span::styled(
                if c.ready { "ready    " } else { "not ready" },
                theme.fg(role),
            ),
            Span::styled(format!("  restarts {}", c.restarts), muted),
        ]));
        lines.push(Line::from(vec![
            Span::raw("    "),
            Span::styled(c.image.clone(), muted),
        ]));
        if let Some(last) = &c.last_state {
            lines.push(Line::from(vec![
                Span::styled("    last: ", muted),
                Span::styled(last.clone(), theme.fg(Role::Warning)),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(heading("Conditions", theme));
    for c in pod.conditions.iter() {
        let role = if c.status == "True" {
            Role::Healthy
        } else {
            Role::Progressing
        };
        let mut spans = vec![
            Span::raw("  "),
            Span::raw(fit(&c.kind, 18)),
            Span::styled(fit(&c.status, 7), theme.fg(role)),
        ];
        if !c.reason.is_empty() || !c.message.is_empty() {
            spans.push(Span::styled(
                format!("{} {}", c.reason, c.message).trim().to_string(),
                muted,
            ));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(heading("Events", theme));
    match &details.events {
        Loadable::Loading => lines.push(Line::styled("  loading…", muted)),
        Loadable::Failed(e) => lines.push(Line::styled(
            format!("  cannot load events: {e}"),
            theme.fg(Role::Error),
        )),
        Loadable::Loaded(events) if events.is_empty() => {
            lines.push(Line::styled("  no recent events", muted))
        }
        Loadable::Loaded(events) => {
            for e in events {
                let role = if e.kind == "Warning" {
                    Role::Warning
                } else {
                    Role::Text
                };
                let count = if e.count > 1 {
                    format!(" (x{})", e.count)
                } else {
                    String::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        fit(&format!("  {}", human_age(e.last_seen, state.now)), 8),
                        muted,
                    ),
                    Span::styled(fit(&e.kind, 8), theme.fg(role)),
                    Span::styled(
                        fit(&e.reason, 18),
                        theme.fg(role).add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(format!("{}{count}", e.message)),
                ]));
            }
        }
    }
    lines
}
