//! The pipeline tells a failed verification and the auto-rollback it caused in words, not as
//! a bare ✗: while the broken freight is still in, while the rollback runs, and after it — on
//! the default layout, where a stage has four short rows, and zoomed.

use showrunner_testkit as common;

use std::collections::BTreeMap;
use std::time::Instant;

use common::fixtures::{demo_state, render};
use common::gitops::{PROJECT, app, freight, promotion, stage};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use showrunner::app::{Action, AppState, update};
use showrunner::argocd::summary::AppSummary;
use showrunner::kargo::summary::{FreightSummary, PromotionSummary, StageSummary};
use showrunner::sources::kube::update::{Change, Update};
use showrunner_model::argocd::models::Application;
use showrunner_model::kargo::models::{Promotion, ROLLBACK_ANNOTATION};

/// dev's freight in the demo fixture, and the broken one that replaces it.
const GOOD: &str = "f3a1c2b3d4e5f60718293a4b5c6d7e8f90a1b2c3";
const BAD: &str = "bad00000d4e5f60718293a4b5c6d7e8f90a1b2c3";
const ROLLBACK: &str = "dev.01jd0.f3a1c2b";

fn applied<S>(namespace: &str, s: S) -> Update<S> {
    Update {
        namespace: namespace.into(),
        change: Change::Applied(Box::new(s)),
        received: Instant::now(),
    }
}

fn entry(freight: &str, verification: Option<&str>) -> serde_json::Value {
    let history = verification.map_or(json!([]), |p| json!([{"phase": p}]));
    json!({"id": freight, "items": {"Warehouse/backend": {"name": freight}},
           "verificationHistory": history})
}

/// dev's Argo CD application running `tag`, as it does once synced to that freight.
fn set_dev_app(state: &mut AppState, tag: &str, health: &str) {
    let history =
        json!([{"id": 1, "revision": "1abcdef0123", "deployedAt": "2026-11-22T09:00:00Z"}]);
    let app = app(
        "dev-app",
        "dev",
        "Synced",
        health,
        "1abcdef0123",
        true,
        history,
    );
    let mut app = serde_json::to_value(app).unwrap();
    app["status"]["summary"]["images"] = json!([format!("ghcr.io/showrunner-demo/backend:{tag}")]);
    let app: Application = serde_json::from_value(app).unwrap();
    update(
        state,
        Action::Applications(applied("argocd", AppSummary::from_app(&app))),
    );
}

fn set_dev(state: &mut AppState, current: &str, health: &str, status: serde_json::Value) {
    let (tag, app_health) = if current == BAD {
        ("badbad1", "Degraded")
    } else {
        ("a1b2c3d", "Healthy")
    };
    set_dev_app(state, tag, app_health);
    let mut extra = json!({"status": status});
    if health != "Healthy" {
        extra["status"]["health"] =
            json!({"status": health, "issues": ["Argo CD Application argocd/dev-app is Degraded"]});
    }
    let dev = stage("dev", json!({"direct": true}), current, health, extra);
    update(
        state,
        Action::Stages(applied(PROJECT, StageSummary::from_stage(&dev))),
    );
}

fn rollback(phase: &str, step: i64) -> PromotionSummary {
    let mut p: Promotion = promotion(ROLLBACK, "dev", GOOD, phase, step, "2026-11-22T09:59:30Z");
    p.metadata.annotations = Some(BTreeMap::from([(
        ROLLBACK_ANNOTATION.to_string(),
        "true".to_string(),
    )]));
    PromotionSummary::from_promotion(&p)
}

/// The demo with the broken freight promoted to dev and failing its verification.
fn broken_dev(width: u16, height: u16) -> AppState {
    let mut state = demo_state(width, height);
    let bad = freight(
        BAD,
        "sad-panda",
        "badbad1",
        "Read the database URL from the environment",
        "2026-11-22T09:55:00Z",
        json!({"currentlyIn": {"dev": {}}}),
    );
    update(
        &mut state,
        Action::Freight(applied(PROJECT, FreightSummary::from_freight(&bad))),
    );
    set_dev(
        &mut state,
        BAD,
        "Unhealthy",
        json!({"freightHistory": [entry(BAD, Some("Failed")), entry(GOOD, Some("Successful"))]}),
    );
    state
}

