//! Deletion as the API server and garbage collector do it: pods terminate gracefully (the
//! kubelet removes them), namespaces take their contents with them, and owners take their
//! dependents (Deployment → ReplicaSets → Pods) unless orphaning was asked for.

use serde_json::{Value, json};

use crate::error::ApiError;
use crate::meta;
use crate::registry::{EVENTS, NAMESPACES, PODS, Registry};
use crate::resource::Res;
use crate::store::Store;

#[derive(Debug, Default, Clone)]
pub struct DeleteOpts {
    pub grace: Option<i64>,
    pub uid: Option<String>,
    pub rv: Option<String>,
    pub orphan: bool,
}

pub fn delete(
    store: &Store,
    registry: &Registry,
    res: Res,
    ns: &str,
    name: &str,
    opts: &DeleteOpts,
) -> Result<Value, ApiError> {
    if std::ptr::eq(res, &NAMESPACES) {
        let cur = store
            .read(res, "", name)
            .ok_or_else(|| ApiError::not_found(res, name))?;
        check_preconditions(res, &cur, opts)?;
        // Terminating first, so nothing can be created in it while its contents go.
        store.update(res, "", name, |cur| {
            let mut next = cur.clone();
            meta::set_path(
                &mut next,
                &["metadata", "deletionTimestamp"],
                json!(meta::now_rfc3339()),
            );
            meta::set_path(&mut next, &["status", "phase"], json!("Terminating"));
            Ok(next)
        })?;
        for r in registry.all().iter().filter(|r| r.namespaced) {
            for n in store.names_in(r, name) {
                // Already gone is fine: something else deleted it meanwhile.
                let _ = store.delete(r, name, &n, None, None);
            }
        }
        return store.delete(res, "", name, None, None);
    }
    if res.graceful_delete {
        let cur = store
            .read(res, ns, name)
            .ok_or_else(|| ApiError::not_found(res, name))?;
        check_preconditions(res, &cur, opts)?;
        let default_grace =
            meta::i64_at(&cur, &["spec", "terminationGracePeriodSeconds"]).unwrap_or(30);
        let grace = opts.grace.unwrap_or(default_grace).max(0);
        let scheduled = !meta::str_at(&cur, &["spec", "nodeName"])
            .unwrap_or("")
            .is_empty();
        let phase = meta::str_at(&cur, &["status", "phase"]).unwrap_or("");
        let terminal = phase == "Succeeded" || phase == "Failed";
        // Like the real server: unscheduled or finished pods have nothing to stop and go at once.
        if grace > 0 && scheduled && !terminal {
            return store.update(res, ns, name, |cur| {
                let mut next = cur.clone();
                let existing = meta::i64_at(cur, &["metadata", "deletionGracePeriodSeconds"]);
                if existing.is_some_and(|g| g <= grace) {
                    return Ok(next);
                }
                let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(grace);
                let md = meta::metadata_mut(&mut next);
                md.insert("deletionTimestamp".into(), json!(meta::format_time(at)));
                md.insert("deletionGracePeriodSeconds".into(), json!(grace));
                Ok(next)
            });
        }
    }
    let gone = store.delete(res, ns, name, opts.uid.as_deref(), opts.rv.as_deref())?;
    if !opts.orphan {
        delete_dependents(store, registry, &gone);
    }
    Ok(gone)
}

fn check_preconditions(res: Res, cur: &Value, opts: &DeleteOpts) -> Result<(), ApiError> {
    let uid_ok = opts.uid.as_deref().is_none_or(|u| u == meta::uid(cur));
    let rv_ok = opts
        .rv
        .as_deref()
        .is_none_or(|r| Some(r) == meta::str_at(cur, &["metadata", "resourceVersion"]));
    if uid_ok && rv_ok {
        Ok(())
    } else {
        Err(ApiError::conflict(res, meta::name(cur)))
    }
}

/// Background propagation: everything in the owner's namespace that lists it as an owner.
/// Pods and events own nothing here, so their (frequent) deletions skip the scan.
fn delete_dependents(store: &Store, registry: &Registry, owner: &Value) {
    let ns = meta::namespace(owner);
    let uid = meta::uid(owner);
    let owner_res_skips =
        meta::str_at(owner, &["kind"]).is_some_and(|k| k == PODS.kind || k == EVENTS.kind);
    if ns.is_empty() || uid.is_empty() || owner_res_skips {
        return;
    }
    for r in registry
        .all()
        .iter()
        .filter(|r| r.namespaced && !std::ptr::eq(**r, &EVENTS))
    {
        let owned = store.list(r, Some(ns), None, usize::MAX, &|o| {
            o.owner_uids().any(|u| u == uid)
        });
        for dep in owned.items {
            let _ = delete(store, registry, r, ns, dep.name(), &DeleteOpts::default());
        }
    }
}
