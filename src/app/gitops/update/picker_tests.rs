//! The stage picker: it says what choosing a row does, starts where that does something,
//! refuses ✗ rows without closing, and is not opened at all under `--read-only`.

use super::tests::state;
use crate::app::action::Action;
use crate::app::state::{AppState, Overlay, StagePicker};
use crate::app::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(s: &mut AppState, c: char) {
    update(
        s,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
    s.prepare_frame();
}

fn picker(s: &AppState) -> &StagePicker {
    match &s.overlay {
        Some(Overlay::StagePicker(p)) => p,
        other => panic!("no picker: {other:?}"),
    }
}

#[test]
fn approve_rows_say_what_approving_does_and_the_cursor_starts_where_it_matters() {
    let mut s = state();
    press(&mut s, '3');
    press(&mut s, 'a');
    let p = picker(&s);
    let notes: Vec<&str> = p.options.iter().map(|o| o.note.as_str()).collect();
    assert_eq!(
        notes,
        [
            "approve new-alias for dev (it takes freight directly)",
            "approve new-alias for stg (already verified in dev)",
            "approve new-alias for prod",
        ]
    );
    assert!(notes.iter().all(|n| !n.contains("not approved yet")));
    assert_eq!(
        p.options[p.cursor].stage, "prod",
        "dev and stg can take it already: approving matters only for prod"
    );
}

#[test]
fn promote_starts_on_a_stage_it_moves_forward_not_on_a_rollback() {
    let mut s = state();
    press(&mut s, '3');
    // "old" runs in stg and prod; dev runs "new": promoting "old" to dev is a rollback.
    press(&mut s, 'j');
    press(&mut s, 'p');
    let p = picker(&s);
    let rows: Vec<(&str, bool)> = p
        .options
        .iter()
        .map(|o| (o.stage.as_str(), o.allowed))
        .collect();
    assert_eq!(rows, [("dev", true), ("stg", false), ("prod", false)]);
    assert_eq!(
        p.cursor, 0,
        "the only allowed row, a rollback, when nothing else is"
    );
}

#[test]
fn read_only_says_so_before_opening_the_picker() {
    let mut s = state();
    s.read_only = true;
    press(&mut s, '3');
    press(&mut s, 'p');
    assert_eq!(s.overlay, None);
    assert_eq!(
        s.flash.as_ref().map(|f| f.text.as_str()),
        Some("read-only: refused to promote new-alias (started with --read-only)")
    );
    press(&mut s, 'a');
    assert_eq!(s.overlay, None);
    assert!(s.flash.as_ref().is_some_and(|f| {
        f.text
            .starts_with("read-only: refused to approve new-alias")
    }));
}

#[test]
fn an_already_running_row_is_refused_in_words_and_the_picker_stays() {
    let mut s = state();
    press(&mut s, '3');
    press(&mut s, 'p');
    press(&mut s, 'k');
    assert_eq!(picker(&s).cursor, 0);
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(
        s.flash.as_ref().map(|f| f.text.as_str()),
        Some("dev already runs new-alias")
    );
    assert!(matches!(s.overlay, Some(Overlay::StagePicker(_))));
}
