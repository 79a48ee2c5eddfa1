//! The bottom line: where we are (sandbox or which context), read-only, messages, key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::state::{AppState, FlashKind, Overlay};
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
    if let Some(timer) = talk_timer(state) {
        left.push(Span::styled(timer, bar.add_modifier(Modifier::BOLD)));
    }
    let activity = state.runbook.as_ref().and_then(|rb| rb.activity(state.now));
    let message = match (&state.flash, activity) {
        (Some(flash), _) => Some((flash.text.clone(), flash_role(flash.kind))),
        (None, Some(doing)) => Some((doing, Role::Progressing)),
        (None, None) => state.notices.first().map(|n| {
            let more = state.notices.len() - 1;
            let text = if more > 0 {
                format!("{n} (+{more} more in the log)")
            } else {
                n.clone()
            };
            (text, Role::Warning)
        }),
    };
    // A message wins over the key hints: they shrink to the help key, then go, before the
    // message is cut (a cut refusal is of no use to the presenter; `?` still opens the help).
    let width = area.width as usize;
    let base: usize = left.iter().map(|s| s.content.width()).sum::<usize>() + 2;
    let needed = message.as_ref().map_or(0, |(text, _)| text.width() + 5);
    let hints = [hints(state), help_hint(state), String::new()]
        .into_iter()
        .find(|h| base + needed + h.width() <= width)
        .unwrap_or_default();
    let room = width.saturating_sub(base + hints.width());
    // The message reads in the bar's own colours; a badge in the role's colour says what kind
    // it is. Role colours are tuned for the pane background, not the bar's.
    if let Some((text, role)) = message {
        let badge = Style::default()
            .fg(theme.color(Role::Background))
            .bg(theme.color(role));
        let badge = if theme.color(role) == ratatui::style::Color::Reset {
            bar.add_modifier(Modifier::REVERSED)
        } else {
            badge
        };
        left.push(Span::raw(" "));
        left.push(Span::styled(
            format!(" {} ", icon(role)),
            badge.add_modifier(Modifier::BOLD),
        ));
        left.push(Span::styled(
            format!(" {}", truncate(&text, room.saturating_sub(4))),
            bar.add_modifier(Modifier::BOLD),
        ));
    }
    let left_width: usize = left.iter().map(|s| s.content.width()).sum();
    let pad = (area.width as usize).saturating_sub(left_width + hints.width());
    left.push(Span::styled(" ".repeat(pad), bar));
    left.push(Span::styled(hints, bar));
    frame.render_widget(Paragraph::new(Line::from(left)).style(bar), area);
}

/// `⏱ 12:34/90:00 +1:20` — the talk's elapsed time, its planned length, and how far the
/// current step is behind (+) or ahead (−) of its slot in the schedule.
fn talk_timer(state: &AppState) -> Option<String> {
    let rb = state.runbook.as_ref()?;
    let elapsed = rb.talk_elapsed(state.now)?.as_secs() as i64;
    let clock = |s: i64| format!("{}:{:02}", s / 60, s % 60);
    let mut text = format!(" ⏱ {}", clock(elapsed));
    if let Some(total) = rb.runbook.duration {
        text.push_str(&format!("/{}", clock(total.as_secs() as i64)));
    }
    if let Some(delta) = rb.schedule_delta(state.now) {
        let sign = if delta > 0 { "+" } else { "−" };
        text.push_str(&format!(" {sign}{}", clock(delta.abs())));
    }
    text.push(' ');
    Some(text)
}

fn icon(role: Role) -> &'static str {
    match role {
        Role::Healthy => "✓",
        Role::Error => "✗",
        Role::Warning => "!",
        Role::Progressing => "◐",
        _ => "›",
    }
}

fn flash_role(kind: FlashKind) -> Role {
    match kind {
        FlashKind::Info => Role::Accent,
        FlashKind::Success => Role::Healthy,
        FlashKind::Error => Role::Error,
    }
}

fn help_hint(state: &AppState) -> String {
    format!("{} help ", state.keymap.describe_keys(Command::Help))
}

fn hints(state: &AppState) -> String {
    let k = |c: Command| state.keymap.describe_keys(c);
    if state.input.is_some() {
        return "enter keep · esc cancel ".into();
    }
    if matches!(state.overlay, Some(Overlay::Confirm(_))) {
        return format!(
            "{} confirm · {} cancel ",
            k(Command::Confirm),
            k(Command::Cancel)
        );
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
