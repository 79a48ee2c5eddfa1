//! One kube-rs watcher per resource and scope: list then watch, relist on 410, reconnect with
//! backoff. Objects are summarised on arrival (the app never holds full objects), and the
//! initial list is delivered as one `Relisted` so a pane never shows a half-loaded collection.
//!
//! Objects arrive raw and are decoded one by one: a single object the app's model cannot read
//! is skipped and named in the app log, instead of failing the whole list and blanking a pane.

use std::fmt::Debug;
use std::time::Instant;

use futures::StreamExt;
use futures::stream::BoxStream;
use kube::api::{ApiResource, DynamicObject, ListParams};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Resource};
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;

use super::errors::{describe, describe_watcher_error};
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
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    K::DynamicType: Default,
    S: Send + 'static,
{
    tokio::spawn(run(spec, sink))
}

type Events = BoxStream<'static, Result<watcher::Event<DynamicObject>, watcher::Error>>;

/// The same resource and scope as `api`, read without its schema.
fn raw_api<K>(api: Api<K>) -> Api<DynamicObject>
where
    K: Resource,
    K::DynamicType: Default,
{
    let resource = ApiResource::erase::<K>(&Default::default());
    let namespace = api.namespace().map(str::to_owned);
    let client = api.into_client();
    match namespace {
        Some(ns) => Api::namespaced_with(client, &ns, &resource),
        None => Api::all_with(client, &resource),
    }
}

fn events(api: &Api<DynamicObject>) -> Events {
    let config = watcher::Config::default().timeout(WATCH_TIMEOUT_SECS);
    watcher(api.clone(), config).default_backoff().boxed()
}

/// The next event, or never while the watch is stopped.
async fn next(
    stream: &mut Option<Events>,
) -> Option<Result<watcher::Event<DynamicObject>, watcher::Error>> {
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
    K: Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    K::DynamicType: Default,
    S: Send + 'static,
{
    let WatchSpec {
        api,
        source,
        namespace,
        summarize,
    } = spec;
    let api = raw_api(api);
    let mut stream = Some(events(&api));
    let status = |s| WatchEvent::Status(source.clone(), s);
    if !sink.send(status(SourceStatus::Connecting)).await {
        return;
    }
    let decode = |obj: DynamicObject| -> Option<S> {
        match decode::<K>(obj) {
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
                Change::Deleted(obj.metadata.name.unwrap_or_default())
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

/// One raw object as the app's model, or its name and why not.
fn decode<K: DeserializeOwned>(obj: DynamicObject) -> Result<K, (String, String)> {
    let name = match (&obj.metadata.namespace, &obj.metadata.name) {
        (Some(ns), Some(n)) => format!("{ns}/{n}"),
        (None, Some(n)) => n.clone(),
        _ => "(unnamed)".into(),
    };
    // Reassembled by moving the parts: serialising the whole object back to a Value would copy
    // every field once more, for each of 100,000 pods in a list.
    let DynamicObject {
        types,
        metadata,
        data,
    } = obj;
    let mut fields = match data {
        serde_json::Value::Object(fields) => fields,
        _ => serde_json::Map::new(),
    };
    if let Some(types) = types {
        fields.insert("apiVersion".into(), types.api_version.into());
        fields.insert("kind".into(), types.kind.into());
    }
    serde_json::to_value(metadata)
        .and_then(|metadata| {
            fields.insert("metadata".into(), metadata);
            serde_json::from_value(serde_json::Value::Object(fields))
        })
        .map_err(|e| (name, e.to_string()))
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::Pod;
    use serde_json::json;

    use super::*;

    fn raw(v: serde_json::Value) -> DynamicObject {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn decodes_the_whole_object_from_its_parts() {
        let pod: Pod = decode(raw(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web", "namespace": "dev", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]},
            "status": {"phase": "Running"}
        })))
        .unwrap();
        assert_eq!(pod.metadata.name.as_deref(), Some("web"));
        assert_eq!(pod.metadata.labels.unwrap()["app"], "web");
        assert_eq!(
            pod.spec.unwrap().containers[0].image.as_deref(),
            Some("nginx:1.27")
        );
        assert_eq!(pod.status.unwrap().phase.as_deref(), Some("Running"));
    }

    #[test]
    fn an_unreadable_object_is_named() {
        let err = decode::<Pod>(raw(json!({
            "metadata": {"name": "bad", "namespace": "dev"},
            "spec": {"containers": "not a list"}
        })))
        .unwrap_err();
        assert_eq!(err.0, "dev/bad");
        assert!(err.1.contains("invalid type"), "{}", err.1);
    }
}
