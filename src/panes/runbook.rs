//! The presenter's pane: steps with their state and time, the current step's notes, and what
//! runs next — shown before it runs — or what is running and what it waits for.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{pane_block, pane_title};
use crate::app::runbook::state::{Phase, RunbookState, StepStatus, Waiting};
use crate::app::state::{AppState, InputTarget};
use crate::keymap::Command;
use crate::runbook::model::Block;
use crate::theme::{Role, Theme};
use crate::ui::format::{human_duration, truncate};
use crate::ui::layout::PaneId;

const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

pub fn render(
    frame: &mut Frame,
    area: Rect,
    rb: &RunbookState,
    state: &AppState,
    theme: &Theme,
    focused: bool,
) {
    let mut title = pane_title(PaneId::Runbook, theme);
    title.push(Span::raw(" ─ "));
    title.push(Span::styled(
        rb.runbook.title.clone(),
        theme.fg(Role::Accent),
    ));
    if let Some(input) = state
        .input
        .as_ref()
        .filter(|i| i.target == InputTarget::JumpToStep)
    {
        title.push(Span::styled(
            format!(" ─ step :{}▏", input.text),
            theme.fg(Role::Accent),
        ));
    }
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let list_height = (rb.steps.len() as u16).min(inner.height / 2).max(1);
    let [list, detail] =
        Layout::vertical([Constraint::Length(list_height), Constraint::Min(0)]).areas(inner);
    steps(frame, list, rb, state, theme, focused);
    current(frame, detail, rb, state, theme);
}

fn status_icon(status: &StepStatus, now_secs: i64) -> (&'static str, Role) {
    match status {
        StepStatus::Pending => (" ", Role::Muted),
        StepStatus::Running => (
            SPINNER[(now_secs.rem_euclid(4)) as usize],
            Role::Progressing,
        ),
        StepStatus::Paused(_) => ("‖", Role::Progressing),
        StepStatus::Done => ("✓", Role::Healthy),
        StepStatus::Failed(_) => ("✗", Role::Error),
        StepStatus::Cancelled(_) => ("⊘", Role::Warning),
        StepStatus::Skipped => ("↷", Role::Muted),
    }
}

fn steps(
    frame: &mut Frame,
    area: Rect,
    rb: &RunbookState,
    state: &AppState,
    theme: &Theme,
    focused: bool,
) {
    let height = area.height as usize;
    let offset = crate::ui::scroll::follow(
        rb.current.saturating_sub(height / 2),
        rb.current,
        height,
        rb.steps.len(),
    );
    let width = area.width as usize;
    let lines: Vec<Line> =
        rb.steps
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(i, run)| {
                let (icon, role) = status_icon(&run.status, state.now.as_second());
                let took = match (run.started, run.finished) {
                    (Some(s), Some(f)) => human_duration(f.as_second() - s.as_second()),
                    (Some(s), None) => human_duration(state.now.as_second() - s.as_second()),
                    _ => String::new(),
                };
                let number = format!("{icon} {:>2} ", i + 1);
                let room = width.saturating_sub(number.chars().count() + took.len() + 1);
                let title = truncate(&rb.runbook.steps[i].title, room);
                let pad = " ".repeat(room.saturating_sub(title.chars().count()) + 1);
                let current = i == rb.current;
                let line = Line::from(vec![
                    Span::styled(number, theme.fg(role).add_modifier(Modifier::BOLD)),
                    Span::styled(
                        title,
                        if current {
                            theme.fg(Role::Text).add_modifier(Modifier::BOLD)
                        } else {
                            theme.fg(Role::Text)
                        },
                    ),
                    Span::raw(pad),
                    Span::styled(took, theme.fg(Role::Muted)),
                ]);
                match (current, focused) {
                    (true, true) => line.style(theme.selection()),
                    (true, false) => line
                        .style(ratatui::style::Style::default().add_modifier(Modifier::UNDERLINED)),
                    _ => line,
                }
            })
            .collect();
    frame.render_widget(Paragraph::new(lines).style(theme.base()), area);
}

