//! What a replay answers for the effects that would have gone out: nothing leaves the
//! process, and a pod's log, its events or a CI job's log are answered from what the
//! recording holds up to this point.

use std::collections::HashSet;

use super::player::Player;
use super::record::{Ci, Event, Line, LogStream};
use crate::app::action::Action;
use crate::app::messages::Flash;
use crate::app::{AppState, Effect, update};
use crate::sources::github::poller::CiCommand;

impl Player {
    /// Effects on replay: nothing leaves the process. A pod log or a pod's events are
    /// answered from what was recorded up to this point.
    pub fn run_effects(&mut self, state: &mut AppState, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::StartLogs {
                    stream,
                    namespace,
                    pod,
                    container,
                    ..
                } => self.open_log(state, stream, &namespace, &pod, &container),
                Effect::StopLogs => self.open_log = None,
                Effect::LoadPodEvents { namespace, pod, .. } => {
                    let recorded =
                        self.recording.lines[..self.pos]
                            .iter()
                            .rev()
                            .find_map(|l| match l {
                                Line::Event(e) => match &e.what {
                                    Event::PodEvents {
                                        namespace: n,
                                        pod: p,
                                        result,
                                    } if *n == namespace && *p == pod => Some(result.clone()),
                                    _ => None,
                                },
                                _ => None,
                            });
                    let result = recorded.unwrap_or_else(|| {
                        Err("replay: this pod's events were not recorded".into())
                    });
                    let more = update(
                        state,
                        Action::PodEvents {
                            namespace,
                            pod,
                            result,
                        },
                    );
                    self.run_effects(state, more);
                }
                Effect::Ci(CiCommand::WatchLog(Some(job_id))) => self.open_job_log(state, job_id),
                Effect::Mutate(_)
                | Effect::RunCommand { .. }
                | Effect::KillCommand { .. }
                | Effect::Ci(_)
                | Effect::SaveProgress { .. }
                | Effect::WatchProject { .. } => {}
            }
        }
    }

    /// A CI job's log, as it was last fetched up to this point of the recording.
    fn open_job_log(&mut self, state: &mut AppState, job_id: u64) {
        let fetched = self.recording.lines[..self.pos]
            .iter()
            .rev()
            .find_map(|l| match l {
                Line::Event(e) => match &e.what {
                    Event::Ci(Ci::Log { job_id: id, .. }) if *id == job_id => Some(e.what.clone()),
                    _ => None,
                },
                _ => None,
            });
        let Some(action) = fetched.and_then(|event| self.replayed(event)) else {
            state.flash = Some(Flash::info(
                "replay: this job's log was not fetched while recording",
            ));
            return;
        };
        let effects = update(state, action);
        self.run_effects(state, effects);
    }

    /// Opens the recorded log of that container: the stream opened last before this point
    /// (its first lines are the log's tail then), else the first one opened later.
    fn open_log(&mut self, state: &mut AppState, shown: u64, ns: &str, pod: &str, container: &str) {
        let opened: Vec<(usize, u64)> = self
            .recording
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| match l {
                Line::LogOpened(e) if same_container(&e.what, ns, pod, container) => {
                    Some((i, e.what.stream))
                }
                _ => None,
            })
            .collect();
        let pick = opened
            .iter()
            .rev()
            .find(|(i, _)| *i < self.pos)
            .or(opened.first())
            .map(|(_, stream)| *stream);
        let Some(recorded) = pick else {
            self.open_log = None;
            update(
                state,
                Action::LogEnded {
                    stream: shown,
                    error: Some(format!(
                        "replay: the log of {ns}/{pod} ({container}) was not recorded"
                    )),
                },
            );
            return;
        };
        let lines: Vec<String> = self.recording.lines[..self.pos]
            .iter()
            .filter_map(|l| match l {
                Line::Event(e) => match &e.what {
                    Event::LogLines { stream, lines } if *stream == recorded => Some(lines),
                    _ => None,
                },
                _ => None,
            })
            .flatten()
            .cloned()
            .collect();
        self.open_log = Some((HashSet::from([recorded]), shown));
        update(
            state,
            Action::LogLines {
                stream: shown,
                lines,
            },
        );
    }
}

fn same_container(s: &LogStream, ns: &str, pod: &str, container: &str) -> bool {
    s.namespace == ns && s.pod == pod && s.container == container
}
