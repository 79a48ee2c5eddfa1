//! Runbook names → things on screen: which freight `head` or `latest` is, which commit, and
//! whether a `wait` condition holds — all read from the watched state, never by asking the API.

use crate::app::gitops;
use crate::app::state::AppState;
use crate::kargo::summary::{FreightSummary, short};
use crate::runbook::model::{Builtin, CommitRef, FreightRef, RefreshKind, WaitCondition};
use crate::sources::writes::mutation::{Mutation, RefreshTarget};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Holds,
    /// Not yet; the text says what is still missing.
    Pending(String),
    /// It can no longer hold (a promotion failed, CI failed): stop waiting.
    Failed(String),
}

pub fn commit(state: &AppState, commit: &CommitRef) -> Result<String, String> {
    match commit {
        CommitRef::Sha(sha) => Ok(sha.clone()),
        CommitRef::Head => state
            .git
            .head_sha()
            .map(String::from)
            .ok_or_else(|| "the repository's HEAD is not known yet".to_string()),
    }
}

pub fn freight<'a>(
    state: &'a AppState,
    reference: &FreightRef,
) -> Result<&'a FreightSummary, String> {
    let g = &state.gitops;
    match reference {
        FreightRef::Latest => g
            .freight_in_order()
            .next()
            .ok_or_else(|| "there is no freight yet".to_string()),
        FreightRef::Head => {
            let sha = commit(state, &CommitRef::Head)?;
            g.freight_for_commit(&sha)
                .ok_or_else(|| format!("no freight built from HEAD ({}) yet", short(&sha)))
        }
        FreightRef::Alias(alias) => g
            .freight_in_order()
            .find(|f| f.alias == *alias || f.name == *alias)
            .ok_or_else(|| format!("no freight called {alias}")),
    }
}

/// The mutation a runbook action asks for (None for actions that are not mutations).
pub fn mutation(state: &AppState, builtin: &Builtin) -> Option<Result<Mutation, String>> {
    let app = |name: &str| {
        state
            .gitops
            .apps
            .in_namespace_any(name)
            .ok_or_else(|| format!("no application called {name}"))
    };
    Some(match builtin {
        Builtin::Promote { freight: f, stage } => freight(state, f).and_then(|f| {
            let available = gitops::changes::availability_of(state, stage, f);
            match available {
                showrunner_model::kargo::availability::Availability::Unavailable(why) => {
                    Err(format!("{} cannot go to {stage}: {why}", f.alias))
                }
                _ => Ok(gitops::changes::promote(state, stage, f)),
            }
        }),
        Builtin::Approve { freight: f, stage } => {
            freight(state, f).map(|f| gitops::changes::approve(state, stage, f))
        }
        Builtin::Abort { stage } => {
            let running = state
                .gitops
                .promotion_list
                .keys()
                .iter()
                .filter_map(|n| state.gitops.promotion(n))
                .find(|p| p.stage == *stage && !p.is_terminal());
            running
                .ok_or_else(|| format!("no promotion of {stage} is running"))
                .and_then(gitops::changes::abort)
        }
        Builtin::Sync { app: name } => app(name).and_then(gitops::changes::sync),
        Builtin::Rollback { app: name, to } => {
            app(name).and_then(|a| gitops::changes::rollback(a, *to))
        }
        Builtin::Refresh {
            kind: RefreshKind::App,
            name,
        } => app(name).map(gitops::changes::hard_refresh),
        Builtin::Refresh {
            kind: RefreshKind::Stage,
            name,
        } => Ok(gitops::changes::refresh(
            state,
            RefreshTarget::Stage(name.clone()),
        )),
        Builtin::Refresh {
            kind: RefreshKind::Warehouse,
            name,
        } => Ok(gitops::changes::refresh(
            state,
            RefreshTarget::Warehouse(name.clone()),
        )),
        Builtin::Wait { .. }
        | Builtin::Focus(_)
        | Builtin::Zoom(_)
        | Builtin::OpenRun { .. }
        | Builtin::Pause { .. } => {
            return None;
        }
    })
}

pub fn describe(condition: &WaitCondition) -> String {
    let commit_name = |c: &CommitRef| match c {
        CommitRef::Head => "HEAD".to_string(),
        CommitRef::Sha(s) => short(s).to_string(),
    };
    match condition {
        WaitCondition::StageHealthy {
            stage,
            freight: None,
        } => format!("stage {stage} to be Healthy"),
        WaitCondition::StageHealthy {
            stage,
            freight: Some(f),
        } => format!("stage {stage} to be Healthy on {}", freight_name(f)),
        WaitCondition::StageUnhealthy { stage } => format!("stage {stage} to turn Unhealthy"),
        WaitCondition::FreightApproved { freight, stage } => {
            format!("the approval of {} for {stage} to show", short(freight))
        }
        WaitCondition::PromotionSeen { name } => format!("promotion {name} to show"),
        WaitCondition::FreightDiscovered { commit } => {
            format!("freight built from {}", commit_name(commit))
        }
        WaitCondition::PromotionFinished { stage, succeeded } => {
            format!(
                "the promotion of {stage} to {}",
                if *succeeded { "succeed" } else { "finish" }
            )
        }
        WaitCondition::App {
            app,
            synced,
            healthy,
        } => {
            let what = match (synced, healthy) {
                (true, true) => "Synced and Healthy",
                (true, false) => "Synced",
                _ => "Healthy",
            };
            format!("{app} to be {what}")
        }
        WaitCondition::CiFinished { commit, succeeded } => {
            format!(
                "CI for {} to {}",
                commit_name(commit),
                if *succeeded { "succeed" } else { "finish" }
            )
        }
    }
}

