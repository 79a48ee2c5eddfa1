//! `wait …`: the conditions a runbook step can wait for, and their arguments.

use super::args::{Args, LineError, commit_ref, duration, err, freight_ref};
use crate::runbook::model::{Builtin, CommitRef, DEFAULT_WAIT, WaitCondition};

pub(super) fn wait(args: &Args<'_>, errors: &mut Vec<LineError>) -> Option<Builtin> {
    let timeout = match args.get("timeout") {
        Some(t) => duration(t, errors)?,
        None => DEFAULT_WAIT,
    };
    let condition = if args.flag("promotion") {
        args.check(
            &["stage", "timeout"],
            &["promotion", "finished", "succeeded"],
            errors,
        );
        let stage = args.require("stage", "NAME", errors)?.value.clone();
        if !args.flag("finished") && !args.flag("succeeded") {
            errors.push(err(
                args.verb_column,
                "wait promotion needs `finished` or `succeeded`",
            ));
            return None;
        }
        WaitCondition::PromotionFinished {
            stage,
            succeeded: args.flag("succeeded"),
        }
    } else if args.flag("ci") {
        args.check(
            &["commit", "timeout"],
            &["ci", "finished", "succeeded"],
            errors,
        );
        let commit = commit_ref(args.require("commit", "head|SHA", errors)?, errors)?;
        if !args.flag("finished") && !args.flag("succeeded") {
            errors.push(err(
                args.verb_column,
                "wait ci needs `finished` or `succeeded`",
            ));
            return None;
        }
        WaitCondition::CiFinished {
            commit,
            succeeded: args.flag("succeeded"),
        }
    } else if args.get("app").is_some() {
        args.check(&["app", "timeout"], &["synced", "healthy"], errors);
        let app = args.require("app", "NAME", errors)?.value.clone();
        let (synced, healthy) = (args.flag("synced"), args.flag("healthy"));
        if !synced && !healthy {
            errors.push(err(
                args.verb_column,
                "wait app= needs `synced`, `healthy` or both",
            ));
            return None;
        }
        WaitCondition::App {
            app,
            synced,
            healthy,
        }
    } else if args.get("stage").is_some() {
        args.check(
            &["stage", "freight", "timeout"],
            &["healthy", "unhealthy"],
            errors,
        );
        let stage = args.require("stage", "NAME", errors)?.value.clone();
        match (args.flag("healthy"), args.flag("unhealthy")) {
            (true, false) => WaitCondition::StageHealthy {
                stage,
                freight: args.get("freight").map(freight_ref),
            },
            (false, true) => {
                if let Some(t) = args.get("freight") {
                    errors.push(err(
                        t.column,
                        "freight= goes with `healthy`: a stage turns unhealthy whatever it runs",
                    ));
                    return None;
                }
                WaitCondition::StageUnhealthy { stage }
            }
            _ => {
                errors.push(err(
                    args.verb_column,
                    "wait stage= needs `healthy` or `unhealthy`",
                ));
                return None;
            }
        }
    } else if args.flag("discovered") {
        args.check(&["freight", "commit", "timeout"], &["discovered"], errors);
        let commit = match (args.get("freight"), args.get("commit")) {
            (Some(t), None) if t.value == "head" => CommitRef::Head,
            (Some(t), None) => {
                errors.push(err(
                    t.column,
                    format!(
                        "wait freight= … discovered takes freight=head (or commit=SHA), not `{}`",
                        t.value
                    ),
                ));
                return None;
            }
            (None, Some(t)) => commit_ref(t, errors)?,
            _ => {
                errors.push(err(
                    args.verb_column,
                    "wait … discovered needs one of freight=head or commit=SHA",
                ));
                return None;
            }
        };
        WaitCondition::FreightDiscovered { commit }
    } else {
        errors.push(err(
            args.verb_column,
            "wait needs a condition: stage=NAME healthy|unhealthy, freight=head discovered, promotion stage=NAME finished, app=NAME synced|healthy, or ci commit=head finished",
        ));
        return None;
    };
    Some(Builtin::Wait { condition, timeout })
}
