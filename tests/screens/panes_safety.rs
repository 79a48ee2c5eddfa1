//! Snapshots of what keeps a talk safe on screen: a long refusal that fits or points to the
//! message history, the history itself, several start-up warnings, the labelled talk timer,
//! the question `q` asks in the middle of a talk, and a failed or cancelled step's way on
//! shown on the status line while the runbook pane is hidden. Fixed clock, two sizes.

use showrunner_testkit as common;

use std::time::Duration;

use common::fixtures::{demo_state, now, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use k8s_openapi::jiff::SignedDuration;
use showrunner::app::messages::Flash;
use showrunner::app::runbook::state::{CommandOutcome, RunbookState};
use showrunner::app::{Action, AppState, update};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn press(state: &mut AppState, code: KeyCode, mods: KeyModifiers) {
    update(state, Action::Key(KeyEvent::new(code, mods)));
}

fn key(state: &mut AppState, code: KeyCode) {
    press(state, code, KeyModifiers::NONE);
}

fn with_talk(w: u16, h: u16) -> AppState {
    let mut state = demo_state(w, h);
    let runbook =
        showrunner::runbook::parse::load(std::path::Path::new("runbook/image-promotion.md"))
            .expect("the shipped runbook parses");
    state.runbook = Some(RunbookState::new(runbook));
    state
}

fn finish_command(state: &mut AppState, code: i32) {
    let run = state
        .runbook
        .as_ref()
        .unwrap()
        .command
        .as_ref()
        .unwrap()
        .run;
    update(
        state,
        Action::CommandExited {
            run,
            outcome: CommandOutcome::Exited {
                code,
                took: Duration::from_millis(900),
            },
        },
    );
}

fn status_line(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

fn at(secs: i64) -> Action {
    Action::Tick(now() + SignedDuration::from_secs(secs))
}

const REFUSAL: &str = "rollback refused: dev-app has auto-sync on, and Argo CD would undo the \
                       rollback at once; turn auto-sync off in the application first";

#[test]
fn a_long_message_wins_over_the_hints_and_reads_in_full_in_the_history() {
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        state.flash = Some(Flash::error(REFUSAL));
        state
            .messages
            .record_flash(now(), state.flash.as_ref().unwrap());
        let screen = render(&mut state);
        let line = status_line(&screen);
        if w >= 160 {
            assert!(
                line.contains("turn auto-sync off in the application first"),
                "{line}"
            );
        } else {
            assert!(
                line.contains("m more"),
                "the cut points to the history: {line}"
            );
        }
        insta::assert_snapshot!(format!("long_message_{w}x{h}"), screen);
        update(&mut state, at(75));
        key(&mut state, KeyCode::Char('m'));
        let screen = render(&mut state);
        assert!(screen.contains("messages ─ newest first"), "{screen}");
        assert!(screen.contains("the application first"), "{screen}");
        insta::assert_snapshot!(format!("message_history_{w}x{h}"), screen);
    }
}

#[test]
fn several_start_up_warnings_say_how_many_more_and_all_are_in_the_history() {
    let notices = vec![
        "keymap.toml:3:1: unknown action `zoom_in` (did you mean `zoom`?)".to_string(),
        "keymap.toml:7:8: `x` is bound twice in [logs]".to_string(),
        "theme solarized: not found; using dark".to_string(),
        "the runbook's repo /talk/app is not a directory".to_string(),
    ];
    let mut state = demo_state(160, 48);
    state.notices = notices.clone();
    state.messages.record_notices(now(), &notices);
    let line = status_line(&render(&mut state));
    assert!(line.contains("(+3 more: m shows them all)"), "{line}");
    key(&mut state, KeyCode::Char('m'));
    let screen = render(&mut state);
    for notice in &notices {
        assert!(
            screen.contains(notice.as_str()),
            "{notice} missing:\n{screen}"
        );
    }
    insta::assert_snapshot!("start_up_warnings_history_160x48", screen);
}

#[test]
fn the_talk_timer_is_labelled_from_the_start_and_says_ahead_or_behind() {
    let mut state = with_talk(160, 48);
    let line = status_line(&render(&mut state));
    assert!(
        line.contains("⏱ 0:00 of 90:00"),
        "shown before the talk: {line}"
    );
    // Step 1 runs at 0:00 and takes 1 s; step 2's slot is at 5:00.
    key(&mut state, KeyCode::F(5));
    finish_command(&mut state, 0);
    update(&mut state, at(60));
    let ahead = status_line(&render(&mut state));
    assert!(ahead.contains("⏱ 1:00 of 90:00  ahead 4:00"), "{ahead}");
    update(&mut state, at(307));
    let behind = status_line(&render(&mut state));
    assert!(behind.contains("⏱ 5:07 of 90:00  behind 0:07"), "{behind}");
    update(&mut state, at(91 * 60));
    let over = status_line(&render(&mut state));
    assert!(over.contains("⏱ 91:00 of 90:00"), "{over}");
    insta::assert_snapshot!("talk_timer_status_lines", [ahead, behind, over].join("\n"));
}

#[test]
fn quitting_in_the_middle_of_the_talk_asks_what_it_costs() {
    for (w, h) in SIZES {
        let mut state = with_talk(w, h);
        key(&mut state, KeyCode::F(5));
        finish_command(&mut state, 0);
        key(&mut state, KeyCode::F(5));
        key(&mut state, KeyCode::Char('q'));
        assert!(!state.should_quit);
        let screen = render(&mut state);
        assert!(screen.contains("quit ─ the talk is under way"), "{screen}");
        assert!(
            screen.contains("git merge"),
            "names the running command: {screen}"
        );
        insta::assert_snapshot!(format!("quit_question_{w}x{h}"), screen);
    }
}

#[test]
fn a_failed_step_shows_its_way_on_while_another_pane_is_zoomed() {
    for (w, h) in SIZES {
        let mut state = with_talk(w, h);
        key(&mut state, KeyCode::F(5));
        finish_command(&mut state, 0);
        key(&mut state, KeyCode::F(5));
        finish_command(&mut state, 1);
        // Another pane zoomed, and a key that clears the flash: the status line still says it.
        key(&mut state, KeyCode::Char('4'));
        if !state.zoomed {
            key(&mut state, KeyCode::Char('z'));
        }
        let screen = render(&mut state);
        assert!(
            !screen.contains("runbook ─"),
            "the runbook pane is hidden: {screen}"
        );
        let line = status_line(&screen);
        assert!(line.contains("step 2 failed: exit code 1"), "{line}");
        assert!(line.contains("f5 retry · f6 skip"), "{line}");
        insta::assert_snapshot!(format!("failed_step_zoomed_{w}x{h}"), screen);
    }
}

#[test]
fn read_only_offers_only_a_skip_and_colon_echoes_on_the_status_line() {
    let mut state = with_talk(80, 24);
    state.read_only = true;
    key(&mut state, KeyCode::F(5));
    key(&mut state, KeyCode::Char('4'));
    key(&mut state, KeyCode::Char('z'));
    let line = status_line(&render(&mut state));
    assert!(line.contains("step 1 failed: read-only"), "{line}");
    assert!(
        line.contains("f6 skip") && !line.contains("retry"),
        "{line}"
    );
    key(&mut state, KeyCode::Char(':'));
    key(&mut state, KeyCode::Char('1'));
    key(&mut state, KeyCode::Char('0'));
    let typing = status_line(&render(&mut state));
    assert!(typing.contains("jump to step: 10▏"), "{typing}");
    insta::assert_snapshot!("read_only_failed_and_jump_80", [line, typing].join("\n"));
}

#[test]
fn a_cancelled_confirmation_is_not_a_failure() {
    let mut state = with_talk(160, 48);
    // Step 6 promotes to stg, which asks first.
    key(&mut state, KeyCode::Char(':'));
    key(&mut state, KeyCode::Char('6'));
    key(&mut state, KeyCode::Enter);
    key(&mut state, KeyCode::F(5));
    let screen = render(&mut state);
    assert!(screen.contains("confirm ─"), "{screen}");
    key(&mut state, KeyCode::Char('n'));
    let screen = render(&mut state);
    let line = status_line(&screen);
    assert!(!line.contains('✗'), "no red failure: {line}");
    assert!(line.contains("nothing changed; f5 to try again"), "{line}");
    key(&mut state, KeyCode::Char('1'));
    let screen = render(&mut state);
    assert!(screen.contains("⊘"), "{screen}");
    insta::assert_snapshot!("cancelled_step_160x48", screen);
}
