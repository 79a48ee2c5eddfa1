use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::*;
use crate::app::gitops::state::GitopsState;
use crate::app::update::update;
use crate::argocd::summary::AppSummary;
use crate::kargo::summary::{FreightSummary, PromotionSummary, StageSummary};
use crate::keymap::Keymap;
use crate::sources::kube::update::{Change, Update};
use crate::sources::writes::Done;
use crate::sources::writes::mutation::Mutation;

fn relisted<S>(ns: &str, list: Vec<S>) -> Update<S> {
    Update {
        namespace: ns.into(),
        change: Change::Relisted(list),
        received: Instant::now(),
    }
}

fn stage(name: &str, sources: serde_json::Value, current: &str) -> StageSummary {
    StageSummary::from_stage(&serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "p"},
        "spec": {"requestedFreight": [{"origin": {"kind": "Warehouse", "name": "w"}, "sources": sources}],
                 "promotionTemplate": {"spec": {"steps": [{"uses": "git-clone"}, {"uses": "argocd-update"}]}}},
        "status": {"freightHistory": [{"items": {"Warehouse/w": {"name": current}}}]}
    })).unwrap())
}

fn freight(name: &str, created: &str, status: serde_json::Value) -> FreightSummary {
    FreightSummary::from_freight(
        &serde_json::from_value(json!({
            "metadata": {"name": name, "namespace": "p", "creationTimestamp": created},
            "alias": format!("{name}-alias"), "origin": {"kind": "Warehouse", "name": "w"},
            "images": [{"repoURL": "r/backend", "tag": format!("{name}-tag")}], "status": status
        }))
        .unwrap(),
    )
}

fn app(name: &str, dest: &str, auto: bool, history: usize, operation: bool) -> AppSummary {
    let history: Vec<_> = (1..=history)
        .map(|i| json!({"id": i, "revision": format!("rev{i}"), "source": {"path": dest}}))
        .collect();
    AppSummary::from_app(&serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "argocd"},
        "spec": {"destination": {"namespace": dest}, "syncPolicy": if auto { json!({"automated": {}}) } else { json!({}) }},
        "operation": if operation { json!({"sync": {}}) } else { serde_json::Value::Null },
        "status": {"history": history}
    })).unwrap())
}

pub(crate) fn state() -> AppState {
    let mut s = AppState::new(
        "sandbox".into(),
        vec!["dev".into()],
        Keymap::defaults(),
        "2026-11-22T10:00:00Z".parse().unwrap(),
    );
    s.size = (160, 48);
    s.gitops = GitopsState::new(Some("p".into()));
    update(
        &mut s,
        Action::Stages(relisted(
            "p",
            vec![
                stage("dev", json!({"direct": true}), "new"),
                stage("stg", json!({"stages": ["dev"]}), "old"),
                stage("prod", json!({"stages": ["stg"]}), "old"),
            ],
        )),
    );
    update(
        &mut s,
        Action::Freight(relisted(
            "p",
            vec![
                freight(
                    "new",
                    "2026-11-22T09:00:00Z",
                    json!({"currentlyIn": {"dev": {}}, "verifiedIn": {"dev": {}}}),
                ),
                freight(
                    "old",
                    "2026-11-21T09:00:00Z",
                    json!({"currentlyIn": {"stg": {}, "prod": {}}, "verifiedIn": {"dev": {}, "stg": {}, "prod": {}}}),
                ),
            ],
        )),
    );
    update(
        &mut s,
        Action::Applications(relisted(
            "argocd",
            vec![
                app("dev-app", "dev", true, 2, false),
                app("stg-app", "stg", false, 2, false),
                app("prod-app", "prod", false, 1, true),
            ],
        )),
    );
    s.prepare_frame();
    s
}

