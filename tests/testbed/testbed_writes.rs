//! Every write the app makes, through its own effect code (`kube::mutations::apply`), against the
//! real kube-apiserver with the real Kargo and Argo CD CRDs: accepted by their structural schemas
//! and status subresources, read back with kubectl, and refused with the real 403 in words for a
//! ServiceAccount that may only read. (No Kargo or Argo CD controller runs here: what their
//! webhooks and controllers do with these writes is the real-Kargo suite's business.)

use showrunner_testkit as common;

use common::testbed::{Testbed, shared};
use serde_json::Value;
use showrunner::sources::writes::apply;
use showrunner::sources::writes::mutation::{
    FreightLabel, Mutation, RefreshTarget, RollbackTarget,
};

const PROJECT: &str = "kargo-demo";
/// This module's shared test bed: its tests change it, so no other module's tests read it.
const BED: &str = "writes";
/// The newer freight of `testbed/manifests/kargo.yaml` (in dev and stg).
const NEW_FREIGHT: &str = "e0cc560a549cddc46525621a2f18574c48ffddec";

fn get(bed: &Testbed, args: &[&str]) -> Value {
    let mut all = vec!["get", "-o", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&bed.kubectl(&all)).expect("kubectl prints JSON")
}

fn label() -> FreightLabel {
    FreightLabel {
        alias: "swift-otter".into(),
        content: "backend 8c1f2e0".into(),
    }
}

fn promote(stage: &str) -> Mutation {
    Mutation::Promote {
        project: PROJECT.into(),
        stage: stage.into(),
        freight: NEW_FREIGHT.into(),
        label: label(),
        steps: vec![],
    }
}

