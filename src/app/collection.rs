//! Watched objects of one kind, summarised, keyed by namespace and name. Every watcher's
//! `Update` lands here the same way, so each kind's reducer is one line.

use std::collections::{BTreeMap, BTreeSet};

use crate::sources::kube::update::{Change, Update};

/// A summary that knows its own identity.
pub trait Keyed {
    fn namespace(&self) -> &str;
    fn name(&self) -> &str;
}

#[derive(Debug)]
pub struct Collection<S> {
    items: BTreeMap<(String, String), S>,
    synced: BTreeSet<String>,
    /// Bumped on every change, so derived views know when to rebuild.
    pub version: u64,
}

impl<S> Default for Collection<S> {
    fn default() -> Self {
        Collection {
            items: BTreeMap::new(),
            synced: BTreeSet::new(),
            version: 0,
        }
    }
}

impl<S: Keyed + PartialEq> Collection<S> {
    /// Applies a watch update; true when anything changed.
    pub fn apply(&mut self, update: Update<S>) -> bool {
        let ns = update.namespace;
        let changed = match update.change {
            Change::Relisted(list) => {
                self.items.retain(|(n, _), _| *n != ns);
                for item in list {
                    self.items.insert(
                        (item.namespace().to_string(), item.name().to_string()),
                        item,
                    );
                }
                self.synced.insert(ns);
                true
            }
            Change::Applied(item) => {
                let key = (item.namespace().to_string(), item.name().to_string());
                if self.items.get(&key) == Some(&*item) {
                    false
                } else {
                    self.items.insert(key, *item);
                    true
                }
            }
            Change::Deleted(name) => self.items.remove(&(ns, name)).is_some(),
        };
        if changed {
            self.version += 1;
        }
        changed
    }

    pub fn get(&self, namespace: &str, name: &str) -> Option<&S> {
        self.items.get(&(namespace.to_string(), name.to_string()))
    }

    pub fn in_namespace<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a S> + 'a {
        self.items
            .iter()
            .filter(move |((ns, _), _)| ns == namespace)
            .map(|(_, s)| s)
    }

    pub fn namespaces(&self) -> BTreeSet<&str> {
        self.items.keys().map(|(ns, _)| ns.as_str()).collect()
    }

    pub fn is_synced(&self, namespace: &str) -> bool {
        self.synced.contains(namespace)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Item(String, String, u32);

    impl Keyed for Item {
        fn namespace(&self) -> &str {
            &self.0
        }
        fn name(&self) -> &str {
            &self.1
        }
    }

    fn update(ns: &str, change: Change<Item>) -> Update<Item> {
        Update {
            namespace: ns.into(),
            change,
            received: Instant::now(),
        }
    }

    fn item(ns: &str, name: &str, v: u32) -> Item {
        Item(ns.into(), name.into(), v)
    }

    #[test]
    fn relist_replaces_one_namespace_only() {
        let mut c = Collection::default();
        c.apply(update(
            "a",
            Change::Relisted(vec![item("a", "x", 1), item("a", "y", 1)]),
        ));
        c.apply(update("b", Change::Relisted(vec![item("b", "x", 1)])));
        c.apply(update("a", Change::Relisted(vec![item("a", "z", 1)])));
        assert_eq!(
            c.in_namespace("a")
                .map(|i| i.1.as_str())
                .collect::<Vec<_>>(),
            ["z"]
        );
        assert_eq!(c.len(), 2);
        assert!(c.is_synced("a") && c.is_synced("b") && !c.is_synced("c"));
    }

    #[test]
    fn identical_updates_do_not_bump_the_version() {
        let mut c = Collection::default();
        c.apply(update("a", Change::Applied(Box::new(item("a", "x", 1)))));
        let v = c.version;
        assert!(!c.apply(update("a", Change::Applied(Box::new(item("a", "x", 1))))));
        assert_eq!(c.version, v);
        assert!(c.apply(update("a", Change::Applied(Box::new(item("a", "x", 2))))));
        assert!(c.apply(update("a", Change::Deleted("x".into()))));
        assert!(!c.apply(update("a", Change::Deleted("x".into()))));
        assert!(c.get("a", "x").is_none());
    }
}
