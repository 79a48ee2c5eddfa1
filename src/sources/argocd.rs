//! The Argo CD Applications of one namespace (usually `argocd`).

use kube::{Api, Client};
use showrunner_model::argocd::models::Application;
use tokio::task::JoinHandle;

use crate::argocd::summary::AppSummary;
use crate::sources::kube::update::{SourceId, WatchEvent};
use crate::sources::kube::watch::{self, WatchSpec};
use crate::sources::sink::Sink;

pub fn spawn_app_watcher(
    client: &Client,
    namespace: &str,
    sink: &impl Sink<WatchEvent<AppSummary>>,
) -> JoinHandle<()> {
    watch::spawn(
        WatchSpec {
            api: Api::<Application>::namespaced(client.clone(), namespace),
            source: SourceId::Applications {
                namespace: namespace.to_string(),
            },
            namespace: namespace.to_string(),
            summarize: AppSummary::from_app,
        },
        sink.clone(),
    )
}
