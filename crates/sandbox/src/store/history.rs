//! The store's memory of the past, with the two windows a real API server has:
//!
//! - **watch history**: the last changes, which a watch resumes from. Bounded by count (the
//!   watch cache's capacity) and by age, so memory stays flat under any churn; a watch from an
//!   RV older than the window gets 410 "too old resource version".
//! - **list window**: how long a `continue` token stays valid. On a real server that is etcd's
//!   compaction interval (about five minutes), independent of how many changes happened
//!   meanwhile, so a paged list completes under churn. It costs no memory here: continued
//!   pages read the current state (see `api/read.rs`), only the RV floor is tracked.
//!
//! Time enters only through `now` arguments, so tests can move it.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Change;

/// etcd's default compaction interval as kube-apiserver runs it (`--etcd-compaction-interval`).
pub const RETENTION: Duration = Duration::from_secs(5 * 60);

/// How many RV samples a window holds (one a second for five minutes); the window's edge is
/// this precise.
const MARKS_PER_WINDOW: u32 = 300;

pub struct History {
    changes: VecDeque<Arc<Change>>,
    cap: usize,
    retention: Duration,
    /// Changes after this RV are all in `changes`; a watch from an older RV gets 410.
    watch_floor: u64,
    /// Continue tokens from an RV older than this get 410 (compacted).
    list_floor: u64,
    /// (when, the RV just after a commit then), at most `MARKS_PER_WINDOW` a window, oldest
    /// first: the RV current `retention` ago is that of the newest mark before then.
    marks: VecDeque<(Instant, u64)>,
}

impl History {
    pub fn new(cap: usize, retention: Duration, rv: u64) -> Self {
        History {
            changes: VecDeque::new(),
            cap: cap.max(1),
            retention,
            watch_floor: rv,
            list_floor: rv,
            marks: VecDeque::new(),
        }
    }

    /// Records a committed change; the oldest falls out beyond the count bound.
    pub fn push(&mut self, change: Arc<Change>, now: Instant) {
        let rv = change.rv;
        if self.changes.len() == self.cap
            && let Some(old) = self.changes.pop_front()
        {
            self.watch_floor = self.watch_floor.max(old.rv);
        }
        self.changes.push_back(change);
        let every = self.retention / MARKS_PER_WINDOW;
        if self
            .marks
            .back()
            .is_none_or(|(at, _)| now.saturating_duration_since(*at) >= every)
        {
            self.marks.push_back((now, rv));
        }
        self.expire(now);
    }

    /// Compacts to the RV that was current `retention` before `now`, as etcd's compactor
    /// does: that RV and newer ones stay good, older ones get 410.
    pub fn expire(&mut self, now: Instant) {
        let Some(edge) = now.checked_sub(self.retention) else {
            return;
        };
        while self.marks.get(1).is_some_and(|(at, _)| *at <= edge) {
            self.marks.pop_front();
        }
        if let Some(&(at, rv)) = self.marks.front()
            && at <= edge
        {
            self.marks.pop_front();
            self.compact_to(rv);
        }
    }

    /// Keeps `rv` and what came after it; older RVs are refused for watches and lists alike.
    pub fn compact_to(&mut self, rv: u64) {
        self.list_floor = self.list_floor.max(rv);
        self.watch_floor = self.watch_floor.max(rv);
        while self.changes.front().is_some_and(|c| c.rv <= rv) {
            self.changes.pop_front();
        }
    }

    /// Changes after `rv`, oldest first (history is in RV order, so this is a binary search).
    pub fn after(&self, rv: u64) -> impl Iterator<Item = &Arc<Change>> {
        let start = self.changes.partition_point(|c| c.rv <= rv);
        self.changes.range(start..)
    }

    pub fn watch_floor(&self) -> u64 {
        self.watch_floor
    }

    pub fn list_floor(&self) -> u64 {
        self.list_floor
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.changes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::PODS;
    use crate::store::{ChangeKind, Object};
    use serde_json::json;

    fn change(rv: u64) -> Arc<Change> {
        Arc::new(Change {
            rv,
            kind: ChangeKind::Added,
            res: &PODS,
            object: Arc::new(Object::new(&json!({}))),
            prev: None,
        })
    }

    #[test]
    fn count_bound_moves_only_the_watch_floor() {
        let t0 = Instant::now();
        let mut h = History::new(3, RETENTION, 100);
        for rv in 101..=110 {
            h.push(change(rv), t0);
        }
        assert_eq!(h.len(), 3);
        assert_eq!(h.watch_floor(), 107, "changes after 107 are kept");
        assert_eq!(
            h.list_floor(),
            100,
            "continue tokens outlive the watch history"
        );
        assert_eq!(h.after(108).map(|c| c.rv).collect::<Vec<_>>(), [109, 110]);
    }

    #[test]
    fn age_bound_compacts_lists_and_watches_after_the_retention() {
        let t0 = Instant::now();
        let mut h = History::new(1000, RETENTION, 100);
        for (i, rv) in (101..=105).enumerate() {
            h.push(change(rv), t0 + Duration::from_secs(60 * i as u64));
        }
        // At 4m: nothing is older than 5 minutes yet.
        assert_eq!((h.list_floor(), h.len()), (100, 5));
        // At 6m30s: what was current at 0m and 1m (RVs 101, 102) is compacted.
        h.expire(t0 + Duration::from_secs(390));
        assert_eq!((h.list_floor(), h.watch_floor()), (102, 102));
        assert_eq!(
            h.after(0).map(|c| c.rv).collect::<Vec<_>>(),
            [103, 104, 105]
        );
        // Long idle: everything is compacted, memory included.
        h.expire(t0 + Duration::from_secs(3600));
        assert_eq!((h.list_floor(), h.len()), (105, 0));
    }

    #[test]
    fn marks_are_sampled_not_kept_per_change() {
        let t0 = Instant::now();
        let mut h = History::new(100_000, RETENTION, 0);
        for rv in 1..=50_000 {
            // 500 changes a second for 100 s
            h.push(change(rv), t0 + Duration::from_millis(rv * 2));
        }
        assert!(h.marks.len() <= 101, "{} marks", h.marks.len());
    }
}
