//! Pods per namespace, kept sorted by name, and the rows the pane shows: each namespace's
//! header followed by its pods. Without a filter the rows are not stored at all (row `i` is
//! found from the namespace sizes), so a change to one of 100,000 pods costs a binary search,
//! not a rebuild; with a filter the matching rows are rebuilt once per batch of changes, never
//! during render. Ready counts are kept up to date change by change.

use std::sync::Arc;

use crate::app::text_match;
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
    ready: Vec<usize>,
    filter: String,
    /// The rows a filter lets through; `None` without a filter (every pod is a row).
    filtered: Option<Vec<Row>>,
    /// Pods changed since the last `refresh`: rows may have shifted under the cursor.
    changed: bool,
    /// Index into the rows; always a `Row::Pod` when any pod is visible.
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
            ready: vec![0; n],
            changed: true,
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

    pub fn counts(&self, ns: usize) -> GroupCounts {
        GroupCounts {
            ready: self.ready[ns],
            total: self.pods[ns].len(),
        }
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn row_count(&self) -> usize {
        match &self.filtered {
            Some(rows) => rows.len(),
            None => self.namespaces.len() + self.total_pods(),
        }
    }

    pub fn row(&self, i: usize) -> Option<Row> {
        if let Some(rows) = &self.filtered {
            return rows.get(i).copied();
        }
        let mut first = 0;
        for (ns, pods) in self.pods.iter().enumerate() {
            match i - first {
                0 => return Some(Row::Group(ns)),
                k if k <= pods.len() => return Some(Row::Pod(ns, k - 1)),
                _ => first += pods.len() + 1,
            }
        }
        None
    }

    /// Up to `count` rows from `start`, as the pane draws them.
    pub fn rows_from(&self, start: usize, count: usize) -> Vec<Row> {
        (start..self.row_count().min(start.saturating_add(count)))
            .filter_map(|i| self.row(i))
            .collect()
    }

    /// A filter is set and no pod passes it.
    pub fn nothing_matches(&self) -> bool {
        self.filtered
            .as_ref()
            .is_some_and(|rows| rows.iter().all(|r| matches!(r, Row::Group(_))))
    }

    /// Where `Row::Pod(ns, idx)` is in the rows, if shown.
    fn position(&self, ns: usize, idx: usize) -> Option<usize> {
        let target = Row::Pod(ns, idx);
        match &self.filtered {
            Some(rows) => rows.iter().position(|r| *r == target),
            None => Some(self.pods[..ns].iter().map(|p| p.len() + 1).sum::<usize>() + 1 + idx),
        }
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
        match self.row(self.cursor) {
            Some(Row::Pod(ns, idx)) => Some(&self.pods[ns][idx]),
            _ => None,
        }
    }

    pub fn find(&self, namespace: &str, name: &str) -> Option<&PodSummary> {
        let ns = self.ns_index(namespace)?;
        let idx = search(&self.pods[ns], name).ok()?;
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
        self.ready[ns] = pods.iter().filter(|p| p.is_ready()).count();
        self.pods[ns] = pods.into_iter().map(Arc::new).collect();
        self.synced[ns] = true;
        self.changed = true;
        true
    }

    pub fn apply(&mut self, pod: PodSummary) -> bool {
        let Some(ns) = self.ns_index(&pod.namespace) else {
            return false;
        };
        let list = &mut self.pods[ns];
        let ready = &mut self.ready[ns];
        match search(list, &pod.name) {
            Ok(i) if *list[i] == pod => return false,
            Ok(i) => {
                *ready = *ready - usize::from(list[i].is_ready()) + usize::from(pod.is_ready());
                list[i] = Arc::new(pod);
            }
            Err(i) => {
                *ready += usize::from(pod.is_ready());
                list.insert(i, Arc::new(pod));
            }
        }
        self.changed = true;
        true
    }

    pub fn delete(&mut self, namespace: &str, name: &str) -> bool {
        let Some(ns) = self.ns_index(namespace) else {
            return false;
        };
        let Ok(i) = search(&self.pods[ns], name) else {
            return false;
        };
        let gone = self.pods[ns].remove(i);
        self.ready[ns] -= usize::from(gone.is_ready());
        self.changed = true;
        true
    }

    pub fn set_filter(&mut self, filter: &str) {
        if self.filter != filter {
            self.filter = filter.to_string();
            self.changed = true;
            self.refresh();
        }
    }

    /// After changes: rebuilds the filtered rows (if filtering) and puts the cursor back on
    /// the selected pod.
    pub fn refresh(&mut self) {
        if !self.changed {
            return;
        }
        self.changed = false;
        self.filtered = (!self.filter.is_empty()).then(|| {
            let needle = text_match::fold(&self.filter);
            let mut rows = Vec::new();
            for (ns, pods) in self.pods.iter().enumerate() {
                rows.push(Row::Group(ns));
                rows.extend(
                    (0..pods.len())
                        .filter(|&idx| matches(&pods[idx], &needle))
                        .map(|idx| Row::Pod(ns, idx)),
                );
            }
            rows
        });
        self.restore_cursor();
    }

    fn restore_cursor(&mut self) {
        let found = self.selected.as_ref().and_then(|(ns, name)| {
            let idx = search(&self.pods[*ns], name).ok()?;
            self.position(*ns, idx)
        });
        match found {
            Some(pos) => self.cursor = pos,
            None => {
                // The selected pod went away: stay at the same height of the list.
                self.cursor = self.cursor.min(self.row_count().saturating_sub(1));
                self.snap_cursor(1);
            }
        }
    }

    fn is_pod_row(&self, i: usize) -> bool {
        matches!(self.row(i), Some(Row::Pod(..)))
    }

    /// Moves the cursor off group headers, preferring `direction`, and records the selection.
    fn snap_cursor(&mut self, direction: isize) {
        if !self.is_pod_row(self.cursor) {
            let forward = (self.cursor..self.row_count()).find(|&i| self.is_pod_row(i));
            let backward = (0..self.cursor).rev().find(|&i| self.is_pod_row(i));
            let next = if direction >= 0 {
                forward.or(backward)
            } else {
                backward.or(forward)
            };
            self.cursor = next.unwrap_or(0);
        }
        self.selected = match self.row(self.cursor) {
            Some(Row::Pod(ns, idx)) => Some((ns, self.pods[ns][idx].name.to_string())),
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
                (pos + 1..self.row_count()).find(|&i| self.is_pod_row(i))
            } else {
                (0..pos).rev().find(|&i| self.is_pod_row(i))
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
        self.cursor = self.row_count().saturating_sub(1);
        self.snap_cursor(-1);
    }

    /// Keeps the cursor on screen given the pane's row count (mirrors what render shows).
    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = crate::ui::scroll::follow(self.offset, self.cursor, height, self.row_count());
    }
}

/// Where the pod named `name` is in a namespace's list (sorted by name), or would go.
fn search(pods: &[Arc<PodSummary>], name: &str) -> Result<usize, usize> {
    pods.binary_search_by(|p| (*p.name).cmp(name))
}

/// The filter looks at the namespace too, and at `namespace/name` as kubectl prints it, so
/// "stg" or "prod/backend" narrow the list the way an operator says it.
fn matches(pod: &PodSummary, needle: &str) -> bool {
    [&*pod.name, &*pod.status, &*pod.image_tag, &*pod.namespace]
        .iter()
        .any(|f| text_match::contains(f, needle))
        || (needle.contains('/')
            && text_match::contains(&format!("{}/{}", pod.namespace, pod.name), needle))
}

#[cfg(test)]
pub(crate) mod tests;
