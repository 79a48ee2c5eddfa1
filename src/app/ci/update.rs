//! Reducer for CI and git: poller events, the run list and run detail, the job log view, the
//! git repository, and the links between a run and the freight it produced.

use crate::app::action::Action;
use crate::app::ci::follow::{open_run, show_followed};
use crate::app::effect::Effect;
use crate::app::messages::Flash;
use crate::app::state::{AppState, OutputKind};
use crate::app::state::{InputTarget, TextInput};
use crate::github::models::Job;
use crate::job_log::view::JobLogView;
use crate::keymap::Command;
use crate::sources::github::poller::{CiCommand, CiEvent};
use crate::ui::layout::PaneId;

pub fn on_event(state: &mut AppState, action: Action) -> Vec<Effect> {
    state.dirty = true;
    match action {
        Action::Ci(CiEvent::Runs(runs)) => {
            state.ci.set_runs(runs);
            return show_followed(state);
        }
        Action::Ci(CiEvent::Jobs { run_id, jobs }) => state.ci.set_jobs(run_id, jobs),
        Action::Ci(CiEvent::Log { job_id, log }) => {
            if let Some(view) = state.ci.log.as_mut().filter(|v| v.job_id == job_id) {
                view.set_log(&log, true);
            }
        }
        Action::Ci(CiEvent::LogPending { job_id }) => {
            if let Some(view) = state.ci.log.as_mut().filter(|v| v.job_id == job_id) {
                view.set_waiting();
            }
        }
        Action::Ci(CiEvent::Health {
            rate,
            problem,
            limited_until,
        }) => {
            state.ci.rate = rate;
            state.ci.problem = problem;
            state.ci.limited_until = limited_until;
        }
        Action::Git(Ok(repo)) => {
            let moved = state.git.head_sha() != repo.head.as_ref().map(|c| c.id.as_str());
            let first = state.git.repo.is_none();
            state.git.repo = Some(repo);
            state.git.error = None;
            // A new commit (a merge from the runbook, say) will start CI: look now.
            if moved && !first {
                let mut effects = vec![Effect::Ci(CiCommand::Poke)];
                effects.extend(show_followed(state));
                return effects;
            }
        }
        Action::Git(Err(error)) => state.git.error = Some(error),
        _ => state.dirty = false,
    }
    Vec::new()
}

/// List movement in the CI pane (runs, or a run's jobs); false for other panes.
pub fn navigate(state: &mut AppState, command: Command) -> bool {
    if state.focus != PaneId::Ci {
        return false;
    }
    // The presenter drives the pane now: a runbook's `open ci` stops following.
    state.ci.follow = None;
    let page = state.list_viewport(PaneId::Ci).max(1) as isize;
    let list = if state.ci.detail.is_some() {
        &mut state.ci.job_list
    } else {
        &mut state.ci.run_list
    };
    match command {
        Command::Up => list.move_by(-1),
        Command::Down => list.move_by(1),
        Command::PageUp => list.move_by(-page),
        Command::PageDown => list.move_by(page),
        Command::Top => list.move_to_top(),
        _ => list.move_to_bottom(),
    }
    true
}

/// While a job log is on screen it takes the log keys (search, follow, wrap, matches, close)
/// that otherwise belong to the pod log.
pub fn on_job_log_command(state: &mut AppState, command: Command) -> Option<Vec<Effect>> {
    if !state.job_log_focused() {
        return None;
    }
    match command {
        Command::Search => {
            let text = state
                .ci
                .log
                .as_ref()
                .and_then(|v| v.search.clone())
                .unwrap_or_default();
            state.input = Some(TextInput {
                target: InputTarget::JobLogSearch,
                text,
            });
            Some(Vec::new())
        }
        Command::Follow
        | Command::NextMatch
        | Command::PrevMatch
        | Command::StopLogs
        | Command::Wrap => Some(job_log_command(state, command)),
        _ => None,
    }
}

pub fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    if matches!(command, Command::OpenRun | Command::CloseRun) {
        state.ci.follow = None;
    }
    match command {
        Command::OpenRun => match (state.ci.detail, state.ci.selected_job().cloned()) {
            (Some(_), Some(job)) => return open_log(state, &job),
            (Some(_), None) => {
                state.flash = Some(Flash::info("no job selected (jobs are still loading?)"))
            }
            (None, _) => {
                let Some(run) = state.ci.selected_run() else {
                    state.flash = Some(Flash::info("no run selected"));
                    return Vec::new();
                };
                let id = run.id;
                return open_run(state, id);
            }
        },
        Command::CloseRun => {
            if state.ci.detail.take().is_some() {
                return vec![Effect::Ci(CiCommand::WatchRun(None))];
            }
        }
        Command::RunLog => return run_log(state),
        Command::RefreshCi => {
            state.flash = Some(Flash::info("asking GitHub…"));
            return vec![Effect::Ci(CiCommand::Poke)];
        }
        Command::FreightOfRun => freight_of_selected_run(state),
        Command::CiRunOfFreight => run_of_selected_freight(state),
        _ => return job_log_command(state, command),
    }
    Vec::new()
}

