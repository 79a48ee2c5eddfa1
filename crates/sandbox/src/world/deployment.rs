//! The Deployment controller: one ReplicaSet per pod template (named by its hash), rolling
//! updates within maxSurge / maxUnavailable, the revision annotation, and Deployment status
//! with Available / Progressing conditions.

use std::sync::Arc;

use serde_json::{Value, json};

use super::deployment_fields::{REVISION, int, int_or_percent};
use super::deploystatus;
use super::events::Source;
use super::replicaset::{owner_name, owner_ref};
use super::{World, informer};
use crate::meta;
use crate::registry::{DEPLOYMENTS, REPLICASETS};
use crate::rng;
use crate::store::{ChangeKind, Object};

pub const HASH_LABEL: &str = "pod-template-hash";

pub async fn run(world: Arc<World>) {
    let on_deploy = |d: &Object| reconcile(&world, d.namespace(), d.name());
    informer(
        &world.store,
        &DEPLOYMENTS,
        on_deploy,
        |change| {
            if std::ptr::eq(change.res, &DEPLOYMENTS) && change.kind != ChangeKind::Deleted {
                on_deploy(&change.object);
            } else if std::ptr::eq(change.res, &REPLICASETS)
                && let Some(owner) = owner_name(&change.object, "Deployment")
            {
                reconcile(&world, change.object.namespace(), owner);
            }
        },
        || {},
    )
    .await;
}

/// Stable hash of a pod template (serde_json maps are sorted, so equal templates hash equal).
/// Nulls and empty maps/lists are left out: clients built on Go structs send
/// `creationTimestamp: null` or `resources: {}` where others omit them, and Kubernetes
/// (hashing defaulted structs) treats those as the same template, e.g. on `rollout undo`.
pub fn template_hash(template: &Value) -> String {
    let digest = sha1_smol::Sha1::from(normalized(template).to_string())
        .digest()
        .bytes();
    let n = u64::from_le_bytes(digest[..8].try_into().unwrap_or_default());
    rng::safe_encode(n, 10)
}

fn normalized(v: &Value) -> Value {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    };
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .filter(|(_, v)| !empty(v))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(normalized).collect()),
        other => other.clone(),
    }
}

fn revision(rs: &Value) -> i64 {
    meta::str_at(rs, &["metadata", "annotations", REVISION])
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// The ReplicaSet for a deployment's current template.
pub fn new_replicaset(d: &Value, hash: &str, revision: i64, replicas: i64) -> Value {
    let name = format!("{}-{hash}", meta::name(d));
    let mut template = d.pointer("/spec/template").cloned().unwrap_or(json!({}));
    meta::set_path(
        &mut template,
        &["metadata", "labels", HASH_LABEL],
        json!(hash),
    );
    let mut selector = d.pointer("/spec/selector").cloned().unwrap_or(json!({}));
    meta::set_path(&mut selector, &["matchLabels", HASH_LABEL], json!(hash));
    let labels = template["metadata"]["labels"].clone();
    json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {
            "name": name, "namespace": meta::namespace(d), "labels": labels,
            "annotations": {
                REVISION: revision.to_string(),
                "deployment.kubernetes.io/desired-replicas": int(d, &["spec", "replicas"]).to_string(),
                "deployment.kubernetes.io/max-replicas": (int(d, &["spec", "replicas"]) + 1).to_string(),
            },
            "ownerReferences": [owner_ref(d)],
        },
        "spec": {"replicas": replicas, "selector": selector, "template": template},
        "status": {"replicas": 0, "observedGeneration": 1},
    })
}

fn scaled_event(w: &World, d: &Value, rs: &Value, from: i64, to: i64) {
    let dir = if to > from { "up" } else { "down" };
    let msg = format!(
        "Scaled {dir} replica set {} from {from} to {to}",
        meta::name(rs)
    );
    let source = Source::Controller("deployment-controller");
    w.events.record(
        &w.store,
        d,
        source,
        "Normal",
        "ScalingReplicaSet",
        &msg,
        None,
    );
}

fn scale(w: &World, d: &Value, rs: &Value, replicas: i64) {
    let from = int(rs, &["spec", "replicas"]);
    if from == replicas {
        return;
    }
    let scaled = w
        .store
        .update(&REPLICASETS, meta::namespace(rs), meta::name(rs), |cur| {
            let mut next = cur.clone();
            meta::set_path(&mut next, &["spec", "replicas"], json!(replicas));
            Ok(next)
        });
    if scaled.is_ok() {
        scaled_event(w, d, rs, from, replicas);
    }
}

