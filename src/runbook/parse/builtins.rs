//! One line of a ```showrunner block: `verb key=value flag "quoted text"` → an `Builtin`, or
//! errors located at the column of the token that is wrong.

mod args;
mod wait;

use self::args::{Args, commit_ref, err, freight_ref, pane, tokenize};
pub use self::args::{LineError, bad_duration, parse_duration};
use self::wait::wait;
use crate::config::suggest;
use crate::runbook::model::{Builtin, RefreshKind};

const VERBS: [&str; 11] = [
    "promote", "approve", "abort", "sync", "refresh", "rollback", "wait", "focus", "zoom", "open",
    "pause",
];

/// Parses one action line; all problems of the line are reported together.
pub fn parse_line(line: &str) -> Result<Builtin, Vec<LineError>> {
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
                    Some(Builtin::Promote { freight, stage })
                }
                (Some(freight), Some(stage)) => Some(Builtin::Approve { freight, stage }),
                _ => None,
            }
        }
        "abort" => {
            args.check(&["stage"], &[], &mut errors);
            args.require("stage", "NAME", &mut errors)
                .map(|t| Builtin::Abort {
                    stage: t.value.clone(),
                })
        }
        "sync" => {
            args.check(&["app"], &[], &mut errors);
            args.require("app", "NAME", &mut errors)
                .map(|t| Builtin::Sync {
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
                    .map(|t| Builtin::Refresh {
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
                (Some(app), Some(to)) => Some(Builtin::Rollback { app, to }),
                _ => None,
            }
        }
        "wait" => wait(&args, &mut errors),
        "focus" | "zoom" => match args.tokens.as_slice() {
            [t] if t.key.is_none() => pane(t, &mut errors).map(|p| {
                if verb == "focus" {
                    Builtin::Focus(p)
                } else {
                    Builtin::Zoom(p)
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
                    .map(|commit| Builtin::OpenRun { commit })
            } else {
                errors.push(err(
                    args.verb_column,
                    "open needs what to open: `open ci commit=head|SHA`",
                ));
                None
            }
        }
        _ => match args.tokens.as_slice() {
            [] => Some(Builtin::Pause { message: None }),
            [t] if t.key.is_none() => Some(Builtin::Pause {
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

#[cfg(test)]
mod tests;