fn current(frame: &mut Frame, area: Rect, rb: &RunbookState, state: &AppState, theme: &Theme) {
    let Some(step) = rb.runbook.steps.get(rb.current) else {
        return;
    };
    let run = &rb.steps[rb.current];
    let keys = |c: Command| state.keymap.describe_keys(c);
    let mut lines = vec![Line::styled(
        format!("{}. {}", rb.current + 1, step.title),
        theme.fg(Role::Title).add_modifier(Modifier::BOLD),
    )];
    match &run.status {
        StepStatus::Failed(why) | StepStatus::Cancelled(why) => {
            let (icon, role) = status_icon(&run.status, 0);
            lines.push(Line::styled(
                format!("{icon} {why}"),
                theme.fg(role).add_modifier(Modifier::BOLD),
            ));
            if let Some(keys) = rb.recovery_keys(&state.keymap, state.read_only) {
                lines.push(Line::styled(keys, theme.fg(Role::Muted)));
            }
        }
        StepStatus::Paused(message) => {
            lines.push(Line::styled(
                format!("‖ {}", message.clone().unwrap_or_else(|| "paused".into())),
                theme.fg(Role::Progressing),
            ));
            lines.push(Line::styled(
                format!("{} continues", keys(Command::RunStep)),
                theme.fg(Role::Muted),
            ));
        }
        _ => {}
    }
    lines.push(Line::raw(""));
    for note in &step.notes {
        lines.push(Line::styled(note.clone(), theme.fg(Role::Text)));
    }
    lines.push(Line::raw(""));
    lines.extend(plan(rb, state, theme));
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.base())
            .wrap(Wrap { trim: false })
            .scroll((rb.notes_scroll as u16, 0)),
        area,
    );
}

/// The step's commands and actions, the one running (or waited on) marked.
fn plan<'a>(rb: &RunbookState, state: &AppState, theme: &Theme) -> Vec<Line<'a>> {
    let step = &rb.runbook.steps[rb.current];
    let cursor = rb.cursor.as_ref().filter(|c| c.step == rb.current);
    let blocks = match cursor.map(|c| c.phase) {
        Some(Phase::Fallback) => &step.fallback,
        _ => &step.blocks,
    };
    let heading = if cursor.is_some_and(|c| c.phase == Phase::Fallback) {
        "fallback:"
    } else {
        "runs:"
    };
    let mut lines = vec![Line::styled(
        heading,
        theme.fg(Role::Muted).add_modifier(Modifier::BOLD),
    )];
    if blocks.is_empty() {
        lines.push(Line::styled(
            "  nothing to run: notes only",
            theme.fg(Role::Muted),
        ));
    }
    for (b, block) in blocks.iter().enumerate() {
        let items: Vec<String> = match block {
            Block::Command(c) => c.script.trim().lines().map(|l| format!("$ {l}")).collect(),
            Block::Builtins(actions) => actions.iter().map(|a| format!("▸ {}", a.source)).collect(),
        };
        for (i, text) in items.into_iter().enumerate() {
            // The item being run: for commands the block was already passed; for actions the
            // index was advanced past it.
            let active = cursor.is_some_and(|c| match block {
                Block::Command(_) => {
                    c.block == b + 1 && matches!(c.waiting, Waiting::Command { .. })
                }
                Block::Builtins(_) => {
                    c.block == b && c.action == i + 1 && c.waiting != Waiting::Nothing
                }
            });
            let style = if active {
                theme.fg(Role::Progressing).add_modifier(Modifier::BOLD)
            } else {
                theme.fg(Role::Accent)
            };
            lines.push(Line::styled(format!("  {text}"), style));
            if active
                && let Some(Waiting::Condition {
                    since,
                    timeout,
                    description,
                    ..
                }) = cursor.map(|c| &c.waiting)
            {
                {
                    let waited = human_duration(state.now.as_second() - since.as_second());
                    lines.push(Line::styled(
                        format!(
                            "    {} waiting for {description} ({waited} of {})",
                            SPINNER[(state.now.as_second().rem_euclid(4)) as usize],
                            human_duration(timeout.as_secs() as i64)
                        ),
                        theme.fg(Role::Progressing),
                    ));
                }
            }
        }
    }
    lines
}
