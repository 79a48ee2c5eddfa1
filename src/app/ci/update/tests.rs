use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::*;
use crate::app::ci::follow::follow;
use crate::app::ci::state::CiState;
use crate::app::update::update;
use crate::github::models::WorkflowRun;
use crate::runbook::model::CommitRef;
use crate::sources::git::repo::{CommitSummary, RepoSummary};

const OLD: &str = "0ld0000aaaabbbbccccddddeeeeffff000011112";
const NEW: &str = "feed0000aaaabbbbccccddddeeeeffff00001111";

fn run(id: u64, sha: &str, status: &str) -> WorkflowRun {
    serde_json::from_value(json!({
        "id": id, "name": "CI", "run_number": id, "event": "push", "status": status,
        "conclusion": if status == "completed" { Some("success") } else { None },
        "head_branch": "main", "head_sha": sha, "created_at": "2026-11-22T07:59:00Z"
    }))
    .unwrap()
}

fn repo_at(head: &str) -> RepoSummary {
    let commit = CommitSummary {
        id: head.into(),
        subject: "Merge".into(),
        author: "Presenter".into(),
        time: 0,
        parents: 2,
    };
    RepoSummary {
        path: "/repo".into(),
        branch: Some("main".into()),
        head: Some(commit.clone()),
        upstream: None,
        recent: vec![commit],
        branches: vec!["main".into()],
        origin_url: None,
    }
}

/// The CI pane focused, HEAD at `head`, these runs listed (newest first).
fn ci_state(head: &str, runs: Vec<WorkflowRun>) -> AppState {
    let mut s = crate::app::gitops::update::tests::state();
    s.ci = CiState::new(Ok("o/r".into()));
    update(&mut s, Action::Git(Ok(repo_at(head))));
    update(&mut s, Action::Ci(CiEvent::Runs(runs)));
    s.focus_pane(PaneId::Ci);
    s
}

fn key(s: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let effects = update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    s.prepare_frame();
    effects
}

fn watches(effects: &[Effect], id: u64) -> bool {
    effects.contains(&Effect::Ci(CiCommand::WatchRun(Some(id))))
}

#[test]
fn following_head_opens_its_run_when_it_appears() {
    let mut s = ci_state(NEW, vec![run(1, OLD, "completed")]);
    assert!(follow(&mut s, CommitRef::Head, true).is_empty());
    assert_eq!(s.ci.detail, None, "HEAD has no run yet: the list stays");
    let effects = update(
        &mut s,
        Action::Ci(CiEvent::Runs(vec![
            run(2, NEW, "queued"),
            run(1, OLD, "completed"),
        ])),
    );
    assert_eq!(s.ci.detail, Some(2));
    assert!(watches(&effects, 2), "{effects:?}");
    assert_eq!(
        s.ci.selected_run().map(|r| r.id),
        Some(2),
        "back lands on it"
    );
}

#[test]
fn a_finished_run_of_head_opens_only_when_asked_for_by_name() {
    let mut s = ci_state(OLD, vec![run(1, OLD, "completed")]);
    assert!(follow(&mut s, CommitRef::Head, true).is_empty());
    assert_eq!(s.ci.detail, None, "zoom ci: a finished run leaves the list");
    let effects = follow(&mut s, CommitRef::Sha(OLD[..7].into()), false);
    assert_eq!(s.ci.detail, Some(1), "open ci commit=SHA opens it");
    assert!(watches(&effects, 1));
}

#[test]
fn a_head_the_git_watcher_reports_late_is_followed_to_its_run() {
    // The runbook's merge exited; the watcher has not seen the new HEAD yet.
    let mut s = ci_state(OLD, vec![run(1, OLD, "completed")]);
    follow(&mut s, CommitRef::Head, true);
    let effects = update(&mut s, Action::Git(Ok(repo_at(NEW))));
    assert_eq!(effects, vec![Effect::Ci(CiCommand::Poke)]);
    update(
        &mut s,
        Action::Ci(CiEvent::Runs(vec![
            run(2, NEW, "in_progress"),
            run(1, OLD, "completed"),
        ])),
    );
    assert_eq!(s.ci.detail, Some(2));
}

#[test]
fn the_presenter_taking_the_pane_or_looking_elsewhere_stops_following() {
    let mut s = ci_state(NEW, vec![run(1, OLD, "completed")]);
    follow(&mut s, CommitRef::Head, true);
    key(&mut s, KeyCode::Down);
    assert_eq!(s.ci.follow, None);
    let listed = vec![run(2, NEW, "queued"), run(1, OLD, "completed")];
    update(&mut s, Action::Ci(CiEvent::Runs(listed.clone())));
    assert_eq!(s.ci.detail, None);

    let mut s = ci_state(NEW, vec![run(1, OLD, "completed")]);
    follow(&mut s, CommitRef::Head, true);
    s.focus_pane(PaneId::Pods);
    update(&mut s, Action::Ci(CiEvent::Runs(listed)));
    assert_eq!((s.ci.detail, s.ci.follow.clone()), (None, None));
}

#[test]
fn enter_opens_the_run_under_the_cursor_after_a_new_run_appears_above_it() {
    let mut s = ci_state(
        NEW,
        vec![run(2, NEW, "completed"), run(1, OLD, "completed")],
    );
    key(&mut s, KeyCode::Down);
    assert_eq!(s.ci.selected_run().map(|r| r.id), Some(1));
    update(
        &mut s,
        Action::Ci(CiEvent::Runs(vec![
            run(3, NEW, "queued"),
            run(2, NEW, "completed"),
            run(1, OLD, "completed"),
        ])),
    );
    s.prepare_frame();
    assert_eq!(
        s.ci.run_list.cursor(),
        2,
        "the cursor moved down with its run"
    );
    assert_eq!(s.ci.selected_run().map(|r| r.id), Some(1));
    let effects = key(&mut s, KeyCode::Enter);
    assert_eq!(s.ci.detail, Some(1));
    assert!(watches(&effects, 1));
}
