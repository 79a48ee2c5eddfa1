//! The message history popup: every message the status line showed, newest first, in full
//! (wrapped, never cut), with how long ago it came.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{centered, pane_block};
use crate::app::messages::{MessageKind, MessageLog};
use crate::app::runbook::state::first_key;
use crate::keymap::{Command, Keymap};
use crate::theme::{Role, Theme};
use crate::ui::format::human_duration;

use k8s_openapi::jiff::Timestamp;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    log: &MessageLog,
    now: Timestamp,
    scroll: usize,
    keymap: &Keymap,
    theme: &Theme,
) {
    let popup = centered(area, 80, 70, (60, 10));
    frame.render_widget(Clear, popup);
    let title = format!(
        "messages ─ newest first ({} closes)",
        first_key(keymap, Command::Close)
    );
    let block = pane_block(vec![Span::raw(title)], true, theme);
    let inner = block.inner(popup);
    let lines = lines(log, now, inner.width as usize, theme);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize)) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(theme.base())
            .scroll((scroll, 0)),
        popup,
    );
}

fn lines<'a>(log: &MessageLog, now: Timestamp, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    if log.is_empty() {
        return vec![Line::styled(" no messages yet", theme.fg(Role::Muted))];
    }
    // `  12s ago ✗ ` then the text, its further lines indented under the text.
    const AGE: usize = 9;
    let indent = AGE + 4;
    let mut out = Vec::new();
    for message in log.newest_first() {
        let (icon, role) = match message.kind {
            MessageKind::Info => ("›", Role::Accent),
            MessageKind::Success => ("✓", Role::Healthy),
            MessageKind::Warning => ("!", Role::Warning),
            MessageKind::Error => ("✗", Role::Error),
        };
        let age = format!(
            "{} ago",
            human_duration(now.as_second() - message.at.as_second())
        );
        let text = match message.count {
            1 => message.text.clone(),
            n => format!("{} (×{n})", message.text),
        };
        for (i, part) in wrap(&text, width.saturating_sub(indent).max(10))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                vec![
                    Span::styled(format!(" {age:>AGE$} "), theme.fg(Role::Muted)),
                    Span::styled(
                        format!("{icon} "),
                        theme.fg(role).add_modifier(Modifier::BOLD),
                    ),
                ]
            } else {
                vec![Span::raw(" ".repeat(indent - 1))]
            };
            let mut spans = lead;
            spans.push(Span::styled(part, theme.fg(Role::Text)));
            out.push(Line::from(spans));
        }
    }
    out
}

/// Breaks at spaces to fit `width` columns; a word longer than a line is cut into pieces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut pieces = Vec::new();
        let mut piece = String::new();
        for c in word.chars() {
            if !piece.is_empty() && piece.width() + c.width().unwrap_or(0) > width {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push(c);
        }
        pieces.push(piece);
        for piece in pieces {
            if !line.is_empty() && line.width() + 1 + piece.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_cuts_only_words_too_long() {
        assert_eq!(
            wrap("step 6 failed: read-only", 10),
            ["step 6", "failed:", "read-only"]
        );
        assert_eq!(wrap("abcdefghijkl x", 5), ["abcde", "fghij", "kl x"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