fn press(s: &mut AppState, c: char) -> Vec<Effect> {
    let e = update(
        s,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
    s.prepare_frame();
    e
}

fn enter(s: &mut AppState) -> Vec<Effect> {
    let e = update(
        s,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    s.prepare_frame();
    e
}

fn flash(s: &AppState) -> String {
    s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

#[test]
fn freight_is_listed_newest_first_and_the_graph_in_pipeline_order() {
    let s = state();
    assert_eq!(s.gitops.freight_list.keys(), ["new", "old"]);
    assert_eq!(s.gitops.stage_names(), ["dev", "stg", "prod"]);
    assert_eq!(s.gitops.app_list.keys(), ["dev-app", "stg-app", "prod-app"]);
}

#[test]
fn promote_picker_shows_availability_and_confirms_protected_stages() {
    let mut s = state();
    press(&mut s, '3');
    assert!(press(&mut s, 'p').is_empty());
    let Some(Overlay::StagePicker(picker)) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    let summary: Vec<(&str, bool)> = picker
        .options
        .iter()
        .map(|o| (o.stage.as_str(), o.allowed))
        .collect();
    assert_eq!(summary, [("dev", false), ("stg", true), ("prod", false)]);
    assert_eq!(picker.options[0].note, "already running it");
    assert_eq!(picker.cursor, 1, "starts on the first stage it can go to");
    assert!(enter(&mut s).is_empty(), "stg needs a confirmation");
    let Some(Overlay::Confirm(m)) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(
        m.describe(),
        "Promote new-alias (backend new-tag) to stg. Kargo runs git-clone → argocd-update."
    );
    let effects = press(&mut s, 'y');
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::Promote { stage, freight, .. })] if stage == "stg" && freight == "new")
    );
}

#[test]
fn choosing_an_unavailable_stage_explains_why_and_suggests_approval() {
    let mut s = state();
    press(&mut s, '3');
    press(&mut s, 'p');
    press(&mut s, 'j');
    assert!(enter(&mut s).is_empty());
    assert_eq!(
        flash(&s),
        "new-alias cannot go to prod: not verified in stg and not approved for prod; approve it for prod first"
    );
    assert!(
        matches!(&s.overlay, Some(Overlay::StagePicker(p)) if p.cursor == 2),
        "a ✗ row is refused and the picker stays open: {:?}",
        s.overlay
    );
}

#[test]
fn approve_then_the_freight_becomes_promotable() {
    let mut s = state();
    press(&mut s, '3');
    press(&mut s, 'a');
    press(&mut s, 'G');
    enter(&mut s);
    let effects = press(&mut s, 'y');
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::Approve { stage, .. })] if stage == "prod")
    );
    // The watch brings the approval back; prod now accepts the freight.
    update(
        &mut s,
        Action::Freight(Update {
            namespace: "p".into(),
            change: Change::Applied(Box::new(freight(
                "new",
                "2026-11-22T09:00:00Z",
                json!({"verifiedIn": {"dev": {}}, "approvedFor": {"prod": {}}}),
            ))),
            received: Instant::now(),
        }),
    );
    s.prepare_frame();
    press(&mut s, 'p');
    let Some(Overlay::StagePicker(picker)) = &s.overlay else {
        panic!()
    };
    assert!(picker.options[2].allowed && picker.options[2].note == "approved");
}

#[test]
fn pipeline_promote_picks_the_newest_available_freight_for_the_stage() {
    let mut s = state();
    press(&mut s, '2');
    press(&mut s, 'j'); // dev
    press(&mut s, 'j'); // stg
    press(&mut s, 'p');
    let Some(Overlay::Confirm(Mutation::Promote { stage, freight, .. })) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!((stage.as_str(), freight.as_str()), ("stg", "new"));
    press(&mut s, 'n');
    press(&mut s, 'j'); // prod
    assert!(press(&mut s, 'p').is_empty());
    assert_eq!(
        flash(&s),
        "nothing new to promote to prod: newest new-alias is not verified in stg and not approved for prod"
    );
}

