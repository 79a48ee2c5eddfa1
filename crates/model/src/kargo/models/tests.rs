use serde_json::json;

use super::*;

#[test]
fn freight_reads_top_level_fields_and_status_maps() {
    let f: Freight = serde_json::from_value(json!({
        "apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Freight",
        "metadata": {"name": "f4a6c1b2e3d4f5a6b7c8d9e0f1a2b3c4d5e6f7a8", "namespace": "kargo-demo",
                     "labels": {"kargo.akuity.io/alias": "fierce-owl"}},
        "alias": "fierce-owl",
        "origin": {"kind": "Warehouse", "name": "backend"},
        "images": [{"repoURL": "ghcr.io/showrunner-demo/backend", "tag": "a1b2c3d", "digest": "sha256:00"}],
        "commits": [{"repoURL": "https://github.com/showrunner-demo/app", "id": "a1b2c3d4e5", "message": "Update user"}],
        "discoveredAt": "2026-11-22T09:00:00Z",
        "someFutureField": {"x": 1},
        "status": {
            "currentlyIn": {"dev": {"since": "2026-11-22T09:01:00Z"}},
            "verifiedIn": {"dev": {"verifiedAt": "2026-11-22T09:02:00Z", "longestSoak": "5m0s"}},
            "approvedFor": {"stg": {"approvedAt": "2026-11-22T09:03:00Z"}}
        }
    }))
    .unwrap();
    assert_eq!(f.alias.as_deref(), Some("fierce-owl"));
    assert_eq!(f.images[0].tag, "a1b2c3d");
    assert_eq!(f.commits[0].message, "Update user");
    assert!(f.status.currently_in.contains_key("dev"));
    assert!(f.status.approved_for.contains_key("stg"));
    assert_eq!(
        <Freight as kube::Resource>::url_path(&(), Some("kargo-demo")),
        "/apis/kargo.akuity.io/v1alpha1/namespaces/kargo-demo/freights"
    );
}

#[test]
fn stage_tolerates_missing_status_and_reads_promotion_state() {
    let bare: Stage = serde_json::from_value(json!({"metadata": {"name": "dev"}})).unwrap();
    assert!(bare.status.freight_history.is_empty());

    let s: Stage = serde_json::from_value(json!({
        "metadata": {"name": "stg", "namespace": "kargo-demo"},
        "spec": {
            "requestedFreight": [{"origin": {"kind": "Warehouse", "name": "backend"},
                                  "sources": {"stages": ["dev"], "requiredSoakTime": "1h"}}],
            "promotionTemplate": {"spec": {"steps": [{"uses": "git-clone"}, {"uses": "argocd-update", "as": "sync"}]}}
        },
        "status": {
            "health": {"status": "Healthy"},
            "autoPromotionEnabled": false,
            "currentPromotion": {"name": "stg.01j.abc", "freight": {"name": "f1", "origin": {"kind": "Warehouse", "name": "backend"}}},
            "freightHistory": [{"id": "h1", "items": {"Warehouse/backend": {"name": "f0", "images": [{"repoURL": "r", "tag": "t0"}]}}}],
            "conditions": [{"type": "Ready", "status": "True", "reason": "Ready"}]
        }
    }))
    .unwrap();
    assert_eq!(s.spec.requested_freight[0].sources.stages, ["dev"]);
    assert_eq!(
        s.spec.promotion_template.unwrap().spec.steps[1].display_name(),
        "sync"
    );
    assert_eq!(
        s.status.freight_history[0].items["Warehouse/backend"].images[0].tag,
        "t0"
    );
    assert_eq!(
        s.status.current_promotion.unwrap().freight.unwrap().name,
        "f1"
    );
}

#[test]
fn promotion_reads_phase_and_step_metadata() {
    let p: Promotion = serde_json::from_value(json!({
        "metadata": {"name": "prod.01jabc.f4a6c1b"},
        "spec": {"stage": "prod", "freight": "f4a6c1b", "steps": [{"uses": "git-clone"}, {"uses": "git-push"}]},
        "status": {"phase": "Running", "currentStep": 1,
                   "stepExecutionMetadata": [{"alias": "step-0", "status": "Succeeded"}, {"alias": "step-1", "status": "Running"}]}
    }))
    .unwrap();
    assert_eq!(p.status.phase.as_deref(), Some("Running"));
    assert_eq!(p.status.current_step, Some(1));
    assert_eq!(
        p.status.step_execution_metadata[1].status.as_deref(),
        Some("Running")
    );
}

#[test]
fn warehouse_lists_subscribed_repositories_of_any_kind() {
    let w: Warehouse = serde_json::from_value(json!({
        "metadata": {"name": "backend"},
        "spec": {"subscriptions": [{"image": {"repoURL": "ghcr.io/x/backend", "imageSelectionStrategy": "NewestBuild"}},
                                   {"git": {"repoURL": "https://github.com/x/app"}}]}
    }))
    .unwrap();
    assert_eq!(
        w.subscribed_repos(),
        ["ghcr.io/x/backend", "https://github.com/x/app"]
    );
}
