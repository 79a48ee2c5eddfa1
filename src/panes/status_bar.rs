//! The bottom line: where we are (sandbox or which context), read-only, messages, key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::state::AppState;
use crate::keymap::Command;
use crate::theme::{Role, Theme};
use crate::ui::format::truncate;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let bar = theme.status_bar();
    let mut left = vec![Span::styled(
        format!(" {} ", state.context_label),
        bar.add_modifier(Modifier::BOLD),
    )];
    if state.read_only {
        left.push(Span::styled(" READ-ONLY ", theme.selection()));
    }
    let message = state.flash.clone().or_else(|| {
        state.notices.first().map(|n| {
            let more = state.notices.len() - 1;
            if more > 0 {
                format!("{n} (+{more} more in the log)")
            } else {
                n.clone()
            }
        })
    });
    let hints = hints(state);
    let used: usize = left.iter().map(|s| s.content.width()).sum::<usize>() + hints.width() + 2;
    let room = (area.width as usize).saturating_sub(used);
    if let Some(message) = message {
        let role = if state.flash.is_some() {
            Role::Accent
        } else {
            Role::Warning
        };
        left.push(Span::styled(
            format!(" {}", truncate(&message, room)),
            bar.fg(theme.color(role)),
        ));
    }
    let left_width: usize = left.iter().map(|s| s.content.width()).sum();
    let pad = (area.width as usize).saturating_sub(left_width + hints.width());
    left.push(Span::styled(" ".repeat(pad), bar));
    left.push(Span::styled(hints, bar));
    frame.render_widget(Paragraph::new(Line::from(left)).style(bar), area);
}

fn hints(state: &AppState) -> String {
    let k = |c: Command| state.keymap.describe_keys(c);
    if state.input.is_some() {
        return "enter keep · esc cancel ".into();
    }
    format!(
        "{} help · {} focus · {} zoom · {} quit ",
        k(Command::Help),
        k(Command::FocusNext),
        k(Command::Zoom),
        state
            .keymap
            .keys(Command::Quit)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    )
}
