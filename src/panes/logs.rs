//! The output pane: a pod's log stream (follow, wrap, search). Until runbook commands exist,
//! it says so and how to put a pod's log here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::pane_block;
use crate::app::logs::{LogStatus, LogView};
use crate::app::state::{AppState, InputTarget};
use crate::app::text_match;
use crate::keymap::Command;
use crate::theme::{Role, Theme};
use crate::ui::format::middle_truncate;
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let logs = &state.logs;
    let Some(target) = &logs.target else {
        let block = pane_block(vec![Span::raw(PaneId::Output.name())], focused, theme);
        let hint = format!(
            "Runbook command output will appear here. Select a pod and press {} to stream its logs.",
            state.keymap.describe_keys(Command::Logs)
        );
        frame.render_widget(
            Paragraph::new(hint)
                .style(theme.fg(Role::Muted))
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    };
    // Status and search first: when the title is too long for the pane, the pod name (middle
    // cut, keeping its unique suffix) gives way, never the state of the stream.
    let mut title = vec![Span::raw("output ─ ")];
    title.extend(status_spans(logs, theme));
    match &state.input {
        Some(input) if input.target == InputTarget::LogSearch => {
            title.push(Span::styled(
                format!(" /{}▏", input.text),
                theme.fg(Role::Accent),
            ));
        }
        _ => {
            if let Some(term) = logs.search() {
                title.push(Span::styled(format!(" /{term}"), theme.fg(Role::Accent)));
                title.push(Span::styled(
                    format!(" {}", match_count(logs)),
                    theme.fg(Role::Muted),
                ));
            }
        }
    }
    let container = if target.containers.len() > 1 {
        format!(" [{}]", target.container)
    } else {
        String::new()
    };
    // Borders, the padding pane_block adds, and " ─ logs ".
    let used: usize =
        title.iter().map(|s| s.content.width()).sum::<usize>() + container.width() + 4 + 8;
    let room = (area.width as usize).saturating_sub(used);
    let pod = middle_truncate(&format!("{}/{}", target.namespace, target.pod), room);
    title.push(Span::raw(" ─ logs "));
    title.push(Span::styled(pod, theme.fg(Role::Accent)));
    title.push(Span::raw(container));
    let block = pane_block(title, focused, theme).title_bottom(key_hints(state, theme));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let lines = visible_lines(logs, inner.height as usize, inner.width as usize, theme);
    let mut paragraph = Paragraph::new(lines).style(theme.base());
    if logs.wrap {
        paragraph = paragraph.wrap(Wrap { trim: false });
    }
    frame.render_widget(paragraph, inner);
}

/// "3/17" on a match, "17 matches" before the first jump, "no match".
fn match_count(logs: &LogView) -> String {
    match logs.matches() {
        Some((_, 0)) | None => "no match".into(),
        Some((Some(place), hits)) => format!("{place}/{hits}"),
        Some((None, 1)) => "1 match".into(),
        Some((None, hits)) => format!("{hits} matches"),
    }
}

/// The log view's keys in its bottom border, most used first (the border cuts the rest):
/// a presenter who opened a log should not have to guess how to search it or leave it.
fn key_hints<'a>(state: &AppState, theme: &Theme) -> Line<'a> {
    let keys = |c| state.keymap.describe_keys(c);
    let searching = state.logs.search().is_some();
    let leave = if searching { "clear search" } else { "stop" };
    let mut hints = vec![
        (keys(Command::Search), "search"),
        (keys(Command::StopLogs), leave),
        (
            format!("{}/{}", keys(Command::NextMatch), keys(Command::PrevMatch)),
            "match",
        ),
        (keys(Command::Follow), "follow"),
        (keys(Command::Wrap), "wrap"),
    ];
    if state
        .logs
        .target
        .as_ref()
        .is_some_and(|t| t.containers.len() > 1)
    {
        hints.push((keys(Command::NextContainer), "container"));
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, what)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.fg(Role::Muted)));
        }
        spans.push(Span::styled(key, theme.fg(Role::Accent)));
        spans.push(Span::styled(format!(" {what}"), theme.fg(Role::Muted)));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

fn status_spans<'a>(logs: &LogView, theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = match &logs.status {
        LogStatus::Connecting => vec![Span::styled("connecting…", theme.fg(Role::Muted))],
        LogStatus::Streaming if logs.follow => {
            vec![Span::styled("● following", theme.fg(Role::Healthy))]
        }
        LogStatus::Streaming => vec![Span::styled("⏸ paused", theme.fg(Role::Progressing))],
        LogStatus::Ended(why) => vec![Span::styled(format!("■ {why}"), theme.fg(Role::Muted))],
        LogStatus::Failed(error) => vec![Span::styled(format!("✗ {error}"), theme.fg(Role::Error))],
    };
    if logs.wrap {
        spans.push(Span::styled(" · wrap", theme.fg(Role::Muted)));
    }
    spans
}

/// The kept lines that fit, anchored at the bottom while following. With wrap on, lines are
/// counted by how many rows they take so the newest line is never pushed off screen.
fn visible_lines<'a>(logs: &LogView, height: usize, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let term = logs.search().map(|s| s.to_lowercase());
    visible_range(logs, height, width)
        .map(|i| highlight(logs.line(i), term.as_deref(), theme))
        .collect()
}

/// Which kept lines fit in `height` rows: the last ones while following (counting wrapped
/// rows when wrap is on), else from the paused top line.
pub fn visible_range(logs: &LogView, height: usize, width: usize) -> std::ops::Range<usize> {
    if logs.is_empty() {
        return 0..0;
    }
    let (start, end) = if logs.follow {
        let end = logs.len();
        let mut rows = 0;
        let mut start = end;
        while start > 0 {
            let h = if logs.wrap {
                rows_of(logs.line(start - 1), width)
            } else {
                1
            };
            if rows + h > height {
                break;
            }
            rows += h;
            start -= 1;
        }
        (start.min(end.saturating_sub(1)), end)
    } else {
        let start = logs.top_index();
        (start, (start + height).min(logs.len()))
    };
    start..end
}

fn rows_of(line: &str, width: usize) -> usize {
    line.width().div_ceil(width.max(1)).max(1)
}

pub(crate) fn highlight<'a>(line: &str, term: Option<&str>, theme: &Theme) -> Line<'a> {
    let Some(term) = term.filter(|t| !t.is_empty()) else {
        return Line::raw(line.to_string());
    };
    let mut spans = Vec::new();
    let mut at = 0;
    for hit in text_match::find(line, term) {
        spans.push(Span::raw(line[at..hit.start].to_string()));
        spans.push(Span::styled(
            line[hit.clone()].to_string(),
            theme.selection().add_modifier(Modifier::BOLD),
        ));
        at = hit.end;
    }
    spans.push(Span::raw(line[at..].to_string()));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn highlight_survives_lowercase_that_moves_char_boundaries() {
        let theme = Theme::default_theme();
        for (line, term) in [("Ωİx", "i"), ("ẞİx", "i"), ("ẞİx", "x"), ("İİ", "i̇")] {
            assert_eq!(text(&highlight(line, Some(term), &theme)), line);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn highlight_keeps_the_line_for_any_unicode(line in any::<String>(), term in any::<String>()) {
            let theme = Theme::default_theme();
            prop_assert_eq!(text(&highlight(&line, Some(&term), &theme)), line);
        }
    }
}
