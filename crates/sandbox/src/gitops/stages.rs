//! Stage status as Kargo keeps it: health from the stage's Argo CD application, verification
//! of the current freight once it has been healthy for a while (or failed when it stays broken),
//! auto-promotion of the newest available freight where the ProjectConfig enables it, and the
//! auto-rollback to the last verified freight that the talk shows when dev breaks.

use serde_json::{Value, json};

use super::argocd::health;
use super::objects::{
    self, current_freight, is_terminal, list, modify, now, phase, promotion_name,
};
use super::{ARGOCD_NS, GitopsSim, PROJECT, app_for};
use crate::meta;
use crate::registry::gitops::{APPLICATIONS, FREIGHTS, PROJECT_CONFIGS, PROMOTIONS, STAGES};
use crate::world::World;
use showrunner_model::kargo::availability::availability;
use showrunner_model::kargo::models::{
    FreightOrigin, FreightRequest, FreightStatus, ROLLBACK_ANNOTATION,
};

/// Healthy this long after a promotion → the freight is verified in the stage.
const VERIFY_SECS: f64 = 4.0;
/// Unhealthy this long after a promotion → verification failed. Long enough for a crash loop
/// to be seen: the kubelet's back-off (10 s, 20 s, …) restarts a broken container three times
/// in this window, so the talk's CrashLoopBackOff and its restarts are there to point at
/// before the rollback replaces the pods.
const FAIL_SECS: f64 = 45.0;

pub fn reconcile(w: &World, sim: &GitopsSim) {
    let policies = list(&w.store, &PROJECT_CONFIGS, PROJECT)
        .first()
        .and_then(|c| c.pointer("/spec/promotionPolicies").cloned())
        .unwrap_or(json!([]));
    for stage in list(&w.store, &STAGES, PROJECT) {
        let name = meta::name(&stage).to_string();
        let policy = policy_for(&policies, &name);
        let app_health = match w.store.read(&APPLICATIONS, ARGOCD_NS, &app_for(&name)) {
            Some(app) => app
                .pointer("/status/health/status")
                .and_then(Value::as_str)
                .unwrap_or("Unknown")
                .to_string(),
            None => health(w, &name).to_string(),
        };
        let stage_health = match app_health.as_str() {
            "Healthy" => "Healthy",
            "Progressing" => "Progressing",
            "Degraded" | "Missing" => "Unhealthy",
            _ => "Unknown",
        };
        let busy = objects::promotions_of(&w.store, &name)
            .iter()
            .any(|p| !is_terminal(phase(p)));
        let auto = policy
            .as_ref()
            .is_some_and(|p| p.get("autoPromotionEnabled") == Some(&json!(true)));
        let issues = if stage_health == "Unhealthy" {
            json!([format!(
                "Argo CD Application {ARGOCD_NS}/{} is {app_health}",
                app_for(&name)
            )])
        } else {
            json!([])
        };
        let ready = if stage_health == "Healthy" {
            json!({"type": "Ready", "status": "True", "reason": "Ready", "message": ""})
        } else {
            json!({"type": "Ready", "status": "False", "reason": "Unhealthy", "message": format!("Stage health is {stage_health}")})
        };
        let _ = modify(&w.store, &STAGES, PROJECT, &name, |s| {
            meta::set_path(
                s,
                &["status", "health"],
                json!({"status": stage_health, "issues": issues}),
            );
            meta::set_path(s, &["status", "conditions"], json!([ready]));
            meta::set_path(s, &["status", "autoPromotionEnabled"], json!(auto));
        });
        // Track how long the stage has had this health, for verification.
        let key = format!("health/{name}/{stage_health}");
        for other in ["Healthy", "Progressing", "Unhealthy", "Unknown"]
            .iter()
            .filter(|h| **h != stage_health)
        {
            sim.reset(&format!("health/{name}/{other}"));
        }
        if !busy {
            verify(w, sim, &stage, &name, stage_health, sim.elapsed(&key));
        }
        let Some(stage) = w.store.read(&STAGES, PROJECT, &name) else {
            continue;
        };
        let rollback = policy
            .as_ref()
            .and_then(|p| p.pointer("/autoRollback/onVerification"))
            .is_some();
        if !busy
            && rollback
            && verification_phase(&stage) == Some("Failed")
            && roll_back(w, sim, &stage, &name)
        {
            continue;
        }
        if !busy && auto {
            auto_promote(w, sim, &stage, &name);
        }
    }
}

fn policy_for(policies: &Value, stage: &str) -> Option<Value> {
    policies
        .as_array()?
        .iter()
        .find(|p| {
            p.pointer("/stageSelector/name").and_then(Value::as_str) == Some(stage)
                || p.get("stage").and_then(Value::as_str) == Some(stage)
        })
        .cloned()
}

fn verification_phase(stage: &Value) -> Option<&str> {
    stage
        .pointer("/status/freightHistory/0/verificationHistory/0/phase")
        .and_then(Value::as_str)
}

