//! Snapshots of every pane and the whole screen at 80×24 and 160×48, with a fixed clock.
//! Review changes with `cargo insta review`.

use showrunner_testkit as common;

use common::fixtures::{demo_state, now, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use showrunner::app::{Action, AppState, update};
use showrunner::sources::kube::events::EventSummary;
use showrunner::sources::kube::update::{SourceId, SourceStatus};

fn press(state: &mut AppState, c: char) {
    update(
        state,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

fn press_code(state: &mut AppState, code: KeyCode) {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn whole_screen() {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("screen_{w}x{h}"), render(&mut demo_state(w, h)));
    }
}

#[test]
fn pods_pane_zoomed_with_selection_moved_and_filter() {
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        press(&mut state, 'z');
        press(&mut state, 'j');
        press(&mut state, 'j');
        insta::assert_snapshot!(format!("pods_zoomed_{w}x{h}"), render(&mut state));
        press(&mut state, '/');
        for c in "back".chars() {
            press(&mut state, c);
        }
        insta::assert_snapshot!(format!("pods_filter_{w}x{h}"), render(&mut state));
    }
}

#[test]
fn pods_pane_while_a_watch_reconnects() {
    let mut state = demo_state(160, 48);
    update(
        &mut state,
        Action::Source(
            SourceId::Pods {
                namespace: "prod".into(),
            },
            SourceStatus::Reconnecting {
                error: "cannot reach the API server (connection refused)".into(),
            },
        ),
    );
    update(
        &mut state,
        Action::Source(
            SourceId::Pods {
                namespace: "dev".into(),
            },
            SourceStatus::Live,
        ),
    );
    press(&mut state, 'z');
    insta::assert_snapshot!("pods_reconnecting_160x48", render(&mut state));
}

#[test]
fn log_view_following_searching_and_wrapped() {
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        press(&mut state, 'l');
        let stream = state.logs.stream;
        let lines = (0..300)
            .map(|i| {
                format!(
                    "2026-11-22T09:{:02}:{:02}Z INFO  GET /api/users/{i} 200 {}ms",
                    i / 60,
                    i % 60,
                    i % 17
                )
            })
            .collect();
        update(&mut state, Action::LogLines { stream, lines });
        insta::assert_snapshot!(format!("logs_following_{w}x{h}"), render(&mut state));
        press(&mut state, '/');
        for c in "users/42 ".chars() {
            press(&mut state, c);
        }
        press_code(&mut state, KeyCode::Enter);
        press(&mut state, 'z');
        insta::assert_snapshot!(format!("logs_search_{w}x{h}"), render(&mut state));
        update(
            &mut state,
            Action::LogLines {
                stream,
                lines: vec![format!("{} long line end", "x".repeat(200))],
            },
        );
        press(&mut state, 'w');
        press(&mut state, 'G');
        insta::assert_snapshot!(format!("logs_wrapped_{w}x{h}"), render(&mut state));
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        press(&mut state, '?');
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&mut state));
    }
}

#[test]
fn pod_details_popup() {
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        for _ in 0..3 {
            press(&mut state, 'j');
        }
        press_code(&mut state, KeyCode::Enter);
        let events = vec![
            EventSummary {
                kind: "Warning".into(),
                reason: "BackOff".into(),
                message: "Back-off restarting failed container app".into(),
                count: 4,
                last_seen: Some(now()),
            },
            EventSummary {
                kind: "Normal".into(),
                reason: "Pulled".into(),
                message: "Container image already present on machine".into(),
                count: 1,
                last_seen: Some(now()),
            },
        ];
        update(
            &mut state,
            Action::PodEvents {
                namespace: "stg".into(),
                pod: "backend-5c8d7f6a4-qq8zn".into(),
                result: Ok(events),
            },
        );
        insta::assert_snapshot!(format!("pod_details_{w}x{h}"), render(&mut state));
    }
}

#[test]
fn tiny_and_odd_sizes_never_panic() {
    for (w, h) in [(1, 1), (10, 3), (30, 8), (79, 23), (81, 25), (300, 100)] {
        let mut state = demo_state(w, h);
        render(&mut state);
        press(&mut state, '?');
        render(&mut state);
        press_code(&mut state, KeyCode::Esc);
        press_code(&mut state, KeyCode::Enter);
        render(&mut state);
        press_code(&mut state, KeyCode::Esc);
        press(&mut state, 'l');
        press(&mut state, 'z');
        render(&mut state);
    }
}

#[test]
fn confirmation_popup_names_object_target_and_effect() {
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        press(&mut state, 'G');
        update(
            &mut state,
            Action::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
        );
        insta::assert_snapshot!(format!("confirm_{w}x{h}"), render(&mut state));
    }
}

