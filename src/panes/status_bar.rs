//! The bottom line: where we are (sandbox or which context), read-only, the talk timer, the
//! message of the moment, and key hints. The message wins over the hints; one still too long
//! is cut with a pointer to the message history, where it reads in full.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::messages::FlashKind;
use crate::app::runbook::state::first_key;
use crate::app::state::{AppState, InputTarget, Overlay};
use crate::keymap::Command;
use crate::theme::{Role, Theme};
use crate::ui::format::truncate;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let bar = theme.status_bar();
    let badge = |role: Role| {
        if theme.color(role) == Color::Reset {
            bar.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
                .fg(theme.color(Role::Background))
                .bg(theme.color(role))
                .add_modifier(Modifier::BOLD)
        }
    };
    let mut left = vec![Span::styled(
        format!(" {} ", state.context_label),
        bar.add_modifier(Modifier::BOLD),
    )];
    if state.read_only {
        left.push(Span::styled(" READ-ONLY ", theme.selection()));
    }
    let message = message(state);
    let recovery = state
        .runbook
        .as_ref()
        .filter(|_| state.overlay.is_none() && state.input.is_none())
        .and_then(|rb| rb.recovery_keys(&state.keymap, state.read_only))
        .map(|keys| format!("{keys} "));
    // A message wins over the key hints: they shrink to the help key, then go, then the timer
    // shrinks, before the message is cut (a cut refusal is of no use to the presenter). The
    // keys that get a failed step going again stay: without them the message is only bad news.
    let width = area.width as usize;
    let base: usize = left.iter().map(|s| s.content.width()).sum::<usize>() + 2;
    let needed = message.as_ref().map_or(0, |(text, ..)| text.width() + 5);
    let hint_levels = match &recovery {
        Some(keys) => vec![format!("{keys}· {}", help_hint(state)), keys.clone()],
        None => vec![hints(state), help_hint(state), String::new()],
    };
    let mut layouts = Vec::new();
    for hint in &hint_levels {
        layouts.push((TimerLevel::Full, hint.clone()));
    }
    let fewest = hint_levels.last().cloned().unwrap_or_default();
    layouts.push((TimerLevel::Clock, fewest.clone()));
    layouts.push((TimerLevel::Elapsed, fewest));
    let fits = |(level, hint): &(TimerLevel, String)| {
        let timer: usize = talk_timer(state, *level)
            .iter()
            .map(|(t, _)| t.width())
            .sum();
        base + timer + needed + hint.width() <= width
    };
    let (level, hints) = layouts
        .iter()
        .find(|l| fits(l))
        .or(layouts.last())
        .cloned()
        .unwrap_or((TimerLevel::Full, String::new()));
    for (text, role) in talk_timer(state, level) {
        left.push(match role {
            Some(role) => Span::styled(text, badge(role)),
            None => Span::styled(text, bar.add_modifier(Modifier::BOLD)),
        });
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum::<usize>() + 2;
    let room = width.saturating_sub(used + hints.width());
    // The message reads in the bar's own colours; a badge in the role's colour says what kind
    // it is. Role colours are tuned for the pane background, not the bar's.
    if let Some((text, role, kept)) = message {
        left.push(Span::raw(" "));
        left.push(Span::styled(format!(" {} ", icon(role)), badge(role)));
        let room = room.saturating_sub(4);
        if text.width() <= room || !kept {
            let text = truncate(&text, room);
            left.push(Span::styled(
                format!(" {text}"),
                bar.add_modifier(Modifier::BOLD),
            ));
        } else {
            let more = format!(" {} more", first_key(&state.keymap, Command::Messages));
            let cut = truncate(&text, room.saturating_sub(more.width()));
            left.push(Span::styled(
                format!(" {cut}"),
                bar.add_modifier(Modifier::BOLD),
            ));
            left.push(Span::styled(more, bar.add_modifier(Modifier::DIM)));
        }
    }
    let left_width: usize = left.iter().map(|s| s.content.width()).sum();
    let pad = width.saturating_sub(left_width + hints.width());
    left.push(Span::styled(" ".repeat(pad), bar));
    left.push(Span::styled(hints, bar));
    frame.render_widget(Paragraph::new(Line::from(left)).style(bar), area);
}

