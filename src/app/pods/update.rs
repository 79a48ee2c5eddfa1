//! Reducer pieces of the pods pane: details, logs (and switching containers), deleting a pod.

use crate::app::effect::Effect;
use crate::app::gate;
use crate::app::logs::LogTarget;
use crate::app::messages::Flash;
use crate::app::state::{
    AppState, InputTarget, Loadable, OutputKind, Overlay, PodDetails, TextInput,
};
use crate::keymap::Command;
use crate::sources::github::poller::CiCommand;
use crate::sources::writes::mutation::Mutation;
use crate::ui::layout::PaneId;

/// How many lines a new log stream starts with, like `kubectl logs --tail`.
const LOG_TAIL_LINES: i64 = 500;

/// The pods pane's and the pod log's commands.
pub fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    match command {
        Command::Filter => {
            let text = state.pods.filter().to_string();
            state.input = Some(TextInput {
                target: InputTarget::PodFilter,
                text,
            });
        }
        Command::ClearFilter => state.pods.set_filter(""),
        Command::Details => return open_details(state),
        Command::Logs => return open_logs(state, None),
        Command::Follow => {
            let height = state.logs_viewport();
            state.logs.toggle_follow(height);
        }
        Command::Wrap => state.logs.wrap = !state.logs.wrap,
        Command::Search => {
            let text = state.logs.search().unwrap_or_default().to_string();
            state.input = Some(TextInput {
                target: InputTarget::LogSearch,
                text,
            });
        }
        Command::NextMatch | Command::PrevMatch => {
            let height = state.logs_viewport();
            if !state
                .logs
                .jump_to_match(command == Command::NextMatch, height)
            {
                state.flash = Some(Flash::info(match state.logs.search() {
                    Some(_) => "no match".into(),
                    None => format!(
                        "no search yet: press {} to search",
                        state.keymap.describe_keys(Command::Search)
                    ),
                }));
            }
        }
        Command::NextContainer => return next_container(state),
        Command::StopLogs => return stop_logs(state),
        Command::DeletePod => return delete_pod(state),
        _ => {}
    }
    Vec::new()
}

pub fn delete_pod(state: &mut AppState) -> Vec<Effect> {
    state.pods.refresh();
    let Some(pod) = state.pods.selected_pod() else {
        state.flash = Some(Flash::info("no pod selected"));
        return Vec::new();
    };
    let target = Mutation::DeletePod {
        namespace: pod.namespace.to_string(),
        pod: pod.name.to_string(),
        owner: pod.owner.as_deref().map(str::to_owned),
        uid: Some(pod.uid.to_string()).filter(|u| !u.is_empty()),
    };
    gate::request(state, target)
}

pub fn open_details(state: &mut AppState) -> Vec<Effect> {
    state.pods.refresh();
    let Some(pod) = state.pods.selected_pod() else {
        state.flash = Some(Flash::info("no pod selected"));
        return Vec::new();
    };
    let effect = Effect::LoadPodEvents {
        namespace: pod.namespace.to_string(),
        pod: pod.name.to_string(),
        uid: pod.uid.to_string(),
    };
    state.overlay = Some(Overlay::PodDetails(PodDetails {
        namespace: pod.namespace.to_string(),
        pod: pod.name.to_string(),
        events: Loadable::Loading,
        scroll: 0,
    }));
    vec![effect]
}

pub fn open_logs(state: &mut AppState, container: Option<String>) -> Vec<Effect> {
    state.pods.refresh();
    // From the details popup: the pod it shows, whatever the list has selected since.
    let shown = match state.overlay.take() {
        Some(Overlay::PodDetails(d)) => Some((d.namespace, d.pod)),
        other => {
            state.overlay = other;
            None
        }
    };
    let pod = match &shown {
        Some((namespace, name)) => state.pods.find(namespace, name),
        None => state.pods.selected_pod(),
    };
    let Some(pod) = pod else {
        state.flash = Some(Flash::info(match shown {
            Some((namespace, name)) => format!("pod {namespace}/{name} is gone"),
            None => "no pod selected".into(),
        }));
        return Vec::new();
    };
    let containers: Vec<String> = pod.containers.iter().map(|c| c.name.clone()).collect();
    let Some(container) = container.or_else(|| containers.first().cloned()) else {
        state.flash = Some(Flash::info(format!("pod {} has no containers", pod.name)));
        return Vec::new();
    };
    let target = LogTarget {
        namespace: pod.namespace.to_string(),
        pod: pod.name.to_string(),
        container,
        containers,
    };
    start_stream(state, target)
}

fn start_stream(state: &mut AppState, target: LogTarget) -> Vec<Effect> {
    let effect_target = target.clone();
    // One log in the output pane at a time: a CI job log being followed stops here.
    let stop_job_log = state.ci.log.take().is_some();
    state.output = OutputKind::PodLog;
    let stream = state.logs.open(target);
    state.focus_pane(PaneId::Output);
    let mut effects = Vec::new();
    if stop_job_log {
        effects.push(Effect::Ci(CiCommand::WatchLog(None)));
    }
    effects.extend(vec![
        Effect::StopLogs,
        Effect::StartLogs {
            stream,
            namespace: effect_target.namespace,
            pod: effect_target.pod,
            container: effect_target.container,
            tail_lines: LOG_TAIL_LINES,
        },
    ]);
    effects
}

/// Esc in the log view: a search is left first (the stream goes on); only then is the stream
/// stopped, so one Esc too many after a search does not lose the log.
pub fn stop_logs(state: &mut AppState) -> Vec<Effect> {
    if state.logs.search().is_some() {
        state.logs.set_search(None);
        state.flash = Some(Flash::info(format!(
            "search cleared: {} again stops the log",
            state.keymap.describe_keys(crate::keymap::Command::StopLogs)
        )));
        return Vec::new();
    }
    state.logs.close();
    vec![Effect::StopLogs]
}

pub fn next_container(state: &mut AppState) -> Vec<Effect> {
    let Some(target) = state.logs.target.clone() else {
        return Vec::new();
    };
    if target.containers.len() < 2 {
        state.flash = Some(Flash::info(format!(
            "pod {} has only one container",
            target.pod
        )));
        return Vec::new();
    }
    let i = target
        .containers
        .iter()
        .position(|c| *c == target.container)
        .unwrap_or(0);
    let container = target.containers[(i + 1) % target.containers.len()].clone();
    start_stream(
        state,
        LogTarget {
            container,
            ..target
        },
    )
}
