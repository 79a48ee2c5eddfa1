//! One kube-rs watcher per resource and scope: list then watch, relist on 410, reconnect with
//! backoff. Objects are summarised on arrival (the app never holds full objects), and the
//! initial list is delivered as one `Relisted` so a pane never shows a half-loaded collection.
//!
//! Objects are decoded one by one (`Lenient`): a single object the app's model cannot read is
//! skipped and named in the app log, instead of failing the whole list and blanking a pane.

use std::fmt::Debug;
use std::time::Instant;

use futures::StreamExt;
use futures::stream::BoxStream;
use kube::api::ListParams;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Resource};
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;

use super::errors::{describe, describe_watcher_error};
use super::lenient::Lenient;
use super::probe::Probe;
use super::update::{Change, SourceId, SourceStatus, Update, WatchEvent};
use crate::sources::sink::Sink;

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
}

pub fn spawn<K, S>(spec: WatchSpec<K, S>, sink: impl Sink<WatchEvent<S>>) -> JoinHandle<()>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    S: Send + 'static,
{
    tokio::spawn(run(spec, sink))
}

type Events<K> = BoxStream<'static, Result<watcher::Event<Lenient<K>>, watcher::Error>>;

/// The same resource and scope as `api`, each object decoded on its own.
fn lenient_api<K>(api: Api<K>) -> Api<Lenient<K>>
where
    K: Resource<DynamicType = ()>,
{
    let namespace = api.namespace().map(str::to_owned);
    let client = api.into_client();
    match namespace {
        Some(ns) => Api::namespaced_with(client, &ns, &()),
        None => Api::all_with(client, &()),
    }
}

fn events<K>(api: &Api<Lenient<K>>) -> Events<K>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
{
    let config = watcher::Config::default().timeout(WATCH_TIMEOUT_SECS);
    watcher(api.clone(), config).default_backoff().boxed()
}

/// The next event, or never while the watch is stopped.
async fn next<K>(
    stream: &mut Option<Events<K>>,
) -> Option<Result<watcher::Event<Lenient<K>>, watcher::Error>> {
    match stream {
        Some(s) => s.next().await,
        None => std::future::pending().await,
    }
}

/// 410 Gone: kube-rs lists again by itself, so the stream is kept.
fn is_gone(e: &watcher::Error) -> bool {
    match e {
        watcher::Error::WatchError(status) => status.code == 410,
        watcher::Error::WatchStartFailed(kube::Error::Api(status))
        | watcher::Error::WatchFailed(kube::Error::Api(status)) => status.code == 410,
        _ => false,
    }
}

async fn run<K, S>(spec: WatchSpec<K, S>, sink: impl Sink<WatchEvent<S>>)
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    S: Send + 'static,
{
    let WatchSpec {
        api,
        source,
        namespace,
        summarize,
    } = spec;
    let api = lenient_api(api);
    let mut stream = Some(events(&api));
    let status = |s| WatchEvent::Status(source.clone(), s);
    if !sink.send(status(SourceStatus::Connecting)).await {
        return;
    }
    let decode = |obj: Lenient<K>| -> Option<S> {
        match obj.into_result() {
            Ok(k) => Some(summarize(&k)),
            Err((name, error)) => {
                tracing::warn!(source = ?source, object = %name, %error, "skipped an object the app cannot read");
                None
            }
        }
    };
    let mut initial: Vec<S> = Vec::new();
    let mut live = false;
    let mut probe = Probe::default();
    loop {
        let item = tokio::select! {
            item = next(&mut stream) => match item {
                Some(item) => item,
                None => return,
            },
            _ = probe.wait(), if probe.armed() => {
                let report = match api.list_metadata(&ListParams::default().limit(1)).await {
                    Ok(_) => {
                        // The old stream would resume from a resource version the server may
                        // no longer know and sit silent until its 410; a new one lists now.
                        probe.disarm();
                        stream = Some(events(&api));
                        SourceStatus::Resyncing
                    }
                    Err(e) => {
                        probe.backoff(matches!(e, kube::Error::Api(_)));
                        SourceStatus::Reconnecting { error: describe(&e) }
                    }
                };
                if !sink.send(status(report)).await {
                    return;
                }
                continue;
            }
        };
        let change = match item {
            Err(e) if is_gone(&e) => {
                live = false;
                tracing::info!(source = ?source, "watch history expired; listing again");
                if !sink.send(status(SourceStatus::Resyncing)).await {
                    return;
                }
                continue;
            }
            Err(e) => {
                live = false;
                stream = None;
                probe.arm();
                let error = describe_watcher_error(&e);
                tracing::warn!(source = ?source, %error, "watch failed; retrying");
                if !sink
                    .send(status(SourceStatus::Reconnecting { error }))
                    .await
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
                initial.extend(decode(obj));
                continue;
            }
            Ok(watcher::Event::InitDone) => Change::Relisted(std::mem::take(&mut initial)),
            Ok(watcher::Event::Apply(obj)) => match decode(obj) {
                Some(summary) => Change::Applied(Box::new(summary)),
                None => continue,
            },
            Ok(watcher::Event::Delete(obj)) => {
                Change::Deleted(obj.meta().name.clone().unwrap_or_default())
            }
        };
        if !live {
            live = true;
            tracing::info!(source = ?source, "watch live");
            if !sink.send(status(SourceStatus::Live)).await {
                return;
            }
        }
        let update = Update {
            namespace: namespace.clone(),
            change,
            received: Instant::now(),
        };
        if !sink.send(WatchEvent::Changed(update)).await {
            return;
        }
    }
}
