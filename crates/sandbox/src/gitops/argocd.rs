//! The Argo CD application controller: runs `.operation.sync` (a manual sync, a Kargo
//! `argocd-update`, auto-sync, or a rollback pinned to a history entry) by setting the revision's
//! image on the destination's `backend` Deployment, records history, and derives sync status
//! and health from the Deployment and its pods, as Argo CD's health checks would.

use serde_json::{Value, json};

use super::objects::{list, modify, now};
use super::{ARGOCD_NS, GitopsSim};
use crate::meta;
use crate::registry::gitops::APPLICATIONS;
use crate::registry::{DEPLOYMENTS, PODS};
use crate::world::World;
use crate::world::crash;
use crate::world::images::BACKEND_IMAGE;
use showrunner_model::argocd::models::REFRESH_ANNOTATION;

/// Applying the manifests takes this long (scaled); the rollout then shows in health.
const SYNC_SECS: f64 = 1.5;
const HISTORY_LIMIT: usize = 10;

pub fn reconcile(w: &World, sim: &GitopsSim) {
    for app in list(&w.store, &APPLICATIONS, ARGOCD_NS) {
        let name = meta::name(&app).to_string();
        let Some(env) = app
            .pointer("/spec/destination/namespace")
            .and_then(Value::as_str)
            .map(String::from)
        else {
            continue;
        };
        let operation = app.get("operation").filter(|o| !o.is_null()).cloned();
        let op_phase = app
            .pointer("/status/operationState/phase")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        match operation {
            Some(op) if op_phase != "Running" && op_phase != "Terminating" => {
                begin(w, sim, &name, &env, op)
            }
            Some(_) if op_phase == "Terminating" => {
                end(w, &name, "Failed", "Operation terminated", None)
            }
            Some(op) if sim.elapsed(&format!("sync/{name}")) >= w.clock.scaled(SYNC_SECS) => {
                complete(w, sim, &name, &op)
            }
            Some(_) => {}
            None => auto_sync(w, sim, &app, &name, &env),
        }
        observe(w, sim, &name, &env);
    }
}

/// The revision an operation deploys: explicit, else the environment branch's head.
fn revision_of(sim: &GitopsSim, env: &str, op: &Value) -> Option<super::repo::Revision> {
    match op
        .pointer("/sync/revision")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
    {
        Some(rev) => sim.repo.find(env, rev),
        None => sim.repo.head(env),
    }
}

fn begin(w: &World, sim: &GitopsSim, name: &str, env: &str, op: Value) {
    let Some(rev) = revision_of(sim, env, &op) else {
        let wanted = op
            .pointer("/sync/revision")
            .and_then(Value::as_str)
            .unwrap_or("HEAD")
            .to_string();
        end(
            w,
            name,
            "Error",
            &format!("rpc error: unable to resolve '{wanted}' to a commit SHA"),
            None,
        );
        return;
    };
    sim.reset(&format!("sync/{name}"));
    let image = format!("{BACKEND_IMAGE}:{}", rev.tag);
    let t = now();
    let _ = modify(&w.store, &APPLICATIONS, ARGOCD_NS, name, |a| {
        meta::set_path(
            a,
            &["status", "operationState"],
            json!({"operation": op, "phase": "Running", "message": "one or more tasks are running",
                                                                  "startedAt": t, "revision": rev.sha}),
        );
    });
    // What applying the manifests at that revision changes: the backend image.
    let _ = modify(&w.store, &DEPLOYMENTS, env, "backend", |d| {
        if let Some(c) = d.pointer_mut("/spec/template/spec/containers/0") {
            c["image"] = json!(image);
        }
    });
    tracing::info!(app = name, revision = %rev.sha, tag = %rev.tag, "argocd sync started");
}

