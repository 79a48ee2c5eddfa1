//! Building GitOps mutations from what is on screen, with the checks the real servers (or the
//! Argo CD CLI) would make first. Shared by keys and runbook actions, so both refuse the same
//! things with the same words.

use crate::app::state::AppState;
use crate::argocd::summary::AppSummary;
use crate::kargo::summary::{FreightSummary, PromotionSummary, short};
use crate::sources::writes::mutation::{FreightLabel, Mutation, RefreshTarget, RollbackTarget};
use showrunner_model::kargo::availability::{Availability, availability};

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

/// What a confirmation says, in the words a presenter would use: a promotion names the
/// freight it replaces and says "downgrade" when that is newer; a sync names the revision it
/// applies and the manual rollback it undoes; a rollback names the image it goes back to.
pub fn confirm_text(state: &AppState, m: &Mutation) -> String {
    match m {
        Mutation::Promote {
            stage,
            label,
            steps,
            ..
        } => {
            let steps = crate::sources::writes::mutation::steps_sentence(steps);
            match (rollback_from(state, m), replaced(state, m)) {
                (Some(from), _) => format!(
                    "Downgrade {stage}: promote {label}, older than the {} it runs now.{steps}",
                    self::label(from)
                ),
                (None, Some(current)) => format!(
                    "Promote {label} to {stage}, replacing {}.{steps}",
                    self::label(current)
                ),
                (None, None) => m.describe(),
            }
        }
        Mutation::SyncApp { app, .. } => match state.gitops.apps.in_namespace_any(app) {
            Some(summary) => sync_text(summary, m),
            None => m.describe(),
        },
        Mutation::RollbackApp { app, to, .. } => {
            let images = to
                .revision
                .as_deref()
                .and_then(|r| state.gitops.images_at(app, r));
            match images {
                Some(images) => format!(
                    "{} It goes back to {}.",
                    m.describe(),
                    images
                        .iter()
                        .map(|i| named_image(state, i))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => m.describe(),
            }
        }
        _ => m.describe(),
    }
}

/// "backend:e4f5a6b (calm-fox)": the image's last path segment and tag, and the freight
/// that carries it when there is one.
fn named_image(state: &AppState, image: &str) -> String {
    let name = image.rsplit('/').next().unwrap_or(image);
    let tag = name.rsplit_once(':').map(|(_, t)| t);
    let alias = tag.and_then(|tag| {
        state
            .gitops
            .freight_in_order()
            .find(|f| f.images.iter().any(|i| i.tag == tag))
            .map(|f| f.alias.clone())
    });
    match alias {
        Some(alias) => format!("{name} ({alias})"),
        None => name.to_string(),
    }
}

/// A sync applies the app's target revision; when the namespace runs another one because of a
/// manual rollback, the sync undoes it, and the confirmation says so.
fn sync_text(app: &AppSummary, m: &Mutation) -> String {
    let place = app
        .destination
        .as_ref()
        .map(|d| format!("namespace {d}"))
        .unwrap_or_else(|| "its destination".into());
    let deployed = app
        .history
        .last()
        .and_then(|h| Some((h.id, h.revision.as_deref()?)));
    // A rollback: the deployed revision was deployed before, and something else since.
    let rolled_back = deployed.filter(|(_, revision)| {
        let n = app.history.len();
        app.history[..n - 1]
            .iter()
            .rposition(|h| h.revision.as_deref() == Some(*revision))
            .is_some_and(|i| i + 2 < n)
    });
    let undo = |(id, revision): (i64, &str)| {
        format!(
            " This undoes the manual rollback to {} (history #{id}).",
            short(revision)
        )
    };
    match (app.revision.as_deref(), deployed) {
        (Some(target), Some((id, revision))) if target != revision => format!(
            "Sync {} to its target revision {}: Argo CD applies it to {place}.{}",
            app.name,
            short(target),
            match rolled_back {
                Some(_) => undo((id, revision)),
                None => format!(" It replaces {}, deployed now.", short(revision)),
            }
        ),
        // Argo CD reports the deployed revision, but out of sync: the target is newer.
        (_, Some(_)) if rolled_back.is_some() && app.sync != "Synced" => format!(
            "Sync {}: Argo CD applies its target revision to {place}.{}",
            app.name,
            rolled_back.map(undo).unwrap_or_default()
        ),
        (Some(target), _) => format!(
            "Sync {} to its target revision {}: Argo CD applies it to {place}.",
            app.name,
            short(target)
        ),
        (None, _) => m.describe(),
    }
}

/// The freight of the same origin the stage runs now, which a promotion would replace.
fn replaced<'a>(state: &'a AppState, m: &Mutation) -> Option<&'a FreightSummary> {
    let Mutation::Promote { stage, freight, .. } = m else {
        return None;
    };
    let target = state.gitops.freight_named(freight)?;
    let current = state.gitops.stage(stage)?.current_for(&target.origin)?;
    state
        .gitops
        .freight_named(current)
        .filter(|c| c.name != target.name)
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
