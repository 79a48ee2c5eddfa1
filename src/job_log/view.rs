//! A job log as the CI log pane shows it: step groups folded by default, a cursor that toggles
//! the group it is on, follow mode while the job runs, search, and a jump to the first error
//! (unfolding its group). The visible-line index is rebuilt only when folding or content
//! changes, so drawing a 100,000-line log touches just the rows on screen.

use std::collections::BTreeSet;

use super::parse::{LineKind, LogLine, Parser};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobLogStatus {
    Loading,
    /// The job is still running: GitHub serves its log only once it has completed.
    Waiting,
    /// The log grows (a source that serves logs of running jobs).
    Streaming,
    Complete,
    Failed(String),
}

#[derive(Debug)]
pub struct JobLogView {
    pub job_id: u64,
    pub title: String,
    pub status: JobLogStatus,
    lines: Vec<LogLine>,
    parser: Parser,
    expanded: BTreeSet<u32>,
    /// Groups that contain an error line: their folded header is marked.
    failed_groups: BTreeSet<u32>,
    visible: Vec<u32>,
    /// Index into `visible`.
    cursor: usize,
    pub follow: bool,
    pub search: Option<String>,
    pub show_timestamps: bool,
    /// First visible row, kept by `scroll_into_view` so scrolling is steady, not jumpy.
    pub offset: usize,
}

impl JobLogView {
    pub fn new(job_id: u64, title: String) -> Self {
        JobLogView {
            job_id,
            title,
            status: JobLogStatus::Loading,
            lines: Vec::new(),
            parser: Parser::default(),
            expanded: BTreeSet::new(),
            failed_groups: BTreeSet::new(),
            visible: Vec::new(),
            cursor: 0,
            follow: true,
            search: None,
            show_timestamps: false,
            offset: 0,
        }
    }

    /// Takes the whole log as fetched (it only grows while the job runs).
    pub fn set_log(&mut self, log: &[u8], complete: bool) {
        let before = self.lines.len();
        if self.parser.feed(log, complete, &mut self.lines).is_none() {
            // Not a continuation (log rotated or replaced): read it from the start.
            self.parser = Parser::default();
            self.lines.clear();
            self.failed_groups.clear();
            self.parser.feed(log, complete, &mut self.lines);
        }
        for line in &self.lines[before.min(self.lines.len())..] {
            if let (LineKind::Error, Some(g)) = (line.kind, line.group) {
                self.failed_groups.insert(g);
            }
        }
        self.status = if complete {
            JobLogStatus::Complete
        } else {
            JobLogStatus::Streaming
        };
        self.rebuild();
    }

    /// The job runs and has no log yet; what was already shown (if anything) stays.
    pub fn set_waiting(&mut self) {
        if self.lines.is_empty() {
            self.status = JobLogStatus::Waiting;
        }
    }

    pub fn lines(&self) -> &[LogLine] {
        &self.lines
    }

    pub fn visible(&self) -> &[u32] {
        &self.visible
    }

    pub fn cursor(&self) -> usize {
        if self.follow {
            self.visible.len().saturating_sub(1)
        } else {
            self.cursor
        }
    }

    pub fn is_expanded(&self, group: u32) -> bool {
        self.expanded.contains(&group)
    }

    pub fn group_failed(&self, group: u32) -> bool {
        self.failed_groups.contains(&group)
    }

    fn rebuild(&mut self) {
        let anchor = self.visible.get(self.cursor).copied();
        self.visible.clear();
        for (i, line) in self.lines.iter().enumerate() {
            let shown = match line.group {
                Some(g) => line.kind == LineKind::GroupStart || self.expanded.contains(&g),
                None => true,
            };
            if shown {
                self.visible.push(i as u32);
            }
        }
        if let Some(anchor) = anchor {
            self.cursor = self
                .visible
                .partition_point(|&i| i < anchor)
                .min(self.visible.len().saturating_sub(1));
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let at = self.cursor();
        self.follow = false;
        self.cursor = at
            .saturating_add_signed(delta)
            .min(self.visible.len().saturating_sub(1));
    }

    pub fn to_top(&mut self) {
        self.follow = false;
        self.cursor = 0;
    }

    /// The end of the log, following it again (as `G` does in the pod log view).
    pub fn to_bottom(&mut self) {
        self.follow = true;
    }

    /// Folds or unfolds the group the cursor is in.
    pub fn toggle_group(&mut self) {
        let at = self.cursor();
        let Some(group) = self
            .visible
            .get(at)
            .and_then(|&i| self.lines[i as usize].group)
        else {
            return;
        };
        self.follow = false;
        if !self.expanded.remove(&group) {
            self.expanded.insert(group);
        }
        // Stay on the group's header line, wherever folding moved it.
        let header = self
            .lines
            .iter()
            .position(|l| l.kind == LineKind::GroupStart && l.group == Some(group));
        self.rebuild();
        if let Some(h) = header {
            self.cursor = self.visible.partition_point(|&i| (i as usize) < h);
        }
    }

    pub fn set_all_expanded(&mut self, expanded: bool) {
        if expanded {
            self.expanded = self.lines.iter().filter_map(|l| l.group).collect();
        } else {
            self.expanded.clear();
        }
        self.rebuild();
    }

    /// Moves to the first error line after the cursor (wrapping), unfolding its group.
    pub fn next_error(&mut self) -> bool {
        let start = self
            .visible
            .get(self.cursor())
            .map_or(0, |&i| i as usize + 1);
        let n = self.lines.len();
        let found = (0..n)
            .map(|k| (start + k) % n.max(1))
            .find(|&i| self.lines[i].kind == LineKind::Error);
        self.reveal(found)
    }

    /// Moves to the next (or previous) line containing the search term, unfolding as needed.
    pub fn next_match(&mut self, forward: bool) -> bool {
        let Some(term) = self
            .search
            .as_ref()
            .map(|s| s.to_lowercase())
            .filter(|t| !t.is_empty())
        else {
            return false;
        };
        let n = self.lines.len();
        if n == 0 {
            return false;
        }
        let here = self.visible.get(self.cursor()).map_or(0, |&i| i as usize);
        let found = (1..=n)
            .map(|k| {
                if forward {
                    (here + k) % n
                } else {
                    (here + n - k % n) % n
                }
            })
            .find(|&i| self.lines[i].text.to_lowercase().contains(&term));
        self.reveal(found)
    }

    fn reveal(&mut self, line: Option<usize>) -> bool {
        let Some(line) = line else { return false };
        if let Some(g) = self.lines[line].group {
            self.expanded.insert(g);
        }
        self.rebuild();
        self.follow = false;
        self.cursor = self.visible.partition_point(|&i| (i as usize) < line);
        true
    }

    /// Keeps the cursor on screen in a viewport of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset =
            crate::ui::scroll::follow(self.offset, self.cursor(), height, self.visible.len());
    }
}

#[cfg(test)]
mod tests;
