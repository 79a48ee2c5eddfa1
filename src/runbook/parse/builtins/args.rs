//! The words of a builtin line — `verb key=value flag "quoted text"` — and their typed values
//! (freight, commit, duration, pane), each error at the column of its token.

use std::time::Duration;

use crate::config::suggest;
use crate::runbook::model::{CommitRef, FreightRef};
use crate::ui::layout::PaneId;

/// A problem at a 0-based character column of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub column: usize,
    pub message: String,
}

pub(super) fn err(column: usize, message: impl Into<String>) -> LineError {
    LineError {
        column,
        message: message.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) column: usize,
    pub(super) key: Option<String>,
    pub(super) value: String,
}

pub(super) fn tokenize(line: &str) -> Result<Vec<Token>, LineError> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut key = None;
        let mut value = String::new();
        while i < chars.len() && !chars[i].is_whitespace() {
            match chars[i] {
                '=' if key.is_none() => {
                    key = Some(std::mem::take(&mut value));
                    i += 1;
                }
                '"' => {
                    let quote = i;
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        value.push(chars[i]);
                        i += 1;
                    }
                    if i == chars.len() {
                        return Err(err(quote, "unclosed quote: expected a closing \""));
                    }
                    i += 1;
                }
                c => {
                    value.push(c);
                    i += 1;
                }
            }
        }
        tokens.push(Token {
            column: start,
            key,
            value,
        });
    }
    Ok(tokens)
}

/// What an action accepts: `key=` arguments and bare flags.
pub(super) struct Args<'a> {
    pub(super) verb: &'a str,
    pub(super) verb_column: usize,
    pub(super) tokens: Vec<Token>,
}

impl Args<'_> {
    pub(super) fn check(&self, keys: &[&str], flags: &[&str], errors: &mut Vec<LineError>) {
        for (i, t) in self.tokens.iter().enumerate() {
            if let Some(k) = &t.key {
                let earlier = self.tokens[..i].iter().any(|e| e.key == t.key);
                if earlier && keys.contains(&k.as_str()) {
                    errors.push(err(
                        t.column,
                        format!("`{k}=` given twice: expected it once"),
                    ));
                    continue;
                }
            }
            match &t.key {
                Some(k) if !keys.contains(&k.as_str()) => errors.push(err(
                    t.column,
                    match suggest::closest(k, keys) {
                        Some(near) => format!(
                            "unknown argument `{k}` for {}: did you mean `{near}=`? (expected {})",
                            self.verb,
                            expected(keys, flags)
                        ),
                        None => format!(
                            "unknown argument `{k}` for {}: expected {}",
                            self.verb,
                            expected(keys, flags)
                        ),
                    },
                )),
                None if !flags.contains(&t.value.as_str()) => errors.push(err(
                    t.column,
                    format!(
                        "unexpected `{}` for {}: expected {}",
                        t.value,
                        self.verb,
                        expected(keys, flags)
                    ),
                )),
                Some(k) if t.value.is_empty() => errors.push(err(
                    t.column,
                    format!("{k}= needs a value: expected {k}=VALUE"),
                )),
                _ => {}
            }
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&Token> {
        self.tokens.iter().find(|t| t.key.as_deref() == Some(key))
    }

    pub(super) fn flag(&self, flag: &str) -> bool {
        self.tokens
            .iter()
            .any(|t| t.key.is_none() && t.value == flag)
    }

    /// A required argument. An empty `key=` is `check`'s to report: every verb calls it first.
    pub(super) fn require(
        &self,
        key: &str,
        what: &str,
        errors: &mut Vec<LineError>,
    ) -> Option<&Token> {
        match self.get(key) {
            Some(t) if !t.value.is_empty() => Some(t),
            Some(_) => None,
            None => {
                errors.push(err(
                    self.verb_column,
                    format!("{} needs {key}={what}", self.verb),
                ));
                None
            }
        }
    }
}

pub(super) fn expected(keys: &[&str], flags: &[&str]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .chain(flags.iter().map(|f| f.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn freight_ref(t: &Token) -> FreightRef {
    match t.value.as_str() {
        "latest" => FreightRef::Latest,
        "head" => FreightRef::Head,
        alias => FreightRef::Alias(alias.to_string()),
    }
}

pub(super) fn commit_ref(t: &Token, errors: &mut Vec<LineError>) -> Option<CommitRef> {
    let v = t.value.as_str();
    if v == "head" {
        return Some(CommitRef::Head);
    }
    if (7..=40).contains(&v.len()) && v.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(CommitRef::Sha(v.to_lowercase()));
    }
    errors.push(err(
        t.column,
        format!("bad commit `{v}`: expected head or a commit SHA (7 to 40 hex digits)"),
    ));
    None
}

pub(super) fn duration(t: &Token, errors: &mut Vec<LineError>) -> Option<Duration> {
    parse_duration(&t.value).or_else(|| {
        errors.push(err(
            t.column,
            bad_duration(&t.value, t.key.as_deref().unwrap_or("duration")),
        ));
        None
    })
}

/// The longest duration a runbook may name: a talk, a timeout or a pause longer than a week is
/// a typo, and refusing it keeps `Instant + timeout` far from overflow.
pub(super) const LONGEST: Duration = Duration::from_secs(7 * 24 * 3600);

/// Durations as people write them: `30s`, `5m`, `1h30m`, `500ms` (no bare numbers).
pub fn parse_duration(s: &str) -> Option<Duration> {
    if s.is_empty() || s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    showrunner_model::kargo::duration::parse(s).filter(|d| *d <= LONGEST)
}

pub fn bad_duration(value: &str, what: &str) -> String {
    format!(
        "bad duration `{value}` for {what}: expected a number with a unit up to 168h, like 30s, 5m or 1h30m"
    )
}

pub(super) fn pane(t: &Token, errors: &mut Vec<LineError>) -> Option<PaneId> {
    PaneId::from_name(&t.value).or_else(|| {
        let names: Vec<&str> = PaneId::ALL.iter().map(|p| p.name()).collect();
        errors.push(err(
            t.column,
            format!(
                "unknown pane `{}`: {}",
                t.value,
                suggest::expected(&t.value, &names)
            ),
        ));
        None
    })
}
