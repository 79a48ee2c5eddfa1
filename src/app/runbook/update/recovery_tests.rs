//! Getting a talk going again: a retry goes on from the item that did not happen, a cancelled
//! confirmation is not a failure, `--read-only` offers only what can work, the timer key asks
//! before it throws time away, every message is kept, and progress is saved when it changes.

use crossterm::event::{KeyCode, KeyModifiers};

use super::tests::{actions, command, step, with_runbook};
use crate::app::messages::FlashKind;
use crate::app::runbook::progress::Progress;
use crate::app::runbook::save::save_if_changed;
use crate::app::runbook::state::{RunbookState, StepStatus};
use crate::app::state::{AppState, Overlay};
use crate::app::update::update;
use crate::app::{Action, Effect};
use crate::runbook::model::{Builtin as RA, FreightRef};

fn key(s: &mut AppState, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    update(s, Action::Key(crossterm::event::KeyEvent::new(code, mods)))
}

fn run_key(s: &mut AppState) -> Vec<Effect> {
    key(s, KeyCode::F(5), KeyModifiers::NONE)
}

fn exited(s: &mut AppState, run: u64, code: i32) -> Vec<Effect> {
    update(
        s,
        Action::CommandExited {
            run,
            outcome: crate::app::runbook::state::CommandOutcome::Exited {
                code,
                took: std::time::Duration::from_millis(5),
            },
        },
    )
}

fn rb(s: &AppState) -> &RunbookState {
    s.runbook.as_ref().unwrap()
}

