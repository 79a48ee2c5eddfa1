//! The Kargo (`kargo.akuity.io/v1alpha1`) and Argo CD (`argoproj.io/v1alpha1`) kinds the
//! sandbox serves, one registry entry each, with the printer columns their CRDs declare.

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::resource::{ALL_VERBS, Cell, Column, ResourceDef};
use crate::table::columns::{AGE, NAME, col};

pub const KARGO: &str = "kargo.akuity.io";
pub const ARGO: &str = "argoproj.io";

fn str_cell(v: Option<&Value>) -> Value {
    json!(v.and_then(Value::as_str).unwrap_or(""))
}

/// `.status.conditions[?(@.type=="Ready")].<field>`
fn ready_condition(obj: &Value, field: &str) -> Value {
    let cond = obj
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|c| c.iter().find(|c| c["type"] == "Ready"));
    str_cell(cond.and_then(|c| c.get(field)))
}

fn ready_status(obj: &Value, _: Timestamp) -> Value {
    ready_condition(obj, "status")
}

fn ready_message(obj: &Value, _: Timestamp) -> Value {
    ready_condition(obj, "message")
}

/// `.metadata.labels.kargo\.akuity\.io/alias`
fn alias(obj: &Value, _: Timestamp) -> Value {
    str_cell(
        obj.pointer("/metadata/labels")
            .and_then(|l| l.get("kargo.akuity.io/alias")),
    )
}

fn shard_label(obj: &Value, _: Timestamp) -> Value {
    str_cell(
        obj.pointer("/metadata/labels")
            .and_then(|l| l.get("kargo.akuity.io/shard")),
    )
}

const SHARD: Column = col("Shard", "string", 0, Cell::Path(".spec.shard"), "");

pub static PROJECTS: ResourceDef = ResourceDef {
    group: KARGO,
    version: "v1alpha1",
    kind: "Project",
    plural: "projects",
    singular: "project",
    namespaced: false,
    short_names: &[],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: &[
        NAME,
        col("Ready", "string", 0, Cell::Func(ready_status), ""),
        col("Status", "string", 0, Cell::Func(ready_message), ""),
        AGE,
    ],
};

pub static PROJECT_CONFIGS: ResourceDef = ResourceDef {
    group: KARGO,
    version: "v1alpha1",
    kind: "ProjectConfig",
    plural: "projectconfigs",
    singular: "projectconfig",
    namespaced: true,
    short_names: &[],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: &[NAME, AGE],
};

pub static WAREHOUSES: ResourceDef = ResourceDef {
    group: KARGO,
    version: "v1alpha1",
    kind: "Warehouse",
    plural: "warehouses",
    singular: "warehouse",
    namespaced: true,
    short_names: &[],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: &[NAME, SHARD, AGE],
};

pub static FREIGHTS: ResourceDef = ResourceDef {
    group: KARGO,
    version: "v1alpha1",
    kind: "Freight",
    plural: "freights",
    singular: "freight",
    namespaced: true,
    short_names: &[],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: &[
        NAME,
        col("Alias", "string", 0, Cell::Func(alias), ""),
        col("Origin (Kind)", "string", 0, Cell::Path(".origin.kind"), ""),
        col("Origin (Name)", "string", 0, Cell::Path(".origin.name"), ""),
        AGE,
    ],
};

pub static STAGES: ResourceDef = ResourceDef {
    group: KARGO,
    version: "v1alpha1",
    kind: "Stage",
    plural: "stages",
    singular: "stage",
    namespaced: true,
    short_names: &[],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: &[
        NAME,
        SHARD,
        col(
            "Current Freight",
            "string",
            0,
            Cell::Path(".status.freightSummary"),
            "",
        ),
        col(
            "Health",
            "string",
            0,
            Cell::Path(".status.health.status"),
            "",
        ),
        col("Ready", "string", 0, Cell::Func(ready_status), ""),
        col("Status", "string", 0, Cell::Func(ready_message), ""),
        AGE,
    ],
};

pub static PROMOTIONS: ResourceDef = ResourceDef {
    group: KARGO,
    version: "v1alpha1",
    kind: "Promotion",
    plural: "promotions",
    singular: "promotion",
    namespaced: true,
    short_names: &["promo", "promos"],
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: true,
    subresources: &[],
    graceful_delete: false,
    columns: &[
        NAME,
        col("Shard", "string", 0, Cell::Func(shard_label), ""),
        col("Stage", "string", 0, Cell::Path(".spec.stage"), ""),
        col("Freight", "string", 0, Cell::Path(".spec.freight"), ""),
        col("Phase", "string", 0, Cell::Path(".status.phase"), ""),
        AGE,
    ],
};

/// The real Application CRD declares no status subresource: controllers write the whole object.
pub static APPLICATIONS: ResourceDef = ResourceDef {
    group: ARGO,
    version: "v1alpha1",
    kind: "Application",
    plural: "applications",
    singular: "application",
    namespaced: true,
    short_names: &["app", "apps"],
    // The real Application CRD declares no categories.
    categories: &[],
    verbs: ALL_VERBS,
    has_status_subresource: false,
    subresources: &[],
    graceful_delete: false,
    columns: &[
        NAME,
        col(
            "Sync Status",
            "string",
            0,
            Cell::Path(".status.sync.status"),
            "",
        ),
        col(
            "Health Status",
            "string",
            0,
            Cell::Path(".status.health.status"),
            "",
        ),
        col(
            "Revision",
            "string",
            10,
            Cell::Path(".status.sync.revision"),
            "",
        ),
        col("Project", "string", 10, Cell::Path(".spec.project"), ""),
    ],
};

pub const ALL: [&ResourceDef; 7] = [
    &PROJECTS,
    &PROJECT_CONFIGS,
    &WAREHOUSES,
    &FREIGHTS,
    &STAGES,
    &PROMOTIONS,
    &APPLICATIONS,
];
