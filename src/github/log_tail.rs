//! The end of a job log, kept as it streams in. Real job logs run to tens of MB; only the last
//! 50 MB or 200,000 lines (whichever is less) are kept — the end is where a job fails — and a
//! first line says what was cut. Memory stays at the limit plus one network chunk, whatever the
//! size of the log.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogLimits {
    pub bytes: usize,
    pub lines: usize,
}

impl Default for LogLimits {
    fn default() -> Self {
        LogLimits {
            bytes: 50 * 1024 * 1024,
            lines: 200_000,
        }
    }
}

/// Chunks as they arrived, each with its count of newlines; whole chunks that are certainly
/// outside the kept end are dropped at once, the exact cut is made by `finish`.
#[derive(Debug)]
pub struct Tail {
    limits: LogLimits,
    chunks: VecDeque<(Bytes, usize)>,
    bytes: usize,
    newlines: usize,
    cut_bytes: usize,
    cut_newlines: usize,
    /// The last byte dropped: tells whether the kept part starts a line.
    last_cut_byte: Option<u8>,
}

impl Tail {
    pub fn new(limits: LogLimits) -> Tail {
        Tail {
            limits,
            chunks: VecDeque::new(),
            bytes: 0,
            newlines: 0,
            cut_bytes: 0,
            cut_newlines: 0,
            last_cut_byte: None,
        }
    }

    pub fn push(&mut self, chunk: Bytes) {
        let newlines = count_newlines(&chunk);
        self.bytes += chunk.len();
        self.newlines += newlines;
        self.chunks.push_back((chunk, newlines));
        while let Some((front, front_newlines)) = self.chunks.front() {
            // What follows the front chunk is over a limit on its own: the front is never shown.
            let rest_bytes = self.bytes - front.len();
            let rest_newlines = self.newlines - front_newlines;
            if rest_bytes <= self.limits.bytes && rest_newlines <= self.limits.lines {
                break;
            }
            self.bytes = rest_bytes;
            self.newlines = rest_newlines;
            self.cut_bytes += front.len();
            self.cut_newlines += front_newlines;
            self.last_cut_byte = front.last().copied().or(self.last_cut_byte);
            self.chunks.pop_front();
        }
    }

    /// Bytes held right now (for tests: bounded by the limit plus one chunk).
    pub fn held(&self) -> usize {
        self.bytes
    }

    /// The kept end, starting at a line boundary, after a line saying what was cut (if anything).
    pub fn finish(self) -> Bytes {
        let mut buf = BytesMut::with_capacity(self.bytes);
        for (chunk, _) in &self.chunks {
            buf.extend_from_slice(chunk);
        }
        let lines = self.newlines + usize::from(buf.last().is_some_and(|&b| b != b'\n'));
        let mut start = buf.len().saturating_sub(self.limits.bytes);
        if lines > self.limits.lines {
            let excess = lines - self.limits.lines;
            let after = buf
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .nth(excess - 1)
                .map_or(buf.len(), |(i, _)| i + 1);
            start = start.max(after);
        }
        // Never begin in the middle of a line (or of a UTF-8 character).
        if start > 0 && buf[start - 1] != b'\n' {
            start = buf[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(buf.len(), |i| start + i + 1);
        }
        // A line broken across the earlier cut is not a whole line either.
        if start == 0 && self.cut_bytes > 0 && !self.cut_ended_a_line() {
            start = buf
                .iter()
                .position(|&b| b == b'\n')
                .map_or(buf.len(), |i| i + 1);
        }
        let cut_bytes = self.cut_bytes + start;
        if cut_bytes == 0 {
            return buf.freeze();
        }
        let cut_lines = self.cut_newlines + count_newlines(&buf[..start]);
        let kept = buf.split_off(start);
        let kept_lines = lines - count_newlines(&buf);
        let note = format!(
            "[showrunner] the first {cut_lines} lines ({}) of this log are cut; the last {kept_lines} lines ({}) follow\n",
            size(cut_bytes as u64),
            size(kept.len() as u64),
        );
        let mut out = BytesMut::with_capacity(note.len() + kept.len());
        out.extend_from_slice(note.as_bytes());
        out.extend_from_slice(&kept);
        out.freeze()
    }

    /// Whether the dropped chunks ended with a newline (so the first kept byte starts a line).
    fn cut_ended_a_line(&self) -> bool {
        self.last_cut_byte == Some(b'\n')
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests;
