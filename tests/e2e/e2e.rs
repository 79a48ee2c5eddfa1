//! End to end: the real binary in a pseudo-terminal, on the built-in sandbox, driven by keys.

use showrunner_testkit as common;

use std::time::Duration;

use common::pty::PtyApp;

const START: Duration = Duration::from_secs(30);

#[test]
fn demo_mode_shows_all_namespaces_and_keys_work_then_quits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10"],
        home.path(),
        160,
        48,
    );
    // Pods of dev, stg and prod, all running, within a few seconds.
    let screen = app.wait_until("pods running in dev, stg and prod", START, |s| {
        s.contains("dev (3/3)")
            && s.contains("stg (3/3)")
            && s.contains("prod (3/3)")
            && s.contains("Running")
    });
    assert!(screen.contains("backend-"), "{screen}");
    assert!(screen.contains("frontend-"), "{screen}");
    assert!(
        screen.contains(" sandbox "),
        "the status line says where we are:\n{screen}"
    );

    // z zooms the focused pane (pods): the other panes disappear.
    app.press("z");
    app.wait_until("the pods pane zoomed", Duration::from_secs(5), |s| {
        !s.contains("runbook") && s.contains("pods ─")
    });
    app.press("z");
    app.wait_for(&["runbook", "pipeline", "pods ─"], Duration::from_secs(5));

    // Tab moves focus to the next pane; zoom shows which one has it.
    app.press("\t");
    app.press("z");
    app.wait_until("CI zoomed after Tab", Duration::from_secs(5), |s| {
        s.contains("ci · git") && !s.contains("pods ─")
    });
    app.press("z");

    // ? opens the help generated from the keymap; Esc closes it.
    app.press("?");
    app.wait_for(
        &["help ─ keys", "quit showrunner", "zoom the focused pane"],
        Duration::from_secs(5),
    );
    app.press("\x1b");
    app.wait_until("help closed", Duration::from_secs(5), |s| {
        !s.contains("help ─ keys")
    });

    app.press("q");
    assert_eq!(
        app.wait_exit(Duration::from_secs(10)),
        0,
        "q exits with status 0"
    );
    assert!(!app.in_alternate_screen(), "left the alternate screen");
    assert!(!app.cursor_hidden(), "cursor visible again");
    assert!(app.terminal_is_cooked(), "raw mode switched off");
}

#[test]
fn logs_stream_into_the_output_pane() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10"],
        home.path(),
        160,
        48,
    );
    app.wait_until("dev pods running", START, |s| s.contains("dev (3/3)"));
    app.press("l");
    app.wait_for(&["● following ─ logs dev/"], Duration::from_secs(15));
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn small_terminal_and_resizing_keep_working() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10", "--theme", "light"],
        home.path(),
        80,
        24,
    );
    app.wait_until("pods at 80x24", START, |s| s.contains("dev (3/3)"));
    app.resize(40, 12);
    app.press("j");
    app.resize(200, 60);
    app.wait_for(&["pods ─"], Duration::from_secs(5));
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_bad_theme_falls_back_with_a_visible_located_warning() {
    let home = tempfile::tempdir().unwrap();
    let theme = home.path().join("broken.toml");
    std::fs::write(&theme, "[colors]\nhealthy = \"greenish\"\n").unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10", "--theme", theme.to_str().unwrap()],
        home.path(),
        160,
        48,
    );
    app.wait_for(&["broken.toml:2:11: invalid colour \"greenish\""], START);
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}
