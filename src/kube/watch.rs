//! One kube-rs watcher per resource and scope: list then watch, relist on 410, reconnect with
//! backoff. Objects are summarised on arrival (the app never holds full objects), and the
//! initial list is delivered as one `Relisted` so a pane never shows a half-loaded collection.

use std::fmt::Debug;
use std::time::{Duration, Instant};

use futures::StreamExt;
use kube::api::ListParams;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Resource};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use super::errors::{describe, describe_watcher_error};
use crate::app::action::{Action, Change, SourceId, SourceStatus, Update};

/// Watches are cut and resumed by the server after this long; load balancers often drop
/// idle streams sooner than the kube-rs default would notice.
const WATCH_TIMEOUT_SECS: u32 = 290;

/// What to watch and how its objects reach the app.
pub struct WatchSpec<K, S> {
    pub api: Api<K>,
    pub source: SourceId,
    /// The namespace reported with every update ("" for cluster-scoped kinds).
    pub namespace: String,
    pub summarize: fn(&K) -> S,
    pub wrap: fn(Update<S>) -> Action,
}

pub fn spawn<K, S>(spec: WatchSpec<K, S>, tx: Sender<Action>) -> JoinHandle<()>
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    K::DynamicType: Default,
    S: Send + 'static,
{
    tokio::spawn(run(spec, tx))
}

async fn run<K, S>(spec: WatchSpec<K, S>, tx: Sender<Action>)
where
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    K::DynamicType: Default,
    S: Send + 'static,
{
    let WatchSpec {
        api,
        source,
        namespace,
        summarize,
        wrap,
    } = spec;
    let config = watcher::Config::default().timeout(WATCH_TIMEOUT_SECS);
    let mut stream = watcher(api.clone(), config).default_backoff().boxed();
    let status = |s| Action::Source(source.clone(), s);
    if tx.send(status(SourceStatus::Connecting)).await.is_err() {
        return;
    }
    let mut initial: Vec<S> = Vec::new();
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
                let report = match api.list_metadata(&ListParams::default().limit(1)).await {
                    Ok(_) => {
                        probe.disarm();
                        live = true;
                        SourceStatus::Live
                    }
                    Err(e) => {
                        probe.backoff();
                        SourceStatus::Reconnecting { error: describe(&e) }
                    }
                };
                if tx.send(status(report)).await.is_err() {
                    return;
                }
                continue;
            }
        };
        let change = match item {
            Err(e) => {
                live = false;
                probe.arm();
                let error = describe_watcher_error(&e);
                tracing::warn!(source = ?source, %error, "watch failed; retrying");
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
            Ok(watcher::Event::InitApply(obj)) => {
                initial.push(summarize(&obj));
                continue;
            }
            Ok(watcher::Event::InitDone) => Change::Relisted(std::mem::take(&mut initial)),
            Ok(watcher::Event::Apply(obj)) => Change::Applied(Box::new(summarize(&obj))),
            Ok(watcher::Event::Delete(obj)) => {
                Change::Deleted(obj.meta().name.clone().unwrap_or_default())
            }
        };
        if !live {
            live = true;
            probe.disarm();
            tracing::info!(source = ?source, "watch live");
            if tx.send(status(SourceStatus::Live)).await.is_err() {
                return;
            }
        }
        let update = Update {
            namespace: namespace.clone(),
            change,
            received: Instant::now(),
        };
        if tx.send(wrap(update)).await.is_err() {
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
