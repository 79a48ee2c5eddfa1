//! The log view's state: a bounded ring of lines from one container's follow stream, with
//! follow, wrap and search. Positions are absolute line numbers (evicted lines included) so the
//! view stays on the same text while old lines drop off the front.

use std::collections::VecDeque;

use crate::app::text_match;
use crate::sources::line_limit;

pub const LOG_CAPACITY: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTarget {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub containers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogStatus {
    Connecting,
    Streaming,
    Ended(String),
    Failed(String),
}

#[derive(Debug)]
pub struct LogView {
    pub target: Option<LogTarget>,
    pub stream: u64,
    pub status: LogStatus,
    lines: VecDeque<String>,
    capacity: usize,
    /// Lines evicted from the front since the stream started.
    evicted: usize,
    pub follow: bool,
    pub wrap: bool,
    /// Absolute number of the first visible line when not following.
    top: usize,
    search: Option<Search>,
}

/// A search term and where the view stands among its matches, kept up to date as lines
/// arrive and drop off, so the title can say "3/17" without scanning while drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Search {
    term: String,
    folded: String,
    /// Kept lines that match.
    hits: usize,
    /// The match the view jumped to (absolute line number) and its place among the hits.
    current: Option<(usize, usize)>,
}

impl Default for LogView {
    fn default() -> Self {
        LogView::with_capacity(LOG_CAPACITY)
    }
}

impl LogView {
    pub fn with_capacity(capacity: usize) -> Self {
        LogView {
            target: None,
            stream: 0,
            status: LogStatus::Connecting,
            lines: VecDeque::new(),
            capacity,
            evicted: 0,
            follow: true,
            wrap: false,
            top: 0,
            search: None,
        }
    }

    /// Starts a fresh stream; returns its id, which tags the lines that belong to it.
    pub fn open(&mut self, target: LogTarget) -> u64 {
        self.stream += 1;
        self.target = Some(target);
        self.status = LogStatus::Connecting;
        self.lines.clear();
        self.evicted = 0;
        self.follow = true;
        self.top = 0;
        // A term typed for one pod's log means nothing in the next one's.
        self.search = None;
        self.stream
    }

    pub fn close(&mut self) {
        self.stream += 1;
        self.target = None;
        self.lines.clear();
        self.evicted = 0;
    }

    pub fn push_lines(&mut self, lines: Vec<String>) {
        self.status = LogStatus::Streaming;
        for line in lines {
            if self.lines.len() == self.capacity
                && let Some(gone) = self.lines.pop_front()
            {
                if let Some(search) = self.search.as_mut() {
                    search.forget(self.evicted, &gone);
                }
                self.evicted += 1;
            }
            let line = line_limit::cut(line);
            if let Some(search) = self.search.as_mut()
                && text_match::contains(&line, &search.folded)
            {
                search.hits += 1;
            }
            self.lines.push_back(line);
        }
        self.top = self.top.max(self.evicted);
    }

    pub fn search(&self) -> Option<&str> {
        self.search.as_ref().map(|s| s.term.as_str())
    }

    /// Sets (or, with `None` or an empty term, clears) the search and counts its matches.
    pub fn set_search(&mut self, term: Option<String>) {
        self.search = term.filter(|t| !t.is_empty()).map(|term| {
            let folded = text_match::fold(&term);
            let hits = self
                .lines
                .iter()
                .filter(|l| text_match::contains(l, &folded))
                .count();
            Search {
                term,
                folded,
                hits,
                current: None,
            }
        });
    }

