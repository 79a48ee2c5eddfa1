//! One kube-rs watcher per namespace: list then watch, relist on 410, reconnect with backoff.
//! Pods are summarised on arrival; the initial list is delivered as one `Relisted` so the pane
//! never shows a half-loaded namespace.

use std::time::{Duration, Instant};

use futures::StreamExt;
use k8s_openapi::api::core::v1::Pod;
use kube::api::ListParams;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use super::errors::describe_watcher_error;
use super::pod_summary::PodSummary;
use crate::app::action::{Action, PodChange, PodsUpdate, SourceId, SourceStatus};

/// Watches are cut and resumed by the server after this long; load balancers often drop
/// idle streams sooner than the kube-rs default would notice.
const WATCH_TIMEOUT_SECS: u32 = 290;

pub fn spawn_pod_watchers(
    client: &Client,
    namespaces: &[String],
    tx: &Sender<Action>,
) -> Vec<JoinHandle<()>> {
    namespaces
        .iter()
        .map(|ns| tokio::spawn(watch_namespace(client.clone(), ns.clone(), tx.clone())))
        .collect()
}

async fn watch_namespace(client: Client, namespace: String, tx: Sender<Action>) {
    let api: Api<Pod> = Api::namespaced(client, &namespace);
    let config = watcher::Config::default().timeout(WATCH_TIMEOUT_SECS);
    let mut stream = watcher(api.clone(), config).default_backoff().boxed();
    let source = SourceId::Pods {
        namespace: namespace.clone(),
    };
    let status = |s| Action::Source(source.clone(), s);
    if tx.send(status(SourceStatus::Connecting)).await.is_err() {
        return;
    }
    let mut initial: Vec<PodSummary> = Vec::new();
    let mut live = false;
    let mut probe = Probe::default();
    loop {
        let item = tokio::select! {
            item = stream.next() => match item {
                Some(item) => item,
                None => return,
            },
            _ = probe.wait(), if probe.armed() => {
                // A watch that resumes after an error emits nothing until something changes,
                // so ask the server directly whether it is back.
                match api.list_metadata(&ListParams::default().limit(1)).await {
                    Ok(_) => {
                        probe.disarm();
                        live = true;
                        if tx.send(status(SourceStatus::Live)).await.is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        probe.backoff();
                        let error = super::errors::describe(&e);
                        if tx.send(status(SourceStatus::Reconnecting { error })).await.is_err() {
                            return;
                        }
                    }
                }
                continue;
            }
        };
        let change = match item {
            Err(e) => {
                live = false;
                probe.arm();
                let error = describe_watcher_error(&e);
                tracing::warn!(namespace, %error, "pod watch failed; retrying");
                if tx
                    .send(status(SourceStatus::Reconnecting { error }))
                    .await
                    .is_err()
                {
                    return;
                }
                continue;
            }
            Ok(watcher::Event::Init) => {
                initial.clear();
                continue;
            }
            Ok(watcher::Event::InitApply(pod)) => {
                initial.push(PodSummary::from_pod(&pod));
                continue;
            }
            Ok(watcher::Event::InitDone) => PodChange::Relisted(std::mem::take(&mut initial)),
            Ok(watcher::Event::Apply(pod)) => {
                PodChange::Applied(Box::new(PodSummary::from_pod(&pod)))
            }
            Ok(watcher::Event::Delete(pod)) => {
                PodChange::Deleted(pod.metadata.name.unwrap_or_default())
            }
        };
        if !live {
            live = true;
            probe.disarm();
            tracing::info!(namespace, "pod watch live");
            if tx.send(status(SourceStatus::Live)).await.is_err() {
                return;
            }
        }
        let update = PodsUpdate {
            namespace: namespace.clone(),
            change,
            received: Instant::now(),
        };
        if tx.send(Action::Pods(update)).await.is_err() {
            return;
        }
    }
}

/// When to check whether a failed watch is healthy again: 2 s after the failure, then backing
/// off to 30 s while the server keeps refusing.
#[derive(Default)]
struct Probe {
    at: Option<tokio::time::Instant>,
    delay: Duration,
}

impl Probe {
    fn armed(&self) -> bool {
        self.at.is_some()
    }

    fn arm(&mut self) {
        if self.at.is_none() {
            self.delay = Duration::from_secs(2);
            self.at = Some(tokio::time::Instant::now() + self.delay);
        }
    }

    fn backoff(&mut self) {
        self.delay = (self.delay * 2).min(Duration::from_secs(30));
        self.at = Some(tokio::time::Instant::now() + self.delay);
    }

    fn disarm(&mut self) {
        self.at = None;
    }

    async fn wait(&self) {
        match self.at {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    }
}
