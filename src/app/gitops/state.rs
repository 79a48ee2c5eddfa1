//! Kargo and Argo CD objects of the watched project(s), and the views panes draw from:
//! the stage graph, freight newest first, promotions newest first, applications by name.
//! Views are rebuilt once per batch of changes (`refresh`), never while drawing.

use std::collections::BTreeMap;

use crate::app::collection::{Collection, Keyed};
use crate::app::select::SelectList;
use crate::argocd::summary::AppSummary;
use crate::kargo::graph::{self, Node, StageGraph};
use crate::kargo::summary::ProjectSummary;
use crate::kargo::summary::{FreightSummary, PromotionSummary, StageSummary, WarehouseSummary};

macro_rules! keyed {
    ($($ty:ty),*) => {$(
        impl Keyed for $ty {
            fn namespace(&self) -> &str {
                &self.namespace
            }
            fn name(&self) -> &str {
                &self.name
            }
        }
    )*};
}
keyed!(
    StageSummary,
    FreightSummary,
    PromotionSummary,
    WarehouseSummary,
    AppSummary
);

/// Revisions remembered with their images before the memory starts over.
const DEPLOYED_LIMIT: usize = 1_000;

impl Keyed for ProjectSummary {
    fn namespace(&self) -> &str {
        ""
    }
    fn name(&self) -> &str {
        &self.name
    }
}

#[derive(Debug, Default)]
pub struct GitopsState {
    /// The project the panes show; `None` until one is configured or discovered.
    pub project: Option<String>,
    /// Set by `--project` or the runbook: discovery never overrides it.
    pub project_pinned: bool,
    pub projects: Collection<ProjectSummary>,
    pub stages: Collection<StageSummary>,
    pub freight: Collection<FreightSummary>,
    pub promotions: Collection<PromotionSummary>,
    pub warehouses: Collection<WarehouseSummary>,
    pub apps: Collection<AppSummary>,
    pub graph: StageGraph,
    pub pipeline: SelectList<Node>,
    pub freight_list: SelectList<String>,
    pub promotion_list: SelectList<String>,
    pub app_list: SelectList<String>,
    /// The images each application ran at a revision, as seen synced since the start: what a
    /// rollback to that revision goes back to (Argo CD's history keeps no images).
    deployed: BTreeMap<(String, String), Vec<String>>,
    /// Promotions an abort was sent for, until they end: one that ends other than Aborted
    /// finished before the abort reached it, and the user is told.
    pub aborts_sent: Vec<String>,
    seen: Option<(Option<String>, [u64; 5])>,
}

impl GitopsState {
    pub fn new(project: Option<String>) -> Self {
        GitopsState {
            project_pinned: project.is_some(),
            project,
            ..Default::default()
        }
    }

    pub fn project(&self) -> &str {
        self.project.as_deref().unwrap_or("")
    }

    /// Projects discovered so far, by name.
    pub fn project_names(&self) -> Vec<String> {
        self.projects
            .in_namespace("")
            .map(|p| p.name.clone())
            .collect()
    }

    pub fn stage(&self, name: &str) -> Option<&StageSummary> {
        self.stages.get(self.project(), name)
    }

    pub fn freight_named(&self, name: &str) -> Option<&FreightSummary> {
        self.freight.get(self.project(), name)
    }

    pub fn selected_freight(&self) -> Option<&FreightSummary> {
        self.freight_list
            .selected()
            .and_then(|n| self.freight_named(n))
    }

    pub fn selected_promotion(&self) -> Option<&PromotionSummary> {
        self.promotion_list
            .selected()
            .and_then(|n| self.promotions.get(self.project(), n))
    }

    pub fn selected_app(&self) -> Option<&AppSummary> {
        self.app_list
            .selected()
            .and_then(|n| self.apps.in_namespace_any(n))
    }

    pub fn promotion(&self, name: &str) -> Option<&PromotionSummary> {
        self.promotions.get(self.project(), name)
    }

