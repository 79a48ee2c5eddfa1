//! A confirmation cannot be accepted by a key already on its way when it opened (a double
//! Enter, or Enter right after the F5 that ran a step which asks); cancel works at once.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::runbook::state::RunbookState;
use crate::app::state::{AppState, Overlay};
use crate::app::update::update;
use crate::runbook::model::{Block, Builtin as RA, BuiltinLine, FreightRef, Runbook, Step};
use crate::sources::writes::mutation::Mutation;

fn key_at(s: &mut AppState, code: KeyCode, read: Instant) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    let e = update(s, Action::KeyAt { key, read });
    s.prepare_frame();
    e
}

fn ms(t0: Instant, ms: u64) -> Instant {
    t0 + Duration::from_millis(ms)
}

fn asking(s: &AppState) -> bool {
    matches!(s.overlay, Some(Overlay::Confirm(_)))
}

/// The promote picker on the newest freight, with the cursor on stg (which asks first).
fn picking_stg(t0: Instant) -> AppState {
    let mut s = crate::app::gitops::update::tests::state();
    key_at(&mut s, KeyCode::Char('3'), t0);
    key_at(&mut s, KeyCode::Char('p'), t0);
    assert!(matches!(s.overlay, Some(Overlay::StagePicker(_))));
    s
}

#[test]
fn a_double_enter_does_not_accept_the_confirmation_it_opened() {
    let t0 = Instant::now();
    let mut s = picking_stg(t0);
    assert!(key_at(&mut s, KeyCode::Enter, ms(t0, 100)).is_empty());
    assert!(asking(&s));
    assert!(key_at(&mut s, KeyCode::Enter, ms(t0, 140)).is_empty());
    assert!(asking(&s), "the second Enter was queued behind the first");
    assert!(
        s.flash.as_ref().unwrap().text.starts_with("not yet"),
        "{:?}",
        s.flash
    );
    let effects = key_at(&mut s, KeyCode::Char('y'), ms(t0, 450));
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::Promote { stage, .. })] if stage == "stg"),
        "{effects:?}"
    );
    assert_eq!(s.overlay, None);
}

#[test]
fn cancel_works_at_once() {
    let t0 = Instant::now();
    let mut s = picking_stg(t0);
    key_at(&mut s, KeyCode::Enter, ms(t0, 100));
    assert!(key_at(&mut s, KeyCode::Esc, ms(t0, 105)).is_empty());
    assert_eq!(s.overlay, None);
    assert!(s.flash.as_ref().unwrap().text.starts_with("cancelled"));
}

#[test]
fn enter_queued_after_the_run_key_does_not_confirm_the_steps_promotion() {
    let t0 = Instant::now();
    let mut s = crate::app::gitops::update::tests::state();
    let promote = RA::Promote {
        freight: FreightRef::Latest,
        stage: "stg".into(),
    };
    s.runbook = Some(RunbookState::new(Runbook {
        path: PathBuf::from("talk.md"),
        title: "Talk".into(),
        project: Some("p".into()),
        namespaces: vec![],
        repo: None,
        github: None,
        duration: None,
        steps: vec![Step {
            title: "to stg".into(),
            line: 1,
            notes: vec![],
            blocks: vec![Block::Builtins(vec![BuiltinLine {
                source: "promote freight=latest stage=stg".into(),
                builtin: promote,
                line: 1,
            }])],
            fallback: vec![],
            schedule: None,
        }],
    }));
    key_at(&mut s, KeyCode::Char('1'), t0);
    assert!(key_at(&mut s, KeyCode::F(5), ms(t0, 10)).is_empty());
    assert!(asking(&s), "the step asks before promoting to stg");
    assert!(key_at(&mut s, KeyCode::Enter, ms(t0, 60)).is_empty());
    assert!(asking(&s));
    let effects = key_at(&mut s, KeyCode::Enter, ms(t0, 400));
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::Promote { stage, .. })] if stage == "stg"),
        "{effects:?}"
    );
}
