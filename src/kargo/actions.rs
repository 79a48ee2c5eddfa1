//! What promote / approve / abort / refresh write, exactly as Kargo expects it through the
//! Kubernetes API: a Promotion with `generateName` (the webhook renames it and fills the steps),
//! a merge patch of Freight `status.approvedFor` on the status subresource, and annotations.

use k8s_openapi::jiff::Timestamp;
use kube::Client;
use kube::api::{Api, Patch, PatchParams, PostParams};
use serde_json::json;

use super::models::{ABORT_ANNOTATION, Freight, Promotion, REFRESH_ANNOTATION, Stage, Warehouse};
use crate::app::action::Done;
use crate::app::mutation::{Mutation, RefreshTarget};
use crate::kube::errors::describe;

/// Who the audit trail says did it.
const ACTOR: &str = "showrunner";

pub async fn apply(client: Client, mutation: &Mutation) -> Result<Done, String> {
    match mutation {
        Mutation::Promote {
            project,
            stage,
            freight,
            label,
            ..
        } => {
            let api: Api<Promotion> = Api::namespaced(client, project);
            let promotion: Promotion =
                serde_json::from_value(promotion_request(stage, freight)).expect("valid promotion");
            let created = api
                .create(&PostParams::default(), &promotion)
                .await
                .map_err(|e| describe(&e))?;
            let name = created.metadata.name.unwrap_or_default();
            Ok(Done {
                message: format!("promotion {name} created: {} → {stage}", label.alias),
                follow_promotion: Some(name),
            })
        }
        Mutation::Approve {
            project,
            stage,
            freight,
            label,
        } => {
            let api: Api<Freight> = Api::namespaced(client, project);
            let patch = approval_patch(stage, Timestamp::now());
            api.patch_status(freight, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .map_err(|e| describe(&e))?;
            Ok(Done::message(format!(
                "{} approved for {stage}",
                label.alias
            )))
        }
        Mutation::AbortPromotion {
            project, promotion, ..
        } => {
            let api: Api<Promotion> = Api::namespaced(client, project);
            let patch = annotation_patch(ABORT_ANNOTATION, &abort_value());
            api.patch(promotion, &PatchParams::default(), &Patch::Merge(&patch))
                .await
                .map_err(|e| describe(&e))?;
            Ok(Done::message(format!("abort requested for {promotion}")))
        }
        Mutation::Refresh { project, target } => {
            let token = refresh_token(Timestamp::now());
            let patch = annotation_patch(REFRESH_ANNOTATION, &token);
            let params = PatchParams::default();
            match target {
                RefreshTarget::Stage(name) => {
                    let api: Api<Stage> = Api::namespaced(client, project);
                    api.patch(name, &params, &Patch::Merge(&patch))
                        .await
                        .map_err(|e| describe(&e))?;
                    Ok(Done::message(format!("refresh requested for stage {name}")))
                }
                RefreshTarget::Warehouse(name) => {
                    let api: Api<Warehouse> = Api::namespaced(client, project);
                    api.patch(name, &params, &Patch::Merge(&patch))
                        .await
                        .map_err(|e| describe(&e))?;
                    Ok(Done::message(format!(
                        "refresh requested for warehouse {name}"
                    )))
                }
            }
        }
        other => Err(format!("not a Kargo action: {}", other.summary())),
    }
}

/// `generateName` because Kargo's webhook renames promotions to `<stage>.<ulid>.<freight>`.
pub fn promotion_request(stage: &str, freight: &str) -> serde_json::Value {
    json!({
        "apiVersion": "kargo.akuity.io/v1alpha1",
        "kind": "Promotion",
        "metadata": {"generateName": format!("{stage}.")},
        "spec": {"stage": stage, "freight": freight}
    })
}

pub fn approval_patch(stage: &str, now: Timestamp) -> serde_json::Value {
    json!({"status": {"approvedFor": {stage: {"approvedAt": now.to_string()}}}})
}

pub fn abort_value() -> String {
    json!({"action": "terminate", "actor": ACTOR}).to_string()
}

/// Any new value triggers a refresh; Kargo echoes it in `status.lastHandledRefresh`.
pub fn refresh_token(now: Timestamp) -> String {
    now.to_string()
}

pub fn annotation_patch(key: &str, value: &str) -> serde_json::Value {
    json!({"metadata": {"annotations": {key: value}}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_request_leaves_naming_and_steps_to_the_webhook() {
        let p = promotion_request("prod", "f4a6c1b2");
        assert_eq!(p["metadata"], json!({"generateName": "prod."}));
        assert_eq!(p["spec"], json!({"stage": "prod", "freight": "f4a6c1b2"}));
        let typed: Promotion = serde_json::from_value(p).unwrap();
        assert!(typed.spec.steps.is_empty());
    }

    #[test]
    fn approval_adds_the_stage_to_approved_for() {
        let now: Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
        assert_eq!(
            approval_patch("stg", now),
            json!({"status": {"approvedFor": {"stg": {"approvedAt": "2026-11-22T10:00:00Z"}}}})
        );
    }

    #[test]
    fn abort_uses_kargos_annotation_shape() {
        let v: serde_json::Value = serde_json::from_str(&abort_value()).unwrap();
        assert_eq!(v, json!({"action": "terminate", "actor": "showrunner"}));
        assert_eq!(
            annotation_patch(ABORT_ANNOTATION, "x"),
            json!({"metadata": {"annotations": {"kargo.akuity.io/abort": "x"}}})
        );
    }
}
