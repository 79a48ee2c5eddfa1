//! Watchers for a Kargo project: stages, freight, promotions and warehouses in its namespace,
//! and (for discovery) the cluster's Projects.

use kube::{Api, Client};
use showrunner_model::kargo::models::{Freight, Project, Promotion, Stage, Warehouse};
use tokio::task::JoinHandle;

use crate::kargo::summary::{
    FreightSummary, ProjectSummary, PromotionSummary, StageSummary, WarehouseSummary,
};
use crate::sources::kube::update::{SourceId, WatchEvent};
use crate::sources::kube::watch::{self, WatchSpec};
use crate::sources::sink::Sink;

/// A sink for all four kinds of a project.
pub trait ProjectSink:
    Sink<WatchEvent<StageSummary>>
    + Sink<WatchEvent<FreightSummary>>
    + Sink<WatchEvent<PromotionSummary>>
    + Sink<WatchEvent<WarehouseSummary>>
{
}

impl<T> ProjectSink for T where
    T: Sink<WatchEvent<StageSummary>>
        + Sink<WatchEvent<FreightSummary>>
        + Sink<WatchEvent<PromotionSummary>>
        + Sink<WatchEvent<WarehouseSummary>>
{
}

pub fn spawn_project_watchers(
    client: &Client,
    namespace: &str,
    sink: &impl ProjectSink,
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
            },
            sink.clone(),
        ),
        watch::spawn(
            WatchSpec {
                api: Api::<Freight>::namespaced(client.clone(), namespace),
                source: source("freight"),
                namespace: ns.clone(),
                summarize: FreightSummary::from_freight,
            },
            sink.clone(),
        ),
        watch::spawn(
            WatchSpec {
                api: Api::<Promotion>::namespaced(client.clone(), namespace),
                source: source("promotions"),
                namespace: ns.clone(),
                summarize: PromotionSummary::from_promotion,
            },
            sink.clone(),
        ),
        watch::spawn(
            WatchSpec {
                api: Api::<Warehouse>::namespaced(client.clone(), namespace),
                source: source("warehouses"),
                namespace: ns,
                summarize: WarehouseSummary::from_warehouse,
            },
            sink.clone(),
        ),
    ]
}

/// Every Project the user may see: used when no project was named.
pub fn spawn_project_discovery(
    client: &Client,
    sink: &impl Sink<WatchEvent<ProjectSummary>>,
) -> JoinHandle<()> {
    watch::spawn(
        WatchSpec {
            api: Api::<Project>::all(client.clone()),
            source: SourceId::Projects,
            namespace: String::new(),
            summarize: |p: &Project| ProjectSummary {
                name: p.metadata.name.clone().unwrap_or_default(),
            },
        },
        sink.clone(),
    )
}