/// The selected run's most interesting job: failed, else running, else the first.
fn run_log(state: &mut AppState) -> Vec<Effect> {
    let Some(run) = state.ci.detail_run().or(state.ci.selected_run()).cloned() else {
        state.flash = Some(Flash::info("no run selected"));
        return Vec::new();
    };
    let jobs = state.ci.jobs.get(&run.id).cloned().unwrap_or_default();
    let pick = jobs
        .iter()
        .find(|j| j.conclusion.as_deref() == Some("failure"))
        .or_else(|| jobs.iter().find(|j| j.is_active()))
        .or(jobs.first());
    match pick {
        Some(job) => {
            let mut effects = vec![Effect::Ci(CiCommand::WatchRun(Some(run.id)))];
            effects.extend(open_log(state, &job.clone()));
            effects
        }
        None => {
            // Jobs not fetched yet: open the run, its jobs arrive with the next poll.
            state.ci.detail = Some(run.id);
            state.flash = Some(Flash::info(format!(
                "loading the jobs of run #{}…",
                run.run_number
            )));
            vec![Effect::Ci(CiCommand::WatchRun(Some(run.id)))]
        }
    }
}

fn open_log(state: &mut AppState, job: &Job) -> Vec<Effect> {
    let run = state
        .ci
        .run(job.run_id)
        .map(|r| format!("#{} ", r.run_number))
        .unwrap_or_default();
    state.ci.log = Some(JobLogView::new(job.id, format!("{run}{}", job.name)));
    state.output = OutputKind::JobLog;
    state.focus_pane(PaneId::Output);
    vec![
        Effect::StopLogs,
        Effect::Ci(CiCommand::WatchLog(Some(job.id))),
    ]
}

fn freight_of_selected_run(state: &mut AppState) {
    let Some(run) = state.ci.detail_run().or(state.ci.selected_run()).cloned() else {
        return;
    };
    let freight = state
        .gitops
        .freight_for_commit(&run.head_sha)
        .map(|f| f.name.clone());
    match freight {
        Some(name) => {
            state.focus_pane(PaneId::Freight);
            state.gitops.freight_list.select(&name);
        }
        None => {
            state.flash = Some(Flash::info(format!(
                "no freight from commit {} yet",
                run.short_sha()
            )))
        }
    }
}

fn run_of_selected_freight(state: &mut AppState) {
    let Some(f) = state.gitops.selected_freight().cloned() else {
        return;
    };
    let sha = f
        .images
        .first()
        .map(|i| i.tag.clone())
        .or(f.commit.map(|(id, _)| id))
        .unwrap_or_default();
    match state.ci.run_for_commit(&sha).map(|r| r.id) {
        Some(id) => {
            state.focus_pane(PaneId::Ci);
            state.ci.detail = None;
            state.ci.run_list.select(&id);
        }
        None => {
            state.flash = Some(Flash::info(format!(
                "no CI run found for {} ({sha})",
                f.alias
            )))
        }
    }
}

/// Keys of the output pane when it shows a job log (the shared log keys included).
pub fn job_log_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    let height = state.logs_viewport().max(1) as isize;
    let Some(view) = state.ci.log.as_mut() else {
        return Vec::new();
    };
    match command {
        Command::ToggleGroup => view.toggle_group(),
        Command::ExpandAll => view.set_all_expanded(true),
        Command::FoldAll => view.set_all_expanded(false),
        Command::Timestamps => view.show_timestamps = !view.show_timestamps,
        Command::NextError if !view.next_error() => {
            state.flash = Some(Flash::info("no error in this log"))
        }
        Command::Up => view.move_by(-1),
        Command::Down => view.move_by(1),
        Command::PageUp => view.move_by(-height),
        Command::PageDown => view.move_by(height),
        Command::Top => view.to_top(),
        Command::Bottom => view.to_bottom(),
        Command::Follow if view.follow => view.move_by(0),
        Command::Follow => view.to_bottom(),
        Command::NextMatch | Command::PrevMatch
            if !view.next_match(command == Command::NextMatch) =>
        {
            state.flash = Some(Flash::info("no match"))
        }
        Command::StopLogs => {
            state.ci.log = None;
            state.output = OutputKind::PodLog;
            return vec![Effect::Ci(CiCommand::WatchLog(None))];
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests;
