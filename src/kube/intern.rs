//! Shared copies of the values many pods have in common (namespace, status, node, image tag,
//! a deployment's containers, the five standard conditions), so 100,000 pod summaries hold one
//! copy of each instead of 100,000.
//!
//! Each thread keeps its own table (the watchers decode on the runtime's workers; no lock on
//! the hot path). A table never outgrows twice the values still in use: when it doubles, the
//! values no summary holds any more are dropped.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::Hash;
use std::sync::Arc;

/// Below this many entries a table is never swept: sweeping would cost more than it frees.
const MIN_SWEEP: usize = 1024;

/// One kind of shared value; `pod_summary` keeps one per thread for containers and conditions.
pub struct Table<T: ?Sized> {
    values: HashSet<Arc<T>>,
    sweep_at: usize,
}

impl<T: ?Sized + Hash + Eq> Table<T> {
    pub fn new() -> Self {
        Table {
            values: HashSet::new(),
            sweep_at: MIN_SWEEP,
        }
    }

    pub fn intern(&mut self, value: &T, make: impl FnOnce() -> Arc<T>) -> Arc<T> {
        match self.values.get(value) {
            Some(shared) => shared.clone(),
            None => self.insert(make()),
        }
    }

    /// A value not in the table yet; first drops what no summary holds, if the table doubled.
    fn insert(&mut self, shared: Arc<T>) -> Arc<T> {
        if self.values.len() >= self.sweep_at {
            self.values.retain(|v| Arc::strong_count(v) > 1);
            self.sweep_at = (self.values.len() * 2).max(MIN_SWEEP);
        }
        self.values.insert(shared.clone());
        shared
    }
}

impl<T: Hash + Eq> Table<[T]> {
    /// `value` as a shared list; a new one is moved in, not copied.
    pub fn list(&mut self, value: Vec<T>) -> Arc<[T]> {
        match self.values.get(value.as_slice()) {
            Some(shared) => shared.clone(),
            None => self.insert(Arc::from(value)),
        }
    }
}

impl<T: ?Sized + Hash + Eq> Default for Table<T> {
    fn default() -> Self {
        Table::new()
    }
}

thread_local! {
    static STRINGS: RefCell<Table<str>> = RefCell::new(Table::new());
}

/// For values few pods share alike (namespace, status, node, tag, owner); not for names or
/// uids, which are unique and would only fill the table.
pub fn text(value: &str) -> Arc<str> {
    STRINGS.with_borrow_mut(|t| t.intern(value, || Arc::from(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_copy() {
        let a = text("Running");
        let b = text(&String::from("Running"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &text("Pending")));
    }

    #[test]
    fn a_table_drops_what_nobody_holds_when_it_doubles() {
        let mut table: Table<str> = Table::new();
        let kept = table.intern("kept", || Arc::from("kept"));
        for i in 0..MIN_SWEEP * 3 {
            let gone = format!("gone-{i}");
            table.intern(&gone, || Arc::from(gone.as_str()));
        }
        assert!(
            table.values.len() <= MIN_SWEEP * 2,
            "{}",
            table.values.len()
        );
        assert!(Arc::ptr_eq(
            &kept,
            &table.intern("kept", || Arc::from("kept"))
        ));
    }
}
