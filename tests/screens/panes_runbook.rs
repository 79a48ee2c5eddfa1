//! Snapshots of the runbook pane and the command output with the shipped talk loaded: steps
//! done, a step waiting (spinner, what for, elapsed of timeout, also in the status bar), and a
//! failed step with its exit code and the keys that go on from there. Fixed clock.

use showrunner_testkit as common;

use std::time::Duration;

use common::fixtures::{demo_state, now, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use showrunner::app::runbook::state::{CommandOutcome, RunbookState};
use showrunner::app::{Action, AppState, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn key(state: &mut AppState, code: KeyCode) {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn with_talk(w: u16, h: u16) -> AppState {
    let mut state = demo_state(w, h);
    let runbook =
        showrunner::runbook::parse::load(std::path::Path::new("runbook/image-promotion.md"))
            .expect("the shipped runbook parses");
    state.runbook = Some(RunbookState::new(runbook));
    state
}

/// Ends the command the runbook is running with `code`, after printing `lines`.
fn finish_command(state: &mut AppState, lines: &[&str], code: i32) {
    let run = state
        .runbook
        .as_ref()
        .and_then(|r| r.command.as_ref())
        .expect("a command runs")
        .run;
    update(
        state,
        Action::CommandOutput {
            run,
            lines: lines.iter().map(|l| l.to_string()).collect(),
        },
    );
    update(
        state,
        Action::CommandExited {
            run,
            outcome: CommandOutcome::Exited {
                code,
                took: Duration::from_millis(1200),
            },
        },
    );
}

/// Unzoomed with the runbook focused, so the pane and the output are both on screen.
fn show_runbook(state: &mut AppState) {
    if state.zoomed {
        key(state, KeyCode::Char('z'));
    }
    key(state, KeyCode::Char('1'));
}

#[test]
fn runbook_steps_done_and_a_wait_in_progress() {
    for (w, h) in SIZES {
        let mut state = with_talk(w, h);
        key(&mut state, KeyCode::F(5));
        finish_command(
            &mut state,
            &["* 98bbd29 Pin dependencies", "* e3fbcc9 List users by team"],
            0,
        );
        key(&mut state, KeyCode::F(5));
        finish_command(
            &mut state,
            &["Merge made by the 'ort' strategy.", " app.py | 4 ++--"],
            0,
        );
        // Step 3 waits for CI of HEAD, which the fixture's CI state does not have.
        key(&mut state, KeyCode::F(5));
        update(
            &mut state,
            Action::Tick(now() + k8s_openapi::jiff::SignedDuration::from_secs(12)),
        );
        show_runbook(&mut state);
        insta::assert_snapshot!(format!("runbook_waiting_{w}x{h}"), render(&mut state));
    }
}

#[test]
fn runbook_failed_step_says_why_and_what_next() {
    for (w, h) in SIZES {
        let mut state = with_talk(w, h);
        key(&mut state, KeyCode::F(5));
        finish_command(&mut state, &["* 98bbd29 Pin dependencies"], 0);
        key(&mut state, KeyCode::F(5));
        finish_command(
            &mut state,
            &["merge: feature/update-user - not something we can merge"],
            1,
        );
        show_runbook(&mut state);
        insta::assert_snapshot!(format!("runbook_failed_{w}x{h}"), render(&mut state));
    }
}

/// Presses the run key on step `n` (1-based), reached with the step keys.
fn run_step(state: &mut AppState, n: usize) {
    key(state, KeyCode::Char(':'));
    for c in n.to_string().chars() {
        key(state, KeyCode::Char(c));
    }
    key(state, KeyCode::Enter);
    key(state, KeyCode::F(5));
}

#[test]
fn a_step_that_zooms_and_runs_a_command_shows_both_the_table_unwrapped() {
    for (w, h) in SIZES {
        let mut state = with_talk(w, h);
        // Step 5: `zoom pipeline`, a wait that holds (dev runs HEAD's freight), `kubectl get`.
        run_step(&mut state, 5);
        finish_command(
            &mut state,
            &[
                "NAME                       READY   STATUS    RESTARTS   AGE",
                "backend-6f7c9d8b5-2xkqp    1/1     Running   0          5m",
                "backend-6f7c9d8b5-9hj4w    1/1     Running   0          4m50s",
                "frontend-7d9f6c5b8-mz2rt   1/1     Running   0          60m",
            ],
            0,
        );
        let screen = render(&mut state);
        assert!(screen.contains("pipeline ─"), "{screen}");
        assert!(
            screen.contains("backend-6f7c9d8b5-9hj4w    1/1     Running   0          4m50s"),
            "the table is on one line: {screen}"
        );
        insta::assert_snapshot!(format!("zoom_with_step_output_{w}x{h}"), screen);
    }
}

#[test]
fn a_long_step_output_takes_at_most_half_the_screen_under_its_zoom() {
    let mut state = with_talk(80, 24);
    key(&mut state, KeyCode::F(5));
    let log: Vec<String> = (0..12)
        .map(|i| format!("* {i:07x} Commit number {i}"))
        .collect();
    let log: Vec<&str> = log.iter().map(String::as_str).collect();
    finish_command(&mut state, &log, 0);
    let screen = render(&mut state);
    assert!(screen.contains("ci · git"), "the zoomed git pane: {screen}");
    assert!(
        screen.contains("Commit number 11") && !screen.contains("Commit number 3"),
        "the newest lines, as a terminal shows them: {screen}"
    );
    insta::assert_snapshot!("zoom_with_long_step_output_80x24", screen);
    // The next step runs no command: its zoom has the screen to itself again.
    key(&mut state, KeyCode::F(5));
    finish_command(&mut state, &["Merge made by the 'ort' strategy."], 0);
    key(&mut state, KeyCode::F(5));
    let screen = render(&mut state);
    assert!(!screen.contains("Merge made by"), "{screen}");
}

#[test]
fn watching_ci_shows_the_jobs_and_steps_of_heads_run_in_progress() {
    for (w, h) in SIZES {
        let mut state = with_talk(w, h);
        key(&mut state, KeyCode::F(5));
        finish_command(&mut state, &["* 98bbd29 Pin dependencies"], 0);
        key(&mut state, KeyCode::F(5));
        finish_command(&mut state, &["Merge made by the 'ort' strategy."], 0);
        // Step 3: `zoom ci` while the fixture's run #12 of HEAD runs its tests.
        key(&mut state, KeyCode::F(5));
        let screen = render(&mut state);
        assert!(screen.contains("#12 CI"), "{screen}");
        assert!(screen.contains("◀ running"), "{screen}");
        insta::assert_snapshot!(format!("watch_ci_run_detail_{w}x{h}"), screen);
    }
}
