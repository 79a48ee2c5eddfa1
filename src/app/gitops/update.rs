//! Reducer for the Kargo and Argo CD panes: watch updates, navigation, and the keys that
//! promote, approve, abort, refresh, sync and roll back — all through `gate::request`.

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::gate;
use crate::app::gitops;
use crate::app::messages::Flash;
use crate::app::state::{AppState, Overlay, PickAction, PickOption, StagePicker};
use crate::kargo::graph::Node;
use crate::keymap::Command;
use crate::sources::writes::mutation::RefreshTarget;
use crate::ui::layout::PaneId;
use showrunner_model::kargo::availability::Availability;

/// Applies a Kargo / Argo CD watch update; returns effects (a newly chosen project to watch).
pub fn on_watch(state: &mut AppState, action: Action) -> Vec<Effect> {
    let g = &mut state.gitops;
    let changed = match action {
        Action::Stages(u) => g.stages.apply(u),
        Action::Freight(u) => g.freight.apply(u),
        Action::Promotions(u) => {
            let changed = g.promotions.apply(u);
            late_aborts(state);
            state.dirty |= changed;
            return Vec::new();
        }
        Action::Warehouses(u) => g.warehouses.apply(u),
        Action::Applications(u) => g.apps.apply(u),
        Action::Projects(u) => {
            let before = g.project.clone();
            let changed = g.projects.apply(u);
            g.refresh();
            state.dirty |= changed;
            if g.project != before {
                return watch_project(state);
            }
            return Vec::new();
        }
        _ => false,
    };
    state.dirty |= changed;
    Vec::new()
}

/// An abort sent for a promotion that then ended Succeeded or Failed came too late: say so,
/// or the "abort requested" message would stand as if it had worked.
fn late_aborts(state: &mut AppState) {
    let g = &mut state.gitops;
    let mut late = Vec::new();
    g.aborts_sent.retain(
        |name| match g.promotions.get(g.project.as_deref().unwrap_or(""), name) {
            Some(p) if p.is_terminal() => {
                if p.phase != "Aborted" {
                    late.push(format!(
                        "abort came too late: promotion {name} {} first",
                        p.phase
                    ));
                }
                false
            }
            Some(_) => true,
            None => false,
        },
    );
    if let Some(text) = late.pop() {
        state.flash = Some(Flash::error(text));
    }
}

pub fn watch_project(state: &AppState) -> Vec<Effect> {
    match &state.gitops.project {
        Some(namespace) => vec![Effect::WatchProject {
            namespace: namespace.clone(),
        }],
        None => Vec::new(),
    }
}

/// List movement in the gitops panes; false when the focused pane is not one of them.
pub fn navigate(state: &mut AppState, command: Command) -> bool {
    let height = state.list_viewport(state.focus).max(1) as isize;
    let g = &mut state.gitops;
    let list_move = |delta: isize| match command {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -delta,
        Command::PageDown => delta,
        Command::Top => isize::MIN / 2,
        _ => isize::MAX / 2,
    };
    let delta = list_move(height);
    match state.focus {
        PaneId::Pipeline => g.pipeline.move_by(delta),
        PaneId::Freight => g.freight_list.move_by(delta),
        PaneId::Promotions => g.promotion_list.move_by(delta),
        PaneId::Applications => g.app_list.move_by(delta),
        _ => return false,
    }
    true
}

pub fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    state.gitops.refresh();
    match command {
        Command::PromoteIntoStage => return promote_into_selected_stage(state),
        Command::RefreshNode => return refresh_selected_node(state),
        Command::NextProject => {
            if state.gitops.next_project().is_none() {
                state.flash = Some(Flash::info("no other Kargo project is visible"));
            }
            state.gitops.refresh();
            return watch_project(state);
        }
        Command::PromoteFreight => open_picker(state, PickAction::Promote),
        Command::ApproveFreight => open_picker(state, PickAction::Approve),
        Command::Pick => return pick(state),
        Command::FreightDetails => {
            if let Some(name) = state.gitops.freight_list.selected().cloned() {
                state.overlay = Some(Overlay::FreightDetails { name, scroll: 0 });
            }
        }
        Command::PromotionDetails => {
            if let Some(name) = state.gitops.promotion_list.selected().cloned() {
                state.overlay = Some(Overlay::PromotionSteps { name, scroll: 0 });
            }
        }
        Command::AppHistory => {
            if let Some(name) = state.gitops.app_list.selected().cloned() {
                state.overlay = Some(Overlay::AppHistory { name, scroll: 0 });
            }
        }
        Command::AbortPromotion => return abort_selected(state),
        Command::SyncApp | Command::HardRefreshApp | Command::RollbackApp => {
            return app_action(state, command);
        }
        _ => {}
    }
    Vec::new()
}