fn rollback_to_first_entry(bed: &Testbed, app: &str) -> Mutation {
    let current = get(bed, &["application", app, "-n", "argocd"]);
    let entry = &current["status"]["history"][0];
    Mutation::RollbackApp {
        namespace: "argocd".into(),
        app: app.into(),
        destination: Some("stg".into()),
        to: RollbackTarget {
            id: entry["id"].as_i64().unwrap(),
            revision: entry["revision"].as_str().map(String::from),
            source: Some(entry["source"].to_string()),
            sources: None,
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_creates_a_promotion_the_real_server_keeps_and_abort_marks_it() {
    let bed = shared(BED);
    let client = bed.admin_client().await;
    let done = apply(client.clone(), &promote("stg"))
        .await
        .expect("the real API server accepts the promotion");
    let name = done
        .follow_promotion
        .expect("the new promotion is followed");
    // No Kargo webhook here to rename it `stg.<ulid>.<freight>`: the server's generated name.
    assert!(name.starts_with("promo-"), "{name}");
    assert!(
        done.message.contains("swift-otter → stg"),
        "{}",
        done.message
    );

    let kept = get(bed, &["promotion", &name, "-n", PROJECT]);
    assert_eq!(kept["spec"]["stage"], "stg");
    assert_eq!(kept["spec"]["freight"], NEW_FREIGHT);
    let template = get(bed, &["stage", "stg", "-n", PROJECT]);
    assert_eq!(
        kept["spec"]["steps"], template["spec"]["promotionTemplate"]["spec"]["steps"],
        "the stage's steps, every field of them"
    );

    let abort = Mutation::AbortPromotion {
        project: PROJECT.into(),
        stage: "stg".into(),
        promotion: name.clone(),
        progress: None,
    };
    apply(client, &abort).await.expect("abort accepted");
    let aborted = get(bed, &["promotion", &name, "-n", PROJECT]);
    let request: Value = serde_json::from_str(
        aborted["metadata"]["annotations"]["kargo.akuity.io/abort"]
            .as_str()
            .expect("abort annotation"),
    )
    .unwrap();
    assert_eq!(request["action"], "terminate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promoting_to_a_stage_that_does_not_exist_is_refused_in_words() {
    let bed = shared(BED);
    let refusal = apply(bed.admin_client().await, &promote("qa"))
        .await
        .unwrap_err();
    assert_eq!(
        refusal,
        "not found (404): stages.kargo.akuity.io \"qa\" not found"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_writes_the_status_subresource() {
    let bed = shared(BED);
    let approve = Mutation::Approve {
        project: PROJECT.into(),
        stage: "prod".into(),
        freight: NEW_FREIGHT.into(),
        label: label(),
    };
    let done = apply(bed.admin_client().await, &approve)
        .await
        .expect("approved");
    assert_eq!(done.message, "swift-otter approved for prod");
    let freight = get(bed, &["freight", NEW_FREIGHT, "-n", PROJECT]);
    assert!(
        freight["status"]["approvedFor"]["prod"]["approvedAt"].is_string(),
        "{freight}"
    );
    assert!(
        freight["status"]["approvedFor"]["stg"].is_object(),
        "the earlier approval is kept (a merge, not a replace)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_annotates_stage_and_warehouse() {
    let bed = shared(BED);
    let client = bed.admin_client().await;
    for (target, kind, name) in [
        (RefreshTarget::Stage("dev".into()), "stage", "dev"),
        (
            RefreshTarget::Warehouse("backend".into()),
            "warehouse",
            "backend",
        ),
    ] {
        let refresh = Mutation::Refresh {
            project: PROJECT.into(),
            target,
        };
        apply(client.clone(), &refresh)
            .await
            .expect("refresh accepted");
        let object = get(bed, &[kind, name, "-n", PROJECT]);
        assert!(
            object["metadata"]["annotations"]["kargo.akuity.io/refresh"].is_string(),
            "{kind}: {object}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_hard_refresh_and_rollback_write_what_argo_cd_reads() {
    let bed = shared(BED);
    let client = bed.admin_client().await;
    let sync = Mutation::SyncApp {
        namespace: "argocd".into(),
        app: "prod-app".into(),
        destination: Some("prod".into()),
    };
    apply(client.clone(), &sync).await.expect("sync accepted");
    let app = get(bed, &["application", "prod-app", "-n", "argocd"]);
    assert_eq!(app["operation"]["initiatedBy"]["username"], "showrunner");
    assert!(app["operation"]["sync"].is_object(), "{app}");
    // No Argo CD controller runs here, so the operation stays: a second one is refused.
    let again = apply(client.clone(), &sync).await.unwrap_err();
    assert_eq!(again, "another operation is already in progress");

    let hard = Mutation::HardRefreshApp {
        namespace: "argocd".into(),
        app: "dev-app".into(),
        destination: Some("dev".into()),
    };
    apply(client.clone(), &hard)
        .await
        .expect("hard refresh accepted");
    let app = get(bed, &["application", "dev-app", "-n", "argocd"]);
    assert_eq!(
        app["metadata"]["annotations"]["argocd.argoproj.io/refresh"],
        "hard"
    );

    let rollback = rollback_to_first_entry(bed, "stg-app");
    apply(client.clone(), &rollback)
        .await
        .expect("rollback accepted");
    let app = get(bed, &["application", "stg-app", "-n", "argocd"]);
    let history = &app["status"]["history"][0];
    assert_eq!(app["operation"]["sync"]["revision"], history["revision"]);
    assert_eq!(app["operation"]["sync"]["source"], history["source"]);

    let auto = rollback_to_first_entry(bed, "dev-app");
    let refusal = apply(client, &auto).await.unwrap_err();
    assert_eq!(
        refusal,
        "rollback cannot be initiated when auto-sync is enabled"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_pod_lets_its_deployment_replace_it() {
    let bed = shared(BED);
    let pods = get(bed, &["pods", "-n", "stg", "-l", "app=frontend"]);
    let name = pods["items"][0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let delete = Mutation::DeletePod {
        namespace: "stg".into(),
        pod: name.clone(),
        owner: None,
        uid: None,
    };
    let done = apply(bed.admin_client().await, &delete)
        .await
        .expect("deleted");
    assert_eq!(done.message, format!("pod stg/{name} is terminating"));
    // The real ReplicaSet controller makes a new one, which kwok runs.
    common::eventually(60, "a replacement frontend pod, Running", || async {
        let pods = get(bed, &["pods", "-n", "stg", "-l", "app=frontend"]);
        pods["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["metadata"]["name"] != name.as_str() && p["status"]["phase"] == "Running")
            .then_some(())
    })
    .await;
}

/// The uid precondition: the real server refuses to delete a pod that is not the one the user
/// saw (a pod recreated under the same name), and the user is told so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pod_is_deleted_only_while_it_is_the_one_the_user_saw() {
    let bed = shared(BED);
    let pods = get(bed, &["pods", "-n", "prod", "-l", "app=backend"]);
    let name = pods["items"][0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let delete = Mutation::DeletePod {
        namespace: "prod".into(),
        pod: name.clone(),
        owner: None,
        uid: Some("00000000-0000-0000-0000-000000000000".into()),
    };
    let refusal = apply(bed.admin_client().await, &delete).await.unwrap_err();
    assert_eq!(
        refusal,
        format!("pod prod/{name} was replaced by a new pod of the same name; not deleted")
    );
    let still = get(bed, &["pod", &name, "-n", "prod"]);
    assert!(still["metadata"]["deletionTimestamp"].is_null(), "{still}");
}

/// A ServiceAccount that may read everything: every write is refused by RBAC, and the user
/// reads the real server's sentence.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_identity_is_refused_every_write_with_the_real_403() {
    let bed = shared(BED);
    let reader = bed.reader_client().await;
    let writes = [
        (
            promote("dev"),
            "cannot create resource \"promotions\" in API group \"kargo.akuity.io\" in the namespace \"kargo-demo\"",
        ),
        (
            Mutation::Approve {
                project: PROJECT.into(),
                stage: "prod".into(),
                freight: NEW_FREIGHT.into(),
                label: label(),
            },
            "cannot patch resource \"freights/status\" in API group \"kargo.akuity.io\"",
        ),
        (
            Mutation::AbortPromotion {
                project: PROJECT.into(),
                stage: "dev".into(),
                promotion: "dev.any".into(),
                progress: None,
            },
            "cannot patch resource \"promotions\"",
        ),
        (
            Mutation::Refresh {
                project: PROJECT.into(),
                target: RefreshTarget::Stage("dev".into()),
            },
            "cannot patch resource \"stages\"",
        ),
        (
            Mutation::Refresh {
                project: PROJECT.into(),
                target: RefreshTarget::Warehouse("backend".into()),
            },
            "cannot patch resource \"warehouses\"",
        ),
        (
            Mutation::HardRefreshApp {
                namespace: "argocd".into(),
                app: "stg-app".into(),
                destination: None,
            },
            "cannot patch resource \"applications\" in API group \"argoproj.io\" in the namespace \"argocd\"",
        ),
        (
            Mutation::DeletePod {
                namespace: "dev".into(),
                pod: "any".into(),
                owner: None,
                uid: None,
            },
            "cannot delete resource \"pods\" in API group \"\" in the namespace \"dev\"",
        ),
    ];
    for (write, expected) in writes {
        let refusal = apply(reader.clone(), &write).await.unwrap_err();
        assert!(
            refusal.starts_with("forbidden (403): "),
            "{}: {refusal}",
            write.summary()
        );
        assert!(
            refusal.contains(
                " is forbidden: User \"system:serviceaccount:default:showrunner-reader\" "
            ),
            "{}: {refusal}",
            write.summary()
        );
        assert!(refusal.contains(expected), "{}: {refusal}", write.summary());
    }
    // Sync and rollback read the Application first (allowed), then the write is refused.
    // dev-app: the other tests leave no operation on it.
    let sync = Mutation::SyncApp {
        namespace: "argocd".into(),
        app: "dev-app".into(),
        destination: None,
    };
    let refusal = apply(reader, &sync).await.unwrap_err();
    assert!(
        refusal.contains("cannot patch resource \"applications\""),
        "{refusal}"
    );
}
