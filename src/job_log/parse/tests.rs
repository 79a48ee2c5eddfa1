use proptest::prelude::*;

use super::*;

fn parse_all(log: &str) -> Vec<LogLine> {
    let mut out = Vec::new();
    Parser::default()
        .feed(log.as_bytes(), true, &mut out)
        .unwrap();
    out
}

#[test]
fn timestamps_have_seven_fractional_digits_and_match_jiff() {
    let ((secs, nanos), rest) =
        split_timestamp("2024-07-08T16:48:14.7180660Z ##[group]Run x").unwrap();
    let expected: k8s_openapi::jiff::Timestamp = "2024-07-08T16:48:14.718066Z".parse().unwrap();
    assert_eq!((secs, nanos), (expected.as_second(), 718_066_000));
    assert_eq!(rest, "##[group]Run x");
    assert!(split_timestamp("2024-13-08T16:48:14.7180660Z x").is_none());
    assert!(split_timestamp("not a timestamp at all, no").is_none());
    assert_eq!(split_timestamp("2024-02-29T00:00:00Z").unwrap().1, "");
}

#[test]
fn bom_on_the_first_line_is_dropped() {
    let lines =
        parse_all("\u{feff}2026-07-29T18:08:09.3849214Z Current runner version: '2.336.0'\n");
    assert_eq!(&*lines[0].text, "Current runner version: '2.336.0'");
    assert!(lines[0].time.is_some());
}

#[test]
fn groups_hold_their_lines_and_endgroup_disappears() {
    let log = "2026-07-28T23:19:32.4965943Z ##[group]Run bash check.sh\n\
               2026-07-28T23:19:32.4966348Z \u{1b}[36;1mbash check.sh\u{1b}[0m\n\
               2026-07-28T23:19:32.5011172Z shell: /usr/bin/bash -e {0}\n\
               2026-07-28T23:19:32.5012220Z ##[endgroup]\n\
               2026-07-28T23:19:32.5153522Z INFO: Checking\n";
    let lines = parse_all(log);
    assert_eq!(lines.len(), 4);
    assert_eq!(
        (lines[0].kind, lines[0].group, &*lines[0].text),
        (LineKind::GroupStart, Some(0), "Run bash check.sh")
    );
    assert_eq!(lines[1].group, Some(0));
    assert_eq!(&*lines[1].text, "bash check.sh");
    assert!(lines[1].spans.is_some(), "ANSI colour kept as style");
    assert_eq!(lines[3].group, None, "after endgroup");
}

#[test]
fn continuation_lines_attach_to_the_previous_record() {
    let log = "2026-07-28T23:19:32.5998441Z ##[error]Your PR is too big\n\
               allowed within PyTorch infra.\n\
               please split it.\n\
               2026-07-28T23:19:33.0000000Z next\n";
    let lines = parse_all(log);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1].time, None);
    assert_eq!(
        lines[1].kind,
        LineKind::Error,
        "a multi-line error stays an error"
    );
    assert_eq!(lines[2].kind, LineKind::Error);
    assert_eq!(lines[3].kind, LineKind::Plain);
}

#[test]
fn markers_are_recognised_and_unknown_ones_kept_as_text() {
    let log = "2026-01-01T00:00:00.0000000Z ##[warning]w\n\
               2026-01-01T00:00:00.0000000Z ##[notice]n\n\
               2026-01-01T00:00:00.0000000Z ##[debug]d\n\
               2026-01-01T00:00:00.0000000Z [command]/usr/bin/git fetch\n\
               2026-01-01T00:00:00.0000000Z ##[madeup]x\n";
    let kinds: Vec<LineKind> = parse_all(log).iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        [
            LineKind::Warning,
            LineKind::Notice,
            LineKind::Debug,
            LineKind::Command,
            LineKind::Plain
        ]
    );
}

#[test]
fn growing_log_is_read_incrementally_and_partial_lines_wait() {
    let mut p = Parser::default();
    let mut out = Vec::new();
    let a = "2026-01-01T00:00:00.0000000Z one\n2026-01-01T00:00:01.0000000Z tw";
    assert_eq!(p.feed(a.as_bytes(), false, &mut out), Some(1));
    let b = format!("{a}o\n2026-01-01T00:00:02.0000000Z three\n");
    assert_eq!(p.feed(b.as_bytes(), false, &mut out), Some(2));
    assert_eq!(
        out.iter().map(|l| &*l.text).collect::<Vec<_>>(),
        ["one", "two", "three"]
    );
    assert_eq!(
        p.feed(b"short", false, &mut out),
        None,
        "a shorter log is not a continuation"
    );
}

#[test]
fn reference_sample_parses_with_its_errors() {
    let sample = include_str!("../../../tests/data/gha/cancelled-job.log");
    let lines = parse_all(sample);
    let errors: Vec<&str> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Error)
        .map(|l| &*l.text)
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[1].contains("A task was canceled."));
    assert!(
        lines
            .iter()
            .any(|l| l.kind == LineKind::GroupStart && &*l.text == "GITHUB_TOKEN Permissions")
    );
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), cut in 0usize..2048) {
        let mut p = Parser::default();
        let mut out = Vec::new();
        let cut = cut.min(bytes.len());
        let _ = p.feed(&bytes[..cut], false, &mut out);
        let _ = p.feed(&bytes, true, &mut out);
    }

    #[test]
    fn never_panics_on_log_shaped_text(s in "(\u{feff}?[0-9T:.Z -]{0,30}(##\\[[a-z]{0,8}\\])?[ -~\u{1b}\t]{0,40}\n){0,20}") {
        let _ = parse_all(&s);
    }
}
