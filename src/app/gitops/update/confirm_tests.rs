//! Confirmations say exactly what changes: the freight a promotion replaces (a downgrade says
//! so), the revision a sync applies and the rollback it undoes, the image a rollback goes back
//! to; the pipeline does not call a rolled-back stage Healthy; a late abort says it was late.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::tests::state;
use crate::app::action::Action;
use crate::app::gitops;
use crate::app::state::{AppState, Overlay};
use crate::app::update::update;
use crate::argocd::summary::AppSummary;
use crate::kargo::summary::PromotionSummary;
use crate::sources::kube::update::{Change, Update};
use crate::sources::writes::mutation::Mutation;

fn press(s: &mut AppState, c: char) {
    update(
        s,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
    s.prepare_frame();
}

fn relisted<S>(ns: &str, list: Vec<S>) -> Update<S> {
    Update {
        namespace: ns.into(),
        change: Change::Relisted(list),
        received: Instant::now(),
    }
}

fn confirm_text(s: &AppState) -> String {
    match &s.overlay {
        Some(Overlay::Confirm(m)) => gitops::changes::confirm_text(s, m),
        other => panic!("no confirmation: {other:?}"),
    }
}

fn flash(s: &AppState) -> String {
    s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

/// stg-app as Argo CD reports it: `revision` is the target, `history` its deployments.
fn stg_app(target: &str, history: &[&str], sync: &str, image_tag: &str) -> AppSummary {
    let history: Vec<_> = history
        .iter()
        .enumerate()
        .map(|(i, r)| json!({"id": i + 1, "revision": r, "source": {"path": "stg"}}))
        .collect();
    AppSummary::from_app(&serde_json::from_value(json!({
        "metadata": {"name": "stg-app", "namespace": "argocd"},
        "spec": {"destination": {"namespace": "stg"}},
        "status": {"sync": {"status": sync, "revision": target}, "health": {"status": "Healthy"},
                   "history": history, "summary": {"images": [format!("r/backend:{image_tag}")]}}
    }))
    .unwrap())
}

fn set_apps(s: &mut AppState, apps: Vec<AppSummary>) {
    update(s, Action::Applications(relisted("argocd", apps)));
    s.prepare_frame();
}

#[test]
fn promote_names_the_freight_it_replaces() {
    let mut s = state();
    press(&mut s, '3');
    press(&mut s, 'p'); // new → stg, which runs old
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(
        confirm_text(&s),
        "Promote new-alias (backend new-tag) to stg, replacing old-alias (backend old-tag). Kargo runs git-clone → argocd-update."
    );
}

#[test]
fn sync_names_its_target_revision_and_the_manual_rollback_it_undoes() {
    let mut s = state();
    // rev1, then rev2, then a manual rollback to rev1; the target is rev2 again.
    set_apps(
        &mut s,
        vec![stg_app(
            "rev2",
            &["rev1", "rev2", "rev1"],
            "OutOfSync",
            "old-tag",
        )],
    );
    press(&mut s, '3');
    press(&mut s, '[');
    press(&mut s, 's');
    assert_eq!(
        confirm_text(&s),
        "Sync stg-app to its target revision rev2: Argo CD applies it to namespace stg. This undoes the manual rollback to rev1 (history #3)."
    );
    // Argo CD may report the deployed revision while out of sync: still an undo.
    set_apps(
        &mut s,
        vec![stg_app(
            "rev1",
            &["rev1", "rev2", "rev1"],
            "OutOfSync",
            "old-tag",
        )],
    );
    s.overlay = None;
    press(&mut s, 's');
    assert_eq!(
        confirm_text(&s),
        "Sync stg-app: Argo CD applies its target revision to namespace stg. This undoes the manual rollback to rev1 (history #3)."
    );
    // Behind by a plain new commit, nothing is undone: it says what it replaces.
    set_apps(
        &mut s,
        vec![stg_app("rev3", &["rev1", "rev2"], "OutOfSync", "new-tag")],
    );
    s.overlay = None;
    press(&mut s, 's');
    assert_eq!(
        confirm_text(&s),
        "Sync stg-app to its target revision rev3: Argo CD applies it to namespace stg. It replaces rev2, deployed now."
    );
}

#[test]
fn rollback_names_the_image_it_goes_back_to_and_the_pipeline_stops_saying_healthy() {
    let mut s = state();
    // Seen synced at rev1 running old-tag, then at rev2 running new-tag.
    set_apps(
        &mut s,
        vec![stg_app("rev1", &["rev1"], "Synced", "old-tag")],
    );
    set_apps(
        &mut s,
        vec![stg_app("rev2", &["rev1", "rev2"], "Synced", "new-tag")],
    );
    press(&mut s, '3');
    press(&mut s, '[');
    press(&mut s, 'b');
    assert_eq!(
        confirm_text(&s),
        "Roll back stg-app to history #1 (revision rev1): Argo CD syncs namespace stg back to it. It goes back to backend:old-tag (old-alias)."
    );
    // Kargo still says stg runs "old" and is Healthy, but its app runs new-tag: the pipeline
    // must not call that Healthy.
    let stg = s.gitops.stage("stg").unwrap().clone();
    assert_eq!(s.gitops.stage_health(&stg), "Runs new-tag instead");
    set_apps(
        &mut s,
        vec![stg_app("rev1", &["rev1"], "Synced", "old-tag")],
    );
    let stg = s.gitops.stage("stg").unwrap().clone();
    assert_ne!(s.gitops.stage_health(&stg), "Runs new-tag instead");
    assert!(!s.gitops.stage_health(&stg).starts_with("Runs "));
}

fn promotion(phase: &str) -> PromotionSummary {
    PromotionSummary::from_promotion(
        &serde_json::from_value(json!({
            "metadata": {"name": "stg.01.new", "namespace": "p", "creationTimestamp": "2026-11-22T10:00:00Z"},
            "spec": {"stage": "stg", "freight": "new"},
            "status": {"phase": phase}
        }))
        .unwrap(),
    )
}

#[test]
fn an_abort_that_comes_too_late_says_so() {
    let mut s = state();
    update(
        &mut s,
        Action::Promotions(relisted("p", vec![promotion("Running")])),
    );
    s.prepare_frame();
    press(&mut s, '3');
    press(&mut s, ']');
    press(&mut s, 'x');
    assert!(matches!(
        s.overlay,
        Some(Overlay::Confirm(Mutation::AbortPromotion { .. }))
    ));
    // It succeeds while the question is open: nothing is sent.
    update(
        &mut s,
        Action::Promotions(relisted("p", vec![promotion("Succeeded")])),
    );
    s.confirm_guard = Default::default();
    let m = match s.overlay.take() {
        Some(Overlay::Confirm(m)) => m,
        other => panic!("{other:?}"),
    };
    assert!(crate::app::gate::start(&mut s, m.clone()).is_empty());
    assert_eq!(
        flash(&s),
        "too late to abort: promotion stg.01.new already Succeeded"
    );
    // Sent while running, but it succeeded before the abort reached it.
    update(
        &mut s,
        Action::Promotions(relisted("p", vec![promotion("Running")])),
    );
    assert_eq!(crate::app::gate::start(&mut s, m).len(), 1);
    update(
        &mut s,
        Action::Promotions(relisted("p", vec![promotion("Succeeded")])),
    );
    assert_eq!(
        flash(&s),
        "abort came too late: promotion stg.01.new Succeeded first"
    );
    assert!(s.gitops.aborts_sent.is_empty());
}
