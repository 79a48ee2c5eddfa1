//! The object store: every object version as its compact serialised form (`object`), one
//! global resourceVersion, and a bounded
//! history of changes that watches resume from (`history`: bounded by count and by age, and
//! the continue-token window). Writers hold the lock only for the map
//! operation and the broadcast send, so a watch that snapshots or replays history and then
//! subscribes under the same lock can never miss or duplicate a change.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::broadcast;

mod change;
mod history;
mod object;
mod read;
#[cfg(test)]
mod tests;

pub use self::change::{Change, ChangeKind, Page, Subscription};
use self::history::History;
pub use self::history::RETENTION;
pub use self::object::Object;

use crate::error::ApiError;
use crate::meta;
use crate::registry::NAMESPACES;
use crate::resource::Res;
use crate::rng;

/// (namespace, name); cluster-scoped objects use "" as namespace. Ordered, so lists and
/// continue tokens walk the same order every time.
pub type Key = (String, String);

type Collection = BTreeMap<Key, Arc<Object>>;

struct Inner {
    rv: u64,
    history: History,
    collections: HashMap<(&'static str, &'static str), Collection>,
}

pub struct Store {
    inner: Mutex<Inner>,
    tx: broadcast::Sender<Arc<Change>>,
    /// Bumped when history is expired, so open watches end with 410 as after a compaction.
    expired: tokio::sync::watch::Sender<u64>,
}

fn coll_key(res: Res) -> (&'static str, &'static str) {
    (res.group, res.plural)
}

fn key_of(res: Res, ns: &str, name: &str) -> Key {
    let ns = if res.namespaced { ns } else { "" };
    (ns.to_string(), name.to_string())
}

/// Kinds whose `metadata.generation` the real server keeps: every custom resource, and the
/// built-in kinds whose strategy counts spec changes (namespaces, services, events have none).
fn tracks_generation(res: Res) -> bool {
    !res.is_built_in() || matches!(res.plural, "pods" | "deployments" | "replicasets")
}

/// What a generation counts changes of: `spec` for built-in kinds; for custom resources
/// everything but metadata (and status, when status is a subresource).
fn generation_payload(res: Res, obj: &Value) -> Value {
    if res.is_built_in() {
        return obj.get("spec").cloned().unwrap_or(Value::Null);
    }
    let mut rest = obj.clone();
    if let Some(m) = rest.as_object_mut() {
        m.remove("metadata");
        if res.has_status_subresource {
            m.remove("status");
        }
    }
    rest
}

fn set_rv(obj: &mut Value, rv: u64) {
    meta::metadata_mut(obj).insert("resourceVersion".into(), json!(rv.to_string()));
}

impl Store {
    /// `history_cap` changes kept for watches (and at most `RETENTION` of them);
    /// `broadcast_cap` is how far a live watcher may fall behind before it must re-list.
    pub fn new(history_cap: usize, broadcast_cap: usize) -> Arc<Store> {
        Store::with_retention(history_cap, broadcast_cap, RETENTION)
    }

    pub fn with_retention(
        history_cap: usize,
        broadcast_cap: usize,
        retention: Duration,
    ) -> Arc<Store> {
        // RVs start from the wall clock in microseconds, so a restarted sandbox never hands out
        // an RV that a client may still hold from the previous run: old RVs are always too old
        // (and RVs from the future always too new), both answered with 410.
        let base = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(1);
        let (tx, _) = broadcast::channel(broadcast_cap.max(16));
        Arc::new(Store {
            inner: Mutex::new(Inner {
                rv: base,
                history: History::new(history_cap, retention, base),
                collections: HashMap::new(),
            }),
            tx,
            expired: tokio::sync::watch::Sender::new(0),
        })
    }