fn freight_name(f: &FreightRef) -> String {
    match f {
        FreightRef::Latest => "the latest freight".into(),
        FreightRef::Head => "HEAD's freight".into(),
        FreightRef::Alias(a) => a.clone(),
    }
}

pub fn check(state: &AppState, condition: &WaitCondition) -> Check {
    let g = &state.gitops;
    match condition {
        WaitCondition::StageHealthy {
            stage,
            freight: wanted,
        } => {
            let Some(s) = g.stage(stage) else {
                return Check::Pending(format!("stage {stage} not seen yet"));
            };
            if let Some(wanted) = wanted {
                match freight(state, wanted) {
                    Ok(f) if s.runs(&f.name) => {}
                    Ok(f) => {
                        return Check::Pending(format!("{stage} does not run {} yet", f.alias));
                    }
                    Err(why) => return Check::Pending(why),
                }
            }
            let in_flight = s
                .current_promotion
                .as_deref()
                .and_then(|p| g.promotion(p))
                .is_some_and(|p| !p.is_terminal());
            match s.health.as_deref() {
                Some("Healthy") if !in_flight => Check::Holds,
                Some(h) => Check::Pending(format!("{stage} is {h}")),
                None => Check::Pending(format!("{stage} has no health yet")),
            }
        }
        WaitCondition::StageUnhealthy { stage } => {
            match g.stage(stage).and_then(|s| s.health.as_deref()) {
                Some("Unhealthy") => Check::Holds,
                Some(h) => Check::Pending(format!("{stage} is {h}")),
                None => Check::Pending(format!("{stage} has no health yet")),
            }
        }
        WaitCondition::FreightApproved { freight, stage } => match g.freight_named(freight) {
            Some(f) if f.status.approved_for.contains_key(stage) => Check::Holds,
            _ => Check::Pending(format!("approval of {} not seen yet", short(freight))),
        },
        WaitCondition::PromotionSeen { name } => match g.promotion(name) {
            Some(_) => Check::Holds,
            None => Check::Pending(format!("promotion {name} not seen yet")),
        },
        WaitCondition::FreightDiscovered { commit: c } => match commit(state, c) {
            Ok(sha) if g.freight_for_commit(&sha).is_some() => Check::Holds,
            Ok(sha) => Check::Pending(format!("no freight from {} yet", short(&sha))),
            Err(why) => Check::Pending(why),
        },
        WaitCondition::PromotionFinished { stage, succeeded } => {
            let newest = g
                .promotion_list
                .keys()
                .iter()
                .filter_map(|n| g.promotion(n))
                .find(|p| p.stage == *stage);
            match newest {
                None => Check::Pending(format!("no promotion of {stage} yet")),
                Some(p) if !p.is_terminal() => Check::Pending(format!("{} is {}", p.name, p.phase)),
                Some(p) if *succeeded && p.phase != "Succeeded" => Check::Failed(format!(
                    "promotion {} {}: {}",
                    p.name,
                    p.phase,
                    p.message.clone().unwrap_or_default()
                )),
                Some(_) => Check::Holds,
            }
        }
        WaitCondition::App {
            app,
            synced,
            healthy,
        } => match g.apps.in_namespace_any(app) {
            None => Check::Pending(format!("application {app} not seen yet")),
            Some(a) if a.operation_pending => {
                Check::Pending(format!("{app} is running an operation"))
            }
            Some(a) if *synced && a.sync != "Synced" => {
                Check::Pending(format!("{app} is {}", a.sync))
            }
            Some(a) if *healthy && a.health != "Healthy" => {
                Check::Pending(format!("{app} is {}", a.health))
            }
            Some(_) => Check::Holds,
        },
        WaitCondition::CiFinished {
            commit: c,
            succeeded,
        } => {
            let sha = match commit(state, c) {
                Ok(sha) => sha,
                Err(why) => return Check::Pending(why),
            };
            match state.ci.run_for_commit(&sha) {
                None => Check::Pending(format!("no CI run for {} yet", short(&sha))),
                Some(run) if run.is_active() => Check::Pending(format!(
                    "CI #{} is {}",
                    run.run_number,
                    run.status.clone().unwrap_or_default()
                )),
                Some(run) if *succeeded && run.conclusion.as_deref() != Some("success") => {
                    Check::Failed(format!(
                        "CI #{} ended {}",
                        run.run_number,
                        run.conclusion
                            .clone()
                            .unwrap_or_else(|| "without a conclusion".into())
                    ))
                }
                Some(_) => Check::Holds,
            }
        }
    }
}
