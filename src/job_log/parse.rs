//! The GitHub Actions job-log format: `<RFC 3339 time, 7 fractional digits>Z <text>` per line,
//! an optional UTF-8 BOM before the first, lines without a timestamp continuing the previous
//! record, `##[group]`/`##[endgroup]` around each step's preamble, and `##[error]`,
//! `##[warning]`, `##[notice]`, `##[debug]`, `##[command]`, `##[section]` markers.
//! Parsing is incremental: a growing log is fed again and only its new part is read.

use ratatui::style::Style;

use crate::ui::ansi;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Plain,
    GroupStart,
    Error,
    Warning,
    Notice,
    Debug,
    Command,
    Section,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// Unix seconds and nanoseconds; None for continuation lines.
    pub time: Option<(i64, u32)>,
    pub kind: LineKind,
    /// The `##[group]` this line belongs to (a group's own header line included).
    pub group: Option<u32>,
    /// The text without timestamp, marker or escape sequences.
    pub text: Box<str>,
    /// Styled runs when the line carried ANSI colours.
    pub spans: Option<Box<[(String, Style)]>>,
}

#[derive(Debug, Default)]
pub struct Parser {
    /// Bytes of the log already turned into lines (always at a line boundary).
    consumed: usize,
    open_group: Option<u32>,
    next_group: u32,
    last_kind: Option<LineKind>,
}

impl Parser {
    /// Parses the part of `log` after what earlier calls consumed; complete lines only, unless
    /// `complete` says the log will not grow. Returns the new lines, or None when `log` is not a
    /// continuation of what was read (then the caller starts over with a fresh parser).
    pub fn feed(&mut self, log: &[u8], complete: bool, out: &mut Vec<LogLine>) -> Option<usize> {
        if log.len() < self.consumed {
            return None;
        }
        let before = out.len();
        let mut rest = &log[self.consumed..];
        loop {
            let (line, advance) = match rest.iter().position(|b| *b == b'\n') {
                Some(i) => (&rest[..i], i + 1),
                None if complete && !rest.is_empty() => (rest, rest.len()),
                None => break,
            };
            let first = self.consumed == 0;
            self.consumed += advance;
            rest = &rest[advance..];
            let mut line = line.strip_suffix(b"\r").unwrap_or(line);
            if first {
                line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
            }
            if let Some(parsed) = self.line(&String::from_utf8_lossy(line)) {
                out.push(parsed);
            }
        }
        Some(out.len() - before)
    }

    fn line(&mut self, raw: &str) -> Option<LogLine> {
        let (time, body) = match split_timestamp(raw) {
            Some((t, body)) => (Some(t), body),
            None => (None, raw),
        };
        let (kind, text) = if time.is_none() {
            // A continuation keeps the record's kind: a multi-line error stays an error.
            (
                self.last_kind
                    .filter(|k| *k != LineKind::GroupStart)
                    .unwrap_or(LineKind::Plain),
                body,
            )
        } else {
            marker(body)
        };
        let group = match kind {
            LineKind::GroupStart if time.is_some() => {
                let id = self.next_group;
                self.next_group += 1;
                self.open_group = Some(id);
                Some(id)
            }
            _ if time.is_some() && body.starts_with("##[endgroup]") => {
                self.open_group = None;
                self.last_kind = None;
                return None;
            }
            _ => self.open_group,
        };
        self.last_kind = Some(kind);
        let spans = ansi::parse(text).map(Vec::into_boxed_slice);
        let text: Box<str> = match &spans {
            Some(runs) => runs
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<String>()
                .into(),
            None => text.replace('\t', " ").into(),
        };
        Some(LogLine {
            time,
            kind,
            group,
            text,
            spans,
        })
    }
}

fn marker(body: &str) -> (LineKind, &str) {
    if let Some(rest) = body.strip_prefix("##[")
        && let Some(end) = rest.find(']')
    {
        {
            let kind = match &rest[..end] {
                "group" => Some(LineKind::GroupStart),
                "error" => Some(LineKind::Error),
                "warning" => Some(LineKind::Warning),
                "notice" => Some(LineKind::Notice),
                "debug" => Some(LineKind::Debug),
                "command" => Some(LineKind::Command),
                "section" => Some(LineKind::Section),
                _ => None,
            };
            if let Some(kind) = kind {
                return (kind, &rest[end + 1..]);
            }
        }
    }
    if let Some(rest) = body.strip_prefix("[command]") {
        return (LineKind::Command, rest);
    }
    (LineKind::Plain, body)
}

/// `2024-07-08T16:48:14.7180660Z ` → ((unix secs, nanos), rest). Written by hand: a generic
/// date parser would be the bottleneck on a 100,000-line log.
pub fn split_timestamp(line: &str) -> Option<((i64, u32), &str)> {
    let b = line.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
        })
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        for _ in (i - start).min(9)..9 {
            nanos *= 10;
        }
    }
    if b.get(i) != Some(&b'Z') {
        return None;
    }
    i += 1;
    let rest = match b.get(i) {
        Some(b' ') => &line[i + 1..],
        None => "",
        Some(_) => return None,
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(((secs, nanos), rest))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests;