fn promote_into_selected_stage(state: &mut AppState) -> Vec<Effect> {
    let Some(Node::Stage(stage)) = state.gitops.pipeline.selected().cloned() else {
        state.flash = Some(Flash::info("select a stage to promote into"));
        return Vec::new();
    };
    // Only freight newer than what the stage runs from the same origin: `p` only moves a stage
    // forward. Going back is a rollback, chosen deliberately from the freight pane.
    let candidates: Vec<_> = state
        .gitops
        .freight_newest_first()
        .into_iter()
        .filter(|f| gitops::changes::is_ahead_of_stage(state, &stage, f))
        .collect();
    let newest = candidates
        .iter()
        .find(|f| gitops::changes::availability_of(state, &stage, f).is_available());
    match newest {
        Some(f) => {
            let m = gitops::changes::promote(state, &stage, f);
            gate::request(state, m)
        }
        None => {
            let why = candidates
                .first()
                .map(
                    |f| match gitops::changes::availability_of(state, &stage, f) {
                        Availability::Unavailable(reason) => {
                            format!(": newest {} is {reason}", f.alias)
                        }
                        _ => String::new(),
                    },
                )
                .unwrap_or_else(|| {
                    ": it already runs the newest freight (to roll back, promote older freight from the freight pane)".into()
                });
            state.flash = Some(Flash::info(format!(
                "nothing new to promote to {stage}{why}"
            )));
            Vec::new()
        }
    }
}

fn refresh_selected_node(state: &mut AppState) -> Vec<Effect> {
    let target = match state.gitops.pipeline.selected() {
        Some(Node::Stage(s)) => RefreshTarget::Stage(s.clone()),
        Some(Node::Warehouse(w)) => RefreshTarget::Warehouse(w.clone()),
        None => return Vec::new(),
    };
    let m = gitops::changes::refresh(state, target);
    gate::request(state, m)
}

fn open_picker(state: &mut AppState, action: PickAction) {
    let Some(f) = state.gitops.selected_freight().cloned() else {
        state.flash = Some(Flash::info("no freight selected"));
        return;
    };
    if state.read_only {
        // Say it before the choice, not after it: nothing chosen here could be done.
        let verb = match action {
            PickAction::Promote => "promote",
            PickAction::Approve => "approve",
        };
        state.flash = Some(Flash::error(format!(
            "read-only: refused to {verb} {} (started with --read-only)",
            f.alias
        )));
        return;
    }
    let options = state
        .gitops
        .stage_names()
        .into_iter()
        .filter(|stage| {
            state
                .gitops
                .stage(stage)
                .is_some_and(|s| s.requests.iter().any(|r| r.origin == f.origin))
        })
        .map(|stage| {
            // Any origin: a stage with an image and a chart warehouse runs one of each.
            let current = state.gitops.stage(&stage).is_some_and(|s| s.runs(&f.name));
            let available = gitops::changes::availability_of(state, &stage, &f);
            let (allowed, useful, note) = match action {
                PickAction::Promote if current => (false, false, "already running it".into()),
                PickAction::Promote => {
                    // Forward is what `p` is for; older freight is a rollback, allowed but
                    // not where the cursor starts.
                    let ahead = gitops::changes::is_ahead_of_stage(state, &stage, &f);
                    match available {
                        Availability::Approved => (true, ahead, "approved".into()),
                        Availability::Direct => (true, ahead, "takes freight directly".into()),
                        Availability::VerifiedUpstream(up) => {
                            (true, ahead, format!("verified in {}", up.join(", ")))
                        }
                        Availability::Unavailable(reason) => (false, false, reason),
                    }
                }
                PickAction::Approve if f.status.approved_for.contains_key(&stage) => {
                    (false, false, "already approved".into())
                }
                PickAction::Approve => {
                    let does = format!("approve {} for {stage}", f.alias);
                    match available {
                        // Approval changes nothing the stage will take.
                        Availability::Direct => {
                            (true, false, format!("{does} (it takes freight directly)"))
                        }
                        Availability::VerifiedUpstream(up) => (
                            true,
                            false,
                            format!("{does} (already verified in {})", up.join(", ")),
                        ),
                        // Freight the stage runs already gains nothing from it either.
                        _ => (true, !current, does),
                    }
                }
            };
            (
                PickOption {
                    stage,
                    note,
                    allowed,
                },
                useful,
            )
        })
        .collect::<Vec<_>>();
    // The cursor starts where the action does something: then anywhere it is allowed.
    let cursor = options
        .iter()
        .position(|(o, useful)| o.allowed && *useful)
        .or_else(|| options.iter().position(|(o, _)| o.allowed))
        .unwrap_or(0);
    let options: Vec<PickOption> = options.into_iter().map(|(o, _)| o).collect();
    if options.is_empty() {
        state.flash = Some(Flash::info(format!(
            "no stage requests freight from {} {}",
            f.origin.kind, f.origin.name
        )));
        return;
    }
    state.overlay = Some(Overlay::StagePicker(StagePicker {
        action,
        freight: f.name.clone(),
        options,
        cursor,
    }));
}