fn reconcile(w: &World, ns: &str, name: &str) {
    let Some(d) = w.store.read(&DEPLOYMENTS, ns, name) else {
        return;
    };
    if meta::is_terminating(&d) {
        return;
    }
    let uid = meta::uid(&d).to_string();
    let desired = meta::i64_at(&d, &["spec", "replicas"]).unwrap_or(1).max(0);
    let hash = template_hash(d.pointer("/spec/template").unwrap_or(&Value::Null));
    let owned = w
        .store
        .list(&REPLICASETS, Some(ns), None, usize::MAX, &|r| {
            r.controller("Deployment").map(|(_, uid)| uid) == Some(uid.as_str())
        });
    let mut all: Vec<Value> = owned.items.iter().map(|r| r.value()).collect();
    all.sort_by_key(|r| {
        meta::str_at(r, &["metadata", "creationTimestamp"])
            .unwrap_or("")
            .to_string()
    });
    let max_rev = all.iter().map(revision).max().unwrap_or(0);
    let (olds, current): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|r| meta::label(r, HASH_LABEL) != Some(hash.as_str()));
    let strategy = d.pointer("/spec/strategy/rollingUpdate");
    let surge = int_or_percent(strategy.and_then(|s| s.get("maxSurge")), desired, true, 1).max(0);
    let unavailable = int_or_percent(
        strategy.and_then(|s| s.get("maxUnavailable")),
        desired,
        false,
        0,
    )
    .max(0);
    let surge = if surge == 0 && unavailable == 0 {
        1
    } else {
        surge
    };
    let old_total: i64 = olds.iter().map(|r| int(r, &["spec", "replicas"])).sum();

    let new_rs = match current.into_iter().next() {
        Some(rs) => {
            if revision(&rs) < max_rev {
                // Rolled back to an older template: it becomes the newest revision again.
                let _ = w.store.update(&REPLICASETS, ns, meta::name(&rs), |cur| {
                    let mut next = cur.clone();
                    meta::set_path(
                        &mut next,
                        &["metadata", "annotations", REVISION],
                        json!((max_rev + 1).to_string()),
                    );
                    Ok(next)
                });
            }
            rs
        }
        None => {
            let start = if old_total == 0 {
                desired
            } else {
                (desired + surge - old_total).clamp(0, desired)
            };
            match w
                .store
                .create(&REPLICASETS, new_replicaset(&d, &hash, max_rev + 1, start))
            {
                Ok(rs) => {
                    scaled_event(w, &d, &rs, 0, start);
                    rs
                }
                Err(e) => {
                    tracing::warn!("deployment {ns}/{name}: cannot create replicaset: {e}");
                    return;
                }
            }
        }
    };
    let new_spec = int(&new_rs, &["spec", "replicas"]);
    if old_total == 0 {
        scale(w, &d, &new_rs, desired);
    } else {
        let room = desired + surge - (old_total + new_spec);
        if new_spec < desired && room > 0 {
            scale(w, &d, &new_rs, (new_spec + room).min(desired));
        }
        scale_down_olds(w, &d, &olds, &new_rs, desired - unavailable);
    }
    cleanup_history(w, &d, &olds);
    deploystatus::update(w, &d, &new_rs, &olds, desired);
}

/// Old ReplicaSets shrink only as far as availability allows (kube's
/// `reconcileOldReplicaSets`): first their unhealthy pods, then healthy ones.
fn scale_down_olds(w: &World, d: &Value, olds: &[Value], new_rs: &Value, min_available: i64) {
    let spec = |r: &Value| int(r, &["spec", "replicas"]);
    let avail = |r: &Value| int(r, &["status", "availableReplicas"]);
    let all_pods: i64 = olds.iter().map(&spec).sum::<i64>() + spec(new_rs);
    let new_unavailable = (spec(new_rs) - avail(new_rs)).max(0);
    let mut budget = all_pods - min_available - new_unavailable;
    if budget <= 0 {
        // Statuses may lag the specs just written; this gate keeps a stale
        // availableReplicas from scaling down pods that are still needed.
        return;
    }
    let mut targets: Vec<i64> = olds.iter().map(spec).collect();
    for (i, old) in olds.iter().enumerate() {
        let unhealthy = (targets[i] - avail(old)).max(0).min(budget.max(0));
        targets[i] -= unhealthy;
        budget -= unhealthy;
    }
    let available: i64 = olds.iter().map(&avail).sum::<i64>() + avail(new_rs);
    let mut removable = (available - min_available).min(budget).max(0);
    for t in targets.iter_mut() {
        let cut = (*t).min(removable);
        *t -= cut;
        removable -= cut;
    }
    for (old, t) in olds.iter().zip(targets) {
        scale(w, d, old, t);
    }
}

fn cleanup_history(w: &World, d: &Value, olds: &[Value]) {
    let limit = meta::i64_at(d, &["spec", "revisionHistoryLimit"])
        .unwrap_or(10)
        .max(0) as usize;
    let idle: Vec<&Value> = olds
        .iter()
        .filter(|r| int(r, &["spec", "replicas"]) == 0 && int(r, &["status", "replicas"]) == 0)
        .collect();
    for rs in idle.iter().take(idle.len().saturating_sub(limit)) {
        let _ = w.store.delete(
            &REPLICASETS,
            meta::namespace(rs),
            meta::name(rs),
            None,
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_hash_ignores_go_struct_noise() {
        let a = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}});
        let b = json!({"metadata": {"labels": {"app": "x"}, "creationTimestamp": null},
                       "spec": {"containers": [{"name": "c", "image": "i", "resources": {}}]}});
        assert_eq!(template_hash(&a), template_hash(&b));
        let c = json!({"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "j"}]}});
        assert_ne!(template_hash(&a), template_hash(&c));
    }
}
