//! Building GitOps mutations from what is on screen, with the checks the real servers (or the
//! Argo CD CLI) would make first. Shared by keys and runbook actions, so both refuse the same
//! things with the same words.

use super::mutation::{FreightLabel, Mutation, RefreshTarget, RollbackTarget};
use super::state::AppState;
use crate::argocd::summary::AppSummary;
use crate::kargo::availability::{Availability, availability};
use crate::kargo::summary::{FreightSummary, PromotionSummary};

pub fn label(f: &FreightSummary) -> FreightLabel {
    FreightLabel {
        alias: f.alias.clone(),
        content: f.label(),
    }
}

pub fn availability_of(state: &AppState, stage: &str, f: &FreightSummary) -> Availability {
    match state.gitops.stage(stage) {
        Some(s) => availability(stage, &s.requests, &f.origin, &f.status, state.now),
        None => Availability::Unavailable(format!("stage {stage} not found")),
    }
}

pub fn promote(state: &AppState, stage: &str, f: &FreightSummary) -> Mutation {
    Mutation::Promote {
        project: state.gitops.project().to_string(),
        stage: stage.to_string(),
        freight: f.name.clone(),
        label: label(f),
        steps: state
            .gitops
            .stage(stage)
            .map(|s| s.template_steps.clone())
            .unwrap_or_default(),
    }
}

/// The freight `m`'s stage runs now, when `m` would move that stage to older freight: then it
/// is a rollback, and is confirmed as one whatever the stage.
pub fn rollback_from<'a>(state: &'a AppState, m: &Mutation) -> Option<&'a FreightSummary> {
    let Mutation::Promote { stage, freight, .. } = m else {
        return None;
    };
    let target = state.gitops.freight_named(freight)?;
    // Compared with what the stage runs from the same warehouse: freight of another origin
    // is neither older nor newer than it.
    let current = state.gitops.stage(stage)?.current_for(&target.origin)?;
    let current = state.gitops.freight_named(current)?;
    is_older(target, current).then_some(current)
}

/// Whether promoting `f` would move `stage` forward: newer than what the stage runs from
/// `f`'s origin, or the stage runs nothing known from it yet.
pub fn is_ahead_of_stage(state: &AppState, stage: &str, f: &FreightSummary) -> bool {
    let Some(s) = state.gitops.stage(stage) else {
        // Let the availability check say what is wrong with the stage.
        return true;
    };
    match s.current_for(&f.origin) {
        Some(name) if name == f.name => false,
        Some(name) => state
            .gitops
            .freight_named(name)
            .is_none_or(|current| is_older(current, f)),
        None => true,
    }
}

/// Older in the order the freight list shows (newest first: by creation, then by name).
pub fn is_older(a: &FreightSummary, b: &FreightSummary) -> bool {
    a.created < b.created || (a.created == b.created && a.name > b.name)
}

/// What a confirmation says: a rollback says so, in the words a presenter would use.
pub fn confirm_text(state: &AppState, m: &Mutation) -> String {
    match (m, rollback_from(state, m)) {
        (Mutation::Promote { stage, label, .. }, Some(from)) => format!(
            "Roll {stage} back from {} to {label}: older freight than it runs now.",
            self::label(from)
        ),
        _ => m.describe(),
    }
}

pub fn approve(state: &AppState, stage: &str, f: &FreightSummary) -> Mutation {
    Mutation::Approve {
        project: state.gitops.project().to_string(),
        stage: stage.to_string(),
        freight: f.name.clone(),
        label: label(f),
    }
}

pub fn abort(p: &PromotionSummary) -> Result<Mutation, String> {
    if p.is_terminal() {
        return Err(format!(
            "promotion {} already {}: nothing to abort",
            p.name, p.phase
        ));
    }
    Ok(Mutation::AbortPromotion {
        project: p.namespace.clone(),
        stage: p.stage.clone(),
        promotion: p.name.clone(),
        progress: p.progress(),
    })
}

pub fn refresh(state: &AppState, target: RefreshTarget) -> Mutation {
    Mutation::Refresh {
        project: state.gitops.project().to_string(),
        target,
    }
}

pub fn sync(app: &AppSummary) -> Result<Mutation, String> {
    if app.operation_pending {
        return Err(format!(
            "{}: another operation is already in progress",
            app.name
        ));
    }
    Ok(Mutation::SyncApp {
        namespace: app.namespace.clone(),
        app: app.name.clone(),
        destination: app.destination.clone(),
    })
}

pub fn hard_refresh(app: &AppSummary) -> Mutation {
    Mutation::HardRefreshApp {
        namespace: app.namespace.clone(),
        app: app.name.clone(),
        destination: app.destination.clone(),
    }
}

/// Roll back to history entry `to`, or to the deployment before the current one.
pub fn rollback(app: &AppSummary, to: Option<i64>) -> Result<Mutation, String> {
    if app.auto_sync {
        return Err(format!(
            "rollback refused: {} has auto-sync enabled, so Argo CD would sync it straight back; turn auto-sync off first",
            app.name
        ));
    }
    if app.operation_pending {
        return Err(format!(
            "{}: another operation is already in progress",
            app.name
        ));
    }
    let entry = match to {
        Some(id) => app
            .history
            .iter()
            .find(|h| h.id == id)
            .ok_or_else(|| format!("{} has no history entry #{id}", app.name))?,
        None => app
            .previous_deployment()
            .ok_or_else(|| format!("{} has no earlier deployment to roll back to", app.name))?,
    };
    let to = RollbackTarget {
        id: entry.id,
        revision: entry.revision.clone(),
        source: entry.source.as_ref().map(|v| v.to_string()),
        sources: entry
            .sources
            .as_ref()
            .map(|s| serde_json::Value::from(s.clone()).to_string()),
    };
    Ok(Mutation::RollbackApp {
        namespace: app.namespace.clone(),
        app: app.name.clone(),
        destination: app.destination.clone(),
        to,
    })
}
