//! ANSI SGR colour codes (as CI tools print them) turned into styles; every other escape
//! sequence is dropped (`text::pieces` reads the text, for `sanitize` too) so it can never move
//! the cursor or corrupt the screen. Tabs go to the same 4-column stops as in `sanitize`.

use ratatui::style::{Color, Modifier, Style};

use super::text::{Piece, pieces};

/// Splits `text` into styled runs. Returns None when the text has no escape at all (the
/// common case, so plain lines cost no allocation beyond their text).
pub fn parse(text: &str) -> Option<Vec<(String, Style)>> {
    if !text.contains('\u{1b}') {
        return None;
    }
    let mut runs: Vec<(String, Style)> = Vec::new();
    let mut style = Style::default();
    let mut current = String::new();
    pieces(text, |piece| match piece {
        Piece::Char(c) => current.push(c),
        Piece::Sgr(params) => {
            if !current.is_empty() {
                runs.push((std::mem::take(&mut current), style));
            }
            style = apply_sgr(style, &params);
        }
    });
    if !current.is_empty() {
        runs.push((current, style));
    }
    Some(runs)
}

fn apply_sgr(mut style: Style, params: &str) -> Style {
    let codes: Vec<u16> = if params.is_empty() {
        vec![0]
    } else {
        params.split(';').map(|p| p.parse().unwrap_or(0)).collect()
    };
    let mut i = 0;
    while i < codes.len() {
        match codes[i] {
            0 => style = Style::default(),
            1 => style = style.add_modifier(Modifier::BOLD),
            2 => style = style.add_modifier(Modifier::DIM),
            3 => style = style.add_modifier(Modifier::ITALIC),
            4 => style = style.add_modifier(Modifier::UNDERLINED),
            7 => style = style.add_modifier(Modifier::REVERSED),
            22 => style = style.remove_modifier(Modifier::BOLD | Modifier::DIM),
            23 => style = style.remove_modifier(Modifier::ITALIC),
            24 => style = style.remove_modifier(Modifier::UNDERLINED),
            27 => style = style.remove_modifier(Modifier::REVERSED),
            c @ 30..=37 => style = style.fg(basic(c - 30, false)),
            c @ 90..=97 => style = style.fg(basic(c - 90, true)),
            c @ 40..=47 => style = style.bg(basic(c - 40, false)),
            c @ 100..=107 => style = style.bg(basic(c - 100, true)),
            39 => style.fg = None,
            49 => style.bg = None,
            c @ (38 | 48) => {
                let (color, used) = extended(&codes[i + 1..]);
                if let Some(color) = color {
                    style = if c == 38 {
                        style.fg(color)
                    } else {
                        style.bg(color)
                    };
                }
                i += used;
            }
            _ => {}
        }
        i += 1;
    }
    style
}

/// `5;n` (256 colours) or `2;r;g;b`; returns the colour and how many codes it used.
fn extended(rest: &[u16]) -> (Option<Color>, usize) {
    match rest {
        [5, n, ..] => (Some(Color::Indexed((*n).min(255) as u8)), 2),
        [2, r, g, b, ..] => (
            Some(Color::Rgb(
                (*r).min(255) as u8,
                (*g).min(255) as u8,
                (*b).min(255) as u8,
            )),
            4,
        ),
        _ => (None, rest.len()),
    }
}

fn basic(n: u16, bright: bool) -> Color {
    match (n, bright) {
        (0, false) => Color::Black,
        (1, false) => Color::Red,
        (2, false) => Color::Green,
        (3, false) => Color::Yellow,
        (4, false) => Color::Blue,
        (5, false) => Color::Magenta,
        (6, false) => Color::Cyan,
        (7, false) => Color::Gray,
        (0, true) => Color::DarkGray,
        (1, true) => Color::LightRed,
        (2, true) => Color::LightGreen,
        (3, true) => Color::LightYellow,
        (4, true) => Color::LightBlue,
        (5, true) => Color::LightMagenta,
        (6, true) => Color::LightCyan,
        _ => Color::White,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_needs_no_runs() {
        assert_eq!(parse("hello"), None);
    }

    #[test]
    fn cyan_script_echo_as_the_runner_writes_it() {
        let runs = parse("\u{1b}[36;1mpytest -q\u{1b}[0m").unwrap();
        assert_eq!(
            runs,
            vec![(
                "pytest -q".to_string(),
                Style::default()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD)
            )]
        );
    }

    #[test]
    fn colours_reset_and_extended_forms() {
        let runs =
            parse("a\u{1b}[31mb\u{1b}[39mc\u{1b}[38;5;208md\u{1b}[38;2;1;2;3me\u{1b}[mf").unwrap();
        let styles: Vec<Option<Color>> = runs.iter().map(|(_, s)| s.fg).collect();
        assert_eq!(
            runs.iter().map(|(t, _)| t.as_str()).collect::<String>(),
            "abcdef"
        );
        assert_eq!(
            styles,
            [
                None,
                Some(Color::Red),
                None,
                Some(Color::Indexed(208)),
                Some(Color::Rgb(1, 2, 3)),
                None
            ]
        );
    }

    #[test]
    fn non_colour_escapes_and_truncated_sequences_are_dropped() {
        let runs = parse("x\u{1b}[2Ky\u{1b}]0;title\u{7}z\u{1b}[38;5").unwrap();
        assert_eq!(
            runs.iter().map(|(t, _)| t.as_str()).collect::<String>(),
            "xyz"
        );
    }

    #[test]
    fn tabs_go_to_the_same_stops_as_in_plain_text() {
        let runs = parse("\u{1b}[1mab\u{1b}[0m\tc").unwrap();
        let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(text, crate::ui::text::sanitize("ab\tc"));
        assert_eq!(text, "ab  c");
    }
}