fn scripts(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::RunCommand { script, .. } => Some(script.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_retry_goes_on_from_the_command_that_failed_not_from_the_merge_before_it() {
    let mut s = with_runbook(vec![step(
        "merge and check",
        vec![command("git merge feature/x"), command("make check")],
        vec![],
    )]);
    run_key(&mut s);
    exited(&mut s, 1, 0);
    exited(&mut s, 2, 1);
    assert!(matches!(rb(&s).steps[0].status, StepStatus::Failed(_)));
    let retry = run_key(&mut s);
    assert_eq!(
        scripts(&retry),
        ["make check"],
        "the merge is not run again"
    );
    assert!(
        s.flash
            .as_ref()
            .unwrap()
            .text
            .contains("going on from $ make check"),
        "{:?}",
        s.flash
    );
    exited(&mut s, 3, 0);
    assert_eq!(rb(&s).steps[0].status, StepStatus::Done);
    // A step that is done runs from the start again.
    assert_eq!(
        scripts(&{
            super::select_step(&mut s, 0);
            run_key(&mut s)
        }),
        ["git merge feature/x"]
    );
}

#[test]
fn a_cancelled_confirmation_asks_again_without_redoing_what_ran_before_it() {
    let promote = RA::Promote {
        freight: FreightRef::Latest,
        stage: "stg".into(),
    };
    let mut s = with_runbook(vec![step(
        "merge then promote",
        vec![command("git merge feature/x"), actions(vec![promote])],
        vec![],
    )]);
    run_key(&mut s);
    exited(&mut s, 1, 0);
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    key(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    let status = rb(&s).steps[0].status.clone();
    assert!(matches!(status, StepStatus::Cancelled(_)), "{status:?}");
    assert_eq!(s.flash.as_ref().unwrap().kind, FlashKind::Info);
    // Once the flash is gone, the status line keeps saying so, with the keys to go on.
    assert_eq!(
        rb(&s).problem(),
        Some(("step 1 cancelled: promote new-alias to stg".into(), false))
    );
    assert_eq!(
        rb(&s).recovery_keys(&s.keymap, false).as_deref(),
        Some("f5 retry · f6 skip")
    );
    let retry = run_key(&mut s);
    assert!(scripts(&retry).is_empty(), "no merge again: {retry:?}");
    assert!(
        matches!(s.overlay, Some(Overlay::Confirm(_))),
        "asked again"
    );
}

#[test]
fn read_only_offers_no_retry_or_fallback_that_would_be_refused_again() {
    let mut s = with_runbook(vec![step(
        "merge",
        vec![command("git merge feature/x")],
        vec![command("git reset --hard")],
    )]);
    s.read_only = true;
    run_key(&mut s);
    let why = rb(&s).problem().unwrap().0;
    assert!(
        why.starts_with("step 1 failed: read-only: refused to run"),
        "{why}"
    );
    assert_eq!(
        rb(&s).recovery_keys(&s.keymap, true).as_deref(),
        Some("f6 skip")
    );
    s.read_only = false;
    assert_eq!(
        rb(&s).recovery_keys(&s.keymap, false).as_deref(),
        Some("f5 retry · f6 skip · f4 fallback")
    );
}

#[test]
fn the_timer_key_starts_the_timer_and_restarts_it_only_when_pressed_twice() {
    let mut s = with_runbook(vec![step("s", vec![], vec![])]);
    let ctrl_t = |s: &mut AppState| key(s, KeyCode::Char('t'), KeyModifiers::CONTROL);
    ctrl_t(&mut s);
    let started = rb(&s).talk_started.expect("started");
    s.now = started + std::time::Duration::from_secs(754);
    ctrl_t(&mut s);
    assert_eq!(
        rb(&s).talk_started,
        Some(started),
        "one press keeps the time"
    );
    assert_eq!(
        s.flash.as_ref().unwrap().text,
        "talk timer at 12:34: press ctrl-t again to restart it from 0:00"
    );
    // Too late for the second press: it asks again.
    s.now += std::time::Duration::from_secs(30);
    ctrl_t(&mut s);
    assert_eq!(rb(&s).talk_started, Some(started));
    s.now += std::time::Duration::from_secs(2);
    ctrl_t(&mut s);
    assert_eq!(rb(&s).talk_started, Some(s.now));
    assert_eq!(
        s.flash.as_ref().unwrap().text,
        "talk timer restarted from 0:00 (it was at 13:06)"
    );
    let kept: Vec<String> = s.messages.newest_first().map(|m| m.text.clone()).collect();
    assert!(
        kept[0].contains("was at 13:06"),
        "the old time stays readable: {kept:?}"
    );
}

#[test]
fn every_flash_goes_to_the_message_history_a_repeat_counted() {
    let mut s = with_runbook(vec![step("s", vec![command("false")], vec![])]);
    run_key(&mut s);
    exited(&mut s, 1, 3);
    // The same refusal twice in a row is one entry, seen twice.
    key(&mut s, KeyCode::Char('k'), KeyModifiers::CONTROL);
    key(&mut s, KeyCode::Char('k'), KeyModifiers::CONTROL);
    let kept: Vec<(String, usize)> = s
        .messages
        .newest_first()
        .map(|m| (m.text.clone(), m.count))
        .collect();
    assert_eq!(kept[1].0, "step 1 failed: exit code 3");
    assert_eq!(kept[0], ("nothing is running".to_string(), 2), "{kept:?}");
    key(&mut s, KeyCode::Char('m'), KeyModifiers::NONE);
    assert_eq!(s.overlay, Some(Overlay::Messages { scroll: 0 }));
    key(&mut s, KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(s.overlay, Some(Overlay::Messages { scroll: 1 }));
    key(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(s.overlay, None);
    // A flash from something other than a key (an API answer) is kept too.
    update(
        &mut s,
        Action::Mutated {
            summary: "sync dev-app".into(),
            result: Err("forbidden: RBAC".into()),
        },
    );
    assert_eq!(
        s.messages.newest_first().next().unwrap().text,
        "sync dev-app failed: forbidden: RBAC"
    );
}

#[test]
fn progress_is_saved_when_it_changes_and_a_stopped_step_resumes_where_it_stopped() {
    let mut s = with_runbook(vec![
        step("one", vec![command("echo one")], vec![]),
        step("two", vec![command("echo a"), command("echo b")], vec![]),
    ]);
    {
        let rb = s.runbook.as_mut().unwrap();
        rb.progress_file = Some("/tmp/p.json".into());
        rb.saved = Some(Progress::of(rb));
    }
    assert!(save_if_changed(&mut s).is_none(), "nothing changed");
    run_key(&mut s);
    let effects = exited(&mut s, 1, 0);
    let saved = effects.iter().find_map(|e| match e {
        Effect::SaveProgress { run, .. } => Some(run.clone()),
        _ => None,
    });
    let saved = saved.expect("saved once step one was done");
    assert_eq!(saved.titles, ["one", "two"]);
    assert_eq!((saved.progress.done(), saved.progress.current), (1, 1));
    // Step two is stopped half-way (the process ends while `echo b` runs).
    run_key(&mut s);
    exited(&mut s, 2, 0);
    let snapshot = Progress::of(rb(&s));
    assert_eq!(snapshot.steps[1].status, "failed");
    let mut fresh = with_runbook(vec![
        step("one", vec![command("echo one")], vec![]),
        step("two", vec![command("echo a"), command("echo b")], vec![]),
    ]);
    snapshot.restore(fresh.runbook.as_mut().unwrap());
    assert_eq!(rb(&fresh).steps[0].status, StepStatus::Done);
    assert_eq!(rb(&fresh).current, 1);
    assert_eq!(scripts(&run_key(&mut fresh)), ["echo b"]);
    let _ = actions(vec![]);
}
