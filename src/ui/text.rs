//! Making untrusted text safe to draw: log lines can carry ANSI escapes, tabs and control bytes
//! that would move the cursor or corrupt the screen if written as they are.

/// Removes ANSI escape sequences and control characters; expands tabs to 4-column stops.
pub fn sanitize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    pieces(line, |piece| {
        if let Piece::Char(c) = piece {
            out.push(c);
        }
    });
    out
}

/// What untrusted text is made of once read: characters to draw (a tab already turned into
/// the spaces to its 4-column stop) and colour changes. Every other escape sequence and control
/// byte is dropped here, the one place, so the sanitizer and the colour parser drop the same.
pub enum Piece {
    Char(char),
    /// SGR parameters (`ESC [ params m`), e.g. `36;1`.
    Sgr(String),
}

pub fn pieces(line: &str, mut each: impl FnMut(Piece)) {
    let mut chars = line.chars().peekable();
    let mut column = 0;
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                if let Escape::Sgr(params) = read_escape(&mut chars) {
                    each(Piece::Sgr(params));
                }
            }
            '\t' => {
                let pad = 4 - column % 4;
                (0..pad).for_each(|_| each(Piece::Char(' ')));
                column += pad;
            }
            c if c.is_control() => {}
            c => {
                each(Piece::Char(c));
                column += 1;
            }
        }
    }
}

/// An escape sequence read from after its ESC: colour codes are worth keeping, the rest is not.
enum Escape {
    /// SGR (`ESC [ params m`): the parameters, e.g. `36;1`.
    Sgr(String),
    /// Any other CSI (cursor moves, erase), an OSC (titles, hyperlinks) or a two-byte escape;
    /// also a sequence cut off by the end of the text.
    Other,
}

/// Reads one escape sequence, the ESC already taken, leaving `chars` just after it.
fn read_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Escape {
    match chars.peek() {
        // CSI: ESC [ params final-byte(0x40..=0x7e)
        Some('[') => {
            chars.next();
            let mut params = String::new();
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    return if c == 'm' {
                        Escape::Sgr(params)
                    } else {
                        Escape::Other
                    };
                }
                params.push(c);
            }
            Escape::Other
        }
        // OSC: ESC ] ... BEL or ESC \
        Some(']') => {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' || (c == '\u{1b}' && chars.peek() == Some(&'\\')) {
                    if c == '\u{1b}' {
                        chars.next();
                    }
                    break;
                }
            }
            Escape::Other
        }
        Some(_) => {
            chars.next();
            Escape::Other
        }
        None => Escape::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn strips_colours_cursor_moves_and_titles() {
        assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m ok"), "red ok");
        assert_eq!(sanitize("a\u{1b}[2Kb\u{1b}[1;1Hc"), "abc");
        assert_eq!(sanitize("\u{1b}]0;title\u{7}x"), "x");
        assert_eq!(sanitize("bell\u{7} and \r cr"), "bell and  cr");
    }

    #[test]
    fn expands_tabs_to_stops() {
        assert_eq!(sanitize("a\tb"), "a   b");
        assert_eq!(sanitize("abcd\te"), "abcd    e");
    }
}
