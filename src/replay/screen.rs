//! The screen as text, drawn from the state into an off-screen buffer the size of the
//! terminal: what a recording keeps at each step's start and what a replay is checked against.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::panes::frame::draw;
use crate::theme::Theme;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screen {
    pub width: u16,
    pub height: u16,
    pub rows: Vec<String>,
}

/// Draws `state` as a frame would (so `prepare_frame` runs first, like before every frame).
pub fn capture(state: &mut AppState, theme: &Theme) -> Screen {
    let (width, height) = (state.size.0.max(1), state.size.1.max(1));
    state.prepare_frame();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("in memory");
    terminal
        .draw(|frame| draw(frame, state, theme))
        .expect("drawing in memory cannot fail");
    let buffer = terminal.backend().buffer();
    let rows = (0..height)
        .map(|y| {
            let mut row = String::new();
            for x in 0..width {
                row.push_str(buffer[(x, y)].symbol());
            }
            row.trim_end().to_string()
        })
        .collect();
    Screen {
        width,
        height,
        rows,
    }
}

/// A row with its clocks blanked: ages ("3m", "2h10m"), durations ("1.2s") and times of day
/// ("00:57") tick on their own and say nothing about whether a replay shows the same world.
pub fn normalise(row: &str) -> String {
    let chars: Vec<char> = row.chars().collect();
    let mut out = String::with_capacity(row.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        if starts_word && chars[i].is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || ".:smhd".contains(chars[j])) {
                j += 1;
            }
            let token: String = chars[i..j].iter().collect();
            let ends_word = j == chars.len() || !chars[j].is_alphanumeric();
            if ends_word && is_clock(&token) {
                out.push('#');
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn is_clock(token: &str) -> bool {
    let has_unit =
        token.chars().any(|c| "smhd".contains(c)) && token.ends_with(['s', 'm', 'h', 'd']);
    let time_of_day = token.contains(':') && token.split(':').all(|p| p.len() == 2);
    has_unit || time_of_day
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_are_blanked_and_names_and_counts_kept() {
        assert_eq!(
            normalise("backend-7d9  1/1 Running 0  2m  00:57/01:30 took 1.2s"),
            "backend-7d9  1/1 Running 0  #  #/# took #"
        );
        assert_eq!(normalise("prod (3/3) a1b2c3 4h10m"), "prod (3/3) a1b2c3 #");
        assert_eq!(normalise("step 10 done"), "step 10 done");
    }
}
