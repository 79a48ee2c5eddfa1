//! Kargo custom resources (`kargo.akuity.io/v1alpha1`), typed only where panes read them.
//! Every field is optional or defaulted and unknown fields are ignored, so other Kargo versions
//! (older clusters, the unreleased v1.12 line) still deserialise.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::{Deserialize, Serialize};

pub const GROUP: &str = "kargo.akuity.io";
pub const VERSION: &str = "v1alpha1";
pub const ALIAS_LABEL: &str = "kargo.akuity.io/alias";
pub const ABORT_ANNOTATION: &str = "kargo.akuity.io/abort";
pub const REFRESH_ANNOTATION: &str = "kargo.akuity.io/refresh";
pub const ROLLBACK_ANNOTATION: &str = "kargo.akuity.io/rollback";

/// `kube::Resource` for a Kargo kind: these types are hand-written (not derived) because
/// Freight has no `spec` and the status shapes are read leniently.
macro_rules! kargo_resource {
    ($ty:ident, $kind:literal, $plural:literal, $scope:ty) => {
        impl kube::Resource for $ty {
            type DynamicType = ();
            type Scope = $scope;
            fn kind(_: &()) -> std::borrow::Cow<'_, str> {
                $kind.into()
            }
            fn group(_: &()) -> std::borrow::Cow<'_, str> {
                GROUP.into()
            }
            fn version(_: &()) -> std::borrow::Cow<'_, str> {
                VERSION.into()
            }
            fn plural(_: &()) -> std::borrow::Cow<'_, str> {
                $plural.into()
            }
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
        }
    };
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FreightOrigin {
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Image {
    #[serde(rename = "repoURL")]
    pub repo_url: String,
    pub tag: String,
    pub digest: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct GitCommit {
    #[serde(rename = "repoURL")]
    pub repo_url: String,
    pub id: String,
    pub branch: String,
    pub tag: String,
    pub message: String,
    pub author: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Chart {
    #[serde(rename = "repoURL")]
    pub repo_url: String,
    pub name: String,
    pub version: String,
}

// ---- Freight -------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Freight {
    pub metadata: ObjectMeta,
    pub alias: Option<String>,
    pub origin: FreightOrigin,
    pub images: Vec<Image>,
    pub commits: Vec<GitCommit>,
    pub charts: Vec<Chart>,
    pub status: FreightStatus,
}
kargo_resource!(
    Freight,
    "Freight",
    "freights",
    kube::core::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FreightStatus {
    pub currently_in: BTreeMap<String, CurrentStage>,
    pub verified_in: BTreeMap<String, VerifiedStage>,
    pub approved_for: BTreeMap<String, ApprovedStage>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct CurrentStage {
    pub since: Option<Time>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct VerifiedStage {
    pub verified_at: Option<Time>,
    /// A duration string such as "1h0m0s".
    pub longest_soak: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ApprovedStage {
    pub approved_at: Option<Time>,
}

// ---- Stage ---------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Stage {
    pub metadata: ObjectMeta,
    pub spec: StageSpec,
    pub status: StageStatus,
}
kargo_resource!(Stage, "Stage", "stages", kube::core::NamespaceResourceScope);

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct StageSpec {
    pub requested_freight: Vec<FreightRequest>,
    pub promotion_template: Option<PromotionTemplate>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FreightRequest {
    pub origin: FreightOrigin,
    pub sources: FreightSources,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FreightSources {
    pub direct: bool,
    pub stages: Vec<String>,
    /// A duration string such as "1h".
    pub required_soak_time: Option<String>,
    /// "All" or "OneOf" (the default).
    pub availability_strategy: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct PromotionTemplate {
    pub spec: PromotionTemplateSpec,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct PromotionTemplateSpec {
    pub steps: Vec<PromotionStep>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct PromotionStep {
    pub uses: Option<String>,
    #[serde(rename = "as")]
    pub alias: Option<String>,
    pub task: Option<TaskRef>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct TaskRef {
    pub name: String,
    pub kind: Option<String>,
}

impl PromotionStep {
    /// What the step is called on screen: its alias, else what it uses, else its task.
    pub fn display_name(&self) -> String {
        self.alias
            .clone()
            .or_else(|| self.uses.clone())
            .or_else(|| self.task.as_ref().map(|t| t.name.clone()))
            .unwrap_or_else(|| "step".into())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct StageStatus {
    pub conditions: Vec<Condition>,
    pub freight_history: Vec<FreightCollection>,
    pub freight_summary: Option<String>,
    pub health: Option<Health>,
    pub current_promotion: Option<PromotionReference>,
    pub last_promotion: Option<PromotionReference>,
    pub auto_promotion_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Condition {
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FreightCollection {
    pub id: String,
    pub items: BTreeMap<String, FreightReference>,
    pub verification_history: Vec<VerificationInfo>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FreightReference {
    pub name: String,
    pub origin: FreightOrigin,
    pub images: Vec<Image>,
    pub commits: Vec<GitCommit>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct VerificationInfo {
    pub id: Option<String>,
    pub phase: Option<String>,
    pub message: Option<String>,
    pub start_time: Option<Time>,
    pub finish_time: Option<Time>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Health {
    /// Healthy | NotApplicable | Progressing | Unknown | Unhealthy
    pub status: String,
    pub issues: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct PromotionReference {
    pub name: String,
    pub freight: Option<FreightReference>,
    pub status: Option<PromotionStatus>,
    pub finished_at: Option<Time>,
}

// ---- Promotion -----------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Promotion {
    pub metadata: ObjectMeta,
    pub spec: PromotionSpec,
    pub status: PromotionStatus,
}
kargo_resource!(
    Promotion,
    "Promotion",
    "promotions",
    kube::core::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct PromotionSpec {
    pub stage: String,
    pub freight: String,
    pub steps: Vec<PromotionStep>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct PromotionStatus {
    /// Pending | Running | Succeeded | Failed | Errored | Aborted
    pub phase: Option<String>,
    pub message: Option<String>,
    pub started_at: Option<Time>,
    pub finished_at: Option<Time>,
    pub current_step: Option<i64>,
    pub step_execution_metadata: Vec<StepExecution>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct StepExecution {
    pub alias: Option<String>,
    pub started_at: Option<Time>,
    pub finished_at: Option<Time>,
    pub error_count: Option<i64>,
    /// Running | Succeeded | Failed | Errored | Aborted | Skipped
    pub status: Option<String>,
    pub message: Option<String>,
}

// ---- Warehouse and Project -----------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Warehouse {
    pub metadata: ObjectMeta,
    pub spec: WarehouseSpec,
}
kargo_resource!(
    Warehouse,
    "Warehouse",
    "warehouses",
    kube::core::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct WarehouseSpec {
    pub subscriptions: Vec<serde_json::Value>,
}

impl Warehouse {
    /// The repository URLs it watches, whatever the subscription kind (image, git, chart).
    pub fn subscribed_repos(&self) -> Vec<String> {
        self.spec
            .subscriptions
            .iter()
            .filter_map(|s| {
                s.as_object()?
                    .values()
                    .find_map(|v| v.get("repoURL")?.as_str().map(String::from))
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Project {
    pub metadata: ObjectMeta,
}
kargo_resource!(
    Project,
    "Project",
    "projects",
    kube::core::ClusterResourceScope
);

#[cfg(test)]
mod tests;
