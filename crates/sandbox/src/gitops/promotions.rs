//! The promotion controller: one promotion at a time per stage, oldest first; steps run on the
//! sandbox clock and report `currentStep` and `stepExecutionMetadata` as Kargo does. `git-commit`
//! writes a revision to the GitOps repository, `argocd-update` asks Argo CD to sync it and waits
//! for the sync. On success the Stage and the Freight learn where the freight now is.

use serde_json::{Value, json};

use super::objects::{self, freight_ref, is_terminal, modify, now, phase};
use super::{ARGOCD_NS, GitopsSim, PROJECT, app_for};
use crate::meta;
use crate::registry::gitops::{APPLICATIONS, FREIGHTS, PROMOTIONS, STAGES};
use crate::world::World;
use showrunner_model::kargo::models::ABORT_ANNOTATION;

/// Base seconds each step takes (scaled by speed); argocd-update waits for Argo CD instead.
fn step_secs(uses: &str) -> f64 {
    match uses {
        "git-clone" => 2.0,
        "kustomize-set-image" => 1.0,
        "git-commit" => 1.0,
        "git-push" => 1.5,
        _ => 1.0,
    }
}

pub fn reconcile(w: &World, sim: &GitopsSim) {
    let stages: Vec<String> = objects::list(&w.store, &STAGES, PROJECT)
        .iter()
        .map(|s| meta::name(s).to_string())
        .collect();
    for stage in stages.iter().map(String::as_str) {
        let promos = objects::promotions_of(&w.store, stage);
        for p in promos
            .iter()
            .filter(|p| !is_terminal(phase(p)) && abort_requested(p))
        {
            finish(w, sim, p, "Aborted", "Promotion aborted by a user");
        }
        let promos = objects::promotions_of(&w.store, stage);
        if let Some(running) = promos.iter().find(|p| phase(p) == "Running") {
            advance(w, sim, running);
        } else if let Some(next) = promos.iter().find(|p| !is_terminal(phase(p))) {
            start(w, sim, next);
        }
    }
}

fn abort_requested(p: &Value) -> bool {
    p.pointer("/metadata/annotations")
        .and_then(|a| a.get(ABORT_ANNOTATION))
        .is_some()
}