#[test]
fn read_only_badge_and_refusal_on_the_status_line() {
    let mut state = demo_state(160, 48);
    state.read_only = true;
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
    );
    let screen = render(&mut state);
    let status = screen.lines().last().unwrap().to_string();
    insta::assert_snapshot!("status_read_only_160x48", status);
}

#[test]
fn gitops_panes_pipeline_freight_promotions_applications() {
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        press(&mut state, '2');
        press(&mut state, 'j');
        press(&mut state, 'j');
        insta::assert_snapshot!(format!("pipeline_{w}x{h}"), render(&mut state));
        for (i, pane) in ["freight", "promotions", "applications"].iter().enumerate() {
            let mut state = demo_state(w, h);
            press(&mut state, '3');
            for _ in 0..i {
                press(&mut state, ']');
            }
            press(&mut state, 'z');
            insta::assert_snapshot!(format!("{pane}_zoomed_{w}x{h}"), render(&mut state));
        }
    }
}

#[test]
fn gitops_popups() {
    let mut state = demo_state(160, 48);
    press(&mut state, '3');
    press(&mut state, 'p');
    insta::assert_snapshot!("promote_picker_160x48", render(&mut state));
    press_code(&mut state, KeyCode::Esc);
    press_code(&mut state, KeyCode::Enter);
    insta::assert_snapshot!("freight_details_160x48", render(&mut state));
    press_code(&mut state, KeyCode::Esc);
    press(&mut state, ']');
    press_code(&mut state, KeyCode::Enter);
    insta::assert_snapshot!("promotion_steps_160x48", render(&mut state));
    press_code(&mut state, KeyCode::Esc);
    press(&mut state, ']');
    press_code(&mut state, KeyCode::Enter);
    insta::assert_snapshot!("app_history_160x48", render(&mut state));
}

#[test]
fn ci_runs_run_detail_job_log_and_git() {
    use showrunner::sources::github::poller::CiEvent;
    for (w, h) in SIZES {
        let mut state = demo_state(w, h);
        press(&mut state, '5');
        press(&mut state, 'z');
        insta::assert_snapshot!(format!("ci_runs_{w}x{h}"), render(&mut state));
        press_code(&mut state, KeyCode::Enter);
        insta::assert_snapshot!(format!("ci_run_detail_{w}x{h}"), render(&mut state));
        press_code(&mut state, KeyCode::Enter);
        // GitHub has no log for a running job: its steps show, live, until it completes.
        update(&mut state, Action::Ci(CiEvent::LogPending { job_id: 1030 }));
        insta::assert_snapshot!(format!("ci_job_log_waiting_{w}x{h}"), render(&mut state));
        let log = common::ci::job_log();
        update(
            &mut state,
            Action::Ci(CiEvent::Log {
                job_id: 1030,
                log: log.into(),
            }),
        );
        insta::assert_snapshot!(format!("ci_job_log_folded_{w}x{h}"), render(&mut state));
        press(&mut state, 'e');
        press(&mut state, 't');
        press(&mut state, '+');
        insta::assert_snapshot!(format!("ci_job_log_expanded_{w}x{h}"), render(&mut state));
        let mut state = demo_state(w, h);
        press(&mut state, '5');
        press(&mut state, ']');
        press(&mut state, 'z');
        insta::assert_snapshot!(format!("git_{w}x{h}"), render(&mut state));
    }
}

/// A message wins over the key hints: the hints shrink to the help key, then go, before a
/// refusal is cut (issue: "rollback refused: … turn auto-sync off…" was cut at 120 columns).
#[test]
fn a_long_message_is_read_whole_before_the_key_hints() {
    use showrunner::app::messages::{Flash, FlashKind};
    let text = "rollback refused: rollback cannot be initiated when auto-sync is enabled; turn auto-sync off first";
    for (width, hints) in [
        (160, Some("? help · tab focus")),
        (125, Some("? help ")),
        (118, None),
    ] {
        let mut state = demo_state(width, 40);
        state.flash = Some(Flash {
            text: text.into(),
            kind: FlashKind::Error,
        });
        let screen = render(&mut state);
        let bar = screen.lines().last().unwrap();
        assert!(bar.contains(text), "{width} columns: {bar}");
        match hints {
            Some(h) => assert!(bar.contains(h), "{width} columns: {bar}"),
            None => assert!(!bar.contains("help"), "{width} columns: {bar}"),
        }
        if width == 125 {
            assert!(
                !bar.contains("tab focus"),
                "only the help key is left: {bar}"
            );
        }
    }
}
