//! What a served kind is: its names, scope and verbs, and the columns of its table (each cell
//! from a path or a computed value, like a CRD's additionalPrinterColumns).

use jiff::Timestamp;
use serde_json::Value;

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
