//! The Argo CD Applications of one namespace (usually `argocd`).

use kube::{Api, Client};
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use super::summary::AppSummary;
use crate::app::action::{Action, SourceId};
use crate::kube::watch::{self, WatchSpec};
use showrunner_model::argocd::models::Application;

pub fn spawn_app_watcher(client: &Client, namespace: &str, tx: &Sender<Action>) -> JoinHandle<()> {
    watch::spawn(
        WatchSpec {
            api: Api::<Application>::namespaced(client.clone(), namespace),
            source: SourceId::Applications {
                namespace: namespace.to_string(),
            },
            namespace: namespace.to_string(),
            summarize: AppSummary::from_app,
            wrap: Action::Applications,
        },
        tx.clone(),
    )
}
