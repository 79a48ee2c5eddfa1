//! The question `q` asks in the middle of a talk: what quitting stops, what it keeps and what
//! it loses, and the keys that answer it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{centered, pane_block};
use crate::keymap::{Command, Keymap};
use crate::theme::{Role, Theme};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    consequences: &[String],
    keymap: &Keymap,
    theme: &Theme,
) {
    let popup = centered(area, 60, 35, (56, 11));
    frame.render_widget(Clear, popup);
    let title = vec![Span::styled(
        "quit ─ the talk is under way",
        theme.fg(Role::Warning).add_modifier(Modifier::BOLD),
    )];
    let mut lines = vec![Line::raw("")];
    for line in consequences {
        lines.push(Line::styled(
            line.clone(),
            theme.fg(Role::Text).add_modifier(Modifier::BOLD),
        ));
        lines.push(Line::raw(""));
    }
    lines.push(Line::from(vec![
        Span::styled(
            format!(" {} ", keymap.describe_keys(Command::Confirm)),
            theme.selection(),
        ),
        Span::raw(" quit    "),
        Span::styled(
            format!(" {} ", keymap.describe_keys(Command::Cancel)),
            theme.fg(Role::Muted).add_modifier(Modifier::REVERSED),
        ),
        Span::raw(" stay"),
    ]));
    let paragraph = Paragraph::new(lines)
        .block(pane_block(title, true, theme))
        .wrap(Wrap { trim: false });
    frame.render_widget(paragraph, popup);
}