fn complete(w: &World, sim: &GitopsSim, name: &str, op: &Value) {
    let head = w
        .store
        .read(&APPLICATIONS, ARGOCD_NS, name)
        .and_then(|a| sim.repo.head(&env_of(&a)))
        .map(|r| r.sha);
    end(
        w,
        name,
        "Succeeded",
        "successfully synced (all tasks run)",
        Some((op, head.as_deref())),
    );
}

/// Ends the operation: `.operation` back to null and, on success, a history entry for the
/// revision it deployed (ids keep growing while old entries drop off the front).
/// Sync status moves in the same write as the history (given the branch head), so no reader
/// sees the operation finished while the app still claims its old sync status.
fn end(w: &World, name: &str, result: &str, message: &str, synced: Option<(&Value, Option<&str>)>) {
    let t = now();
    let _ = modify(&w.store, &APPLICATIONS, ARGOCD_NS, name, |a| {
        let started = a
            .pointer("/status/operationState/startedAt")
            .cloned()
            .unwrap_or(json!(t));
        meta::set_path(a, &["status", "operationState", "phase"], json!(result));
        meta::set_path(a, &["status", "operationState", "message"], json!(message));
        meta::set_path(a, &["status", "operationState", "finishedAt"], json!(t));
        a["operation"] = Value::Null;
        let Some((op, head)) = synced else { return };
        let env = env_of(a);
        let source = op
            .pointer("/sync/source")
            .cloned()
            .or_else(|| a.pointer("/spec/source").cloned())
            .unwrap_or_default();
        let revision = a
            .pointer("/status/operationState/revision")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut history = a
            .pointer("/status/history")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let id = history
            .last()
            .and_then(|h| h["id"].as_i64())
            .map_or(0, |i| i + 1);
        history.push(json!({"id": id, "revision": revision, "deployedAt": t, "deployStartedAt": started, "source": source,
                            "initiatedBy": op.get("initiatedBy").cloned().unwrap_or_default()}));
        let excess = history.len().saturating_sub(HISTORY_LIMIT);
        history.drain(..excess);
        meta::set_path(a, &["status", "history"], json!(history));
        meta::set_path(a, &["status", "sync", "revision"], json!(revision));
        let status = if head.is_some_and(|h| h != revision) {
            "OutOfSync"
        } else {
            "Synced"
        };
        meta::set_path(a, &["status", "sync", "status"], json!(status));
        meta::set_path(
            a,
            &["status", "operationState", "syncResult"],
            json!({"revision": revision, "source": source, "resources": [
            {"group": "apps", "version": "v1", "kind": "Deployment", "namespace": env, "name": "backend", "status": "Synced",
             "message": "deployment.apps/backend configured", "syncPhase": "Sync", "hookPhase": "Succeeded"}]}),
        );
    });
}

