//! A stage fed by two warehouses (images and a chart) runs one freight of each: "already
//! running it", forward and backward are judged against the freight of the same origin.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use crate::app::action::Action;
use crate::app::confirm_policy::ConfirmPolicy;
use crate::app::effect::Effect;
use crate::app::gitops;
use crate::app::gitops::state::GitopsState;
use crate::app::state::{AppState, Overlay};
use crate::app::update::update;
use crate::kargo::summary::{FreightSummary, StageSummary};
use crate::keymap::Keymap;
use crate::sources::kube::update::{Change, Update};
use crate::sources::writes::mutation::Mutation;

fn relisted<S>(list: Vec<S>) -> Update<S> {
    Update {
        namespace: "p".into(),
        change: Change::Relisted(list),
        received: Instant::now(),
    }
}

fn freight(name: &str, warehouse: &str, created: &str) -> FreightSummary {
    FreightSummary::from_freight(
        &serde_json::from_value(json!({
            "metadata": {"name": name, "namespace": "p", "creationTimestamp": created},
            "alias": format!("{name}-alias"), "origin": {"kind": "Warehouse", "name": warehouse},
            "images": [{"repoURL": "r/backend", "tag": format!("{name}-tag")}],
            "status": {"currentlyIn": {}}
        }))
        .unwrap(),
    )
}

/// dev takes freight directly from "charts" and "images" and runs chart-1 and img-2. The
/// charts item comes first, so the old single `current_freight` was chart-1.
fn state() -> AppState {
    let mut s = AppState::new(
        "sandbox".into(),
        vec!["dev".into()],
        Keymap::defaults(),
        "2026-11-22T10:00:00Z".parse().unwrap(),
    );
    s.size = (160, 48);
    s.confirm = ConfirmPolicy::parse(&["none".into()]);
    s.gitops = GitopsState::new(Some("p".into()));
    let origin =
        |w: &str| json!({"origin": {"kind": "Warehouse", "name": w}, "sources": {"direct": true}});
    let dev = StageSummary::from_stage(&serde_json::from_value(json!({
        "metadata": {"name": "dev", "namespace": "p"},
        "spec": {"requestedFreight": [origin("images"), origin("charts")]},
        "status": {"freightHistory": [{"items": {
            "Warehouse/charts": {"name": "chart-1", "origin": {"kind": "Warehouse", "name": "charts"}},
            "Warehouse/images": {"name": "img-2", "origin": {"kind": "Warehouse", "name": "images"}}
        }}]}
    })).unwrap());
    assert_eq!(dev.current_freight.as_deref(), Some("chart-1"));
    update(&mut s, Action::Stages(relisted(vec![dev])));
    update(
        &mut s,
        Action::Freight(relisted(vec![
            freight("img-2", "images", "2026-11-22T09:00:00Z"),
            freight("img-1", "images", "2026-11-22T08:00:00Z"),
            freight("chart-1", "charts", "2026-11-22T07:00:00Z"),
        ])),
    );
    s.prepare_frame();
    s
}

fn key(s: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let e = update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    s.prepare_frame();
    e
}

fn flash(s: &AppState) -> String {
    s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

#[test]
fn the_picker_knows_the_stage_runs_freight_of_its_second_origin() {
    let mut s = state();
    key(&mut s, KeyCode::Char('3'));
    key(&mut s, KeyCode::Char('g')); // img-2, the newest
    key(&mut s, KeyCode::Char('p'));
    let Some(Overlay::StagePicker(picker)) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(picker.freight, "img-2");
    assert_eq!(picker.options[0].stage, "dev");
    assert_eq!(picker.options[0].note, "already running it");
    assert!(!picker.options[0].allowed);
}

#[test]
fn older_freight_of_the_second_origin_is_a_rollback() {
    let mut s = state();
    key(&mut s, KeyCode::Char('3'));
    key(&mut s, KeyCode::Char('g'));
    key(&mut s, KeyCode::Char('j')); // img-1, older than the img-2 dev runs
    key(&mut s, KeyCode::Char('p'));
    assert!(
        key(&mut s, KeyCode::Enter).is_empty(),
        "a rollback asks first, even with --confirm-for none"
    );
    let Some(Overlay::Confirm(m)) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(
        gitops::changes::confirm_text(&s, m),
        "Downgrade dev: promote img-1-alias (backend img-1-tag), older than the img-2-alias (backend img-2-tag) it runs now."
    );
}

#[test]
fn pipeline_promote_judges_each_origin_by_its_own_current_freight() {
    let mut s = state();
    key(&mut s, KeyCode::Char('2'));
    key(&mut s, KeyCode::Char('G')); // dev
    assert!(key(&mut s, KeyCode::Char('p')).is_empty());
    assert_eq!(s.overlay, None);
    assert!(
        flash(&s).starts_with("nothing new to promote to dev: it already runs the newest"),
        "{}",
        flash(&s)
    );
    // Newer freight of the first origin moves the stage forward.
    update(
        &mut s,
        Action::Freight(Update {
            namespace: "p".into(),
            change: Change::Applied(Box::new(freight(
                "chart-2",
                "charts",
                "2026-11-22T09:30:00Z",
            ))),
            received: Instant::now(),
        }),
    );
    let effects = key(&mut s, KeyCode::Char('p'));
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::Promote { stage, freight, .. })] if stage == "dev" && freight == "chart-2"),
        "{effects:?}"
    );
}
