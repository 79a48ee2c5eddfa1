//! One line of a ```showrunner block: `verb key=value flag "quoted text"` → an `Action`, or
//! errors located at the column of the token that is wrong.

use std::time::Duration;

use crate::config::suggest;
use crate::runbook::model::{Action, CommitRef, FreightRef, RefreshKind};
use crate::ui::layout::PaneId;

/// A problem at a 0-based character column of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub column: usize,
    pub message: String,
}

fn err(column: usize, message: impl Into<String>) -> LineError {
    LineError {
        column,
        message: message.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    column: usize,
    key: Option<String>,
    value: String,
}

const VERBS: [&str; 11] = [
    "promote", "approve", "abort", "sync", "refresh", "rollback", "wait", "focus", "zoom", "open",
    "pause",
];

fn tokenize(line: &str) -> Result<Vec<Token>, LineError> {
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
struct Args<'a> {
    verb: &'a str,
    verb_column: usize,
    tokens: Vec<Token>,
}

impl Args<'_> {
    fn check(&self, keys: &[&str], flags: &[&str], errors: &mut Vec<LineError>) {
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

    fn get(&self, key: &str) -> Option<&Token> {
        self.tokens.iter().find(|t| t.key.as_deref() == Some(key))
    }

    fn flag(&self, flag: &str) -> bool {
        self.tokens
            .iter()
            .any(|t| t.key.is_none() && t.value == flag)
    }

    /// A required argument. An empty `key=` is `check`'s to report: every verb calls it first.
    fn require(&self, key: &str, what: &str, errors: &mut Vec<LineError>) -> Option<&Token> {
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

fn expected(keys: &[&str], flags: &[&str]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .chain(flags.iter().map(|f| f.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn freight_ref(t: &Token) -> FreightRef {
    match t.value.as_str() {
        "latest" => FreightRef::Latest,
        "head" => FreightRef::Head,
        alias => FreightRef::Alias(alias.to_string()),
    }
}

fn commit_ref(t: &Token, errors: &mut Vec<LineError>) -> Option<CommitRef> {
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

fn duration(t: &Token, errors: &mut Vec<LineError>) -> Option<Duration> {
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
const LONGEST: Duration = Duration::from_secs(7 * 24 * 3600);

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

fn pane(t: &Token, errors: &mut Vec<LineError>) -> Option<PaneId> {
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

/// Parses one action line; all problems of the line are reported together.
pub fn parse_line(line: &str) -> Result<Action, Vec<LineError>> {
    let mut tokens = tokenize(line).map_err(|e| vec![e])?;
    if tokens.is_empty() {
        return Err(vec![err(0, "empty action")]);
    }
    let verb_token = tokens.remove(0);
    let verb = verb_token.value.as_str();
    if verb_token.key.is_some() || !VERBS.contains(&verb) {
        let word = line.split_whitespace().next().unwrap_or("");
        return Err(vec![err(
            verb_token.column,
            format!(
                "unknown action `{word}`: {}",
                suggest::expected(word, &VERBS)
            ),
        )]);
    }
    let args = Args {
        verb,
        verb_column: verb_token.column,
        tokens,
    };
    let mut errors = Vec::new();
    let action = match verb {
        "promote" | "approve" => {
            args.check(&["freight", "stage"], &[], &mut errors);
            let freight = args
                .require("freight", "latest|head|ALIAS", &mut errors)
                .map(freight_ref);
            let stage = args
                .require("stage", "NAME", &mut errors)
                .map(|t| t.value.clone());
            match (freight, stage) {
                (Some(freight), Some(stage)) if verb == "promote" => {
                    Some(Action::Promote { freight, stage })
                }
                (Some(freight), Some(stage)) => Some(Action::Approve { freight, stage }),
                _ => None,
            }
        }
        "abort" => {
            args.check(&["stage"], &[], &mut errors);
            args.require("stage", "NAME", &mut errors)
                .map(|t| Action::Abort {
                    stage: t.value.clone(),
                })
        }
        "sync" => {
            args.check(&["app"], &[], &mut errors);
            args.require("app", "NAME", &mut errors)
                .map(|t| Action::Sync {
                    app: t.value.clone(),
                })
        }
        "refresh" => {
            args.check(&["stage", "warehouse", "app"], &[], &mut errors);
            let given: Vec<(&str, RefreshKind)> = [
                ("stage", RefreshKind::Stage),
                ("warehouse", RefreshKind::Warehouse),
                ("app", RefreshKind::App),
            ]
            .into_iter()
            .filter(|(k, _)| args.get(k).is_some())
            .collect();
            match given.as_slice() {
                [(key, kind)] => args
                    .require(key, "NAME", &mut errors)
                    .map(|t| Action::Refresh {
                        kind: *kind,
                        name: t.value.clone(),
                    }),
                _ => {
                    errors.push(err(
                        args.verb_column,
                        "refresh needs exactly one of stage=NAME, warehouse=NAME, app=NAME",
                    ));
                    None
                }
            }
        }
        "rollback" => {
            args.check(&["app", "to"], &[], &mut errors);
            let app = args
                .require("app", "NAME", &mut errors)
                .map(|t| t.value.clone());
            let to = match args.get("to") {
                Some(t) => match t.value.parse::<i64>() {
                    Ok(id) => Some(Some(id)),
                    Err(_) => {
                        errors.push(err(
                            t.column,
                            format!("bad history id `{}` for to: expected a number", t.value),
                        ));
                        None
                    }
                },
                None => Some(None),
            };
            match (app, to) {
                (Some(app), Some(to)) => Some(Action::Rollback { app, to }),
                _ => None,
            }
        }
        "wait" => wait(&args, &mut errors),
        "focus" | "zoom" => match args.tokens.as_slice() {
            [t] if t.key.is_none() => pane(t, &mut errors).map(|p| {
                if verb == "focus" {
                    Action::Focus(p)
                } else {
                    Action::Zoom(p)
                }
            }),
            [] => {
                errors.push(err(
                    args.verb_column,
                    format!("{verb} needs a pane, e.g. `{verb} pods`"),
                ));
                None
            }
            [_, extra, ..] | [extra] => {
                errors.push(err(extra.column, format!("{verb} takes one pane name")));
                None
            }
        },
        "open" => {
            args.check(&["commit"], &["ci"], &mut errors);
            if args.flag("ci") {
                args.require("commit", "head|SHA", &mut errors)
                    .and_then(|t| commit_ref(t, &mut errors))
                    .map(|commit| Action::OpenRun { commit })
            } else {
                errors.push(err(
                    args.verb_column,
                    "open needs what to open: `open ci commit=head|SHA`",
                ));
                None
            }
        }
        _ => match args.tokens.as_slice() {
            [] => Some(Action::Pause { message: None }),
            [t] if t.key.is_none() => Some(Action::Pause {
                message: Some(t.value.clone()),
            }),
            [t, ..] => {
                errors.push(err(
                    t.column,
                    "pause takes one optional message: pause \"text\"",
                ));
                None
            }
        },
    };
    match action {
        Some(a) if errors.is_empty() => Ok(a),
        _ => Err(errors),
    }
}

mod wait_action;
use wait_action::wait;

#[cfg(test)]
mod tests;
