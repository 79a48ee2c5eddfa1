//! What the API server serves. Every kind is one `ResourceDef`; discovery, routing, the store,
//! tables and OpenAPI are all derived from this list, so adding Kargo or Argo CD kinds later is
//! one `register` call each (with `Cell::Path` columns, like a CRD's additionalPrinterColumns).

pub mod gitops;

use super::resource::{ALL_VERBS, Res, ResourceDef};
use super::table::{columns, infra};

pub static NAMESPACES: ResourceDef = ResourceDef {
    group: "",
    version: "v1",
    kind: "Namespace",
    plural: "namespaces",
    singular: "namespace",
    namespaced: false,
    short_names: &["ns"],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: columns::NAMESPACE,
};

pub static NODES: ResourceDef = ResourceDef {
    group: "",
    version: "v1",
    kind: "Node",
    plural: "nodes",
    singular: "node",
    namespaced: false,
    short_names: &["no"],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: infra::NODE,
};

pub static PODS: ResourceDef = ResourceDef {
    group: "",
    version: "v1",
    kind: "Pod",
    plural: "pods",
    singular: "pod",
    namespaced: true,
    short_names: &["po"],
    categories: &["all"],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &["log"],
    graceful_delete: true,
    columns: columns::POD,
};

pub static EVENTS: ResourceDef = ResourceDef {
    group: "",
    version: "v1",
    kind: "Event",
    plural: "events",
    singular: "event",
    namespaced: true,
    short_names: &["ev"],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: false,
    subresources: &[],
    graceful_delete: false,
    columns: columns::EVENT,
};

pub static SERVICES: ResourceDef = ResourceDef {
    group: "",
    version: "v1",
    kind: "Service",
    plural: "services",
    singular: "service",
    namespaced: true,
    short_names: &["svc"],
    categories: &["all"],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: infra::SERVICE,
};

pub static DEPLOYMENTS: ResourceDef = ResourceDef {
    group: "apps",
    version: "v1",
    kind: "Deployment",
    plural: "deployments",
    singular: "deployment",
    namespaced: true,
    short_names: &["deploy"],
    categories: &["all"],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &["scale"],
    graceful_delete: false,
    columns: columns::DEPLOYMENT,
};

pub static REPLICASETS: ResourceDef = ResourceDef {
    group: "apps",
    version: "v1",
    kind: "ReplicaSet",
    plural: "replicasets",
    singular: "replicaset",
    namespaced: true,
    short_names: &["rs"],
    categories: &["all"],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &["scale"],
    graceful_delete: false,
    columns: columns::REPLICASET,
};

/// The served kinds, in discovery order.
#[derive(Debug, Clone)]
pub struct Registry {
    defs: Vec<Res>,
}

impl Registry {
    pub fn builtin() -> Self {
        let mut r = Registry { defs: Vec::new() };
        for def in [
            &NAMESPACES,
            &NODES,
            &PODS,
            &EVENTS,
            &SERVICES,
            &DEPLOYMENTS,
            &REPLICASETS,
        ] {
            r.register(def);
        }
        for def in gitops::ALL {
            r.register(def);
        }
        r
    }

    pub fn register(&mut self, def: Res) {
        self.defs.push(def);
    }

    pub fn all(&self) -> &[Res] {
        &self.defs
    }

    pub fn find(&self, group: &str, version: &str, plural: &str) -> Option<Res> {
        self.defs
            .iter()
            .copied()
            .find(|d| d.group == group && d.version == version && d.plural == plural)
    }

    /// Group-versions served, core first; each appears once.
    pub fn group_versions(&self) -> Vec<(&'static str, &'static str)> {
        let mut gvs: Vec<(&'static str, &'static str)> = Vec::new();
        for d in &self.defs {
            if !gvs.contains(&(d.group, d.version)) {
                gvs.push((d.group, d.version));
            }
        }
        gvs
    }

    pub fn serves(&self, group: &str, version: &str) -> bool {
        self.defs
            .iter()
            .any(|d| d.group == group && d.version == version)
    }

    pub fn in_group_version(&self, group: &str, version: &str) -> Vec<Res> {
        self.defs
            .iter()
            .copied()
            .filter(|d| d.group == group && d.version == version)
            .collect()
    }
}
