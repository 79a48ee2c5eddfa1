//! Pod watchers, one per namespace shown.

use k8s_openapi::api::core::v1::Pod;
use kube::{Api, Client};
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use super::pod_summary::PodSummary;
use super::watch::{self, WatchSpec};
use crate::app::action::{Action, SourceId};

pub fn spawn_pod_watchers(
    client: &Client,
    namespaces: &[String],
    tx: &Sender<Action>,
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
                wrap: Action::Pods,
            };
            watch::spawn(spec, tx.clone())
        })
        .collect()
}
