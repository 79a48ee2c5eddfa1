//! The store's read side: single objects, list pages in key order, and the snapshot or
//! history replay a watch starts from, each taken under the lock with its subscription.

use std::ops::Bound;
use std::sync::Arc;

use serde_json::Value;

use super::{Change, Key, Object, Page, Store, Subscription, coll_key, key_of};
use crate::error::ApiError;
use crate::resource::Res;

impl Store {
    pub fn get(&self, res: Res, ns: &str, name: &str) -> Option<Arc<Object>> {
        let inner = self.lock();
        inner
            .collections
            .get(&coll_key(res))?
            .get(&key_of(res, ns, name))
            .cloned()
    }

    /// The object parsed, for controllers that read its fields.
    pub fn read(&self, res: Res, ns: &str, name: &str) -> Option<Value> {
        self.get(res, ns, name).map(|o| o.value())
    }

    /// Up to `limit` matching objects after `after`, in key order, within `ns` if given.
    pub fn list(
        &self,
        res: Res,
        ns: Option<&str>,
        after: Option<&Key>,
        limit: usize,
        matches: &dyn Fn(&Object) -> bool,
    ) -> Page {
        let inner = self.lock();
        let rv = inner.rv;
        let Some(coll) = inner.collections.get(&coll_key(res)) else {
            return Page {
                items: Vec::new(),
                rv,
                next: None,
            };
        };
        let start = match (after, ns) {
            (Some(k), _) => Bound::Excluded(k.clone()),
            (None, Some(ns)) => Bound::Included((ns.to_string(), String::new())),
            (None, None) => Bound::Unbounded,
        };
        let mut items = Vec::new();
        let mut next = None;
        for (key, obj) in coll.range((start, Bound::Unbounded)) {
            if ns.is_some_and(|ns| key.0 != ns) {
                break;
            }
            if !matches(obj) {
                continue;
            }
            if items.len() == limit {
                next = Some(items_last_key(&items));
                break;
            }
            items.push(obj.clone());
        }
        Page { items, rv, next }
    }

    /// Current objects of `res` (in `ns` if given) and a receiver of every later change.
    pub fn snapshot(&self, res: Res, ns: Option<&str>) -> Subscription<Arc<Object>> {
        let inner = self.lock();
        let initial = inner
            .collections
            .get(&coll_key(res))
            .map(|c| {
                c.iter()
                    .filter(|(k, _)| ns.is_none_or(|ns| k.0 == ns))
                    .map(|(_, v)| v.clone())
                    .collect()
            })
            .unwrap_or_default();
        Subscription {
            initial,
            rv: inner.rv,
            rx: self.tx.subscribe(),
        }
    }

    /// Every change after `rv` still in history, and a receiver of later ones; 410 if `rv`
    /// is older than the window or newer than anything this store has handed out.
    pub fn since(&self, rv: u64) -> Result<Subscription<Arc<Change>>, ApiError> {
        let inner = self.lock();
        inner.check_window(rv)?;
        let initial = inner.history.after(rv).cloned().collect();
        Ok(Subscription {
            initial,
            rv: inner.rv,
            rx: self.tx.subscribe(),
        })
    }

    /// Names in one namespace of one collection (for namespace deletion and GC scans).
    pub fn names_in(&self, res: Res, ns: &str) -> Vec<String> {
        self.list(res, Some(ns), None, usize::MAX, &|_| true)
            .items
            .iter()
            .map(|o| o.name().to_string())
            .collect()
    }
}

fn items_last_key(items: &[Arc<Object>]) -> Key {
    items
        .last()
        .map(|o| (o.namespace().to_string(), o.name().to_string()))
        .unwrap_or_default()
}
