use super::*;

const LOG: &str = "2026-01-01T00:00:00.0000000Z Current runner version: '2.336.0'\n\
2026-01-01T00:00:01.0000000Z ##[group]Run pyright\n\
2026-01-01T00:00:01.1000000Z pyright .\n\
2026-01-01T00:00:01.2000000Z ##[endgroup]\n\
2026-01-01T00:00:02.0000000Z 0 errors\n\
2026-01-01T00:00:03.0000000Z ##[group]Run pylint\n\
2026-01-01T00:00:03.1000000Z pylint app\n\
2026-01-01T00:00:03.2000000Z ##[error]app.py:3: unused import\n\
2026-01-01T00:00:03.3000000Z ##[endgroup]\n\
2026-01-01T00:00:04.0000000Z ##[error]Process completed with exit code 1.\n";

fn texts(v: &JobLogView) -> Vec<&str> {
    v.visible()
        .iter()
        .map(|&i| &*v.lines()[i as usize].text)
        .collect()
}

fn view() -> JobLogView {
    let mut v = JobLogView::new(1, "build".into());
    v.set_log(LOG.as_bytes(), true);
    v
}

#[test]
fn groups_start_folded_and_their_errors_mark_the_header() {
    let v = view();
    assert_eq!(
        texts(&v),
        [
            "Current runner version: '2.336.0'",
            "Run pyright",
            "0 errors",
            "Run pylint",
            "Process completed with exit code 1."
        ]
    );
    assert!(v.group_failed(1));
    assert!(!v.group_failed(0));
}

#[test]
fn toggling_the_group_under_the_cursor_unfolds_and_folds_it() {
    let mut v = view();
    v.to_top();
    v.move_by(1);
    v.toggle_group();
    assert_eq!(texts(&v)[1..3], ["Run pyright", "pyright ."]);
    v.move_by(1); // inside the group
    v.toggle_group();
    assert_eq!(texts(&v).len(), 5, "folded again from a line inside it");
    assert_eq!(v.cursor(), 1, "cursor back on the header");
}

#[test]
fn next_error_unfolds_the_group_it_is_in() {
    let mut v = view();
    v.to_top();
    assert!(v.next_error());
    let line = &v.lines()[v.visible()[v.cursor()] as usize];
    assert_eq!(&*line.text, "app.py:3: unused import");
    assert!(v.is_expanded(1));
    assert!(v.next_error());
    assert_eq!(
        &*v.lines()[v.visible()[v.cursor()] as usize].text,
        "Process completed with exit code 1."
    );
}

#[test]
fn search_finds_text_in_folded_groups() {
    let mut v = view();
    v.to_top();
    v.search = Some("PYLINT APP".into());
    assert!(v.next_match(true));
    assert_eq!(
        &*v.lines()[v.visible()[v.cursor()] as usize].text,
        "pylint app"
    );
    v.search = Some("nowhere".into());
    assert!(!v.next_match(true));
}

#[test]
fn following_tracks_the_end_of_a_growing_log() {
    let mut v = JobLogView::new(1, "build".into());
    let half = &LOG[..LOG.find("##[group]Run pylint").unwrap() - 29];
    v.set_log(half.as_bytes(), false);
    assert_eq!(v.status, JobLogStatus::Streaming);
    let before = v.visible().len();
    v.set_log(LOG.as_bytes(), false);
    assert!(v.visible().len() > before);
    assert_eq!(v.cursor(), v.visible().len() - 1);
    v.move_by(-1);
    assert!(!v.follow);
    v.to_bottom();
    assert!(v.follow);
}

#[test]
fn expand_all_and_fold_all() {
    let mut v = view();
    v.set_all_expanded(true);
    assert_eq!(texts(&v).len(), 8);
    v.set_all_expanded(false);
    assert_eq!(texts(&v).len(), 5);
}
