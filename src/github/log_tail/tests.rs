use super::*;

fn log(lines: std::ops::RangeInclusive<u32>) -> String {
    lines.map(|n| format!("line {n:04}\n")).collect()
}

/// Feeds `text` in chunks of `size` bytes, as a network would.
fn tail(text: &str, size: usize, limits: LogLimits) -> String {
    let mut t = Tail::new(limits);
    for chunk in text.as_bytes().chunks(size) {
        t.push(Bytes::copy_from_slice(chunk));
    }
    String::from_utf8(t.finish().to_vec()).unwrap()
}

#[test]
fn a_log_within_the_limits_is_kept_whole() {
    let text = log(1..=50);
    let limits = LogLimits {
        bytes: 10_000,
        lines: 50,
    };
    for size in [1, 7, 64, 10_000] {
        assert_eq!(tail(&text, size, limits), text);
    }
}

#[test]
fn the_last_lines_are_kept_after_a_line_saying_what_was_cut() {
    let text = log(1..=1000);
    let limits = LogLimits {
        bytes: 1 << 20,
        lines: 100,
    };
    for size in [1, 13, 100, 4096, 1 << 20] {
        let kept = tail(&text, size, limits);
        let (note, rest) = kept.split_once('\n').unwrap();
        assert_eq!(
            note,
            "[showrunner] the first 900 lines (8.8 KB) of this log are cut; the last 100 lines (1000 B) follow"
        );
        assert_eq!(rest, log(901..=1000), "chunks of {size}");
    }
}

#[test]
fn the_byte_limit_cuts_at_a_line_boundary() {
    // 10 bytes a line: the last 95 bytes hold 9 whole lines and part of one that is not shown.
    let text = log(1..=100);
    let limits = LogLimits {
        bytes: 95,
        lines: 1000,
    };
    for size in [1, 3, 10, 64, 2000] {
        let kept = tail(&text, size, limits);
        let rest = kept.split_once('\n').unwrap().1;
        assert_eq!(rest, log(92..=100), "chunks of {size}");
        assert!(
            kept.starts_with("[showrunner] the first 91 lines"),
            "{kept}"
        );
    }
}

#[test]
fn memory_stays_near_the_limit_however_long_the_log() {
    let limits = LogLimits {
        bytes: 1000,
        lines: 1_000_000,
    };
    let mut t = Tail::new(limits);
    let chunk = Bytes::from(log(1..=10));
    for _ in 0..10_000 {
        t.push(chunk.clone());
        assert!(t.held() <= limits.bytes + chunk.len(), "{}", t.held());
    }
    assert!(t.finish().len() < 1200);
}
