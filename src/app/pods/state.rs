//! Pods per namespace, kept sorted by name, plus the flattened, filtered rows the pane shows.
//! Rows hold indices, not clones, so rebuilding them for 10,000 pods costs microseconds; they
//! are rebuilt once per batch of changes, never during render.

use std::sync::Arc;

use crate::kube::pod_summary::PodSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Group(usize),
    Pod(usize, usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub ready: usize,
    pub total: usize,
}

#[derive(Debug, Default)]
pub struct PodsState {
    namespaces: Vec<String>,
    pods: Vec<Vec<Arc<PodSummary>>>,
    synced: Vec<bool>,
    counts: Vec<GroupCounts>,
    filter: String,
    rows: Vec<Row>,
    rows_stale: bool,
    /// Index into `rows`; always a `Row::Pod` when any pod is visible.
    cursor: usize,
    /// The selected pod by identity, so the selection survives inserts and deletes above it.
    selected: Option<(usize, String)>,
    pub offset: usize,
}

impl PodsState {
    pub fn new(namespaces: Vec<String>) -> Self {
        let n = namespaces.len();
        let mut state = PodsState {
            namespaces,
            pods: vec![Vec::new(); n],
            synced: vec![false; n],
            counts: vec![GroupCounts::default(); n],
            rows_stale: true,
            ..Default::default()
        };
        state.refresh();
        state
    }

    pub fn namespaces(&self) -> &[String] {
        &self.namespaces
    }

    pub fn is_synced(&self, ns: usize) -> bool {
        self.synced[ns]
    }

    /// Every watched namespace has been listed in full (the screen is complete).
    pub fn all_synced(&self) -> bool {
        self.synced.iter().all(|s| *s)
    }