fn verify(
    w: &World,
    _sim: &GitopsSim,
    stage: &Value,
    name: &str,
    health: &str,
    held: std::time::Duration,
) {
    if verification_phase(stage).is_some() {
        return;
    }
    let Some(freight) = current_freight(stage).map(String::from) else {
        return;
    };
    let outcome = match health {
        "Healthy" if held >= w.clock.scaled(VERIFY_SECS) => Some(("Successful", "")),
        "Unhealthy" if held >= w.clock.scaled(FAIL_SECS) => Some((
            "Failed",
            "the application stayed Degraded after the promotion",
        )),
        _ => None,
    };
    let Some((result, message)) = outcome else {
        return;
    };
    let t = now();
    let _ = modify(&w.store, &STAGES, PROJECT, name, |s| {
        // Pointer, not `set_path`: freightHistory is an array and must stay one.
        if let Some(current) = s
            .pointer_mut("/status/freightHistory/0")
            .and_then(Value::as_object_mut)
        {
            let record = json!({"id": crate::rng::uuid(), "phase": result, "message": message, "startTime": t, "finishTime": t, "actor": "kargo-controller"});
            current.insert("verificationHistory".into(), json!([record]));
        }
    });
    if result == "Successful" {
        let _ = modify(&w.store, &FREIGHTS, PROJECT, &freight, |f| {
            meta::set_path(f, &["status", "verifiedIn", name], json!({"verifiedAt": t}))
        });
    }
    tracing::info!(stage = name, freight = %freight, result, "verification finished");
}

/// Promotes the stage's last verified freight back in, and holds the failed one so
/// auto-promotion does not bring it straight back.
fn roll_back(w: &World, sim: &GitopsSim, stage: &Value, name: &str) -> bool {
    let Some(bad) = current_freight(stage).map(String::from) else {
        return false;
    };
    let history = stage
        .pointer("/status/freightHistory")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let stable = history
        .iter()
        .skip(1)
        .filter_map(|h| {
            h.get("items")?
                .as_object()?
                .values()
                .next()?
                .get("name")?
                .as_str()
        })
        .find(|f| {
            *f != bad
                && objects::freight(&w.store, f)
                    .is_some_and(|fr| fr.pointer(&format!("/status/verifiedIn/{name}")).is_some())
        });
    let Some(stable) = stable.map(String::from) else {
        return false;
    };
    sim.hold(name, &bad);
    let promo = json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Promotion",
        "metadata": {"name": promotion_name(name, &stable), "namespace": PROJECT,
                     "annotations": {ROLLBACK_ANNOTATION: "true", "kargo.akuity.io/create-actor": "kargo-controller"}},
        "spec": {"stage": name, "freight": stable, "steps": stage.pointer("/spec/promotionTemplate/spec/steps").cloned().unwrap_or_default()}});
    match w.store.create(&PROMOTIONS, promo) {
        Ok(_) => {
            let _ = modify(&w.store, &STAGES, PROJECT, name, |s| {
                meta::set_path(s, &["status", "metadata", "stableFreight"], json!(stable))
            });
            tracing::info!(stage = name, from = %bad, to = %stable, "auto-rollback");
            true
        }
        Err(e) => {
            tracing::warn!(error = %e.message, "auto-rollback refused");
            false
        }
    }
}

/// Newest freight the stage may take, unless it already runs it or it is held after a rollback.
fn auto_promote(w: &World, sim: &GitopsSim, stage: &Value, name: &str) {
    let requests: Vec<FreightRequest> = serde_json::from_value(
        stage
            .pointer("/spec/requestedFreight")
            .cloned()
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    let mut freight = list(&w.store, &FREIGHTS, PROJECT);
    freight.sort_by(|a, b| {
        meta::str_at(b, &["metadata", "creationTimestamp"])
            .cmp(&meta::str_at(a, &["metadata", "creationTimestamp"]))
    });
    let now = jiff::Timestamp::now();
    let candidate = freight.iter().find(|f| {
        let origin: FreightOrigin =
            serde_json::from_value(f.get("origin").cloned().unwrap_or_default())
                .unwrap_or_default();
        let status: FreightStatus =
            serde_json::from_value(f.get("status").cloned().unwrap_or_default())
                .unwrap_or_default();
        !sim.is_held(name, meta::name(f))
            && availability(name, &requests, &origin, &status, now).is_available()
    });
    let Some(candidate) = candidate else { return };
    if Some(meta::name(candidate)) == current_freight(stage) {
        return;
    }
    let promo = json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Promotion",
        "metadata": {"name": promotion_name(name, meta::name(candidate)), "namespace": PROJECT,
                     "annotations": {"kargo.akuity.io/create-actor": "kargo-controller"}},
        "spec": {"stage": name, "freight": meta::name(candidate), "steps": stage.pointer("/spec/promotionTemplate/spec/steps").cloned().unwrap_or_default()}});
    if w.store.create(&PROMOTIONS, promo).is_ok() {
        tracing::info!(stage = name, freight = %objects::alias(candidate), "auto-promotion");
    }
}
