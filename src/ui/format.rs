//! Formatting shared by panes: kubectl-style ages, padding and truncation by display width.

use k8s_openapi::jiff::Timestamp;
pub use showrunner_model::human::human_duration;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `1 step`, `11 steps`: a count with its noun in the right number.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Age as `kubectl get` prints it (apimachinery `duration.HumanDuration`).
pub fn human_age(since: Option<Timestamp>, now: Timestamp) -> String {
    let Some(since) = since else {
        return "<unknown>".into();
    };
    let secs = now.as_second() - since.as_second();
    human_duration(secs)
}

/// `3 (5m ago)` as kubectl shows restarts with a known last restart.
pub fn restarts(count: u32, last: Option<Timestamp>, now: Timestamp) -> String {
    match last {
        Some(at) if count > 0 => format!("{count} ({} ago)", human_age(Some(at), now)),
        _ => count.to_string(),
    }
}

/// Cuts `s` to `width` display columns, ending with `…` when something was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Cuts the middle out of `s` to fit `width`, keeping both ends: pod names differ at the end
/// (`backend-6f7c9d8b5-2xkqp` → `backend-6f…-2xkqp`), so cutting only the end would hide them.
pub fn middle_truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width < 8 {
        return truncate(s, width);
    }
    let tail_width = (width - 1) / 2;
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > tail_width {
            break;
        }
        used += w;
        tail.push(c);
    }
    let head = truncate(s, width - used);
    head + &tail.into_iter().rev().collect::<String>()
}

/// Truncates or pads with spaces to exactly `width` display columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = truncate(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarts_show_when_they_happened() {
        let now: Timestamp = "2026-11-22T08:10:00Z".parse().unwrap();
        let at: Timestamp = "2026-11-22T08:05:00Z".parse().unwrap();
        assert_eq!(restarts(3, Some(at), now), "3 (5m ago)");
        assert_eq!(restarts(0, Some(at), now), "0");
    }

    #[test]
    fn truncation_respects_display_width() {
        assert_eq!(truncate("backend-7d9f", 8), "backend…");
        assert_eq!(truncate("short", 8), "short");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("日本語", 4), "日… ");
        assert_eq!(truncate("x", 0), "");
        assert_eq!(
            middle_truncate("backend-6f7c9d8b5-2xkqp", 17),
            "backend-…b5-2xkqp"
        );
        assert_eq!(middle_truncate("short", 17), "short");
    }
}
