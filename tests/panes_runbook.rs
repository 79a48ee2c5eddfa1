//! Snapshots of the runbook pane and the command output with the shipped talk loaded: steps
//! done, a step waiting (spinner, what for, elapsed of timeout, also in the status bar), and a
//! failed step with its exit code and the keys that go on from there. Fixed clock.

mod common;

use std::time::Duration;

use common::fixtures::{demo_state, now, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use showrunner::app::runbook_state::{CommandOutcome, RunbookState};
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
