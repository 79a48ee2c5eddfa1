//! The GitHub Actions job-log wire format: every record starts with an RFC 3339 UTC time
//! with 7 fractional digits and `Z`, then a space; a record spanning several lines keeps
//! its continuation lines without a timestamp; the downloaded file starts with a UTF-8 BOM.

use jiff::Timestamp;

pub const BOM: char = '\u{feff}';
/// Echoed script lines are cyan, as the runner prints them.
pub const CYAN: &str = "\u{1b}[36;1m";
pub const RESET: &str = "\u{1b}[0m";

/// `2026-11-22T10:00:01.1234567Z`: 100 ns precision, like the runner's .NET clock.
pub fn timestamp(t: Timestamp) -> String {
    let ticks = t.subsec_nanosecond().max(0) / 100;
    format!("{}.{ticks:07}Z", t.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// Appends one record to `log`; a BOM goes before the very first line only.
pub fn push(log: &mut String, at: Timestamp, text: &str) {
    if log.is_empty() {
        log.push(BOM);
    }
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    log.push_str(&timestamp(at));
    log.push(' ');
    log.push_str(first);
    log.push('\n');
    for rest in lines {
        log.push_str(rest);
        log.push('\n');
    }
}

pub fn group(title: &str) -> String {
    format!("##[group]{title}")
}

pub const ENDGROUP: &str = "##[endgroup]";

pub fn echo(script_line: &str) -> String {
    format!("{CYAN}{script_line}{RESET}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn timestamps_have_seven_fractional_digits() {
        assert_eq!(
            timestamp(t("2026-11-22T10:00:01.123456789Z")),
            "2026-11-22T10:00:01.1234567Z"
        );
        assert_eq!(
            timestamp(t("2026-11-22T10:00:01Z")),
            "2026-11-22T10:00:01.0000000Z"
        );
        assert_eq!(
            timestamp(t("2026-11-22T10:00:01.00000005Z")),
            "2026-11-22T10:00:01.0000000Z"
        );
    }

    #[test]
    fn bom_only_first_and_continuations_without_time() {
        let mut log = String::new();
        push(&mut log, t("2026-11-22T10:00:01Z"), &group("Run pytest"));
        push(
            &mut log,
            t("2026-11-22T10:00:01.5Z"),
            "with:\n  args: |\n    --all",
        );
        push(&mut log, t("2026-11-22T10:00:02Z"), ENDGROUP);
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(
            lines,
            [
                "\u{feff}2026-11-22T10:00:01.0000000Z ##[group]Run pytest",
                "2026-11-22T10:00:01.5000000Z with:",
                "  args: |",
                "    --all",
                "2026-11-22T10:00:02.0000000Z ##[endgroup]",
            ]
        );
        assert_eq!(log.matches(BOM).count(), 1);
        assert!(log.ends_with('\n'));
        assert_eq!(echo("pytest"), "\u{1b}[36;1mpytest\u{1b}[0m");
    }
}