fn steps(p: &Value) -> Vec<String> {
    p.pointer("/spec/steps")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .map(|s| {
                    s.get("uses")
                        .and_then(Value::as_str)
                        .unwrap_or("step")
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn start(w: &World, sim: &GitopsSim, p: &Value) {
    let name = meta::name(p).to_string();
    let stage = p
        .pointer("/spec/stage")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let freight = objects::freight(
        &w.store,
        p.pointer("/spec/freight")
            .and_then(Value::as_str)
            .unwrap_or(""),
    );
    let Some(freight) = freight else {
        let _ = modify(
            &w.store,
            &PROMOTIONS,
            PROJECT,
            &name,
            |p| {
                p["status"] =
                    json!({"phase": "Errored", "message": "freight not found", "finishedAt": now()})
            },
        );
        return;
    };
    let t = now();
    sim.reset(&step_key(&name, 0));
    let _ = modify(&w.store, &PROMOTIONS, PROJECT, &name, |p| {
        p["status"] = json!({"phase": "Running", "startedAt": t, "currentStep": 0, "freight": freight_ref(&freight),
                             "stepExecutionMetadata": [{"alias": "step-1", "startedAt": t, "status": "Running"}], "message": ""});
    });
    let _ = modify(&w.store, &STAGES, PROJECT, &stage, |s| {
        meta::set_path(
            s,
            &["status", "currentPromotion"],
            json!({"name": name, "freight": freight_ref(&freight)}),
        );
    });
    tracing::info!(promotion = %name, "promotion started");
}

fn step_key(promotion: &str, step: usize) -> String {
    format!("promotion/{promotion}/{step}")
}

fn advance(w: &World, sim: &GitopsSim, p: &Value) {
    let name = meta::name(p).to_string();
    let stage = p
        .pointer("/spec/stage")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let steps = steps(p);
    let i = p
        .pointer("/status/currentStep")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    let Some(uses) = steps.get(i) else {
        finish(w, sim, p, "Succeeded", "All steps completed");
        return;
    };
    let key = step_key(&name, i);
    let done = match uses.as_str() {
        "argocd-update" => match argocd_update(w, sim, p, &stage) {
            Ok(done) => done,
            Err(why) => {
                finish(w, sim, p, "Failed", &format!("step argocd-update: {why}"));
                return;
            }
        },
        other => sim.elapsed(&key) >= w.clock.scaled(step_secs(other)),
    };
    if !done {
        return;
    }
    if uses == "git-commit" {
        let tag = objects::freight(
            &w.store,
            p.pointer("/spec/freight")
                .and_then(Value::as_str)
                .unwrap_or(""),
        )
        .map(|f| objects::image_tag(&f).to_string())
        .unwrap_or_default();
        let rev = sim
            .repo
            .commit(&stage, &tag, &format!("kargo: promote {tag} to {stage}"));
        let _ = modify(&w.store, &PROMOTIONS, PROJECT, &name, |p| {
            meta::set_path(p, &["status", "state", "commit"], json!(rev.sha))
        });
    }
    let t = now();
    let next = i + 1;
    sim.reset(&step_key(&name, next));
    let _ = modify(&w.store, &PROMOTIONS, PROJECT, &name, |p| {
        if let Some(m) = p.pointer_mut(&format!("/status/stepExecutionMetadata/{i}")) {
            m["status"] = json!("Succeeded");
            m["finishedAt"] = json!(t);
        }
        p["status"]["currentStep"] = json!(next);
        if next < steps.len()
            && let Some(list) = p
                .pointer_mut("/status/stepExecutionMetadata")
                .and_then(Value::as_array_mut)
        {
            list.push(
                json!({"alias": format!("step-{}", next + 1), "startedAt": t, "status": "Running"}),
            );
        }
    });
    if next >= steps.len()
        && let Some(p) = w.store.read(&PROMOTIONS, PROJECT, &name)
    {
        finish(w, sim, &p, "Succeeded", "All steps completed");
    }
}

/// Asks Argo CD to sync the stage's app to the commit this promotion made, once, and reports
/// whether that sync has finished.
fn argocd_update(w: &World, sim: &GitopsSim, p: &Value, stage: &str) -> Result<bool, String> {
    let app_name = app_for(stage);
    let revision = p
        .pointer("/status/state/commit")
        .and_then(Value::as_str)
        .map(String::from)
        .or_else(|| sim.repo.head(stage).map(|r| r.sha))
        .unwrap_or_default();
    let app = w
        .store
        .read(&APPLICATIONS, ARGOCD_NS, &app_name)
        .ok_or_else(|| format!("application {app_name} not found"))?;
    let requested = p
        .pointer("/status/state/syncRequested")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if !requested {
        if app.get("operation").is_some_and(|o| !o.is_null()) {
            return Ok(false); // another operation first; ask again next pass
        }
        let op = json!({"initiatedBy": {"username": "kargo-controller"}, "info": [{"name": "Reason", "value": "Promotion triggered a sync"}],
                        "sync": {"revision": revision, "syncStrategy": {"hook": {}}}});
        modify(&w.store, &APPLICATIONS, ARGOCD_NS, &app_name, |a| {
            a["operation"] = op
        })
        .map_err(|e| e.message)?;
        let name = meta::name(p).to_string();
        let _ = modify(&w.store, &PROMOTIONS, PROJECT, &name, |p| {
            meta::set_path(p, &["status", "state", "syncRequested"], json!(true))
        });
        return Ok(false);
    }
    let op_phase = app
        .pointer("/status/operationState/phase")
        .and_then(Value::as_str)
        .unwrap_or("");
    let synced =
        app.pointer("/status/sync/revision").and_then(Value::as_str) == Some(revision.as_str());
    let pending = app.get("operation").is_some_and(|o| !o.is_null());
    match op_phase {
        "Failed" | "Error" if !pending => Err(app
            .pointer("/status/operationState/message")
            .and_then(Value::as_str)
            .unwrap_or("sync failed")
            .to_string()),
        "Succeeded" if synced && !pending => Ok(true),
        _ => Ok(false),
    }
}

fn finish(w: &World, sim: &GitopsSim, p: &Value, result: &str, message: &str) {
    let name = meta::name(p).to_string();
    let stage = p
        .pointer("/spec/stage")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let t = now();
    let _ = modify(&w.store, &PROMOTIONS, PROJECT, &name, |p| {
        p["status"]["phase"] = json!(result);
        p["status"]["message"] = json!(message);
        p["status"]["finishedAt"] = json!(t);
        let i = p
            .pointer("/status/currentStep")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if result != "Succeeded"
            && let Some(m) = p.pointer_mut(&format!("/status/stepExecutionMetadata/{i}"))
        {
            m["status"] = json!(if result == "Aborted" {
                "Aborted"
            } else {
                "Failed"
            });
            m["finishedAt"] = json!(t);
            m["message"] = json!(message);
        }
    });
    tracing::info!(promotion = %name, result, "promotion finished");
    let Some(p) = w.store.read(&PROMOTIONS, PROJECT, &name) else {
        return;
    };
    let last = json!({"name": name, "freight": p.pointer("/status/freight").cloned().unwrap_or_default(), "finishedAt": t,
                      "status": {"phase": result, "message": message, "finishedAt": t}});
    if result == "Succeeded" {
        let freight_name = p
            .pointer("/spec/freight")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        promoted(w, sim, &stage, &freight_name);
    }
    let _ = modify(&w.store, &STAGES, PROJECT, &stage, |s| {
        if let Some(status) = s.get_mut("status").and_then(Value::as_object_mut) {
            status.remove("currentPromotion");
            status.insert("lastPromotion".into(), last);
        }
    });
}

/// The freight is now in the stage: freight history, summary, and `currentlyIn` on both the
/// freight that arrives and the one that leaves (with how long it soaked there).
fn promoted(w: &World, sim: &GitopsSim, stage: &str, freight_name: &str) {
    let Some(freight) = objects::freight(&w.store, freight_name) else {
        return;
    };
    let t = now();
    let mut previous = None;
    let _ = modify(&w.store, &STAGES, PROJECT, stage, |s| {
        previous = objects::current_freight(s).map(String::from);
        let entry = json!({"id": crate::rng::hex(12), "items": {format!("Warehouse/{}", super::WAREHOUSE): freight_ref(&freight)}, "verificationHistory": []});
        let mut history = s
            .pointer("/status/freightHistory")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        history.insert(0, entry);
        history.truncate(10);
        meta::set_path(s, &["status", "freightHistory"], json!(history));
        meta::set_path(
            s,
            &["status", "freightSummary"],
            json!(objects::alias(&freight)),
        );
    });
    // Verification restarts: the new freight has to prove itself healthy.
    sim.reset_prefix(&format!("health/{stage}/"));
    if let Some(prev) = previous.filter(|p| p != freight_name) {
        let _ = modify(&w.store, &FREIGHTS, PROJECT, &prev, |f| {
            let since = f
                .pointer(&format!("/status/currentlyIn/{stage}/since"))
                .and_then(|v| meta::parse_time(Some(v)));
            if let Some(map) = f
                .pointer_mut("/status/currentlyIn")
                .and_then(Value::as_object_mut)
            {
                map.remove(stage);
            }
            if let (Some(since), Some(verified)) =
                (since, f.pointer_mut(&format!("/status/verifiedIn/{stage}")))
            {
                let soaked = (jiff::Timestamp::now().as_second() - since.as_second()).max(0);
                verified["longestSoak"] = json!(format!(
                    "{}h{}m{}s",
                    soaked / 3600,
                    soaked / 60 % 60,
                    soaked % 60
                ));
            }
        });
    }
    let _ = modify(&w.store, &FREIGHTS, PROJECT, freight_name, |f| {
        meta::set_path(f, &["status", "currentlyIn", stage], json!({"since": t}))
    });
}
