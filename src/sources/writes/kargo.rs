//! What promote / approve / abort / refresh write, exactly as Kargo expects it through the
//! Kubernetes API: a Promotion with `generateName` (the webhook renames it and fills the steps),
//! a merge patch of Freight `status.approvedFor` on the status subresource, and annotations.

use k8s_openapi::jiff::Timestamp;
use kube::Client;
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use super::Done;
use crate::sources::kube::errors::describe;
use crate::sources::writes::mutation::{Mutation, RefreshTarget};
use showrunner_model::kargo::models::{
    ABORT_ANNOTATION, Freight, Promotion, REFRESH_ANNOTATION, Stage, Warehouse,
};

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
            let name = promote(client, project, stage, freight).await?;
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

/// Creates the Promotion as Kargo's own API server does: the steps and vars come from the
/// Stage's promotion template. Kargo's webhook overwrites them anyway, but the CRD requires
/// `spec.steps`, so a body without them is refused wherever the webhook does not run first.
/// The body goes out untyped: the typed `Promotion` would drop `apiVersion`/`kind` (which the
/// API server requires) and every step field the panes do not read.
async fn promote(
    client: Client,
    project: &str,
    stage: &str,
    freight: &str,
) -> Result<String, String> {
    let stages: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), project, &ApiResource::erase::<Stage>(&()));
    let stage_object = stages.get(stage).await.map_err(|e| describe(&e))?;
    let body = promotion_request(stage, freight, &stage_object.data);
    let promotion: DynamicObject = serde_json::from_value(body).map_err(|e| e.to_string())?;
    let promotions: Api<DynamicObject> =
        Api::namespaced_with(client, project, &ApiResource::erase::<Promotion>(&()));
    let created = promotions
        .create(&PostParams::default(), &promotion)
        .await
        .map_err(|e| describe(&e))?;
    Ok(created.metadata.name.unwrap_or_default())
}

/// Named as Kargo's own clients name it (`NewMinimalPromotion`): `generateName: promo-`, which
/// Kargo's webhook replaces with `<stage>.<ulid>.<freight>`. (A generateName must itself be a
/// valid name once a suffix is added: `"stg."` is refused by the API server.)
/// `stage_object` is the Stage as the API serves it (`spec.vars`, `spec.promotionTemplate.spec`).
pub fn promotion_request(stage: &str, freight: &str, stage_object: &Value) -> Value {
    let template = &stage_object["spec"]["promotionTemplate"]["spec"];
    let steps = template["steps"].as_array().cloned().unwrap_or_default();
    // Stage-wide vars first, then the template's, as the webhook merges them.
    let vars: Vec<Value> = [&stage_object["spec"]["vars"], &template["vars"]]
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
        .cloned()
        .collect();
    let mut spec = json!({"stage": stage, "freight": freight, "steps": steps});
    if !vars.is_empty() {
        spec["vars"] = Value::Array(vars);
    }
    json!({
        "apiVersion": "kargo.akuity.io/v1alpha1",
        "kind": "Promotion",
        "metadata": {"generateName": "promo-"},
        "spec": spec
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

    fn stage_with_template() -> Value {
        json!({"spec": {
            "vars": [{"name": "repo", "value": "https://git/x"}],
            "promotionTemplate": {"spec": {
                "vars": [{"name": "branch", "value": "env/prod"}],
                "steps": [{"uses": "git-clone", "config": {"repoURL": "${{ vars.repo }}"}},
                          {"uses": "git-push", "as": "push", "config": {"path": "./out"}}]}}}})
    }

    #[test]
    fn promotion_request_copies_the_stage_template_and_leaves_naming_to_the_webhook() {
        let p = promotion_request("prod", "f4a6c1b2", &stage_with_template());
        assert_eq!(p["metadata"], json!({"generateName": "promo-"}));
        assert_eq!(p["spec"]["stage"], "prod");
        assert_eq!(p["spec"]["freight"], "f4a6c1b2");
        assert_eq!(
            p["spec"]["steps"],
            stage_with_template()["spec"]["promotionTemplate"]["spec"]["steps"],
            "every step field is copied, not only those the panes read"
        );
        assert_eq!(
            p["spec"]["vars"],
            json!([{"name": "repo", "value": "https://git/x"}, {"name": "branch", "value": "env/prod"}])
        );
    }

    /// A real API server refuses a body without `apiVersion` and `kind` ("Object 'Kind' is
    /// missing"); this is the object `promote` posts.
    #[test]
    fn the_posted_promotion_names_its_kind() {
        let body = promotion_request("dev", "abc", &stage_with_template());
        let object: DynamicObject = serde_json::from_value(body).unwrap();
        let sent = serde_json::to_value(&object).unwrap();
        assert_eq!(sent["apiVersion"], "kargo.akuity.io/v1alpha1");
        assert_eq!(sent["kind"], "Promotion");
        assert_eq!(sent["spec"]["steps"][1]["as"], "push");
    }

    #[test]
    fn a_stage_without_template_gives_an_empty_step_list_for_the_server_to_judge() {
        let p = promotion_request("dev", "abc", &json!({"spec": {}}));
        assert_eq!(p["spec"]["steps"], json!([]));
        assert!(p["spec"].get("vars").is_none());
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
