use serde_json::json;

use super::*;

#[test]
fn stage_summary_reads_current_freight_health_and_last_failure() {
    let stage: Stage = serde_json::from_value(json!({
        "metadata": {"name": "stg", "namespace": "kargo-demo"},
        "spec": {"promotionTemplate": {"spec": {"steps": [{"uses": "git-clone"}, {"uses": "argocd-update"}]}}},
        "status": {
            "autoPromotionEnabled": false,
            "health": {"status": "Unhealthy", "issues": ["app stg-app is Degraded"]},
            "freightHistory": [
                {"id": "new", "items": {"Warehouse/backend": {"name": "f2"}},
                 "verificationHistory": [{"phase": "Failed"}]},
                {"id": "old", "items": {"Warehouse/backend": {"name": "f1"}}}
            ],
            "lastPromotion": {"name": "stg.01.f2", "status": {"phase": "Failed", "message": "step git-push: remote rejected"}},
            "conditions": [{"type": "Ready", "status": "False", "message": "Stage health is Unhealthy"}]
        }
    }))
    .unwrap();
    let s = StageSummary::from_stage(&stage);
    assert_eq!(s.current_freight.as_deref(), Some("f2"));
    assert_eq!(s.health.as_deref(), Some("Unhealthy"));
    assert_eq!(s.verification.as_deref(), Some("Failed"));
    assert_eq!(s.template_steps, ["git-clone", "argocd-update"]);
    assert_eq!(
        s.last_failure.as_deref(),
        Some("stg.01.f2 Failed: step git-push: remote rejected")
    );
    assert_eq!(
        s.ready_message.as_deref(),
        Some("Stage health is Unhealthy")
    );
    assert_eq!(s.last_promotion.as_deref(), Some("stg.01.f2"));
    assert_eq!(
        s.replaced_failed, None,
        "f2 failed, but it is still current"
    );
}

#[test]
fn stage_summary_names_the_failed_freight_the_current_one_replaced() {
    let history = |previous_phase: &str, current: &str| {
        let stage: Stage = serde_json::from_value(json!({
            "metadata": {"name": "dev", "namespace": "kargo-demo"},
            "status": {
                "freightHistory": [
                    {"id": "back", "items": {"Warehouse/backend": {"name": current}}},
                    {"id": "bad", "items": {"Warehouse/backend": {"name": "f2"}},
                     "verificationHistory": [{"phase": previous_phase}]},
                    {"id": "good", "items": {"Warehouse/backend": {"name": "f1"}}}
                ],
                "currentPromotion": {"name": "dev.03.f1"},
                "lastPromotion": {"name": "dev.02.f2"}
            }
        }))
        .unwrap();
        StageSummary::from_stage(&stage)
    };
    let rolled_back = history("Failed", "f1");
    assert_eq!(rolled_back.replaced_failed.as_deref(), Some("f2"));
    assert_eq!(
        rolled_back.last_promotion.as_deref(),
        Some("dev.03.f1"),
        "the running promotion is the last one"
    );
    assert_eq!(history("Successful", "f1").replaced_failed, None);
    assert_eq!(history("Failed", "f2").replaced_failed, None, "f2 again");
}

#[test]
fn freight_summary_prefers_alias_field_then_label_then_short_name() {
    let f: Freight = serde_json::from_value(json!({
        "metadata": {"name": "0123456789abcdef", "labels": {"kargo.akuity.io/alias": "from-label"}},
        "images": [{"repoURL": "ghcr.io/showrunner-demo/backend", "tag": "a1b2c3d"}],
        "commits": [{"id": "a1b2c3d4e5f6", "message": "Update user\\n\\nlong body"}]
    }))
    .unwrap();
    let s = FreightSummary::from_freight(&f);
    assert_eq!(s.alias, "from-label");
    assert_eq!(s.label(), "backend a1b2c3d");
    assert_eq!(
        s.commit,
        Some(("a1b2c3d4e5f6".into(), "Update user\\n\\nlong body".into()))
    );
    let bare: Freight =
        serde_json::from_value(json!({"metadata": {"name": "0123456789abcdef"}})).unwrap();
    assert_eq!(FreightSummary::from_freight(&bare).alias, "0123456");
}

#[test]
fn promotion_progress_names_the_running_step() {
    let p: Promotion = serde_json::from_value(json!({
        "metadata": {"name": "stg.01.f2", "annotations": {"kargo.akuity.io/rollback": "true"}},
        "spec": {"stage": "stg", "freight": "f2",
                 "steps": [{"uses": "git-clone"}, {"uses": "kustomize-set-image"}, {"uses": "git-commit"}, {"uses": "argocd-update"}]},
        "status": {"phase": "Running", "currentStep": 1,
                   "stepExecutionMetadata": [{"alias": "step-1", "status": "Succeeded"}, {"alias": "step-2", "status": "Running"}]}
    }))
    .unwrap();
    let s = PromotionSummary::from_promotion(&p);
    assert_eq!(s.progress().as_deref(), Some("2/4 kustomize-set-image"));
    assert!(s.rollback);
    assert_eq!(s.steps[1].status.as_deref(), Some("Running"));
    assert_eq!(s.steps[3].status, None);
    let done = PromotionSummary {
        phase: "Succeeded".into(),
        ..s
    };
    assert_eq!(done.progress(), None);
}

#[test]
fn a_stage_with_several_origins_knows_each_current_freight() {
    let stage: Stage = serde_json::from_value(json!({
        "metadata": {"name": "prod", "namespace": "kargo-demo"},
        "status": {"freightHistory": [{"id": "new", "items": {
            "Warehouse/backend": {"name": "img1", "origin": {"kind": "Warehouse", "name": "backend"}},
            "Warehouse/charts": {"name": "chart1"}
        }}]}
    }))
    .unwrap();
    let s = StageSummary::from_stage(&stage);
    let origin = |name: &str| FreightOrigin {
        kind: "Warehouse".into(),
        name: name.into(),
    };
    assert_eq!(s.current_for(&origin("backend")), Some("img1"));
    assert_eq!(s.current_for(&origin("charts")), Some("chart1"));
    assert!(s.runs("img1") && s.runs("chart1") && !s.runs("other"));
}

#[test]
fn labels_say_what_the_freight_carries() {
    let freight = |extra: serde_json::Value| {
        let mut f = json!({"metadata": {"name": "0123456789abcdef"}, "alias": "a"});
        f.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        FreightSummary::from_freight(&serde_json::from_value(f).unwrap())
    };
    let chart =
        freight(json!({"charts": [{"repoURL": "oci://ghcr.io/x/podinfo", "version": "6.5.0"}]}));
    assert_eq!(chart.label(), "podinfo 6.5.0");
    let named = freight(
        json!({"charts": [{"repoURL": "https://charts.x", "name": "redis", "version": "1.2.3"}]}),
    );
    assert_eq!(named.label(), "redis 1.2.3");
    let commit =
        freight(json!({"commits": [{"id": "c0ffee123456", "message": "fix login\n\nlong body"}]}));
    assert_eq!(commit.label(), "c0ffee1 fix login");
    assert_eq!(freight(json!({})).label(), "0123456");
}