fn rolling_back(state: &mut AppState) {
    update(
        state,
        Action::Promotions(applied(PROJECT, rollback("Running", 2))),
    );
    set_dev(
        state,
        BAD,
        "Unhealthy",
        json!({"currentPromotion": {"name": ROLLBACK},
               "freightHistory": [entry(BAD, Some("Failed")), entry(GOOD, Some("Successful"))]}),
    );
}

fn rolled_back(state: &mut AppState) {
    update(
        state,
        Action::Promotions(applied(PROJECT, rollback("Succeeded", 4))),
    );
    set_dev(
        state,
        GOOD,
        "Healthy",
        json!({"lastPromotion": {"name": ROLLBACK, "status": {"phase": "Succeeded"}},
               "freightHistory": [entry(GOOD, None), entry(BAD, Some("Failed")), entry(GOOD, Some("Successful"))]}),
    );
}

fn zoom_pipeline(state: &mut AppState) {
    for c in ['2', 'z'] {
        update(
            state,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

/// The pipeline pane's rows, whatever else is on screen beside it.
fn pipeline(screen: &str) -> String {
    screen
        .lines()
        .skip_while(|l| !l.contains("pipeline ─"))
        .take_while(|l| !l.contains("freight · promotions"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The dev node's words, joined across the lines they wrap onto: its column runs from its
/// health icon on the title row to the arrow towards stg.
fn dev_words(screen: &str) -> String {
    let rows: Vec<Vec<char>> = pipeline(screen)
        .lines()
        .map(|l| l.chars().collect())
        .collect();
    let title = rows
        .iter()
        .find(|r| r.iter().collect::<String>().contains("dev (auto)"))
        .expect("dev's title row");
    let text: String = title.iter().collect();
    let at = |needle: &str, from: usize| {
        let from_byte: usize = text.chars().take(from).map(char::len_utf8).sum();
        text[from_byte..]
            .find(needle)
            .map(|b| from + text[from_byte..from_byte + b].chars().count())
    };
    let start = at("dev (auto)", 0).unwrap() - 2;
    let end = at("─▶", start).unwrap_or(title.len());
    let column: Vec<String> = rows
        .iter()
        .map(|r| r[start.min(r.len())..end.min(r.len())].iter().collect())
        .collect();
    column
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_failed_verification_and_the_rollback_are_told_in_words() {
    for zoomed in [false, true] {
        let mut state = broken_dev(160, 48);
        if zoomed {
            zoom_pipeline(&mut state);
        }
        let suffix = if zoomed { "zoomed" } else { "160x48" };
        let screen = render(&mut state);
        assert!(
            dev_words(&screen).contains("verification failed on sad-panda"),
            "{screen}"
        );
        insta::assert_snapshot!(
            format!("pipeline_verification_failed_{suffix}"),
            pipeline(&screen)
        );

        rolling_back(&mut state);
        let screen = render(&mut state);
        let words = dev_words(&screen);
        assert!(
            words.contains("verification failed on sad-panda → rolling back to fierce-owl"),
            "{words}\n{screen}"
        );
        insta::assert_snapshot!(format!("pipeline_rolling_back_{suffix}"), pipeline(&screen));

        rolled_back(&mut state);
        let screen = render(&mut state);
        let words = dev_words(&screen);
        assert!(
            words.contains("verification failed on sad-panda → rolled back to fierce-owl"),
            "{words}\n{screen}"
        );
        insta::assert_snapshot!(format!("pipeline_rolled_back_{suffix}"), pipeline(&screen));
    }
}

#[test]
fn the_story_ends_with_the_next_promotion() {
    let mut state = broken_dev(160, 48);
    rolling_back(&mut state);
    rolled_back(&mut state);
    // The fix arrives: dev's newest entry replaces the rolled-back-to freight, not a failed one.
    set_dev(
        &mut state,
        BAD,
        "Healthy",
        json!({"lastPromotion": {"name": "dev.01jd1.bad0000"},
               "freightHistory": [entry(BAD, Some("Successful")), entry(GOOD, None), entry(BAD, Some("Failed"))]}),
    );
    let screen = render(&mut state);
    assert!(!screen.contains("verification failed"), "{screen}");
    assert!(!screen.contains("rolled back"), "{screen}");
}
