//! While recording, the logs of the pods on screen are followed too, so that on replay the
//! presenter can open any pod's log (the crash-looping one, say) and search it — from the
//! file alone. The lines come in as ordinary `LogLines` actions on stream ids of their own,
//! which the app's log view ignores and the recorder writes.

use std::collections::HashMap;

use kube::Client;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use super::record::LogStream;
use crate::app::Action;
use crate::kube::pod_summary::PodSummary;
use crate::sources::kube::logs::{self, LogRequest};
use crate::sources::kube::update::Change;

/// Far above the app's own stream ids, which count up from 1 per log opened.
pub const FIRST_STREAM: u64 = 1 << 40;
/// Enough for the demo's namespaces several times over; a load test's thousand pods are not
/// all followed.
const MAX_FOLLOWED: usize = 64;
/// A restarted container's follow starts again with this much of its log.
const TAIL_LINES: i64 = 500;

type Container = (String, String, String);

pub struct LogKeeper {
    client: Client,
    tx: Sender<Action>,
    next: u64,
    followed: HashMap<Container, (u64, JoinHandle<()>)>,
    /// Stream id → container, to forget a follow that ended (the container restarted).
    streams: HashMap<u64, Container>,
}

impl LogKeeper {
    pub fn new(client: Client, tx: Sender<Action>) -> LogKeeper {
        LogKeeper {
            client,
            tx,
            next: FIRST_STREAM,
            followed: HashMap::new(),
            streams: HashMap::new(),
        }
    }

    /// Follows the containers of pods that appear; returns the streams it opened.
    pub fn observe(&mut self, action: &Action) -> Vec<LogStream> {
        match action {
            Action::Pods(update) => match &update.change {
                Change::Relisted(pods) => pods.iter().flat_map(|p| self.follow(p)).collect(),
                Change::Applied(pod) => self.follow(pod),
                Change::Deleted(name) => {
                    self.forget(|(ns, pod, _)| *ns == update.namespace && pod == name);
                    Vec::new()
                }
            },
            Action::LogEnded { stream, .. } => {
                if let Some(container) = self.streams.remove(stream) {
                    self.followed.remove(&container);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn follow(&mut self, pod: &PodSummary) -> Vec<LogStream> {
        let mut opened = Vec::new();
        for container in pod.containers.iter() {
            // Only a container that has run has a log to follow.
            let has_log = container.state.starts_with("Running")
                || container.state.starts_with("Terminated")
                || container.restarts > 0;
            let key = (
                pod.namespace.to_string(),
                pod.name.to_string(),
                container.name.clone(),
            );
            if !has_log || self.followed.contains_key(&key) || self.followed.len() >= MAX_FOLLOWED {
                continue;
            }
            let stream = self.next;
            self.next += 1;
            let request = LogRequest {
                stream,
                namespace: key.0.clone(),
                pod: key.1.clone(),
                container: key.2.clone(),
                tail_lines: TAIL_LINES,
            };
            let task = tokio::spawn(logs::follow(self.client.clone(), request, self.tx.clone()));
            opened.push(LogStream {
                stream,
                namespace: key.0.clone(),
                pod: key.1.clone(),
                container: key.2.clone(),
            });
            self.streams.insert(stream, key.clone());
            self.followed.insert(key, (stream, task));
        }
        opened
    }

    fn forget(&mut self, gone: impl Fn(&Container) -> bool) {
        self.followed.retain(|key, (stream, task)| {
            if gone(key) {
                task.abort();
                self.streams.remove(stream);
                return false;
            }
            true
        });
    }
}

impl Drop for LogKeeper {
    fn drop(&mut self) {
        for (_, task) in self.followed.values() {
            task.abort();
        }
    }
}
