//! The CI pane following a commit's run for a runbook: `open ci commit=head` (and `zoom ci`
//! while HEAD's run is in progress) shows that run's jobs and steps, live, instead of the run
//! list. The run may not be listed yet — a merge was just made, GitHub (or the sandbox) has
//! not queued it, or the git watcher has not seen the new HEAD — so the wish is kept and
//! checked again whenever runs or HEAD change, until the presenter takes the pane over.

use crate::app::ci::state::FollowRun;
use crate::app::effect::Effect;
use crate::app::runbook::resolve;
use crate::app::state::AppState;
use crate::runbook::model::CommitRef;
use crate::sources::github::poller::CiCommand;
use crate::ui::layout::PaneId;

/// Starts following `commit`'s run and shows it if it is already listed.
pub fn follow(state: &mut AppState, commit: CommitRef, only_active: bool) -> Vec<Effect> {
    state.ci.follow = Some(FollowRun {
        commit,
        only_active,
    });
    show_followed(state)
}

/// Opens the followed run once it is listed. Following ends when the CI pane is no longer
/// focused: the talk moved on, or the presenter looks elsewhere.
pub fn show_followed(state: &mut AppState) -> Vec<Effect> {
    let Some(follow) = state.ci.follow.clone() else {
        return Vec::new();
    };
    if state.focus != PaneId::Ci {
        state.ci.follow = None;
        return Vec::new();
    }
    // HEAD unknown yet: the git watcher's next report checks again.
    let Ok(sha) = resolve::commit(state, &follow.commit) else {
        return Vec::new();
    };
    let Some(run) = state.ci.run_for_commit(&sha) else {
        return Vec::new();
    };
    if (follow.only_active && !run.is_active()) || state.ci.detail == Some(run.id) {
        return Vec::new();
    }
    let id = run.id;
    open_run(state, id)
}

/// Shows run `id`'s jobs and steps and keeps them fresh; the run list's cursor moves to it,
/// so going back lands on the run that was open.
pub fn open_run(state: &mut AppState, id: u64) -> Vec<Effect> {
    state.ci.detail = Some(id);
    state.ci.run_list.select(&id);
    let jobs = state
        .ci
        .jobs
        .get(&id)
        .map(|j| j.iter().map(|j| j.id).collect())
        .unwrap_or_default();
    state.ci.job_list.rebuild(jobs);
    state.ci.job_list.move_to_top();
    vec![Effect::Ci(CiCommand::WatchRun(Some(id)))]
}