    /// Tells when history was expired (see `expire_history`).
    pub fn expiry(&self) -> tokio::sync::watch::Receiver<u64> {
        self.expired.subscribe()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking writer cannot leave a half-written map behind (writes are single inserts),
        // so a poisoned lock is still consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[cfg(test)]
    pub fn current_rv(&self) -> u64 {
        self.lock().rv
    }

    /// Stores a new object; returns it as stored (name, uid, resourceVersion… filled in).
    pub fn create(&self, res: Res, mut obj: Value) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let ns = meta::namespace(&obj).to_string();
        if res.namespaced {
            let namespace = inner
                .collections
                .get(&coll_key(&NAMESPACES))
                .and_then(|c| c.get(&(String::new(), ns.clone())));
            match namespace {
                None => return Err(ApiError::not_found(&NAMESPACES, &ns)),
                // Controllers reacting to the namespace's contents going away must not
                // recreate them; the real server refuses the same way.
                Some(n) if n.is_terminating() => {
                    return Err(ApiError::new(
                        403,
                        "Forbidden",
                        format!(
                            "{} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                            res.qualified()
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        let coll = inner.collections.entry(coll_key(res)).or_default();
        let mut name = meta::name(&obj).to_string();
        if name.is_empty() {
            let prefix = meta::str_at(&obj, &["metadata", "generateName"]).unwrap_or("");
            if prefix.is_empty() {
                return Err(ApiError::invalid(
                    res,
                    "",
                    "metadata.name",
                    "Required value: name or generateName is required",
                ));
            }
            name = (0..16)
                .map(|_| format!("{prefix}{}", rng::name_suffix(5)))
                .find(|n| !coll.contains_key(&key_of(res, &ns, n)))
                .ok_or_else(|| ApiError::already_exists(res, prefix))?;
        }
        let key = key_of(res, &ns, &name);
        if coll.contains_key(&key) {
            return Err(ApiError::already_exists(res, &name));
        }
        let md = meta::metadata_mut(&mut obj);
        md.insert("name".into(), json!(name));
        if !res.namespaced {
            md.remove("namespace");
        }
        md.insert("uid".into(), json!(rng::uuid()));
        // Only the seed sets this (the API strips it), to make a world that has been up a while.
        md.entry("creationTimestamp")
            .or_insert_with(|| json!(meta::now_rfc3339()));
        md.remove("deletionTimestamp");
        if tracks_generation(res) {
            md.insert("generation".into(), json!(1));
        } else {
            md.remove("generation");
        }
        inner.rv += 1;
        let rv = inner.rv;
        set_rv(&mut obj, rv);
        let stored = Arc::new(Object::new(&obj));
        inner
            .collections
            .entry(coll_key(res))
            .or_default()
            .insert(key, stored.clone());
        self.commit(&mut inner, ChangeKind::Added, res, stored, None);
        Ok(obj)
    }

    /// Replaces an object with what `f` makes of the current one. Identity fields are kept,
    /// `generation` follows `spec`, a resourceVersion in the result is a precondition, and a
    /// result equal to the current object is a no-op (no new RV, no event), as on a real server.
    pub fn update(
        &self,
        res: Res,
        ns: &str,
        name: &str,
        f: impl FnOnce(&Value) -> Result<Value, ApiError>,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let key = key_of(res, ns, name);
        let stored = inner
            .collections
            .get(&coll_key(res))
            .and_then(|c| c.get(&key))
            .cloned()
            .ok_or_else(|| ApiError::not_found(res, name))?;
        let cur = stored.value();
        let mut new = f(&cur)?;
        if !new.is_object() {
            return Err(ApiError::bad_request("the object must be a JSON object"));
        }
        let cur_rv = meta::str_at(&cur, &["metadata", "resourceVersion"]).unwrap_or("");
        match meta::str_at(&new, &["metadata", "resourceVersion"]) {
            Some(want) if !want.is_empty() && want != cur_rv => {
                return Err(ApiError::conflict(res, name));
            }
            _ => {}
        }
        let cur_md = cur.get("metadata").cloned().unwrap_or_default();
        let md = meta::metadata_mut(&mut new);
        for field in ["name", "namespace", "uid", "creationTimestamp"] {
            match cur_md.get(field) {
                Some(v) => md.insert(field.into(), v.clone()),
                None => md.remove(field),
            };
        }
        if let Some(generation) = cur_md.get("generation").and_then(Value::as_i64) {
            let bump = generation_payload(res, &new) != generation_payload(res, &cur);
            let md = meta::metadata_mut(&mut new);
            md.insert("generation".into(), json!(generation + i64::from(bump)));
        }
        set_rv(&mut new, cur_rv.parse().unwrap_or(0));
        if new == cur {
            return Ok(cur);
        }
        inner.rv += 1;
        let rv = inner.rv;
        set_rv(&mut new, rv);
        let next = Arc::new(Object::new(&new));
        inner
            .collections
            .entry(coll_key(res))
            .or_default()
            .insert(key, next.clone());
        self.commit(&mut inner, ChangeKind::Modified, res, next, Some(stored));
        Ok(new)
    }

    /// Removes an object now. `uid`/`rv` are DeleteOptions preconditions.
    pub fn delete(
        &self,
        res: Res,
        ns: &str,
        name: &str,
        uid: Option<&str>,
        rv: Option<&str>,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let key = key_of(res, ns, name);
        let coll = inner.collections.entry(coll_key(res)).or_default();
        let cur = coll
            .get(&key)
            .cloned()
            .ok_or_else(|| ApiError::not_found(res, name))?;
        let uid_ok = uid.is_none_or(|u| u == cur.uid());
        let rv_ok = rv.is_none_or(|r| r == cur.resource_version());
        if !uid_ok || !rv_ok {
            return Err(ApiError::conflict(res, name));
        }
        coll.remove(&key);
        inner.rv += 1;
        let mut last = cur.value();
        set_rv(&mut last, inner.rv);
        let stored = Arc::new(Object::new(&last));
        self.commit(&mut inner, ChangeKind::Deleted, res, stored, Some(cur));
        Ok(last)
    }

    fn commit(
        &self,
        inner: &mut Inner,
        kind: ChangeKind,
        res: Res,
        object: Arc<Object>,
        prev: Option<Arc<Object>>,
    ) {
        let change = Arc::new(Change {
            rv: inner.rv,
            kind,
            res,
            object,
            prev,
        });
        inner.history.push(change.clone(), Instant::now());
        // No receivers is fine: nobody is watching.
        let _ = self.tx.send(change);
    }

    /// Whether a continue token from `rv` is still good: for `RETENTION` after that RV was
    /// current, however many changes came since, as on a real server until etcd compacts.
    pub fn check_continue(&self, rv: u64) -> Result<(), ApiError> {
        let mut inner = self.lock();
        inner.history.expire(Instant::now());
        if rv < inner.history.list_floor() || rv > inner.rv {
            return Err(ApiError::expired(
                "The provided continue parameter is too old to display a consistent list result. \
                 You can start a new list without the continue parameter.",
            ));
        }
        Ok(())
    }

    /// Changes held for watches now.
    #[cfg(test)]
    pub fn history_len(&self) -> usize {
        self.lock().history.len()
    }

    /// Forgets all history and moves the RV on, so every RV handed out so far is expired,
    /// for watches and continue tokens alike (as an etcd compaction does).
    pub fn expire_history(&self) {
        let mut inner = self.lock();
        inner.rv += 1;
        let rv = inner.rv;
        inner.history.compact_to(rv);
        drop(inner);
        self.expired.send_modify(|n| *n += 1);
    }
}

impl Inner {
    fn check_window(&self, rv: u64) -> Result<(), ApiError> {
        let floor = self.history.watch_floor();
        if rv < floor || rv > self.rv {
            Err(ApiError::expired(format!(
                "too old resource version: {rv} ({})",
                floor + 1
            )))
        } else {
            Ok(())
        }
    }
}