    /// Where the view stands among the matches: (place of the current one, if the view
    /// jumped to one, and how many lines match).
    pub fn matches(&self) -> Option<(Option<usize>, usize)> {
        self.search
            .as_ref()
            .map(|s| (s.current.map(|(_, place)| place), s.hits))
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn evicted(&self) -> usize {
        self.evicted
    }

    /// Line by index into the kept lines (0 = oldest kept).
    pub fn line(&self, idx: usize) -> &str {
        &self.lines[idx]
    }

    /// Index of the first visible kept line when not following.
    pub fn top_index(&self) -> usize {
        self.top
            .saturating_sub(self.evicted)
            .min(self.lines.len().saturating_sub(1))
    }

    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let current = if self.follow {
            self.bottom_top(height)
        } else {
            self.top_index()
        };
        let next = current
            .saturating_add_signed(delta)
            .min(self.bottom_top(height));
        self.set_top(next, height);
    }

    pub fn scroll_to_top(&mut self, height: usize) {
        self.set_top(0, height);
    }

    /// Going to the end re-enables follow, as in `less +F` and k9s.
    pub fn scroll_to_bottom(&mut self) {
        self.follow = true;
    }

    pub fn toggle_follow(&mut self, height: usize) {
        if self.follow {
            let top = self.bottom_top(height);
            self.follow = false;
            self.top = self.evicted + top;
        } else {
            self.follow = true;
        }
    }

    fn set_top(&mut self, idx: usize, height: usize) {
        self.follow = idx >= self.bottom_top(height) && self.follow;
        self.top = self.evicted + idx;
    }

    /// The top index that shows the last line at the bottom (without wrapping).
    fn bottom_top(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height)
    }

    /// Jumps to the next (or previous) line containing the search term, starting after the
    /// current top line; wraps around. While following, the search starts from the end, so the
    /// first hit is the most recent one. Returns false when nothing matches.
    pub fn jump_to_match(&mut self, forward: bool, _height: usize) -> bool {
        let Some(term) = self.search.as_ref().map(|s| s.folded.clone()) else {
            return false;
        };
        if term.is_empty() || self.lines.is_empty() {
            return false;
        }
        let n = self.lines.len();
        let (start, forward) = if self.follow {
            (0, false)
        } else {
            (self.top_index(), forward)
        };
        let found = (1..=n)
            .map(|step| {
                if forward {
                    (start + step) % n
                } else {
                    (start + n - step % n) % n
                }
            })
            .find(|&i| text_match::contains(&self.lines[i], &term));
        match found {
            Some(i) => {
                self.follow = false;
                self.top = self.evicted + i;
                let place = self
                    .lines
                    .iter()
                    .take(i + 1)
                    .filter(|l| text_match::contains(l, &term))
                    .count();
                if let Some(search) = self.search.as_mut() {
                    search.current = Some((self.evicted + i, place));
                }
                true
            }
            None => false,
        }
    }
}

