//! The help popup, generated from the keymap so it can never disagree with the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, pane_block};
use crate::keymap::{Context, Keymap};
use crate::theme::{Role, Theme};
use crate::ui::format::fit;

pub fn render(frame: &mut Frame, area: Rect, keymap: &Keymap, scroll: usize, theme: &Theme) {
    let popup = centered(area, 70, 85, (78, 12));
    frame.render_widget(Clear, popup);
    let block = pane_block(
        vec![Span::raw("help ─ keys (Esc closes, j/k scroll)")],
        true,
        theme,
    );
    let inner = block.inner(popup);
    let lines = lines(keymap, theme);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize)) as u16;
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}

pub fn lines<'a>(keymap: &Keymap, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for context in Context::ALL {
        let entries = keymap.help_entries(context);
        if entries.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            context.title(),
            theme.fg(Role::Title).add_modifier(Modifier::BOLD),
        ));
        let key_width = entries
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for (keys, description) in entries {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(
                    fit(&keys, key_width),
                    theme.fg(Role::Accent).add_modifier(Modifier::BOLD),
                ),
                Span::styled(description, theme.fg(Role::Text)),
            ]));
        }
    }
    lines
}