/// Moves the picker cursor (the picker owns list keys while open).
pub fn picker_navigate(picker: &mut StagePicker, command: Command) {
    let last = picker.options.len().saturating_sub(1);
    picker.cursor = match command {
        Command::Up | Command::PageUp => picker.cursor.saturating_sub(1),
        Command::Down | Command::PageDown => (picker.cursor + 1).min(last),
        Command::Top => 0,
        _ => last,
    };
}

fn pick(state: &mut AppState) -> Vec<Effect> {
    let Some(Overlay::StagePicker(picker)) = &state.overlay else {
        return Vec::new();
    };
    if let Some(option) = picker.options.get(picker.cursor)
        && !option.allowed
    {
        // A ✗ row cannot be chosen: the picker stays open, saying why.
        let alias = state
            .gitops
            .freight_named(&picker.freight)
            .map_or(picker.freight.as_str(), |f| f.alias.as_str());
        state.flash = Some(Flash::error(match picker.action {
            PickAction::Promote if option.note.starts_with("already") => {
                format!("{} already runs {alias}", option.stage)
            }
            PickAction::Promote => format!(
                "{alias} cannot go to {}: {}; approve it for {} first",
                option.stage, option.note, option.stage
            ),
            PickAction::Approve => format!("{alias} is already approved for {}", option.stage),
        }));
        return Vec::new();
    }
    let Some(Overlay::StagePicker(picker)) = state.overlay.take() else {
        return Vec::new();
    };
    let Some(option) = picker.options.get(picker.cursor) else {
        return Vec::new();
    };
    let Some(f) = state.gitops.freight_named(&picker.freight).cloned() else {
        state.flash = Some(Flash::error(format!(
            "freight {} no longer exists",
            picker.freight
        )));
        return Vec::new();
    };
    let m = match picker.action {
        PickAction::Promote => gitops::changes::promote(state, &option.stage, &f),
        PickAction::Approve => gitops::changes::approve(state, &option.stage, &f),
    };
    gate::request(state, m)
}

fn abort_selected(state: &mut AppState) -> Vec<Effect> {
    let Some(p) = state.gitops.selected_promotion().cloned() else {
        state.flash = Some(Flash::info("no promotion selected"));
        return Vec::new();
    };
    match gitops::changes::abort(&p) {
        Ok(m) => gate::request(state, m),
        Err(why) => {
            state.flash = Some(Flash::info(why));
            Vec::new()
        }
    }
}

fn app_action(state: &mut AppState, command: Command) -> Vec<Effect> {
    let Some(app) = state.gitops.selected_app().cloned() else {
        state.flash = Some(Flash::info("no application selected"));
        return Vec::new();
    };
    let m = match command {
        Command::SyncApp => gitops::changes::sync(&app),
        Command::HardRefreshApp => Ok(gitops::changes::hard_refresh(&app)),
        _ => gitops::changes::rollback(&app, None),
    };
    match m {
        Ok(m) => gate::request(state, m),
        Err(why) => {
            state.flash = Some(Flash::error(why));
            Vec::new()
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod origins_tests;

#[cfg(test)]
mod picker_tests;

#[cfg(test)]
mod confirm_tests;
