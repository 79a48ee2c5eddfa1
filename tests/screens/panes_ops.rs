//! What operators and release engineers see (issue 11, items 9–12 and 14b): small terminals
//! keep the marks, SYNC/HEALTH and tab names; pickers and confirmations say what they do; the
//! log view counts matches and shows its keys; a rolled-back stage is not called Healthy.

use showrunner_testkit as common;

use common::fixtures::{demo_state, render};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use showrunner::app::{Action, AppState, update};

fn press(state: &mut AppState, c: char) {
    update(
        state,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

fn press_code(state: &mut AppState, code: KeyCode) {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The rows of the screen between `from` (inclusive) and `to` (exclusive).
fn rows(screen: &str, from: usize, to: usize) -> String {
    screen
        .lines()
        .skip(from)
        .take(to - from)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn at_80x24_the_freight_tab_keeps_its_stage_marks_and_applications_sync_and_health() {
    let mut state = demo_state(80, 24);
    let screen = render(&mut state);
    let freight = rows(&screen, 16, 23);
    assert!(freight.contains("freight 1/3"), "{freight}");
    assert!(freight.contains("dev stg prod"), "{freight}");
    insta::assert_snapshot!("ops_freight_tab_80x24", freight);
    press(&mut state, '3');
    press(&mut state, ']');
    press(&mut state, ']');
    let screen = render(&mut state);
    let apps = rows(&screen, 16, 23);
    assert!(apps.contains("applications 3/3"), "{apps}");
    assert!(apps.contains("SYNC") && apps.contains("HEALTH"), "{apps}");
    insta::assert_snapshot!("ops_applications_tab_80x24", apps);
}

#[test]
fn without_a_runbook_the_other_panes_take_its_width() {
    // demo_state loads no runbook, as `--no-runbook` does.
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = render(&mut demo_state(w, h));
        assert!(!screen.contains("┌ runbook"), "{screen}");
        // The runbook column (wide) or its share of the middle row (narrow) is gone.
        let first = screen.lines().next().unwrap();
        assert!(first.starts_with("\"┌ pipeline"), "{screen}");
        let left = if w >= 110 {
            "\"┌ freight"
        } else {
            "\"┏ pods"
        };
        assert!(screen.lines().any(|l| l.starts_with(left)), "{screen}");
    }
    insta::assert_snapshot!("ops_no_runbook_160x48", render(&mut demo_state(160, 48)));
}

#[test]
fn log_view_counts_matches_shows_its_keys_and_esc_leaves_the_search_first() {
    let mut state = demo_state(80, 24);
    press(&mut state, 'l');
    let stream = state.logs.stream;
    let lines = (0..40)
        .map(|i| {
            format!(
                "INFO GET /api/users/{i} {}",
                if i % 4 == 0 { "slow" } else { "ok" }
            )
        })
        .collect();
    update(&mut state, Action::LogLines { stream, lines });
    press(&mut state, '/');
    for c in "slow".chars() {
        press(&mut state, c);
    }
    press_code(&mut state, KeyCode::Enter);
    press(&mut state, 'N');
    press(&mut state, 'N');
    press(&mut state, 'z');
    let screen = render(&mut state);
    // The last match first (following), then two back: the 8th of 10.
    assert!(screen.contains("/slow 8/10"), "{screen}");
    assert!(screen.contains("/ search"), "{screen}");
    assert!(screen.contains("clear search"), "{screen}");
    insta::assert_snapshot!("ops_logs_search_count_80x24", screen);
    press_code(&mut state, KeyCode::Esc);
    assert!(
        state.logs.target.is_some(),
        "the first Esc leaves the search only"
    );
    assert_eq!(state.logs.search(), None);
    let screen = render(&mut state);
    assert!(screen.contains("esc/x stop"), "{screen}");
    press_code(&mut state, KeyCode::Esc);
    assert!(
        state.logs.target.is_none(),
        "the second Esc stops the stream"
    );
}

#[test]
fn l_in_the_pod_details_popup_streams_that_pods_log() {
    let mut state = demo_state(160, 48);
    for _ in 0..3 {
        press(&mut state, 'j');
    }
    press_code(&mut state, KeyCode::Enter);
    press(&mut state, 'l');
    let target = state.logs.target.clone().expect("a log is open");
    assert_eq!(
        (target.namespace.as_str(), target.pod.as_str()),
        ("stg", "backend-5c8d7f6a4-qq8zn")
    );
    let screen = render(&mut state);
    assert!(
        screen.contains("logs stg/backend-5c8d7f6a4-qq8zn"),
        "{screen}"
    );
}

#[test]
fn the_approve_picker_says_what_approving_does() {
    let mut state = demo_state(160, 48);
    press(&mut state, '3'); // fierce-owl: runs in dev, approved for stg, not verified in stg
    press(&mut state, 'a');
    let screen = render(&mut state);
    assert!(!screen.contains("not approved yet"), "{screen}");
    assert!(screen.contains("approve fierce-owl for …"), "{screen}");
    assert!(
        screen.contains("▶ prod      → approve fierce-owl for prod"),
        "the cursor starts where approving makes a difference: {screen}"
    );
    insta::assert_snapshot!("ops_approve_picker_160x48", rows(&screen, 7, 15));
}

#[test]
fn promote_confirmation_names_the_freight_it_replaces() {
    let mut state = demo_state(160, 48);
    state.confirm_guard = Default::default();
    press(&mut state, '3');
    press(&mut state, 'j'); // calm-fox, verified in stg: prod runs older brave-yak
    press(&mut state, 'a');
    let screen = render(&mut state);
    assert!(screen.contains("approve calm-fox"), "{screen}");
    press_code(&mut state, KeyCode::Esc);
    // fierce-owl to stg, which runs calm-fox.
    press(&mut state, 'k');
    press(&mut state, 'p');
    press_code(&mut state, KeyCode::Enter);
    let screen = render(&mut state);
    assert!(
        screen.contains("replacing calm-fox (backend e4f5a6b)"),
        "{screen}"
    );
    insta::assert_snapshot!("ops_confirm_promote_replacing_160x48", screen);
}

#[test]
fn the_pipeline_does_not_call_a_stage_healthy_on_freight_its_app_no_longer_runs() {
    use showrunner::sources::kube::update::{Change, Update};
    let mut state = demo_state(160, 48);
    // A manual Argo CD rollback: prod-app now runs an image prod's freight does not carry.
    let mut prod = state
        .gitops
        .apps
        .in_namespace_any("prod-app")
        .unwrap()
        .clone();
    prod.images = vec!["ghcr.io/showrunner-demo/backend:0ld0000".into()];
    update(
        &mut state,
        Action::Applications(Update {
            namespace: "argocd".into(),
            change: Change::Applied(Box::new(prod)),
            received: std::time::Instant::now(),
        }),
    );
    let screen = render(&mut state);
    let pipeline = rows(&screen, 0, 6);
    assert!(pipeline.contains("Runs 0ld0000 instead"), "{pipeline}");
    insta::assert_snapshot!("ops_pipeline_after_manual_rollback_160x48", pipeline);
}

#[test]
fn without_a_runbook_focus_passes_over_its_slot_and_1_says_why() {
    use showrunner::ui::layout::PaneId;
    let mut state = demo_state(160, 48);
    state.focus_pane(PaneId::Output);
    press_code(&mut state, KeyCode::Tab);
    assert_eq!(
        state.focus,
        PaneId::Pipeline,
        "Tab from the last slot skips the runbook's"
    );
    press_code(&mut state, KeyCode::BackTab);
    assert_eq!(state.focus, PaneId::Output);
    press(&mut state, '1');
    assert_eq!(state.focus, PaneId::Output);
    assert_eq!(
        state.flash.as_ref().map(|f| f.text.as_str()),
        Some("no runbook loaded: start with --runbook FILE to have one")
    );
}