#[test]
fn a_created_promotion_is_followed_in_the_promotions_pane() {
    let mut s = state();
    update(
        &mut s,
        Action::Mutated {
            summary: "promote new-alias to stg".into(),
            result: Ok(Done {
                message: "promotion stg.01.new created".into(),
                follow_promotion: Some("stg.01.new".into()),
            }),
        },
    );
    assert_eq!(s.focus, PaneId::Promotions);
    let p = PromotionSummary::from_promotion(&serde_json::from_value(json!({
        "metadata": {"name": "stg.01.new", "namespace": "p", "creationTimestamp": "2026-11-22T10:00:00Z"},
        "spec": {"stage": "stg", "freight": "new"}
    })).unwrap());
    update(&mut s, Action::Promotions(relisted("p", vec![p])));
    s.prepare_frame();
    assert_eq!(
        s.gitops.selected_promotion().map(|p| p.name.as_str()),
        Some("stg.01.new")
    );
}

#[test]
fn rollback_is_refused_with_auto_sync_and_pins_the_previous_entry_otherwise() {
    let mut s = state();
    press(&mut s, '3');
    press(&mut s, ']');
    press(&mut s, ']');
    assert_eq!(s.focus, PaneId::Applications);
    assert!(press(&mut s, 'b').is_empty());
    assert!(
        flash(&s).starts_with("rollback refused: dev-app has auto-sync enabled"),
        "{}",
        flash(&s)
    );
    press(&mut s, 'j');
    press(&mut s, 'b');
    let Some(Overlay::Confirm(Mutation::RollbackApp { app, to, .. })) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(
        (app.as_str(), to.id, to.revision.as_deref()),
        ("stg-app", 1, Some("rev1"))
    );
    assert_eq!(to.source.as_deref(), Some(r#"{"path":"stg"}"#));
}

#[test]
fn sync_refuses_while_an_operation_is_in_progress() {
    let mut s = state();
    press(&mut s, '3');
    press(&mut s, '[');
    press(&mut s, 'G');
    assert!(press(&mut s, 's').is_empty());
    assert_eq!(
        flash(&s),
        "prod-app: another operation is already in progress"
    );
    press(&mut s, 'g');
    let effects = press(&mut s, 's');
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::SyncApp { app, .. })] if app == "dev-app"),
        "dev needs no confirmation"
    );
}

#[test]
fn read_only_refuses_gitops_changes_too() {
    let mut s = state();
    s.read_only = true;
    press(&mut s, '3');
    // Said when the key is pressed, before a picker offers choices that cannot be made.
    assert!(press(&mut s, 'p').is_empty());
    assert_eq!(s.overlay, None);
    assert!(
        flash(&s).starts_with("read-only: refused to promote new-alias"),
        "{}",
        flash(&s)
    );
    // The pipeline's promote goes straight to the gate, which refuses it there.
    press(&mut s, '2');
    press(&mut s, 'j');
    press(&mut s, 'j');
    assert!(press(&mut s, 'p').is_empty());
    assert!(
        flash(&s).starts_with("read-only: refused to promote new-alias to stg"),
        "{}",
        flash(&s)
    );
}

#[test]
fn pipeline_promote_never_moves_a_stage_back() {
    let mut s = state();
    press(&mut s, '2');
    press(&mut s, 'j'); // dev, which runs the newest freight
    assert!(press(&mut s, 'p').is_empty());
    assert_eq!(s.overlay, None, "no promotion of older freight");
    assert_eq!(
        flash(&s),
        "nothing new to promote to dev: it already runs the newest freight (to roll back, promote older freight from the freight pane)"
    );
}

#[test]
fn promoting_older_freight_is_a_rollback_confirmed_whatever_the_stage() {
    let mut s = state();
    s.confirm = crate::app::confirm_policy::ConfirmPolicy::parse(&["none".into()]);
    press(&mut s, '3');
    press(&mut s, 'j'); // old
    press(&mut s, 'p');
    let Some(Overlay::StagePicker(picker)) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(picker.options[picker.cursor].stage, "dev");
    assert!(enter(&mut s).is_empty(), "a rollback of dev is confirmed");
    let Some(Overlay::Confirm(m)) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(
        crate::app::gitops::changes::confirm_text(&s, m),
        "Downgrade dev: promote old-alias (backend old-tag), older than the new-alias (backend new-tag) it runs now. Kargo runs git-clone → argocd-update."
    );
    let effects = press(&mut s, 'y');
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::Promote { stage, freight, .. })] if stage == "dev" && freight == "old")
    );
}
