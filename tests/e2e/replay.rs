//! Record and replay, end to end: the shipped talk is run on the sandbox with `--record`, by
//! the run key and `y` alone; the recording is replayed without a cluster and the screen at
//! every step's start is compared with the live one (same rows, same statuses; clocks and the
//! status line aside). Then the recording is played in a terminal with F5 only, paused, a pane
//! zoomed, and a mutating key refused.

use showrunner_testkit as common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::PtyApp;
use showrunner::keymap::Keymap;
use showrunner::replay::{check, reader, record::Line};

const F5: &str = "\x1b[15~";
const STEPS: usize = 11;

/// `q`, and yes if the app asks (it does when quitting would stop a talk under way).
fn quit_live(app: &mut PtyApp) {
    app.press("q");
    std::thread::sleep(Duration::from_millis(300));
    if status_line(&app.contents()).contains("y/enter confirm") {
        app.answer_confirmation("y");
    }
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}

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

fn record_the_talk(home: &Path, file: &Path) {
    let data = home.join("sandbox");
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &[
            "--speed",
            "20",
            "--data-dir",
            data.to_str().unwrap(),
            "--record",
            file.to_str().unwrap(),
        ],
        home,
        160,
        48,
    );
    app.wait_for(
        &["runbook", "Where we start: main", "prod (3/3)"],
        Duration::from_secs(30),
    );
    for n in 1..=STEPS {
        run_step(&mut app, n);
    }
    quit_live(&mut app);
}

#[test]
fn a_recorded_talk_replays_with_the_same_screens_and_plays_by_f5_alone() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("talk.rec");
    record_the_talk(home.path(), &file);

    // Replayed without a terminal, cluster or network: each step's starting screen as live.
    let recording = reader::read(&file).expect("the recording reads back");
    assert!(recording.notes.is_empty(), "{:?}", recording.notes);
    let events = recording
        .lines
        .iter()
        .filter(|l| matches!(l, Line::Event(_)))
        .count();
    assert!(events > 100, "only {events} events were recorded");
    let boundaries = check::replay_screens(&recording, &Keymap::defaults()).unwrap();
    let steps: Vec<Option<usize>> = boundaries.iter().map(|(s, _, _)| *s).collect();
    assert_eq!(steps, (0..STEPS).map(Some).collect::<Vec<_>>());
    for (step, live, replayed) in &boundaries {
        let (l, r) = (check::comparable(live), check::comparable(replayed));
        let diff: Vec<String> = l
            .iter()
            .zip(&r)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("row {i}\n live   |{a}\n replay |{b}"))
            .collect();
        assert!(
            diff.is_empty(),
            "step {} starts differently on replay:\n{}",
            step.unwrap() + 1,
            diff.join("\n")
        );
    }
    // What was compared is the talk, not an empty frame: the first step starts on the whole
    // screen with every namespace's pods, the last on the pipeline with the fix in dev.
    let first = boundaries[0].1.rows.join("\n");
    assert!(
        first.contains("Where we start: main") && first.contains("prod (3/3)"),
        "{first}"
    );
    let last = boundaries.last().unwrap().1.rows.join("\n");
    assert!(
        last.contains("● dev (auto)") && last.contains("Healthy · ✓ verified"),
        "{last}"
    );

    // The same file in a terminal: F5 plays each step, space pauses, panes zoom, and a key
    // that would change the cluster changes nothing.
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["replay", file.to_str().unwrap()],
        home.path(),
        160,
        48,
    );
    app.wait_for(
        &["(replay ■ F5: step 1)", "prod (3/3)"],
        Duration::from_secs(20),
    );
    for n in 1..=STEPS {
        app.press(F5);
        if n == 6 {
            // Mid-rollout to stg: pause; the step is still on, and the clock stands still.
            app.press(" ");
            let paused = app.wait_for(&["(replay ‖ paused)"], Duration::from_secs(5));
            // The status line says what the step does (or the flash of its approval).
            let status = status_line(&paused);
            assert!(
                status.contains("step 6:") || status.contains("for stg"),
                "paused within step 6:\n{paused}"
            );
            // Zoom the pods pane (the step had zoomed another one).
            app.press("4");
            let zoomed_pods = |s: &str| s.lines().next().is_some_and(|l| l.starts_with("┏ pods"));
            if !zoomed_pods(&app.contents()) {
                app.press("z");
            }
            app.wait_until("the pods pane zoomed", Duration::from_secs(5), zoomed_pods);
            app.wait_for(&["▾ dev", "▾ stg", "▾ prod"], Duration::from_secs(5));
            // A key that would delete a pod deletes nothing.
            app.press("\x04");
            app.wait_for(&["replay: nothing is changed"], Duration::from_secs(5));
            // A pod's log, from the file: the recorder kept the logs of the pods on screen.
            app.press("g");
            app.press("l");
            app.wait_for(
                &["logs dev/", "\"msg\":\"request\""],
                Duration::from_secs(5),
            );
            // Search for what the log is known to hold (its lines are the sandbox's random
            // traffic, so a particular path may not be among them).
            app.press("/");
            app.press("request");
            app.press("\r");
            let found = app.wait_for(&["/request "], Duration::from_secs(5));
            assert!(!found.contains("no match"), "{found}");
            app.press("\x1b");
            app.press(" ");
        }
        app.wait_until(&format!("step {n} done"), Duration::from_secs(120), |s| {
            status_line(s).contains(&format!("step {n} done"))
        });
    }
    // Unzoomed, every step shows done, as it did live.
    if !app.contents().contains("runbook ─") {
        app.press("z");
    }
    let screen = app.wait_for(&["(replay"], Duration::from_secs(5));
    for n in 1..=STEPS {
        assert!(
            screen.lines().any(|l| l.contains(&format!("✓ {n:>2} "))),
            "step {n} not marked done on replay:\n{screen}"
        );
    }
    // Nothing runs on a replay: `q` quits at once.
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}
