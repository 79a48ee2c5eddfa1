//! Kargo and Argo CD objects of the demo, written from the CRDs' shapes, fed through the
//! same summaries and reducer as live watch events.

use std::time::Instant;

use serde_json::{Value, json};
use showrunner::app::{Action, AppState, update};
use showrunner::argocd::summary::AppSummary;
use showrunner::kargo::summary::{
    FreightSummary, PromotionSummary, StageSummary, WarehouseSummary,
};
use showrunner::sources::kube::update::{Change, Update};
use showrunner_model::argocd::models::Application;
use showrunner_model::kargo::models::{Freight, Promotion, Stage, Warehouse};

pub const PROJECT: &str = "kargo-demo";
const BACKEND: &str = "ghcr.io/showrunner-demo/backend";

fn upd<S>(ns: &str, list: Vec<S>) -> Update<S> {
    Update {
        namespace: ns.into(),
        change: Change::Relisted(list),
        received: Instant::now(),
    }
}

pub fn stage(name: &str, sources: Value, current: &str, health: &str, extra: Value) -> Stage {
    let mut v = json!({
        "metadata": {"name": name, "namespace": PROJECT},
        "spec": {
            "requestedFreight": [{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": sources}],
            "promotionTemplate": {"spec": {"steps": [
                {"uses": "git-clone"}, {"uses": "kustomize-set-image"}, {"uses": "git-commit"},
                {"uses": "git-push"}, {"uses": "argocd-update"}
            ]}}
        },
        "status": {
            "health": {"status": health},
            "autoPromotionEnabled": name == "dev",
            "freightHistory": [{"id": "h", "items": {"Warehouse/backend": {"name": current}},
                                "verificationHistory": [{"phase": "Successful"}]}]
        }
    });
    merge(&mut v, extra);
    serde_json::from_value(v).unwrap()
}

pub fn freight(
    name: &str,
    alias: &str,
    tag: &str,
    message: &str,
    created: &str,
    status: Value,
) -> Freight {
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": PROJECT, "creationTimestamp": created,
                     "labels": {"kargo.akuity.io/alias": alias}},
        "alias": alias,
        "origin": {"kind": "Warehouse", "name": "backend"},
        "images": [{"repoURL": BACKEND, "tag": tag}],
        "commits": [{"repoURL": "https://github.com/showrunner-demo/app", "id": format!("{tag}9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a"), "message": message}],
        "status": status
    }))
    .unwrap()
}

pub fn promotion(
    name: &str,
    stage: &str,
    freight: &str,
    phase: &str,
    step: i64,
    created: &str,
) -> Promotion {
    let names = [
        "git-clone",
        "kustomize-set-image",
        "git-commit",
        "git-push",
        "argocd-update",
    ];
    let meta: Vec<Value> = (0..5)
        .filter(|i| *i <= step)
        .map(|i| {
            let status = if phase == "Succeeded" || i < step {
                "Succeeded"
            } else {
                phase
            };
            json!({"alias": format!("step-{}", i + 1), "status": status, "startedAt": created})
        })
        .collect();
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": PROJECT, "creationTimestamp": created},
        "spec": {"stage": stage, "freight": freight, "steps": names.iter().map(|n| json!({"uses": n})).collect::<Vec<_>>()},
        "status": {"phase": phase, "currentStep": step, "startedAt": created,
                   "finishedAt": if phase == "Succeeded" { json!("2026-11-22T09:58:30Z") } else { Value::Null },
                   "message": if phase == "Failed" { json!("step git-push: remote rejected (non-fast-forward)") } else { Value::Null },
                   "stepExecutionMetadata": meta}
    }))
    .unwrap()
}

pub fn app(
    name: &str,
    ns: &str,
    sync: &str,
    health: &str,
    revision: &str,
    auto: bool,
    history: Value,
) -> Application {
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "argocd"},
        "spec": {"project": "default", "destination": {"namespace": ns},
                 "source": {"repoURL": "https://github.com/showrunner-demo/gitops", "path": format!("env/{ns}"), "targetRevision": format!("env/{ns}")},
                 "syncPolicy": if auto { json!({"automated": {"prune": true}}) } else { json!({}) }},
        "status": {"sync": {"status": sync, "revision": revision}, "health": {"status": health},
                   "history": history, "summary": {"images": [format!("{BACKEND}:a1b2c3d")]}}
    }))
    .unwrap()
}

