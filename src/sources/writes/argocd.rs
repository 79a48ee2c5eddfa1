//! What sync / hard refresh / rollback write, the way Argo CD's own API server does it:
//! read the Application, refuse if an operation is already set, then write `.operation` with the
//! resourceVersion as a precondition so a concurrent change gives a 409 instead of a lost update.

use kube::Client;
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

use super::Done;
use crate::sources::kube::errors::describe;
use crate::sources::writes::mutation::{Mutation, RollbackTarget};
use showrunner_model::argocd::models::{Application, REFRESH_ANNOTATION};

const ACTOR: &str = "showrunner";

pub async fn apply(client: Client, mutation: &Mutation) -> Result<Done, String> {
    match mutation {
        Mutation::SyncApp { namespace, app, .. } => {
            let api: Api<Application> = Api::namespaced(client, namespace);
            let current = api.get(app).await.map_err(|e| describe(&e))?;
            check_no_operation(&current)?;
            let patch = operation_patch(&current, sync_operation());
            api.patch(app, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .map_err(|e| describe(&e))?;
            Ok(Done::message(format!("sync of {app} started")))
        }
        Mutation::HardRefreshApp { namespace, app, .. } => {
            let api: Api<Application> = Api::namespaced(client, namespace);
            let patch = json!({"metadata": {"annotations": {REFRESH_ANNOTATION: "hard"}}});
            api.patch(app, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .map_err(|e| describe(&e))?;
            Ok(Done::message(format!("hard refresh of {app} requested")))
        }
        Mutation::RollbackApp {
            namespace, app, to, ..
        } => {
            let api: Api<Application> = Api::namespaced(client, namespace);
            let current = api.get(app).await.map_err(|e| describe(&e))?;
            // Checked again here: the app may have changed since the key was pressed.
            if current.auto_sync() {
                return Err("rollback cannot be initiated when auto-sync is enabled".into());
            }
            check_no_operation(&current)?;
            let patch = operation_patch(&current, rollback_operation(&current, to)?);
            api.patch(app, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .map_err(|e| describe(&e))?;
            Ok(Done::message(format!("{app} rolling back to #{}", to.id)))
        }
        other => Err(format!("not an Argo CD action: {}", other.summary())),
    }
}

fn check_no_operation(app: &Application) -> Result<(), String> {
    match &app.operation {
        Some(op) if !op.is_null() => Err("another operation is already in progress".into()),
        _ => Ok(()),
    }
}

/// `.operation` plus the resourceVersion read, as a merge patch precondition.
pub fn operation_patch(app: &Application, operation: serde_json::Value) -> serde_json::Value {
    json!({
        "metadata": {"resourceVersion": app.metadata.resource_version},
        "operation": operation
    })
}

/// Sync to the app's target revision (no `revision`: Argo CD uses `spec.source.targetRevision`).
pub fn sync_operation() -> serde_json::Value {
    json!({
        "initiatedBy": {"username": ACTOR},
        "info": [{"name": "Reason", "value": "sync requested from showrunner"}],
        "sync": {"syncStrategy": {"hook": {}}}
    })
}

/// A sync pinned to a history entry, with the entry's source: what `Server.Rollback` writes.
pub fn rollback_operation(
    app: &Application,
    to: &RollbackTarget,
) -> Result<serde_json::Value, String> {
    let parse = |s: &Option<String>| -> Result<Option<serde_json::Value>, String> {
        s.as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| format!("history entry unreadable: {e}"))
    };
    let mut sync = json!({
        "syncStrategy": {"apply": {}},
        "syncOptions": app.spec.sync_policy.as_ref().map(|p| p.sync_options.clone()).unwrap_or_default(),
    });
    match (parse(&to.sources)?, parse(&to.source)?) {
        (Some(sources), _) => {
            sync["sources"] = sources;
            sync["revisions"] = json!([to.revision]);
        }
        (None, source) => {
            if let Some(source) = source {
                sync["source"] = source;
            }
            sync["revision"] = json!(to.revision);
        }
    }
    Ok(json!({
        "initiatedBy": {"username": ACTOR},
        "info": [{"name": "Reason", "value": format!("rollback to history #{}", to.id)}],
        "sync": sync
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(v: serde_json::Value) -> Application {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn rollback_pins_source_and_revision_of_the_history_entry() {
        let a = app(
            json!({"metadata": {"name": "stg-app", "resourceVersion": "42"},
                           "spec": {"syncPolicy": {"syncOptions": ["CreateNamespace=true"]}}}),
        );
        let to = RollbackTarget {
            id: 3,
            revision: Some("abc123".into()),
            source: Some(
                json!({"repoURL": "https://git/x", "path": "env/stg", "targetRevision": "env/stg"})
                    .to_string(),
            ),
            sources: None,
        };
        let patch = operation_patch(&a, rollback_operation(&a, &to).unwrap());
        assert_eq!(patch["metadata"]["resourceVersion"], "42");
        let sync = &patch["operation"]["sync"];
        assert_eq!(sync["revision"], "abc123");
        assert_eq!(sync["source"]["path"], "env/stg");
        assert_eq!(sync["syncStrategy"], json!({"apply": {}}));
        assert_eq!(sync["syncOptions"], json!(["CreateNamespace=true"]));
        assert_eq!(patch["operation"]["initiatedBy"]["username"], "showrunner");
    }

    #[test]
    fn multi_source_rollback_writes_sources_and_revisions() {
        let a = app(json!({"metadata": {"name": "x"}}));
        let to = RollbackTarget {
            id: 1,
            revision: Some("r".into()),
            source: None,
            sources: Some(json!([{"repoURL": "a"}]).to_string()),
        };
        let op = rollback_operation(&a, &to).unwrap();
        assert_eq!(op["sync"]["sources"], json!([{"repoURL": "a"}]));
        assert_eq!(op["sync"]["revisions"], json!(["r"]));
        assert!(op["sync"].get("revision").is_none());
    }

    #[test]
    fn an_existing_operation_blocks_a_new_one() {
        assert!(
            check_no_operation(&app(json!({"metadata": {}, "operation": {"sync": {}}}))).is_err()
        );
        assert!(check_no_operation(&app(json!({"metadata": {}, "operation": null}))).is_ok());
    }
}
