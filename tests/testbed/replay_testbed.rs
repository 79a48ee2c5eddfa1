//! Record and replay on the real control plane: a two-step runbook rolls out a new backend in
//! dev (the real Deployment controller, scheduler and kwok do it) with `--record`; the
//! recording replays with each step's starting screen as it was live, and in a terminal F5
//! plays it back with no cluster — the test bed's API server is stopped first, so nothing can
//! come from it — and a pod's log opens from the file.

use showrunner_testkit as common;

use std::time::{Duration, Instant};

use common::pty::PtyApp;
use common::testbed;
use showrunner::keymap::Keymap;
use showrunner::replay::{check, reader};

const F5: &str = "\x1b[15~";
const WAIT: Duration = Duration::from_secs(90);
const NEW_TAG: &str = "7c1d2e3";

const RUNBOOK: &str = "---
title: Roll out on the test bed
project: kargo-demo
namespaces: [dev, stg, prod]
repo: .
---

# Test bed

## Roll out a new backend in dev

```showrunner
zoom pods
```

```sh timeout=2m
kubectl -n dev set image deployment/backend app=ghcr.io/showrunner-demo/backend:7c1d2e3
kubectl -n dev rollout status deployment/backend --timeout=90s
```

## Look at the pipeline

```showrunner
zoom pipeline
```

```sh
kubectl -n dev get deployment backend -o jsonpath='{.spec.template.spec.containers[0].image}'
```
";

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

fn run_step(app: &mut PtyApp, n: usize) {
    app.press(F5);
    let deadline = Instant::now() + WAIT;
    loop {
        let screen = app.contents();
        if status_line(&screen).contains(&format!("step {n} done")) {
            return;
        }
        assert!(
            !status_line(&screen).contains('✗'),
            "step {n} failed:\n{screen}"
        );
        assert!(
            Instant::now() < deadline,
            "step {n} did not finish:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_recording_of_the_real_control_plane_replays_without_it() {
    let bed = testbed::own("replay", "");
    let home = tempfile::tempdir().unwrap();
    let talk = home.path().join("talk.md");
    std::fs::write(&talk, RUNBOOK).unwrap();
    let file = home.path().join("testbed.rec");
    let admin = bed.admin.to_str().unwrap().to_string();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &[
            "--kubeconfig",
            &admin,
            "--runbook",
            talk.to_str().unwrap(),
            "--record",
            file.to_str().unwrap(),
        ],
        home.path(),
        160,
        48,
    );
    app.wait_until("pods of dev, stg and prod", WAIT, |s| {
        s.contains("dev (3/3)") && s.contains("stg (3/3)") && s.contains("prod (3/3)")
    });
    run_step(&mut app, 1);
    app.wait_until("dev's new pods Running", WAIT, |s| {
        s.lines()
            .filter(|l| l.contains(NEW_TAG) && l.contains("Running"))
            .count()
            == 2
    });
    run_step(&mut app, 2);
    quit_live(&mut app);

    // Without a terminal: both steps start on the screens they had live.
    let recording = reader::read(&file).expect("the recording reads back");
    assert_eq!(recording.header.context, "testbed");
    let boundaries = check::replay_screens(&recording, &Keymap::defaults()).unwrap();
    assert_eq!(boundaries.len(), 2);
    for (step, live, replayed) in &boundaries {
        assert_eq!(
            check::comparable(live),
            check::comparable(replayed),
            "step {} starts differently on replay",
            step.unwrap() + 1
        );
    }
    let second = boundaries[1].1.rows.join("\n");
    assert!(
        second.contains(NEW_TAG),
        "the rollout is on screen:\n{second}"
    );

    // With the cluster gone: the replay needs nothing but the file.
    bed.stop_apiserver();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["replay", file.to_str().unwrap(), "--speed", "4"],
        home.path(),
        160,
        48,
    );
    app.wait_for(&["testbed (replay ■ F5: step 1)"], Duration::from_secs(20));
    app.press(F5);
    app.wait_until("step 1 done on replay", WAIT, |s| {
        status_line(s).contains("step 1 done")
    });
    let rolled = app.wait_until("the new pods Running on replay", WAIT, |s| {
        s.lines()
            .filter(|l| l.contains(NEW_TAG) && l.contains("Running"))
            .count()
            == 2
    });
    assert!(
        !rolled.contains("reconnecting"),
        "nothing tried the stopped server:\n{rolled}"
    );
    // The first new pod's log, kept by the recorder (kwok's pods log their requests).
    let first = rolled
        .lines()
        .position(|l| l.contains(NEW_TAG) && l.contains("Running"))
        .unwrap();
    let dev_row = rolled.lines().position(|l| l.contains("▾ dev")).unwrap();
    app.press("g");
    for _ in 0..(first - dev_row - 1) {
        app.press("j");
    }
    app.press("l");
    app.wait_for(&["logs dev/backend-"], Duration::from_secs(10));
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}
