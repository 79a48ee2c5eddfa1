//! Watchers for a Kargo project: stages, freight, promotions and warehouses in its namespace,
//! and (for discovery) the cluster's Projects.

use kube::{Api, Client};
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use super::summary::{FreightSummary, PromotionSummary, StageSummary, WarehouseSummary};
use crate::app::action::{Action, SourceId};
use crate::app::gitops::ProjectSummary;
use crate::kube::watch::{self, WatchSpec};
use showrunner_model::kargo::models::{Freight, Project, Promotion, Stage, Warehouse};

pub fn spawn_project_watchers(
    client: &Client,
    namespace: &str,
    tx: &Sender<Action>,
) -> Vec<JoinHandle<()>> {
    let source = |resource| SourceId::Kargo {
        resource,
        namespace: namespace.to_string(),
    };
    let ns = namespace.to_string();
    vec![
        watch::spawn(
            WatchSpec {
                api: Api::<Stage>::namespaced(client.clone(), namespace),
                source: source("stages"),
                namespace: ns.clone(),
                summarize: StageSummary::from_stage,
                wrap: Action::Stages,
            },
            tx.clone(),
        ),
        watch::spawn(
            WatchSpec {
                api: Api::<Freight>::namespaced(client.clone(), namespace),
                source: source("freight"),
                namespace: ns.clone(),
                summarize: FreightSummary::from_freight,
                wrap: Action::Freight,
            },
            tx.clone(),
        ),
        watch::spawn(
            WatchSpec {
                api: Api::<Promotion>::namespaced(client.clone(), namespace),
                source: source("promotions"),
                namespace: ns.clone(),
                summarize: PromotionSummary::from_promotion,
                wrap: Action::Promotions,
            },
            tx.clone(),
        ),
        watch::spawn(
            WatchSpec {
                api: Api::<Warehouse>::namespaced(client.clone(), namespace),
                source: source("warehouses"),
                namespace: ns,
                summarize: WarehouseSummary::from_warehouse,
                wrap: Action::Warehouses,
            },
            tx.clone(),
        ),
    ]
}

/// Every Project the user may see: used when no project was named.
pub fn spawn_project_discovery(client: &Client, tx: &Sender<Action>) -> JoinHandle<()> {
    watch::spawn(
        WatchSpec {
            api: Api::<Project>::all(client.clone()),
            source: SourceId::Projects,
            namespace: String::new(),
            summarize: |p: &Project| ProjectSummary {
                name: p.metadata.name.clone().unwrap_or_default(),
            },
            wrap: Action::Projects,
        },
        tx.clone(),
    )
}