/// dev runs the newest freight and stg is promoting it (step 2/5); prod is one behind.
pub fn load_demo(state: &mut AppState) {
    let fierce = "f3a1c2b3d4e5f60718293a4b5c6d7e8f90a1b2c3";
    let calm = "c0ffee11d4e5f60718293a4b5c6d7e8f90a1b2c3";
    let old = "0ld00000d4e5f60718293a4b5c6d7e8f90a1b2c3";
    let stages = [
        stage("dev", json!({"direct": true}), fierce, "Healthy", json!({})),
        stage(
            "stg",
            json!({"stages": ["dev"], "requiredSoakTime": "1h"}),
            calm,
            "Healthy",
            json!({"status": {"currentPromotion": {"name": "stg.01jc8.f3a1c2b"}}}),
        ),
        stage(
            "prod",
            json!({"stages": ["stg"], "requiredSoakTime": "1h"}),
            old,
            "Healthy",
            json!({}),
        ),
    ];
    let freight = [
        freight(
            fierce,
            "fierce-owl",
            "a1b2c3d",
            "Merge feature/update-user",
            "2026-11-22T09:50:00Z",
            json!({"currentlyIn": {"dev": {"since": "2026-11-22T09:52:00Z"}}, "verifiedIn": {"dev": {}}, "approvedFor": {"stg": {}}}),
        ),
        freight(
            calm,
            "calm-fox",
            "e4f5a6b",
            "Add health endpoint",
            "2026-11-22T08:00:00Z",
            json!({"currentlyIn": {"stg": {"since": "2026-11-22T08:30:00Z"}}, "verifiedIn": {"dev": {}, "stg": {}}}),
        ),
        freight(
            old,
            "brave-yak",
            "9f8e7d6",
            "Initial version",
            "2026-11-21T10:00:00Z",
            json!({"currentlyIn": {"prod": {"since": "2026-11-21T12:00:00Z"}}, "verifiedIn": {"dev": {}, "stg": {}, "prod": {}}}),
        ),
    ];
    let promotions = [
        promotion(
            "stg.01jc8.f3a1c2b",
            "stg",
            fierce,
            "Running",
            1,
            "2026-11-22T09:59:00Z",
        ),
        promotion(
            "dev.01jc7.f3a1c2b",
            "dev",
            fierce,
            "Succeeded",
            4,
            "2026-11-22T09:51:00Z",
        ),
        promotion(
            "prod.01jc1.c0ffee1",
            "prod",
            calm,
            "Failed",
            3,
            "2026-11-22T09:00:00Z",
        ),
    ];
    let warehouse: Warehouse = serde_json::from_value(json!({
        "metadata": {"name": "backend", "namespace": PROJECT},
        "spec": {"subscriptions": [{"image": {"repoURL": BACKEND}}]}
    }))
    .unwrap();
    let history = |n: i64| {
        json!((1..=n).map(|i| json!({"id": i, "revision": format!("{i}abcdef0123"), "deployedAt": "2026-11-22T09:00:00Z"})).collect::<Vec<_>>())
    };
    let apps = [
        app(
            "dev-app",
            "dev",
            "Synced",
            "Healthy",
            "3abcdef0123",
            true,
            history(3),
        ),
        app(
            "stg-app",
            "stg",
            "OutOfSync",
            "Progressing",
            "2abcdef0123",
            false,
            history(2),
        ),
        app(
            "prod-app",
            "prod",
            "Synced",
            "Healthy",
            "1abcdef0123",
            false,
            history(1),
        ),
    ];
    state.gitops = showrunner::app::gitops::state::GitopsState::new(Some(PROJECT.into()));
    update(
        state,
        Action::Stages(upd(
            PROJECT,
            stages.iter().map(StageSummary::from_stage).collect(),
        )),
    );
    update(
        state,
        Action::Freight(upd(
            PROJECT,
            freight.iter().map(FreightSummary::from_freight).collect(),
        )),
    );
    update(
        state,
        Action::Promotions(upd(
            PROJECT,
            promotions
                .iter()
                .map(PromotionSummary::from_promotion)
                .collect(),
        )),
    );
    update(
        state,
        Action::Warehouses(upd(
            PROJECT,
            vec![WarehouseSummary::from_warehouse(&warehouse)],
        )),
    );
    update(
        state,
        Action::Applications(upd(
            "argocd",
            apps.iter()
                .zip(["a1b2c3d", "e4f5a6b", "9f8e7d6"])
                .map(|(app, tag)| {
                    // Each app runs its stage's freight, as Argo CD's summary would say.
                    let mut app = app.clone();
                    app.status.summary.images = vec![format!("{BACKEND}:{tag}")];
                    AppSummary::from_app(&app)
                })
                .collect(),
        )),
    );
    state.prepare_frame();
}

fn merge(a: &mut Value, b: Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (a, b) => *a = b,
    }
}
