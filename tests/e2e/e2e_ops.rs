//! End to end for operators (issue 11, items 9, 11, 12, 14b): the real binary in a
//! pseudo-terminal on the sandbox, at the 80×24 an on-call laptop split gives it.

use showrunner_testkit as common;

use std::time::Duration;

use common::pty::PtyApp;

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(5);

/// "/time 12/40": a search term then `place/total` in the log title.
fn shows_match_count(screen: &str, term: &str) -> bool {
    screen.split(&format!("/{term} ")).skip(1).any(|rest| {
        let count: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '/')
            .collect();
        matches!(count.split_once('/'), Some((a, b)) if !a.is_empty() && !b.is_empty())
    })
}

#[test]
fn small_terminal_without_a_runbook_keeps_marks_sync_health_and_tab_names() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--no-runbook", "--speed", "10"],
        home.path(),
        80,
        24,
    );
    let screen = app.wait_for(&["freight 1/3", "dev stg prod", "dev (3/3)"], START);
    assert!(
        !screen.contains("┌ runbook"),
        "the runbook slot gives its width away:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("┌ pods") || l.starts_with("┏ pods")),
        "pods take the whole middle row:\n{screen}"
    );
    // The applications tab: SYNC and HEALTH stay, and the title names the tab.
    app.press("3");
    app.press("]");
    app.press("]");
    app.wait_for(&["applications 3/3", "SYNC", "HEALTH"], STEP);
    // The git tab names the repository folder, never a path.
    app.press("5");
    app.press("]");
    let screen = app.wait_for(&["ci · git ─ "], STEP);
    let title = screen.lines().find(|l| l.contains("ci · git ─ ")).unwrap();
    assert!(
        !title.contains("/tmp") && !title.contains("/home"),
        "{title}"
    );
    app.press("q");
    app.wait_exit(Duration::from_secs(10));
}

#[test]
fn log_search_counts_matches_and_esc_leaves_it_before_stopping_the_stream() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--no-runbook", "--speed", "10"],
        home.path(),
        120,
        40,
    );
    app.wait_for(&["dev (3/3)", "Running"], START);
    // Pod details, then l from inside the popup.
    app.press("4");
    app.press("j");
    app.press("\r");
    app.wait_for(&["Containers"], STEP);
    app.press("l");
    app.wait_for(&["● following", "/ search"], STEP);
    app.press("/time\r");
    app.wait_until("a match count in the log title", STEP, |s| {
        shows_match_count(s, "time")
    });
    app.wait_for(&["clear search"], STEP);
    app.press("\x1b");
    let screen = app.wait_until("the search left, the stream kept", STEP, |s| {
        !s.contains("/time") && s.contains("─ logs ")
    });
    assert!(screen.contains("esc/x stop"), "{screen}");
    app.press("\x1b");
    app.wait_until("the stream stopped", STEP, |s| !s.contains("─ logs "));
    app.press("q");
    app.wait_exit(Duration::from_secs(10));
}

#[test]
fn read_only_says_so_before_a_picker_opens() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--no-runbook", "--read-only", "--speed", "10"],
        home.path(),
        160,
        48,
    );
    app.wait_for(&["ALIAS", "dev (3/3)"], START);
    app.press("3");
    app.press("a");
    let screen = app.wait_for(&["read-only: refused to approve"], STEP);
    assert!(!screen.contains(" for …"), "{screen}");
    app.press("q");
    app.wait_exit(Duration::from_secs(10));
}
