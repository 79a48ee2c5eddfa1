//! What the API server serves. Every kind is one `ResourceDef`; discovery, routing, the store,
//! tables and OpenAPI are all derived from this list, so adding Kargo or Argo CD kinds later is
//! one `register` call each (with `Cell::Path` columns, like a CRD's additionalPrinterColumns).

use jiff::Timestamp;
use serde_json::Value;

use super::table::{columns, infra};

/// Where a table cell's value comes from.
#[derive(Clone, Copy)]
pub enum Cell {
    /// `metadata.name`.
    Name,
    /// Age from `metadata.creationTimestamp`, printed like kubectl (`5m`, `2d3h`).
    Age,
    /// A dotted path into the object, e.g. `.status.phase` or `.status.history[0].name`
    /// (missing prints as empty), like a CRD's simple additionalPrinterColumns.
    Path(&'static str),
    /// Computed, for the built-in printers (pod STATUS, deployment READY, ...).
    Func(fn(&Value, Timestamp) -> Value),
}

#[derive(Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    /// OpenAPI type of the cell: "string", "integer", "date".
    pub kind: &'static str,
    pub format: &'static str,
    pub description: &'static str,
    /// 0 shows by default; 1 only with `-o wide`.
    pub priority: i32,
    pub cell: Cell,
}

pub struct ResourceDef {
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub namespaced: bool,
    pub short_names: &'static [&'static str],
    pub categories: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub has_status_subresource: bool,
    /// Extra read-only subresources served (e.g. `log` for pods).
    pub subresources: &'static [&'static str],
    /// Deletion sets `deletionTimestamp` and something else (the kubelet) removes the object.
    pub graceful_delete: bool,
    pub columns: &'static [Column],
}

impl std::fmt::Debug for ResourceDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ResourceDef({})", self.qualified())
    }
}

impl PartialEq for ResourceDef {
    fn eq(&self, other: &Self) -> bool {
        (self.group, self.version, self.plural) == (other.group, other.version, other.plural)
    }
}

pub type Res = &'static ResourceDef;

impl ResourceDef {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `pods` or `deployments.apps`, as the real server names a resource in messages.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `Pod` or `Deployment.apps`, as validation messages name a kind.
    pub fn kind_qualified(&self) -> String {
        if self.group.is_empty() {
            self.kind.to_string()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }

    /// Compiled into kube-apiserver (core, `apps`, `*.k8s.io`), as opposed to a CRD's kind.
    pub fn is_built_in(&self) -> bool {
        !self.group.contains('.') || self.group.ends_with(".k8s.io")
    }

    pub fn list_kind(&self) -> String {
        format!("{}List", self.kind)
    }
}

pub const ALL_VERBS: &[&str] = &[
    "create", "delete", "get", "list", "patch", "update", "watch",
];

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
        for def in crate::gitops::kinds::ALL {
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
