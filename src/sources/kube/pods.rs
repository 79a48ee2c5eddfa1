//! Pod watchers, one per namespace shown.

use kube::{Api, Client};
use tokio::task::JoinHandle;

use super::update::{SourceId, WatchEvent};
use super::watch::{self, WatchSpec};
use crate::kube::pod_summary::PodSummary;
use crate::kube::pod_wire::Pod;
use crate::sources::sink::Sink;

pub fn spawn_pod_watchers(
    client: &Client,
    namespaces: &[String],
    sink: &impl Sink<WatchEvent<PodSummary>>,
) -> Vec<JoinHandle<()>> {
    namespaces
        .iter()
        .map(|ns| {
            let spec = WatchSpec {
                api: Api::<Pod>::namespaced(client.clone(), ns),
                source: SourceId::Pods {
                    namespace: ns.clone(),
                },
                namespace: ns.clone(),
                summarize: PodSummary::from_pod,
            };
            watch::spawn(spec, sink.clone())
        })
        .collect()
}
