//! What the applications pane shows, cut from an Argo CD Application on arrival.

use k8s_openapi::jiff::Timestamp;

use showrunner_model::argocd::models::{Application, HistoryEntry};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AppSummary {
    pub namespace: String,
    pub name: String,
    pub project: String,
    pub destination: Option<String>,
    /// Synced | OutOfSync | Unknown
    pub sync: String,
    /// Healthy | Progressing | Degraded | Suspended | Missing | Unknown
    pub health: String,
    pub revision: Option<String>,
    pub images: Vec<String>,
    pub auto_sync: bool,
    /// An operation is requested or running (`.operation` is set).
    pub operation_pending: bool,
    pub operation_phase: Option<String>,
    pub operation_message: Option<String>,
    pub operation_finished: Option<Timestamp>,
    /// Oldest first, as Argo CD keeps it.
    pub history: Vec<HistoryItem>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryItem {
    pub id: i64,
    pub revision: Option<String>,
    pub deployed_at: Option<Timestamp>,
    pub initiated_by: Option<String>,
    /// Kept as written, so a rollback can put it back exactly.
    pub source: Option<serde_json::Value>,
    pub sources: Option<Vec<serde_json::Value>>,
}

impl HistoryItem {
    fn from_entry(e: &HistoryEntry) -> HistoryItem {
        let initiated_by = e.initiated_by.as_ref().and_then(|i| {
            if i.automated == Some(true) {
                Some("automated".into())
            } else {
                i.username.clone()
            }
        });
        HistoryItem {
            id: e.id,
            revision: e.revision().map(String::from),
            deployed_at: e.deployed_at.as_ref().map(|t| t.0),
            initiated_by,
            source: e.source.clone(),
            sources: e.sources.clone(),
        }
    }
}

impl AppSummary {
    pub fn from_app(app: &Application) -> AppSummary {
        let op = app.status.operation_state.as_ref();
        AppSummary {
            namespace: app.metadata.namespace.clone().unwrap_or_default(),
            name: app.metadata.name.clone().unwrap_or_default(),
            project: app.spec.project.clone(),
            destination: app.spec.destination.namespace.clone(),
            sync: non_empty(&app.status.sync.status),
            health: non_empty(&app.status.health.status),
            revision: app.revision().map(String::from),
            images: app.status.summary.images.clone(),
            auto_sync: app.auto_sync(),
            operation_pending: app.operation.as_ref().is_some_and(|o| !o.is_null()),
            operation_phase: op.map(|o| o.phase.clone()).filter(|p| !p.is_empty()),
            operation_message: op.and_then(|o| o.message.clone()).filter(|m| !m.is_empty()),
            operation_finished: op.and_then(|o| o.finished_at.as_ref()).map(|t| t.0),
            history: app
                .status
                .history
                .iter()
                .map(HistoryItem::from_entry)
                .collect(),
        }
    }

    /// The deployment before the current one: what `argocd app rollback APP` picks.
    pub fn previous_deployment(&self) -> Option<&HistoryItem> {
        let n = self.history.len();
        (n >= 2).then(|| &self.history[n - 2])
    }
}

fn non_empty(s: &str) -> String {
    if s.is_empty() {
        "Unknown".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn app(v: serde_json::Value) -> AppSummary {
        AppSummary::from_app(&serde_json::from_value(v).unwrap())
    }

    #[test]
    fn reads_sync_health_operation_and_history() {
        let s = app(json!({
            "metadata": {"name": "dev-app", "namespace": "argocd"},
            "spec": {"project": "default", "destination": {"namespace": "dev"},
                     "syncPolicy": {"automated": {"prune": true}}},
            "operation": {"sync": {"revision": "abc"}},
            "status": {
                "sync": {"status": "OutOfSync", "revision": "abc123"},
                "health": {"status": "Progressing"},
                "operationState": {"phase": "Running", "message": "waiting for healthy state"},
                "history": [
                    {"id": 3, "revision": "r3", "deployedAt": "2026-11-22T09:00:00Z", "source": {"repoURL": "x", "path": "env/dev"}},
                    {"id": 4, "revision": "r4", "initiatedBy": {"automated": true}}
                ],
                "summary": {"images": ["ghcr.io/x/backend:a1b2c3d"]}
            }
        }));
        assert_eq!(
            (s.sync.as_str(), s.health.as_str()),
            ("OutOfSync", "Progressing")
        );
        assert!(s.auto_sync && s.operation_pending);
        assert_eq!(s.operation_phase.as_deref(), Some("Running"));
        assert_eq!(s.previous_deployment().unwrap().id, 3);
        assert_eq!(
            s.previous_deployment().unwrap().source,
            Some(json!({"repoURL": "x", "path": "env/dev"}))
        );
        assert_eq!(s.history[1].initiated_by.as_deref(), Some("automated"));
    }

    #[test]
    fn automated_block_can_be_switched_off_and_missing_status_reads_unknown() {
        let s = app(
            json!({"metadata": {"name": "a"}, "spec": {"syncPolicy": {"automated": {"enabled": false}}},
                           "operation": null}),
        );
        assert!(!s.auto_sync);
        assert!(!s.operation_pending);
        assert_eq!((s.sync.as_str(), s.health.as_str()), ("Unknown", "Unknown"));
        assert!(s.previous_deployment().is_none());
    }
}