    pub fn counts(&self, ns: usize) -> &GroupCounts {
        &self.counts[ns]
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn pod(&self, ns: usize, idx: usize) -> &PodSummary {
        &self.pods[ns][idx]
    }

    pub fn total_pods(&self) -> usize {
        self.pods.iter().map(Vec::len).sum()
    }

    pub fn selected_pod(&self) -> Option<&PodSummary> {
        match self.rows.get(self.cursor) {
            Some(Row::Pod(ns, idx)) => Some(&self.pods[*ns][*idx]),
            _ => None,
        }
    }

    pub fn find(&self, namespace: &str, name: &str) -> Option<&PodSummary> {
        let ns = self.ns_index(namespace)?;
        let idx = self.pods[ns]
            .binary_search_by(|p| (*p.name).cmp(name))
            .ok()?;
        Some(&self.pods[ns][idx])
    }

    fn ns_index(&self, namespace: &str) -> Option<usize> {
        self.namespaces.iter().position(|n| n == namespace)
    }

    pub fn relist(&mut self, namespace: &str, mut pods: Vec<PodSummary>) -> bool {
        let Some(ns) = self.ns_index(namespace) else {
            return false;
        };
        pods.sort_by(|a, b| a.name.cmp(&b.name));
        self.pods[ns] = pods.into_iter().map(Arc::new).collect();
        self.synced[ns] = true;
        self.rows_stale = true;
        true
    }

    pub fn apply(&mut self, pod: PodSummary) -> bool {
        let Some(ns) = self.ns_index(&pod.namespace) else {
            return false;
        };
        let list = &mut self.pods[ns];
        match list.binary_search_by(|p| p.name.cmp(&pod.name)) {
            Ok(i) if *list[i] == pod => return false,
            Ok(i) => list[i] = Arc::new(pod),
            Err(i) => list.insert(i, Arc::new(pod)),
        }
        self.rows_stale = true;
        true
    }

    pub fn delete(&mut self, namespace: &str, name: &str) -> bool {
        let Some(ns) = self.ns_index(namespace) else {
            return false;
        };
        let Ok(i) = self.pods[ns].binary_search_by(|p| (*p.name).cmp(name)) else {
            return false;
        };
        self.pods[ns].remove(i);
        self.rows_stale = true;
        true
    }

    pub fn set_filter(&mut self, filter: &str) {
        if self.filter != filter {
            self.filter = filter.to_string();
            self.rows_stale = true;
            self.refresh();
        }
    }

    /// Rebuilds rows and counts after changes and puts the cursor back on the selected pod.
    pub fn refresh(&mut self) {
        if !self.rows_stale {
            return;
        }
        self.rows_stale = false;
        self.rows.clear();
        let needle = self.filter.to_lowercase();
        for (ns, pods) in self.pods.iter().enumerate() {
            self.counts[ns] = GroupCounts {
                ready: pods.iter().filter(|p| p.is_ready()).count(),
                total: pods.len(),
            };
            self.rows.push(Row::Group(ns));
            for (idx, pod) in pods.iter().enumerate() {
                if needle.is_empty() || matches(pod, &needle) {
                    self.rows.push(Row::Pod(ns, idx));
                }
            }
        }
        self.restore_cursor();
    }

    fn restore_cursor(&mut self) {
        let found = self.selected.as_ref().and_then(|(ns, name)| {
            let idx = self.pods[*ns]
                .binary_search_by(|p| (*p.name).cmp(name))
                .ok()?;
            self.rows.iter().position(|r| *r == Row::Pod(*ns, idx))
        });
        match found {
            Some(pos) => self.cursor = pos,
            None => {
                // The selected pod went away: stay at the same height of the list.
                self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
                self.snap_cursor(1);
            }
        }
    }

    /// Moves the cursor off group headers, preferring `direction`, and records the selection.
    fn snap_cursor(&mut self, direction: isize) {
        let pod_at = |i: usize| matches!(self.rows.get(i), Some(Row::Pod(..)));
        if !pod_at(self.cursor) {
            let forward = (self.cursor..self.rows.len()).find(|&i| pod_at(i));
            let backward = (0..self.cursor).rev().find(|&i| pod_at(i));
            let next = if direction >= 0 {
                forward.or(backward)
            } else {
                backward.or(forward)
            };
            self.cursor = next.unwrap_or(0);
        }
        self.selected = match self.rows.get(self.cursor) {
            Some(Row::Pod(ns, idx)) => Some((*ns, self.pods[*ns][*idx].name.to_string())),
            _ => None,
        };
    }

    /// Moves by `delta` pod rows (group headers are skipped).
    pub fn move_by(&mut self, delta: isize) {
        self.refresh();
        let mut pos = self.cursor;
        let mut remaining = delta.unsigned_abs();
        while remaining > 0 {
            let next = if delta > 0 {
                (pos + 1..self.rows.len()).find(|&i| matches!(self.rows[i], Row::Pod(..)))
            } else {
                (0..pos)
                    .rev()
                    .find(|&i| matches!(self.rows[i], Row::Pod(..)))
            };
            match next {
                Some(n) => pos = n,
                None => break,
            }
            remaining -= 1;
        }
        self.cursor = pos;
        self.snap_cursor(delta.signum());
    }

    pub fn move_to_top(&mut self) {
        self.refresh();
        self.cursor = 0;
        self.snap_cursor(1);
    }

    pub fn move_to_bottom(&mut self) {
        self.refresh();
        self.cursor = self.rows.len().saturating_sub(1);
        self.snap_cursor(-1);
    }

    /// Keeps the cursor on screen given the pane's row count (mirrors what render shows).
    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = crate::ui::scroll::follow(self.offset, self.cursor, height, self.rows.len());
    }
}

/// The filter looks at the namespace too, and at `namespace/name` as kubectl prints it, so
/// "stg" or "prod/backend" narrow the list the way an operator says it.
fn matches(pod: &PodSummary, needle: &str) -> bool {
    [&*pod.name, &*pod.status, &*pod.image_tag, &*pod.namespace]
        .iter()
        .any(|f| f.to_lowercase().contains(needle))
        || format!("{}/{}", pod.namespace, pod.name)
            .to_lowercase()
            .contains(needle)
}

#[cfg(test)]
pub(crate) mod tests;
