//! The confirmation popup: says exactly what will happen and where, and waits for y/n.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{centered, pane_block};
use crate::keymap::{Command, Keymap};
use crate::sources::writes::mutation::Mutation;
use crate::theme::{Role, Theme};

/// `text` is what will happen, in full (a rollback says it is one).
pub fn render(
    frame: &mut Frame,
    area: Rect,
    mutation: &Mutation,
    text: &str,
    keymap: &Keymap,
    theme: &Theme,
) {
    let popup = centered(area, 60, 30, (56, 9));
    frame.render_widget(Clear, popup);
    let title = vec![Span::styled(
        format!("confirm ─ {}", mutation.environment()),
        theme.fg(Role::Warning).add_modifier(Modifier::BOLD),
    )];
    let lines = vec![
        Line::raw(""),
        Line::styled(
            text.to_string(),
            theme.fg(Role::Text).add_modifier(Modifier::BOLD),
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled(
                format!(" {} ", keymap.describe_keys(Command::Confirm)),
                theme.selection(),
            ),
            Span::raw(" go ahead    "),
            Span::styled(
                format!(" {} ", keymap.describe_keys(Command::Cancel)),
                theme.fg(Role::Muted).add_modifier(Modifier::REVERSED),
            ),
            Span::raw(" cancel"),
        ]),
    ];
    let paragraph = Paragraph::new(lines)
        .block(pane_block(title, true, theme))
        .wrap(Wrap { trim: false });
    frame.render_widget(paragraph, popup);
}
