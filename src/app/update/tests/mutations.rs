//! Mutations from keys: the confirmation gate, `--read-only`, and refusals in words.

use crossterm::event::{KeyCode, KeyModifiers};

use super::*;

fn delete_selected(s: &mut AppState, ns_index: usize) -> Vec<Effect> {
    press(s, KeyCode::Char('g'));
    for _ in 0..ns_index {
        press(s, KeyCode::Char('j'));
    }
    press_mod(s, KeyCode::Char('d'), KeyModifiers::CONTROL)
}

#[test]
fn deleting_a_dev_pod_needs_no_confirmation_by_default() {
    let mut s = seeded();
    let effects = delete_selected(&mut s, 0);
    assert_eq!(
        effects,
        vec![Effect::Mutate(Mutation::DeletePod {
            namespace: "dev".into(),
            pod: "backend-1".into(),
            owner: None,
            uid: Some("uid-backend-1".into())
        })]
    );
    assert_eq!(s.flash.as_ref().unwrap().text, "delete pod dev/backend-1…");
}

#[test]
fn prod_changes_wait_for_a_confirmation_that_says_what_happens() {
    let mut s = seeded();
    let effects = delete_selected(&mut s, 2);
    assert!(effects.is_empty(), "nothing happens before y");
    let Some(Overlay::Confirm(m)) = &s.overlay else {
        panic!("{:?}", s.overlay)
    };
    assert_eq!(
        m.describe(),
        "Delete pod backend-9 in prod. It has no controller: nothing will replace it."
    );
    // While the question is open, other keys do nothing (q does not quit, it cancels).
    press(&mut s, KeyCode::Char('j'));
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    let effects = press(&mut s, KeyCode::Char('y'));
    assert!(
        matches!(&effects[..], [Effect::Mutate(Mutation::DeletePod { namespace, uid: Some(_), .. })] if namespace == "prod")
    );
    assert_eq!(s.overlay, None);

    delete_selected(&mut s, 2);
    let effects = press(&mut s, KeyCode::Char('q'));
    assert!(effects.is_empty());
    assert!(!s.should_quit);
    assert_eq!(
        s.flash.as_ref().unwrap().text,
        "cancelled: delete pod prod/backend-9"
    );
}

/// The pod went away while the question was open: nothing is deleted by its name, since a
/// pod of that name now would be one the user never saw.
#[test]
fn a_pod_gone_before_the_confirmation_is_not_deleted_by_name() {
    let mut s = seeded();
    delete_selected(&mut s, 2);
    relist(&mut s, "prod", vec![]);
    let effects = press(&mut s, KeyCode::Char('y'));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(
        s.flash.as_ref().unwrap().text,
        "pod prod/backend-9 is already gone"
    );
}

#[test]
fn read_only_refuses_every_mutation_with_a_reason() {
    let mut s = seeded();
    s.read_only = true;
    for ns in [0, 2] {
        let effects = delete_selected(&mut s, ns);
        assert!(effects.is_empty());
        assert_eq!(s.overlay, None);
        let flash = s.flash.clone().unwrap();
        assert_eq!(flash.kind, crate::app::messages::FlashKind::Error);
        assert!(
            flash.text.starts_with("read-only: refused to delete pod"),
            "{}",
            flash.text
        );
    }
}

#[test]
fn confirmation_policy_is_configurable() {
    use crate::app::confirm_policy::ConfirmPolicy;
    let mut s = seeded();
    s.confirm = ConfirmPolicy::parse(&["all".into()]);
    assert!(delete_selected(&mut s, 0).is_empty());
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    press(&mut s, KeyCode::Esc);
    s.confirm = ConfirmPolicy::parse(&["none".into()]);
    assert_eq!(delete_selected(&mut s, 2).len(), 1);
}

#[test]
fn api_refusals_are_shown_in_words() {
    let mut s = seeded();
    update(
        &mut s,
        Action::Mutated {
            summary: "delete pod prod/backend-9".into(),
            result: Err("forbidden (403): pods \"backend-9\" is forbidden".into()),
        },
    );
    let flash = s.flash.clone().unwrap();
    assert_eq!(
        flash.text,
        "delete pod prod/backend-9 failed: forbidden (403): pods \"backend-9\" is forbidden"
    );
}

#[test]
fn environments_match_by_name_as_a_person_means_them() {
    use crate::app::confirm_policy::ConfirmPolicy;
    let default = ConfirmPolicy::default();
    for protected in [
        "prod",
        "kargo-demo-prod",
        "prod-eu",
        "Production",
        "team_stg",
        "staging",
    ] {
        assert!(default.requires(protected), "{protected} is protected");
    }
    for open in ["dev", "products", "kargo-demo-dev", "preprod", "sandbox"] {
        assert!(!default.requires(open), "{open} is not");
    }
    let custom = ConfirmPolicy::parse(&["kargo-demo-qa".into(), "prd".into()]);
    assert!(custom.requires("kargo-demo-qa"));
    assert!(custom.requires("prod-us") && custom.requires("eu.production"));
    assert!(!custom.requires("qa"));
}
