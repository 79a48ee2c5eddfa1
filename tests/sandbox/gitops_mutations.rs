//! The app's GitOps actions through the same code the effect runner uses
//! (`kube::mutations::apply`), against the sandbox's Kargo and Argo CD: a promotion runs to
//! Succeeded and rolls the pods, an approval opens the gate, refusals come back in words and
//! change nothing, and Argo CD sync and rollback behave as Argo CD's do.

use showrunner_testkit as common;

use common::{TestSandbox, eventually, start};
use showrunner::sources::writes::apply;
use showrunner::sources::writes::mutation::{FreightLabel, Mutation, RollbackTarget};

use common::gitops_api::{PROJECT, backend_images, get_ok as get, kargo};

async fn current(sb: &TestSandbox, stage: &str) -> String {
    common::gitops_api::current(&get(sb, &kargo("stages", stage)).await)
}

fn label(alias: &str) -> FreightLabel {
    FreightLabel {
        alias: alias.into(),
        content: "backend".into(),
    }
}

fn promote(stage: &str, freight: &str) -> Mutation {
    Mutation::Promote {
        project: PROJECT.into(),
        stage: stage.into(),
        freight: freight.into(),
        label: label(freight),
        steps: vec![],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_then_approved_then_promoted_to_prod_and_the_pods_roll() {
    let sb = start().await;
    let client = sb.kube();
    let newest = current(&sb, "stg").await;
    let before = current(&sb, "prod").await;
    assert_ne!(newest, before);

    // Not approved for prod and not soaked in stg: Kargo's webhook says no, in words.
    let refusal = apply(client.clone(), &promote("prod", &newest))
        .await
        .unwrap_err();
    assert!(
        refusal.contains("is not available to Stage \"prod\""),
        "{refusal}"
    );
    assert_eq!(current(&sb, "prod").await, before, "nothing changed");

    let approve = Mutation::Approve {
        project: PROJECT.into(),
        stage: "prod".into(),
        freight: newest.clone(),
        label: label(&newest),
    };
    apply(client.clone(), &approve).await.expect("approved");
    let freight = get(&sb, &kargo("freights", &newest)).await;
    assert!(
        freight["status"]["approvedFor"]["prod"].is_object(),
        "{freight}"
    );

    let done = apply(client.clone(), &promote("prod", &newest))
        .await
        .expect("promoted");
    let name = done
        .follow_promotion
        .expect("the new promotion is followed");
    assert!(name.starts_with("prod."), "{name}");
    eventually(60, "the promotion to succeed", || async {
        let p = get(&sb, &kargo("promotions", &name)).await;
        (p["status"]["phase"] == "Succeeded").then_some(())
    })
    .await;
    assert_eq!(current(&sb, "prod").await, newest);
    let tag = freight["images"][0]["tag"].as_str().unwrap().to_string();
    eventually(60, "prod pods on the new image", || async {
        let images = backend_images(&sb, "prod").await;
        (images.len() == 2 && images.iter().all(|i| i.ends_with(&tag))).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_missing_promote_permission_is_reported_in_words() {
    let sb = start().await;
    sb.sandbox
        .faults()
        .deny("create", "promotions", Some(PROJECT));
    let newest = current(&sb, "stg").await;
    let err = apply(sb.kube(), &promote("dev", &newest))
        .await
        .unwrap_err();
    assert!(err.contains("forbidden") || err.contains("403"), "{err}");
    assert!(err.contains("promotions"), "names what was refused: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn argo_cd_rollback_and_sync_change_the_app_as_argo_cd_would() {
    let sb = start().await;
    let client = sb.kube();
    let path = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/stg-app";
    let app = get(&sb, path).await;
    let history = app["status"]["history"].as_array().unwrap().clone();
    let previous = &history[history.len() - 2];
    let rollback = Mutation::RollbackApp {
        namespace: "argocd".into(),
        app: "stg-app".into(),
        destination: Some("stg".into()),
        to: RollbackTarget {
            id: previous["id"].as_i64().unwrap(),
            revision: previous["revision"].as_str().map(String::from),
            source: Some(previous["source"].to_string()),
            sources: None,
        },
    };
    apply(client.clone(), &rollback)
        .await
        .expect("rollback requested");
    let rolled = eventually(60, "the rollback sync", || async {
        let a = get(&sb, path).await;
        let n = a["status"]["history"].as_array().map_or(0, Vec::len);
        (a["operation"].is_null() && n == history.len() + 1).then_some(a)
    })
    .await;
    assert_eq!(rolled["status"]["operationState"]["phase"], "Succeeded");
    assert_eq!(
        rolled["status"]["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["revision"],
        previous["revision"]
    );
    assert_eq!(
        rolled["status"]["sync"]["status"], "OutOfSync",
        "behind its branch after a rollback"
    );

    // A sync brings it back to the branch head.
    let sync = Mutation::SyncApp {
        namespace: "argocd".into(),
        app: "stg-app".into(),
        destination: Some("stg".into()),
    };
    apply(client.clone(), &sync).await.expect("sync requested");
    eventually(60, "synced again", || async {
        let a = get(&sb, path).await;
        (a["operation"].is_null() && a["status"]["sync"]["status"] == "Synced").then_some(())
    })
    .await;
}
