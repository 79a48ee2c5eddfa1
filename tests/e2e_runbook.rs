//! End to end: the shipped talk, `runbook/image-promotion.md`, driven from the first step to
//! the last by key presses only — the run key, and `y` on each confirmation — in the real
//! binary on the built-in sandbox. Real `git merge`s start real (simulated) CI runs, Kargo
//! promotes, dev breaks and is rolled back, and the fix reaches prod.

mod common;

use std::time::{Duration, Instant};

use common::pty::PtyApp;

const F5: &str = "\x1b[15~";
const STEPS: usize = 11;

fn status_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// Runs step `n` and answers its confirmations until the status bar says it is done.
fn run_step(app: &mut PtyApp, n: usize) {
    app.press(F5);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let screen = app.contents();
        let status = status_line(&screen);
        if status.contains(&format!("step {n} done")) {
            return;
        }
        assert!(!status.contains('✗'), "step {n} failed:\n{screen}");
        if status.contains("y/enter confirm") {
            // The confirmation names what will happen; the runbook's promotions go to stg/prod.
            assert!(
                screen.contains("stg") || screen.contains("prod"),
                "{screen}"
            );
            app.answer_confirmation("y");
            continue;
        }
        assert!(
            Instant::now() < deadline,
            "step {n} did not finish:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_shipped_talk_runs_from_first_to_last_step_by_keys_alone() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("sandbox");
    let data_arg = data.to_str().unwrap();
    let mut app = PtyApp::spawn(
        &["--speed", "20", "--data-dir", data_arg],
        home.path(),
        160,
        48,
    );
    app.wait_for(
        &["runbook", "Where we start: main", "prod (3/3)"],
        Duration::from_secs(30),
    );
    let repo = git2::Repository::open(data.join("repo")).expect("the sandbox's repo");
    let start = repo.refname_to_id("refs/heads/main").unwrap();

    for n in 1..=STEPS {
        run_step(&mut app, n);
    }

    // The fix is main's head now, and its image is what prod runs.
    let head = repo.refname_to_id("refs/heads/main").unwrap();
    assert_ne!(head, start, "the talk merged into main");
    let fix = repo.find_commit(head).unwrap();
    let fixed_tree_has = |path: &str| {
        fix.tree()
            .unwrap()
            .get_path(std::path::Path::new(path))
            .is_ok()
    };
    assert!(
        fixed_tree_has("tests/test_startup.py"),
        "feature/fix was merged"
    );
    let tag = &head.to_string()[..7];

    // Unzoom so every pane is on screen, then read the final state off it.
    let screen = app.contents();
    if !screen.contains("runbook ─") {
        app.press("z");
    }
    let screen = app.wait_until(
        "every stage healthy on the fix",
        Duration::from_secs(60),
        |s| {
            let pipeline_rows: Vec<&str> = s.lines().filter(|l| l.contains(tag)).collect();
            s.contains("prod (3/3)")
                && s.matches("Healthy").count() >= 3
                && !pipeline_rows.is_empty()
        },
    );
    // prod's backend pods run the fix's image tag.
    let prod_pods: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("▾ prod"))
        .skip(1)
        .take_while(|l| !l.contains('▾'))
        .filter(|l| l.contains("backend-"))
        .collect();
    assert_eq!(prod_pods.len(), 2, "{screen}");
    assert!(
        prod_pods
            .iter()
            .all(|l| l.contains(tag) && l.contains("Running")),
        "{screen}"
    );
    // Every step done, none failed.
    for n in 1..=STEPS {
        assert!(
            screen.lines().any(|l| l.contains(&format!("✓ {n:>2} "))),
            "step {n} not marked done:\n{screen}"
        );
    }
    assert!(
        !screen.contains("✗ "),
        "a failed step or stage is left:\n{screen}"
    );

    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}
