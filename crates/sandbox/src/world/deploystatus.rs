//! Deployment status as kube's deployment controller reports it: replica counts summed over
//! its ReplicaSets and the Available / Progressing conditions.

use serde_json::{Value, json};

use super::World;
use super::deployment_fields::{REVISION, int, int_or_percent};
use crate::meta;
use crate::registry::DEPLOYMENTS;

fn condition(cur: Option<&Value>, kind: &str, ok: bool, reason: &str, message: String) -> Value {
    let now = meta::now_rfc3339();
    let status = if ok { "True" } else { "False" };
    // Keep timestamps when nothing changed, or every reconcile would be a new write.
    if let Some(c) = cur.filter(|c| {
        c["status"] == status && c["reason"] == reason && c["message"] == message.as_str()
    }) {
        return c.clone();
    }
    let transition = cur
        .filter(|c| c["status"] == status)
        .map(|c| c["lastTransitionTime"].clone())
        .unwrap_or(json!(now));
    json!({"type": kind, "status": status, "lastUpdateTime": now, "lastTransitionTime": transition, "reason": reason, "message": message})
}

pub fn update(w: &World, d: &Value, new_rs: &Value, olds: &[Value], desired: i64) {
    let sum = |f: &str| {
        olds.iter().map(|r| int(r, &["status", f])).sum::<i64>() + int(new_rs, &["status", f])
    };
    let (replicas, ready, available) = (
        sum("replicas"),
        sum("readyReplicas"),
        sum("availableReplicas"),
    );
    let updated = int(new_rs, &["status", "replicas"]);
    let rs_name = meta::name(new_rs);
    let old_pods: i64 = olds.iter().map(|r| int(r, &["status", "replicas"])).sum();
    let complete = updated == desired
        && int(new_rs, &["status", "availableReplicas"]) == desired
        && old_pods == 0;
    let min_available = desired
        - int_or_percent(
            d.pointer("/spec/strategy/rollingUpdate/maxUnavailable"),
            desired,
            false,
            0,
        );
    let rev = meta::str_at(new_rs, &["metadata", "annotations", REVISION])
        .unwrap_or("1")
        .to_string();
    let (ns, name) = (meta::namespace(d), meta::name(d));
    let _ = w.store.update(&DEPLOYMENTS, ns, name, |cur| {
        let mut next = cur.clone();
        let old_cond = |t: &str| {
            cur.pointer("/status/conditions")
                .and_then(Value::as_array)
                .and_then(|l| l.iter().find(|c| c["type"] == t))
                .cloned()
        };
        let available_cond = if available >= min_available {
            condition(
                old_cond("Available").as_ref(),
                "Available",
                true,
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.".into(),
            )
        } else {
            condition(
                old_cond("Available").as_ref(),
                "Available",
                false,
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.".into(),
            )
        };
        let progressing = if complete {
            condition(
                old_cond("Progressing").as_ref(),
                "Progressing",
                true,
                "NewReplicaSetAvailable",
                format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
            )
        } else {
            condition(
                old_cond("Progressing").as_ref(),
                "Progressing",
                true,
                "ReplicaSetUpdated",
                format!("ReplicaSet \"{rs_name}\" is progressing."),
            )
        };
        let mut status = json!({
            "observedGeneration": cur.pointer("/metadata/generation").cloned().unwrap_or(json!(1)),
            "replicas": replicas, "updatedReplicas": updated, "readyReplicas": ready,
            "availableReplicas": available, "conditions": [available_cond, progressing],
        });
        if desired - available > 0 {
            status["unavailableReplicas"] = json!(desired - available);
        }
        next["status"] = status;
        meta::set_path(
            &mut next,
            &["metadata", "annotations", REVISION],
            json!(rev),
        );
        Ok(next)
    });
}
