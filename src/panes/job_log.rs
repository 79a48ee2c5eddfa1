//! A CI job's log in the output pane: step groups folded (▸) or open (▾), errors and warnings
//! marked, ANSI colours kept, a cursor that folds/unfolds. GitHub serves a log only once its
//! job has completed, so until then the pane shows the job's steps, live, from the jobs API.
//! Only the rows on screen are built, so a 100,000-line log draws as fast as a short one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ci::step_line;
use super::pane_block;
use crate::app::state::{AppState, InputTarget};
use crate::job_log::parse::{LineKind, LogLine};
use crate::job_log::view::{JobLogStatus, JobLogView};
use crate::theme::{Role, Theme};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    view: &JobLogView,
    state: &AppState,
    theme: &Theme,
    focused: bool,
) {
    let mut title = vec![Span::raw("output ─ ")];
    title.push(match &view.status {
        JobLogStatus::Loading => Span::styled("loading…", theme.fg(Role::Muted)),
        JobLogStatus::Waiting => Span::styled("◐ job running", theme.fg(Role::Progressing)),
        JobLogStatus::Streaming if view.follow => {
            Span::styled("● following", theme.fg(Role::Healthy))
        }
        JobLogStatus::Streaming => Span::styled("⏸ paused", theme.fg(Role::Progressing)),
        JobLogStatus::Complete => Span::styled("■ complete", theme.fg(Role::Muted)),
        JobLogStatus::Failed(e) => Span::styled(format!("✗ {e}"), theme.fg(Role::Error)),
    });
    match &state.input {
        Some(input) if input.target == InputTarget::JobLogSearch => {
            title.push(Span::styled(
                format!(" /{}▏", input.text),
                theme.fg(Role::Accent),
            ));
        }
        _ => {
            if let Some(term) = &view.search {
                title.push(Span::styled(format!(" /{term}"), theme.fg(Role::Accent)));
            }
        }
    }
    title.push(Span::raw(" ─ CI job "));
    title.push(Span::styled(view.title.clone(), theme.fg(Role::Accent)));
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let visible = view.visible();
    if view.status == JobLogStatus::Waiting && visible.is_empty() {
        frame.render_widget(waiting(view, state, theme), inner);
        return;
    }
    if visible.is_empty() {
        let text = if view.status == JobLogStatus::Loading {
            "fetching the log…"
        } else {
            "the log is empty so far"
        };
        frame.render_widget(Paragraph::new(text).style(theme.fg(Role::Muted)), inner);
        return;
    }
    let height = inner.height as usize;
    let top = view.offset.min(visible.len().saturating_sub(1));
    let cursor = view.cursor();
    let search = view.search.as_ref().map(|s| s.to_lowercase());
    let lines: Vec<Line> = (top..(top + height).min(visible.len()))
        .map(|row| {
            let line = &view.lines()[visible[row] as usize];
            let mut rendered = render_line(line, view, theme, search.as_deref());
            if focused && row == cursor && !view.follow {
                rendered = rendered.style(theme.selection());
            }
            rendered
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).style(theme.base()), inner);
}

/// A running job: why there is no log yet, and its steps as the jobs API reports them.
fn waiting<'a>(view: &JobLogView, state: &AppState, theme: &Theme) -> Paragraph<'a> {
    let mut lines = vec![Line::styled(
        "log available when the job completes; its steps so far:",
        theme.fg(Role::Muted),
    )];
    let job = state
        .ci
        .jobs
        .values()
        .flatten()
        .find(|j| j.id == view.job_id);
    if let Some(job) = job {
        lines.extend(job.steps.iter().map(|s| step_line(s, state, theme)));
    }
    Paragraph::new(lines).style(theme.base())
}

fn render_line<'a>(
    line: &LogLine,
    view: &JobLogView,
    theme: &Theme,
    search: Option<&str>,
) -> Line<'a> {
    let mut spans = Vec::new();
    if view.show_timestamps {
        let stamp = line.time.map(|(secs, _)| {
            let day = secs.rem_euclid(86_400);
            format!("{:02}:{:02}:{:02} ", day / 3600, day / 60 % 60, day % 60)
        });
        spans.push(Span::styled(
            stamp.unwrap_or_else(|| " ".repeat(9)),
            theme.fg(Role::Muted),
        ));
    }
    let in_group = line.group.is_some() && line.kind != LineKind::GroupStart;
    if in_group {
        spans.push(Span::raw("  "));
    }
    let (prefix, style) = match line.kind {
        LineKind::GroupStart => {
            let group = line.group.unwrap_or(0);
            let arrow = if view.is_expanded(group) {
                "▾ "
            } else {
                "▸ "
            };
            let failed = view.group_failed(group);
            spans.push(Span::styled(arrow, theme.fg(Role::Muted)));
            let style = theme
                .fg(if failed { Role::Error } else { Role::Title })
                .add_modifier(Modifier::BOLD);
            if failed {
                spans.push(Span::styled("✗ ", style));
            }
            ("", style)
        }
        LineKind::Error => ("✗ ", theme.fg(Role::Error).add_modifier(Modifier::BOLD)),
        LineKind::Warning => ("! ", theme.fg(Role::Warning)),
        LineKind::Notice => ("ℹ ", theme.fg(Role::Accent)),
        LineKind::Debug | LineKind::Command => ("", theme.fg(Role::Muted)),
        LineKind::Section => ("", theme.fg(Role::Title)),
        LineKind::Plain => ("", theme.fg(Role::Text)),
    };
    if !prefix.is_empty() && line.time.is_some() {
        spans.push(Span::styled(prefix, style));
    }
    match (&line.spans, line.kind) {
        // ANSI colours only for plain output; markers decide the style of marked lines.
        (Some(runs), LineKind::Plain) => {
            for (text, ansi) in runs.iter() {
                spans.push(Span::styled(
                    text.clone(),
                    style.patch(ansi_for_theme(*ansi, theme)),
                ));
            }
        }
        _ => spans.push(Span::styled(line.text.to_string(), style)),
    }
    if let Some(term) = search.filter(|t| !t.is_empty())
        && line.text.to_lowercase().contains(term)
    {
        return Line::from(spans).style(Style::default().add_modifier(Modifier::UNDERLINED));
    }
    Line::from(spans)
}

/// Under NO_COLOR the log's own colours go too; emphasis (bold, underline) stays.
fn ansi_for_theme(style: Style, theme: &Theme) -> Style {
    if theme.color(Role::Text) == ratatui::style::Color::Reset
        && theme.color(Role::Accent) == ratatui::style::Color::Reset
    {
        Style {
            fg: None,
            bg: None,
            ..style
        }
    } else {
        style
    }
}
