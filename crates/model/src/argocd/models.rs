//! Argo CD `Application` (`argoproj.io/v1alpha1`), typed where the panes and actions read it.
//! `operation` is a sibling of spec and status; source/history entries are kept as raw JSON so a
//! rollback can copy them back unchanged, whatever fields this Argo CD version has.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::{Deserialize, Serialize};

pub const GROUP: &str = "argoproj.io";
pub const VERSION: &str = "v1alpha1";
pub const REFRESH_ANNOTATION: &str = "argocd.argoproj.io/refresh";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Application {
    pub metadata: ObjectMeta,
    pub spec: ApplicationSpec,
    pub status: ApplicationStatus,
    pub operation: Option<serde_json::Value>,
}

impl kube::Resource for Application {
    type DynamicType = ();
    type Scope = kube::core::NamespaceResourceScope;
    fn kind(_: &()) -> std::borrow::Cow<'_, str> {
        "Application".into()
    }
    fn group(_: &()) -> std::borrow::Cow<'_, str> {
        GROUP.into()
    }
    fn version(_: &()) -> std::borrow::Cow<'_, str> {
        VERSION.into()
    }
    fn plural(_: &()) -> std::borrow::Cow<'_, str> {
        "applications".into()
    }
    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
    fn meta_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ApplicationSpec {
    pub project: String,
    pub source: Option<serde_json::Value>,
    pub sources: Option<Vec<serde_json::Value>>,
    pub destination: Destination,
    pub sync_policy: Option<SyncPolicy>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Destination {
    pub server: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncPolicy {
    pub automated: Option<Automated>,
    pub sync_options: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Automated {
    /// Argo CD 3 can keep the block but switch it off with `enabled: false`.
    pub enabled: Option<bool>,
    pub prune: Option<bool>,
    pub self_heal: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ApplicationStatus {
    pub sync: SyncStatus,
    pub health: HealthStatus,
    pub operation_state: Option<OperationState>,
    pub history: Vec<HistoryEntry>,
    pub summary: Summary,
    pub reconciled_at: Option<Time>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct SyncStatus {
    /// Synced | OutOfSync | Unknown
    pub status: String,
    pub revision: Option<String>,
    pub revisions: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct HealthStatus {
    /// Healthy | Progressing | Degraded | Suspended | Missing | Unknown
    pub status: String,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct OperationState {
    /// Running | Terminating | Failed | Error | Succeeded
    pub phase: String,
    pub message: Option<String>,
    pub started_at: Option<Time>,
    pub finished_at: Option<Time>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct HistoryEntry {
    pub id: i64,
    pub revision: Option<String>,
    pub revisions: Vec<String>,
    pub deployed_at: Option<Time>,
    pub deploy_started_at: Option<Time>,
    pub source: Option<serde_json::Value>,
    pub sources: Option<Vec<serde_json::Value>>,
    pub initiated_by: Option<InitiatedBy>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct InitiatedBy {
    pub username: Option<String>,
    pub automated: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Summary {
    pub images: Vec<String>,
}

impl Application {
    pub fn auto_sync(&self) -> bool {
        self.spec
            .sync_policy
            .as_ref()
            .and_then(|p| p.automated.as_ref())
            .is_some_and(|a| a.enabled != Some(false))
    }

    /// The revision currently synced: single-source or the first of a multi-source app.
    pub fn revision(&self) -> Option<&str> {
        self.status.sync.revision.as_deref().or(self
            .status
            .sync
            .revisions
            .first()
            .map(String::as_str))
    }
}

impl HistoryEntry {
    pub fn revision(&self) -> Option<&str> {
        self.revision
            .as_deref()
            .or(self.revisions.first().map(String::as_str))
    }
}