impl Search {
    /// Line `at` (absolute) dropped off the front: it no longer counts.
    fn forget(&mut self, at: usize, line: &str) {
        if !text_match::contains(line, &self.folded) {
            return;
        }
        self.hits -= 1;
        self.current = match self.current {
            Some((current, _)) if current == at => None,
            Some((current, place)) => Some((current, place - 1)),
            None => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(n: usize, capacity: usize) -> LogView {
        let mut v = LogView::with_capacity(capacity);
        v.open(LogTarget {
            namespace: "dev".into(),
            pod: "p".into(),
            container: "c".into(),
            containers: vec![],
        });
        v.push_lines((0..n).map(|i| format!("line {i}")).collect());
        v
    }

    #[test]
    fn buffer_is_bounded_and_counts_evictions() {
        let v = view(25, 10);
        assert_eq!(v.len(), 10);
        assert_eq!(v.evicted(), 15);
        assert_eq!(v.line(0), "line 15");
    }

    #[test]
    fn scrolling_up_stops_following_and_bottom_resumes() {
        let mut v = view(100, 1000);
        v.scroll_by(-5, 10);
        assert!(!v.follow);
        assert_eq!(v.top_index(), 85);
        v.push_lines(vec!["new".into()]);
        assert_eq!(v.top_index(), 85, "new lines do not move a paused view");
        v.scroll_to_bottom();
        assert!(v.follow);
    }

    #[test]
    fn paused_view_stays_on_its_text_while_old_lines_are_evicted() {
        let mut v = view(10, 10);
        v.scroll_to_top(5);
        assert_eq!(v.top_index(), 0);
        v.scroll_by(3, 5);
        assert_eq!(v.line(v.top_index()), "line 3");
        v.push_lines(vec!["a".into(), "b".into()]);
        assert_eq!(v.line(v.top_index()), "line 3");
    }

    #[test]
    fn search_finds_next_and_previous_with_wraparound() {
        let mut v = view(50, 1000);
        v.set_search(Some("LINE 4".into()));
        assert!(v.jump_to_match(true, 10));
        assert_eq!(
            v.line(v.top_index()),
            "line 49",
            "following: the most recent match first"
        );
        assert!(v.jump_to_match(false, 10));
        assert_eq!(v.line(v.top_index()), "line 48");
        v.scroll_to_top(10);
        assert!(v.jump_to_match(true, 10));
        assert_eq!(v.line(v.top_index()), "line 4");
        assert!(v.jump_to_match(false, 10));
        assert_eq!(v.line(v.top_index()), "line 49", "wraps around");
        v.set_search(Some("nope".into()));
        assert!(!v.jump_to_match(true, 10));
    }

    #[test]
    fn the_match_count_follows_jumps_new_lines_and_evictions() {
        let mut v = view(20, 20);
        v.set_search(Some("LINE 1".into()));
        // line 1, line 10..19
        assert_eq!(v.matches(), Some((None, 11)));
        v.scroll_to_top(5);
        assert!(v.jump_to_match(true, 5));
        assert_eq!(v.line(v.top_index()), "line 1");
        assert_eq!(v.matches(), Some((Some(1), 11)));
        assert!(v.jump_to_match(true, 5));
        assert_eq!(v.matches(), Some((Some(2), 11)), "line 10");
        v.push_lines(vec!["line 100".into(), "other".into()]);
        // line 0 (no match) and line 1 (the first match) drop off.
        assert_eq!(v.matches(), Some((Some(1), 11)));
        v.set_search(None);
        assert_eq!(v.matches(), None);
    }

    #[test]
    fn a_search_does_not_carry_over_into_the_next_log() {
        let mut v = view(5, 10);
        v.set_search(Some("line".into()));
        v.open(LogTarget {
            namespace: "stg".into(),
            pod: "other".into(),
            container: "c".into(),
            containers: vec![],
        });
        assert_eq!(v.search(), None);
    }

    #[test]
    fn reopening_starts_a_new_stream_id() {
        let mut v = view(5, 10);
        let first = v.stream;
        let second = v.open(LogTarget {
            namespace: "a".into(),
            pod: "b".into(),
            container: "c".into(),
            containers: vec![],
        });
        assert!(second > first);
        assert!(v.is_empty());
        assert!(v.follow);
    }
}

#[cfg(test)]
mod search_props {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn very_long_lines_are_cut_and_say_so() {
        let mut v = LogView::with_capacity(10);
        v.push_lines(vec!["y".repeat(line_limit::MAX_LINE_BYTES * 10)]);
        assert!(v.line(0).len() < line_limit::MAX_LINE_BYTES + 64);
        assert!(v.line(0).ends_with("more bytes]"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Any Unicode in lines and term: no panic, and a line's own text is always found.
        #[test]
        fn search_finds_any_line_by_its_own_text(lines in proptest::collection::vec(any::<String>(), 1..8), pick in any::<usize>()) {
            let mut v = LogView::with_capacity(100);
            v.push_lines(lines.clone());
            let term = lines[pick % lines.len()].clone();
            v.set_search(Some(term.clone()));
            prop_assert_eq!(v.jump_to_match(true, 5), !term.is_empty());
        }
    }
}