fn env_of(a: &Value) -> String {
    a.pointer("/spec/destination/namespace")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn auto_sync(w: &World, sim: &GitopsSim, app: &Value, name: &str, env: &str) {
    let automated = app
        .pointer("/spec/syncPolicy/automated")
        .is_some_and(|a| a.is_object() && a.get("enabled") != Some(&json!(false)));
    let Some(head) = sim.repo.head(env) else {
        return;
    };
    let synced = app.pointer("/status/sync/revision").and_then(Value::as_str);
    if automated && synced != Some(head.sha.as_str()) {
        let op = json!({"initiatedBy": {"automated": true}, "sync": {"revision": head.sha}});
        let _ = modify(&w.store, &APPLICATIONS, ARGOCD_NS, name, |a| {
            a["operation"] = op
        });
    }
}

/// Sync status against the environment branch, health from the Deployment and its pods, the
/// images deployed, and hard refresh requests.
fn observe(w: &World, sim: &GitopsSim, name: &str, env: &str) {
    let health = health(w, env);
    let head = sim.repo.head(env).map(|r| r.sha);
    let images = deployed_images(w, env);
    let _ = modify(&w.store, &APPLICATIONS, ARGOCD_NS, name, |a| {
        let synced = a
            .pointer("/status/sync/revision")
            .and_then(Value::as_str)
            .map(String::from);
        let status = match (&head, &synced) {
            (Some(h), Some(s)) if h == s => "Synced",
            (None, _) => "Synced",
            _ => "OutOfSync",
        };
        meta::set_path(a, &["status", "sync", "status"], json!(status));
        meta::set_path(a, &["status", "health", "status"], json!(health));
        if !images.is_empty() {
            meta::set_path(a, &["status", "summary", "images"], json!(images));
        }
        if a.pointer("/metadata/annotations")
            .and_then(|m| m.get(REFRESH_ANNOTATION))
            .is_some()
        {
            if let Some(m) = a
                .pointer_mut("/metadata/annotations")
                .and_then(Value::as_object_mut)
            {
                m.remove(REFRESH_ANNOTATION);
            }
            meta::set_path(a, &["status", "reconciledAt"], json!(now()));
        }
    });
}

fn deployed_images(w: &World, env: &str) -> Vec<String> {
    ["backend", "frontend"]
        .iter()
        .filter_map(|d| w.store.read(&DEPLOYMENTS, env, d))
        .filter_map(|d| {
            d.pointer("/spec/template/spec/containers/0/image")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .collect()
}

/// Healthy when the backend rollout is complete and every pod ready; Degraded when its new pods
/// crash; Progressing in between — the Deployment health check of Argo CD, in short.
pub fn health(w: &World, env: &str) -> &'static str {
    let Some(d) = w.store.read(&DEPLOYMENTS, env, "backend") else {
        return "Missing";
    };
    let want = d
        .pointer("/spec/replicas")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let image = d
        .pointer("/spec/template/spec/containers/0/image")
        .and_then(Value::as_str)
        .unwrap_or("");
    let status = |k: &str| {
        d.pointer(&format!("/status/{k}"))
            .and_then(Value::as_i64)
            .unwrap_or(0)
    };
    let pods = w
        .store
        .list(&PODS, Some(env), None, usize::MAX, &|p| {
            p.label("app") == Some("backend")
        })
        .items
        .iter()
        .map(|p| p.value())
        .collect::<Vec<_>>();
    let crash_rules = w.crash_images();
    let crashing = pods.iter().any(|p| {
        p.pointer("/spec/containers/0/image")
            .and_then(Value::as_str)
            == Some(image)
            && p.pointer("/status/containerStatuses")
                .and_then(Value::as_array)
                .is_some_and(|cs| cs.iter().any(|c| failing(p, c, &crash_rules)))
    });
    if crashing {
        return "Degraded";
    }
    let observed = d
        .pointer("/status/observedGeneration")
        .and_then(Value::as_i64)
        == d.pointer("/metadata/generation").and_then(Value::as_i64);
    if observed
        && status("updatedReplicas") >= want
        && status("availableReplicas") >= want
        && status("replicas") == want
    {
        "Healthy"
    } else {
        "Progressing"
    }
}

/// A container that is down (waiting after a crash, or terminated), or one that has crashed
/// and is only up between two crashes: the kubelet restarts a crash-looping container after
/// each back-off and it falls over again seconds later. Counting that pod as fine in between
/// would flip the app from Degraded to Progressing at every restart, and the stage's
/// verification, which waits for it to stay Unhealthy, would never see it fail.
fn failing(pod: &Value, container: &Value, crash_rules: &[String]) -> bool {
    let waiting = container
        .pointer("/state/waiting/reason")
        .and_then(Value::as_str)
        .unwrap_or("");
    let image = container.get("image").and_then(Value::as_str).unwrap_or("");
    let restarts = container
        .get("restartCount")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    matches!(waiting, "CrashLoopBackOff" | "Error" | "ImagePullBackOff")
        || container.pointer("/state/terminated").is_some()
        || (restarts > 0 && crash::pod_crashes(pod, image, crash_rules))
}
