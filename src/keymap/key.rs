//! Key chords as written in keymap files (`q`, `G`, `ctrl-c`, `shift-tab`, `pagedown`) and as
//! crossterm reports them, normalised so both compare equal.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    code: KeyCodeOrd,
    ctrl: bool,
    alt: bool,
}

/// `KeyCode` is not `Ord`; this is the subset a keymap can name, ordered for stable help output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(Named),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Named {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Delete,
    Insert,
}

const NAMES: [(&str, Named); 15] = [
    ("enter", Named::Enter),
    ("esc", Named::Esc),
    ("tab", Named::Tab),
    ("backtab", Named::BackTab),
    ("backspace", Named::Backspace),
    ("up", Named::Up),
    ("down", Named::Down),
    ("left", Named::Left),
    ("right", Named::Right),
    ("home", Named::Home),
    ("end", Named::End),
    ("pageup", Named::PageUp),
    ("pagedown", Named::PageDown),
    ("delete", Named::Delete),
    ("insert", Named::Insert),
];

impl Key {
    pub fn char(c: char) -> Key {
        Key {
            code: KeyCodeOrd::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    pub fn ctrl(c: char) -> Key {
        Key {
            code: KeyCodeOrd::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Parses `[ctrl-][alt-][shift-]name`; `shift-tab` is `backtab`, `shift-x` is `X`.
    pub fn parse(spec: &str) -> Result<Key, String> {
        let lower = spec.to_ascii_lowercase();
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = spec;
        let mut rest_lower = lower.as_str();
        loop {
            let prefix = ["ctrl-", "alt-", "shift-"]
                .into_iter()
                .find(|p| rest_lower.starts_with(p));
            let Some(prefix) = prefix else { break };
            if rest.len() == prefix.len() {
                break; // "ctrl--" style: the dash itself is the key
            }
            match prefix {
                "ctrl-" => ctrl = true,
                "alt-" => alt = true,
                _ => shift = true,
            }
            rest = &rest[prefix.len()..];
            rest_lower = &rest_lower[prefix.len()..];
        }
        let code = if rest.chars().count() == 1 {
            let c = rest.chars().next().expect("one char");
            let c = if shift { c.to_ascii_uppercase() } else { c };
            // Terminals report ctrl-C as ctrl + 'c'.
            KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c })
        } else if rest_lower == "space" {
            KeyCodeOrd::Char(' ')
        } else if let Some(n) = rest_lower
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
        {
            if !(1..=12).contains(&n) {
                return Err(format!(
                    "unknown key \"{spec}\": function keys are f1 to f12"
                ));
            }
            KeyCodeOrd::F(n)
        } else if let Some((_, named)) = NAMES.iter().find(|(n, _)| *n == rest_lower) {
            if shift && *named == Named::Tab {
                KeyCodeOrd::Named(Named::BackTab)
            } else {
                KeyCodeOrd::Named(*named)
            }
        } else {
            return Err(format!(
                "unknown key \"{spec}\": expected a character, space, f1-f12, or one of {} \
                 with optional ctrl-, alt-, shift- prefixes",
                NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ));
        };
        Ok(Key { code, ctrl, alt })
    }

    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Named(Named::Enter),
            KeyCode::Esc => KeyCodeOrd::Named(Named::Esc),
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => {
                KeyCodeOrd::Named(Named::BackTab)
            }
            KeyCode::Tab => KeyCodeOrd::Named(Named::Tab),
            KeyCode::BackTab => KeyCodeOrd::Named(Named::BackTab),
            KeyCode::Backspace => KeyCodeOrd::Named(Named::Backspace),
            KeyCode::Up => KeyCodeOrd::Named(Named::Up),
            KeyCode::Down => KeyCodeOrd::Named(Named::Down),
            KeyCode::Left => KeyCodeOrd::Named(Named::Left),
            KeyCode::Right => KeyCodeOrd::Named(Named::Right),
            KeyCode::Home => KeyCodeOrd::Named(Named::Home),
            KeyCode::End => KeyCodeOrd::Named(Named::End),
            KeyCode::PageUp => KeyCodeOrd::Named(Named::PageUp),
            KeyCode::PageDown => KeyCodeOrd::Named(Named::PageDown),
            KeyCode::Delete => KeyCodeOrd::Named(Named::Delete),
            KeyCode::Insert => KeyCodeOrd::Named(Named::Insert),
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "f{n}"),
            KeyCodeOrd::Named(named) => {
                let name = NAMES
                    .iter()
                    .find(|(_, n)| *n == named)
                    .map(|(s, _)| *s)
                    .unwrap_or("?");
                f.write_str(if named == Named::BackTab {
                    "shift-tab"
                } else {
                    name
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::from_event(&KeyEvent::new(code, mods)).unwrap()
    }

    #[test]
    fn specs_and_terminal_events_agree() {
        assert_eq!(
            Key::parse("q").unwrap(),
            ev(KeyCode::Char('q'), KeyModifiers::NONE)
        );
        assert_eq!(
            Key::parse("G").unwrap(),
            ev(KeyCode::Char('G'), KeyModifiers::SHIFT)
        );
        assert_eq!(Key::parse("shift-g").unwrap(), Key::parse("G").unwrap());
        assert_eq!(
            Key::parse("ctrl-c").unwrap(),
            ev(KeyCode::Char('c'), KeyModifiers::CONTROL)
        );
        assert_eq!(Key::parse("ctrl-C").unwrap(), Key::parse("ctrl-c").unwrap());
        assert_eq!(
            Key::parse("shift-tab").unwrap(),
            ev(KeyCode::BackTab, KeyModifiers::SHIFT)
        );
        assert_eq!(
            Key::parse("PageDown").unwrap(),
            ev(KeyCode::PageDown, KeyModifiers::NONE)
        );
        assert_eq!(
            Key::parse("space").unwrap(),
            ev(KeyCode::Char(' '), KeyModifiers::NONE)
        );
        assert_eq!(
            Key::parse("f5").unwrap(),
            ev(KeyCode::F(5), KeyModifiers::NONE)
        );
        assert_eq!(Key::parse("-").unwrap(), Key::char('-'));
        assert_eq!(Key::parse("ctrl--").unwrap(), Key::ctrl('-'));
    }

    #[test]
    fn display_round_trips() {
        for spec in [
            "q",
            "G",
            "ctrl-c",
            "alt-x",
            "shift-tab",
            "pagedown",
            "space",
            "f12",
            "/",
        ] {
            let key = Key::parse(spec).unwrap();
            assert_eq!(Key::parse(&key.to_string()).unwrap(), key, "{spec}");
        }
    }

    #[test]
    fn unknown_names_are_rejected_with_the_choices() {
        let err = Key::parse("ctrl-foo").unwrap_err();
        assert!(err.contains("unknown key \"ctrl-foo\""), "{err}");
        assert!(err.contains("pagedown"), "{err}");
        assert!(Key::parse("f13").is_err());
    }
}