/// What the line says now: text being typed for `:`, the last key's answer, what the running
/// step does, the start-up notices, or the current step's failure.
/// The flag says whether the history holds it in full (what a step is doing now is not kept).
fn message(state: &AppState) -> Option<(String, Role, bool)> {
    // The runbook pane echoes it too, but it may be hidden behind a zoomed pane.
    if let Some(input) = state
        .input
        .as_ref()
        .filter(|i| i.target == InputTarget::JumpToStep)
    {
        return Some((
            format!("jump to step: {}▏", input.text),
            Role::Accent,
            false,
        ));
    }
    if let Some(flash) = &state.flash {
        return Some((flash.text.clone(), flash_role(flash.kind), true));
    }
    let rb = state.runbook.as_ref();
    if let Some(doing) = rb.and_then(|rb| rb.activity(state.now)) {
        return Some((doing, Role::Progressing, false));
    }
    // Start-up warnings go with the first key; a failed step's news stays until it is dealt with.
    let Some(first) = state.notices.first() else {
        let (text, failed) = rb.and_then(|rb| rb.problem())?;
        let role = if failed { Role::Error } else { Role::Warning };
        return Some((text, role, true));
    };
    let more = state.notices.len() - 1;
    Some(match more {
        0 => (first.clone(), Role::Warning, true),
        n => (
            format!(
                "{first} (+{n} more: {} shows them all)",
                first_key(&state.keymap, Command::Messages)
            ),
            Role::Warning,
            true,
        ),
    })
}

/// How much of the timer shows: a long message takes the room of its words first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimerLevel {
    /// `⏱ 12:34 of 90:00  behind 0:07`
    Full,
    /// `⏱ 12:34 of 90:00`, in the colour of being behind.
    Clock,
    /// `⏱ 12:34`, in that colour.
    Elapsed,
}

/// `⏱ 12:34 of 90:00` then `behind 0:07` or `ahead 27:14`: the talk's elapsed time, its planned
/// length, and how far the current step is from its slot. Shown from the start (at 0:00 until
/// the first step runs); a badge when behind, red once over time. `None`: the bar's own style.
fn talk_timer(state: &AppState, level: TimerLevel) -> Vec<(String, Option<Role>)> {
    let Some(rb) = state.runbook.as_ref() else {
        return Vec::new();
    };
    let elapsed = rb.talk_elapsed(state.now).map_or(0, |d| d.as_secs() as i64);
    let clock = |s: i64| format!("{}:{:02}", s / 60, s % 60);
    let mut text = format!(" ⏱ {}", clock(elapsed));
    let total = rb.runbook.duration.map(|d| d.as_secs() as i64);
    if let Some(total) = total.filter(|_| level != TimerLevel::Elapsed) {
        text.push_str(&format!(" of {}", clock(total)));
    }
    text.push(' ');
    let delta = rb.schedule_delta(state.now);
    let behind = delta.is_some_and(|d| d > 0);
    let role = if total.is_some_and(|t| elapsed > t) {
        Some(Role::Error)
    } else if behind && level != TimerLevel::Full {
        Some(Role::Warning)
    } else {
        None
    };
    let mut parts = vec![(text, role)];
    if let Some(delta) = delta.filter(|_| level == TimerLevel::Full) {
        parts.push(match delta {
            d if d > 0 => (format!(" behind {} ", clock(d)), Some(Role::Warning)),
            d if d < 0 => (format!(" ahead {} ", clock(-d)), None),
            _ => (" on time ".to_string(), None),
        });
    }
    parts
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
    if matches!(
        state.overlay,
        Some(Overlay::Confirm(_) | Overlay::ConfirmQuit)
    ) {
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
        first_key(&state.keymap, Command::Quit),
    )
}
