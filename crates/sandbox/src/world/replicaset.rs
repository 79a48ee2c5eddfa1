//! The ReplicaSet controller: keeps the number of live pods owned by each ReplicaSet at
//! `spec.replicas` and reports replicas / ready / available in its status.

use std::sync::Arc;

use serde_json::{Value, json};

use super::deletion::{self, DeleteOpts};
use super::events::Source;
use super::{World, informer};
use crate::defaults;
use crate::meta;
use crate::registry::{PODS, REPLICASETS};
use crate::store::{ChangeKind, Object};

pub async fn run(world: Arc<World>) {
    let reconcile_obj = |rs: &Object| reconcile(&world, rs.namespace(), rs.name());
    informer(
        &world.store,
        &REPLICASETS,
        reconcile_obj,
        |change| {
            if std::ptr::eq(change.res, &REPLICASETS) && change.kind != ChangeKind::Deleted {
                reconcile_obj(&change.object);
            } else if std::ptr::eq(change.res, &PODS)
                && let Some(owner) = owner_name(&change.object, "ReplicaSet")
            {
                reconcile(&world, change.object.namespace(), owner);
            }
        },
        || {},
    )
    .await;
}

/// Name of the controlling owner of `kind`.
pub fn owner_name<'a>(obj: &'a Object, kind: &str) -> Option<&'a str> {
    obj.controller(kind).map(|(name, _)| name)
}

pub fn owner_ref(owner: &Value) -> Value {
    json!({
        "apiVersion": owner.get("apiVersion").cloned().unwrap_or_default(),
        "kind": owner.get("kind").cloned().unwrap_or_default(),
        "name": meta::name(owner), "uid": meta::uid(owner),
        "controller": true, "blockOwnerDeletion": true,
    })
}

/// A new pod for `rs` from its template (named `<rs>-<5 chars>` by the store).
pub fn pod_for(rs: &Value) -> Value {
    let template = rs.pointer("/spec/template").cloned().unwrap_or_default();
    let mut md = template.get("metadata").cloned().unwrap_or(json!({}));
    if !md.is_object() {
        md = json!({});
    }
    md["generateName"] = json!(format!("{}-", meta::name(rs)));
    md["namespace"] = json!(meta::namespace(rs));
    md["ownerReferences"] = json!([owner_ref(rs)]);
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": md,
                         "spec": template.get("spec").cloned().unwrap_or(json!({}))});
    defaults::apply(&PODS, &mut pod);
    pod
}

fn is_active(p: &Value) -> bool {
    let phase = meta::str_at(p, &["status", "phase"]).unwrap_or("");
    !meta::is_terminating(p) && phase != "Succeeded" && phase != "Failed"
}

pub fn is_ready(p: &Value) -> bool {
    p.pointer("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True")
}

fn reconcile(w: &World, ns: &str, name: &str) {
    let Some(rs) = w.store.read(&REPLICASETS, ns, name) else {
        return;
    };
    if meta::is_terminating(&rs) {
        return;
    }
    let uid = meta::uid(&rs).to_string();
    let desired = meta::i64_at(&rs, &["spec", "replicas"]).unwrap_or(1).max(0) as usize;
    let owned = w.store.list(&PODS, Some(ns), None, usize::MAX, &|p| {
        p.controller("ReplicaSet").map(|(_, uid)| uid) == Some(uid.as_str())
    });
    let mut active: Vec<Value> = owned
        .items
        .iter()
        .map(|p| p.value())
        .filter(is_active)
        .collect();
    if active.len() < desired {
        for _ in active.len()..desired {
            match w.store.create(&PODS, pod_for(&rs)) {
                Ok(p) => {
                    let msg = format!("Created pod: {}", meta::name(&p));
                    w.events.record(
                        &w.store,
                        &rs,
                        Source::Controller("replicaset-controller"),
                        "Normal",
                        "SuccessfulCreate",
                        &msg,
                        None,
                    );
                    active.push(p);
                }
                Err(e) => tracing::warn!("replicaset {ns}/{name}: cannot create pod: {e}"),
            }
        }
    } else if active.len() > desired {
        // Like the real controller: remove not-ready pods first, then the youngest.
        active.sort_by_key(|p| {
            (
                is_ready(p),
                std::cmp::Reverse(
                    meta::str_at(p, &["metadata", "creationTimestamp"])
                        .unwrap_or("")
                        .to_string(),
                ),
            )
        });
        for pod in active.drain(..active.len() - desired) {
            let _ = deletion::delete(
                &w.store,
                &w.registry,
                &PODS,
                ns,
                meta::name(&pod),
                &DeleteOpts::default(),
            );
        }
    }
    let ready = active.iter().filter(|p| is_ready(p)).count();
    let generation = rs
        .pointer("/metadata/generation")
        .cloned()
        .unwrap_or(json!(1));
    let status = json!({
        "replicas": active.len(), "fullyLabeledReplicas": active.len(),
        "readyReplicas": ready, "availableReplicas": ready, "observedGeneration": generation,
    });
    let _ = w.store.update(&REPLICASETS, ns, name, |cur| {
        let mut next = cur.clone();
        next["status"] = status;
        Ok(next)
    });
}
