//! Keymap TOML → entries with positions. Every problem becomes a located `ConfigError` and the
//! offending entry is skipped, so one typo never costs the user the rest of their keymap.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Command, Context, Key};
use crate::config::ConfigError;

pub struct Entry {
    /// Byte offset of the action name, to keep file order (TOML tables come back sorted).
    pub offset: usize,
    pub command: Command,
    pub keys: Vec<(Key, Pos)>,
    pub from_user: bool,
}

/// Where a key was written, kept so conflicts found later can still point at the file.
#[derive(Clone)]
pub struct Pos {
    file: String,
    line: usize,
    column: usize,
}

impl Pos {
    pub fn error(&self, message: String) -> ConfigError {
        ConfigError {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message,
        }
    }
}

/// `"q"` or `["j", "down"]`. Written by hand because serde's untagged enums buffer their input
/// and would lose the positions that errors must point at.
enum Keys {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> serde::de::Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key (\"q\") or a list of keys ([\"j\", \"down\"])")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Keys, E> {
                Ok(Keys::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = seq.next_element()? {
                    keys.push(key);
                }
                Ok(Keys::Many(keys))
            }
        }
        deserializer.deserialize_any(KeysVisitor)
    }
}

type Raw = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Keys>>>;

pub fn parse(
    file: &str,
    src: &str,
    from_user: bool,
    problems: &mut Vec<ConfigError>,
) -> Vec<Entry> {
    let raw: Raw = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(ConfigError::from_toml(file, src, &e));
            return Vec::new();
        }
    };
    let at = |span: std::ops::Range<usize>, msg: String| ConfigError::at_span(file, src, span, msg);
    let mut entries = Vec::new();
    for (section, actions) in raw {
        let Some(context) = Context::from_key(section.get_ref()) else {
            let known: Vec<&str> = Context::ALL.iter().map(|c| c.key()).collect();
            problems.push(at(
                section.span(),
                format!(
                    "unknown section [{}]: expected one of {}",
                    section.get_ref(),
                    known.join(", ")
                ),
            ));
            continue;
        };
        for (action, value) in actions {
            let elsewhere = Command::contexts_of(action.get_ref());
            let command = match Command::in_context(context, action.get_ref()) {
                Some(c) => c,
                None if !elsewhere.is_empty() => {
                    let sections: Vec<String> =
                        elsewhere.iter().map(|c| format!("[{}]", c.key())).collect();
                    problems.push(at(
                        action.span(),
                        format!(
                            "action `{}` belongs in {}, not [{}]",
                            action.get_ref(),
                            sections.join(" or "),
                            context.key()
                        ),
                    ));
                    continue;
                }
                None => {
                    let known: Vec<&str> = Command::ALL
                        .iter()
                        .filter(|c| c.context() == context)
                        .map(|c| c.key())
                        .collect();
                    problems.push(at(
                        action.span(),
                        format!(
                            "unknown action `{}` in [{}]: expected one of {}",
                            action.get_ref(),
                            context.key(),
                            known.join(", ")
                        ),
                    ));
                    continue;
                }
            };
            let span = value.span();
            let specs = match value.into_inner() {
                Keys::One(s) => vec![Spanned::new(span, s)],
                Keys::Many(v) => v,
            };
            let mut keys = Vec::new();
            for spec in specs {
                let (line, column) = crate::config::error::line_col(src, spec.span().start);
                match Key::parse(spec.get_ref()) {
                    Ok(key) => keys.push((
                        key,
                        Pos {
                            file: file.to_string(),
                            line,
                            column,
                        },
                    )),
                    Err(msg) => problems.push(at(spec.span(), msg)),
                }
            }
            entries.push(Entry {
                offset: action.span().start,
                command,
                keys,
                from_user,
            });
        }
    }
    entries.sort_by_key(|e| e.offset);
    entries
}