    /// Freight of the current project, newest first.
    pub fn freight_newest_first(&self) -> Vec<&FreightSummary> {
        let mut list: Vec<&FreightSummary> = self.freight.in_namespace(self.project()).collect();
        list.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.name.cmp(&b.name)));
        list
    }

    /// Freight in display order (newest first) from the view `refresh` keeps: no sorting, so
    /// panes may call it while drawing.
    pub fn freight_in_order(&self) -> impl Iterator<Item = &FreightSummary> {
        self.freight_list
            .keys()
            .iter()
            .filter_map(|n| self.freight_named(n))
    }

    /// The freight built from commit `sha`: its image tag is the commit's short SHA, or its
    /// commit is `sha`.
    pub fn freight_for_commit(&self, sha: &str) -> Option<&FreightSummary> {
        self.freight_in_order().find(|f| {
            f.images
                .iter()
                .any(|i| i.tag.len() >= 7 && sha.starts_with(&i.tag))
                || f.commit.as_ref().is_some_and(|(id, _)| id == sha)
        })
    }

    /// The images `app` ran at `revision`, if this session saw it synced there.
    pub fn images_at(&self, app: &str, revision: &str) -> Option<&[String]> {
        self.deployed
            .get(&(app.to_string(), revision.to_string()))
            .map(Vec::as_slice)
    }

    /// The stage's health as the pipeline should say it: Kargo's word, unless its
    /// application runs other images than the stage's freight (a manual Argo CD rollback):
    /// then "Healthy" would describe freight its pods no longer run.
    pub fn stage_health(&self, stage: &StageSummary) -> String {
        let kargo = stage.health.clone().unwrap_or_else(|| "Unknown".into());
        let Some(app) = self
            .apps
            .namespaces()
            .into_iter()
            .flat_map(|ns| self.apps.in_namespace(ns))
            .find(|a| a.destination.as_deref() == Some(stage.name.as_str()))
        else {
            return kargo;
        };
        let other: Vec<&str> = stage
            .current
            .iter()
            .filter_map(|(_, name)| self.freight_named(name))
            .flat_map(|f| &f.images)
            .filter_map(|want| {
                app.images.iter().find_map(|running| {
                    let (repo, tag) = running.rsplit_once(':')?;
                    (repo == want.repo_url && tag != want.tag).then_some(running.as_str())
                })
            })
            .collect();
        match other.first() {
            // Short: it has a pipeline node's width, under the line naming the freight. The
            // tag is what tells the images apart.
            Some(running) => format!(
                "Runs {} instead",
                running.rsplit_once(':').map_or(*running, |(_, tag)| tag)
            ),
            None => kargo,
        }
    }

    /// Stage names in pipeline order.
    pub fn stage_names(&self) -> Vec<String> {
        self.graph.stages().map(String::from).collect()
    }

    /// Rebuilds derived views if anything they depend on changed since the last call.
    pub fn refresh(&mut self) {
        if self.project.is_none() && !self.project_pinned {
            self.project = self.project_names().into_iter().next();
        }
        let versions = [
            self.stages.version,
            self.freight.version,
            self.promotions.version,
            self.warehouses.version,
            self.apps.version,
        ];
        let key = (self.project.clone(), versions);
        if self.seen.as_ref() == Some(&key) {
            return;
        }
        self.seen = Some(key);
        let project = self.project().to_string();
        let stages: Vec<&StageSummary> = self.stages.in_namespace(&project).collect();
        let warehouses: Vec<&str> = self
            .warehouses
            .in_namespace(&project)
            .map(|w| w.name.as_str())
            .collect();
        self.graph = graph::derive(
            stages
                .iter()
                .map(|s| (s.name.as_str(), s.requests.as_slice())),
            warehouses,
        );
        let nodes: Vec<Node> = self.graph.layers.iter().flatten().cloned().collect();
        self.pipeline.rebuild(nodes);
        let freight: Vec<String> = self
            .freight_newest_first()
            .into_iter()
            .map(|f| f.name.clone())
            .collect();
        self.freight_list.rebuild(freight);
        let mut promotions: Vec<&PromotionSummary> =
            self.promotions.in_namespace(&project).collect();
        promotions.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.name.cmp(&a.name)));
        let promotions = promotions.into_iter().map(|p| p.name.clone()).collect();
        self.promotion_list.rebuild(promotions);
        // Applications in pipeline order (an app deploying to stage X's namespace sits where X
        // does), then by name.
        let order = self.stage_names();
        let rank = |a: &AppSummary| {
            a.destination
                .as_ref()
                .and_then(|d| order.iter().position(|s| s == d))
                .unwrap_or(usize::MAX)
        };
        let mut apps: Vec<&AppSummary> = self
            .apps
            .namespaces()
            .into_iter()
            .flat_map(|ns| self.apps.in_namespace(ns))
            .collect();
        apps.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)));
        let seen_synced: Vec<((String, String), Vec<String>)> = apps
            .iter()
            .filter(|a| a.sync == "Synced" && !a.operation_pending && !a.images.is_empty())
            .filter_map(|a| Some(((a.name.clone(), a.revision.clone()?), a.images.clone())))
            .collect();
        let apps = apps.into_iter().map(|a| a.name.clone()).collect();
        self.app_list.rebuild(apps);
        if self.deployed.len() > DEPLOYED_LIMIT {
            // A long session: forget the oldest knowledge rather than grow without bound.
            self.deployed.clear();
        }
        self.deployed.extend(seen_synced);
    }

    /// Switches to the next discovered project (wrapping).
    pub fn next_project(&mut self) -> Option<String> {
        let names = self.project_names();
        if names.is_empty() {
            return None;
        }
        let i = names
            .iter()
            .position(|n| Some(n) == self.project.as_ref())
            .map_or(0, |i| (i + 1) % names.len());
        self.project = Some(names[i].clone());
        self.project_pinned = true;
        self.project.clone()
    }
}

impl Collection<AppSummary> {
    /// Applications are listed by name across their (usually one) namespace.
    pub fn in_namespace_any(&self, name: &str) -> Option<&AppSummary> {
        self.namespaces()
            .into_iter()
            .find_map(|ns| self.get(ns, name))
    }
}
