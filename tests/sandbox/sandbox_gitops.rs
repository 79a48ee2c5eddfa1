//! Kargo and Argo CD in the sandbox, through the API as any client sees them: promotions run
//! their steps and move freight, the webhook refuses what Kargo refuses, approvals open the
//! gate, a new image becomes freight and reaches dev on its own, a broken one is rolled back,
//! and Argo CD syncs and rolls back applications.

use showrunner_testkit as common;

use common::{TestSandbox, eventually, start};
use serde_json::{Value, json};

use common::gitops_api::{PROJECT as NS, backend_images, current, get_ok as get, kargo};

async fn stage(sb: &TestSandbox, name: &str) -> Value {
    get(sb, &kargo("stages", name)).await
}

/// As Kargo's clients create one (`generateName: promo-`; the webhook names it). A generateName
/// of `"{stage}."` would be refused, as the real API server refuses it.
async fn promote(sb: &TestSandbox, stage: &str, freight: &str) -> (u16, Value) {
    let body = json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Promotion",
                      "metadata": {"generateName": "promo-"}, "spec": {"stage": stage, "freight": freight}});
    sb.send(
        reqwest::Method::POST,
        &format!("/apis/kargo.akuity.io/v1alpha1/namespaces/{NS}/promotions"),
        "application/json",
        &body,
    )
    .await
}

async fn wait_promotion(sb: &TestSandbox, name: &str, phase: &str) -> Value {
    eventually(30, &format!("{name} {phase}"), || async {
        let p = get(sb, &kargo("promotions", name)).await;
        (p["status"]["phase"] == phase).then_some(p)
    })
    .await
}

fn approval(stage: &str) -> Value {
    json!({"status": {"approvedFor": {stage: {"approvedAt": "2026-11-22T10:00:00Z"}}}})
}

#[tokio::test]
async fn the_demo_starts_with_prod_one_behind_stg() {
    let sb = start().await;
    let (dev, stg, prod) = (
        stage(&sb, "dev").await,
        stage(&sb, "stg").await,
        stage(&sb, "prod").await,
    );
    assert_eq!(current(&dev), current(&stg));
    assert_ne!(current(&stg), current(&prod));
    assert_eq!(dev["status"]["autoPromotionEnabled"], true);
    assert_eq!(
        stg["spec"]["requestedFreight"][0]["sources"]["stages"],
        json!(["dev"])
    );
    let apps = get(
        &sb,
        "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications",
    )
    .await;
    assert_eq!(apps["items"].as_array().unwrap().len(), 3);
    assert!(
        apps["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"]["health"]["status"] == "Healthy")
    );
}

#[tokio::test]
async fn promoting_runs_the_steps_moves_the_freight_and_rolls_the_pods() {
    let sb = start().await;
    let newest = current(&stage(&sb, "stg").await);
    let tag = get(&sb, &kargo("freights", &newest)).await["images"][0]["tag"]
        .as_str()
        .unwrap()
        .to_string();

    // Not soaked an hour in stg and not approved: the webhook refuses, in Kargo's words.
    let (code, refusal) = promote(&sb, "prod", &newest).await;
    assert_eq!(code, 403, "{refusal}");
    assert!(
        refusal["message"].as_str().unwrap().contains(&format!(
            "Freight \"{newest}\" is not available to Stage \"prod\""
        )),
        "{refusal}"
    );

    let (code, _) = sb
        .send(
            reqwest::Method::PATCH,
            &format!("{}/status", kargo("freights", &newest)),
            "application/merge-patch+json",
            &approval("prod"),
        )
        .await;
    assert_eq!(code, 200);
    let (code, created) = promote(&sb, "prod", &newest).await;
    assert_eq!(code, 201, "{created}");
    let name = created["metadata"]["name"].as_str().unwrap().to_string();
    assert!(
        name.starts_with("prod.") && name.ends_with(&newest[..7]),
        "{name}"
    );
    assert_eq!(
        created["spec"]["steps"].as_array().unwrap().len(),
        5,
        "steps copied from the stage"
    );

    let done = wait_promotion(&sb, &name, "Succeeded").await;
    let meta = done["status"]["stepExecutionMetadata"].as_array().unwrap();
    assert_eq!(meta.len(), 5);
    assert!(meta.iter().all(|m| m["status"] == "Succeeded"));
    eventually(30, "prod to run the freight", || async {
        (current(&stage(&sb, "prod").await) == newest).then_some(())
    })
    .await;
    let f = get(&sb, &kargo("freights", &newest)).await;
    assert!(f["status"]["currentlyIn"]["prod"].is_object());
    eventually(30, "prod pods on the new image", || async {
        let images = backend_images(&sb, "prod").await;
        (images.len() == 2 && images.iter().all(|i| i.ends_with(&tag))).then_some(())
    })
    .await;
}

#[tokio::test]
async fn abort_stops_a_running_promotion() {
    let sb = start().await;
    let newest = current(&stage(&sb, "stg").await);
    sb.send(
        reqwest::Method::PATCH,
        &format!("{}/status", kargo("freights", &newest)),
        "application/merge-patch+json",
        &approval("prod"),
    )
    .await;
    let (_, created) = promote(&sb, "prod", &newest).await;
    let name = created["metadata"]["name"].as_str().unwrap().to_string();
    let patch = json!({"metadata": {"annotations": {"kargo.akuity.io/abort": "{\"action\":\"terminate\",\"actor\":\"test\"}"}}});
    let (code, _) = sb
        .send(
            reqwest::Method::PATCH,
            &kargo("promotions", &name),
            "application/merge-patch+json",
            &patch,
        )
        .await;
    assert_eq!(code, 200);
    let aborted = wait_promotion(&sb, &name, "Aborted").await;
    assert_ne!(
        current(&stage(&sb, "prod").await),
        newest,
        "prod kept its freight"
    );
    assert!(
        aborted["status"]["message"]
            .as_str()
            .unwrap()
            .contains("aborted")
    );
}

#[tokio::test]
async fn the_promote_verb_can_be_denied() {
    let sb = start().await;
    sb.sandbox.faults().deny("promote", "stages", Some(NS));
    let old = current(&stage(&sb, "prod").await);
    let (code, body) = promote(&sb, "dev", &old).await;
    assert_eq!(code, 403);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("cannot promote resource \"stages\""),
        "{body}"
    );
}

#[tokio::test]
async fn a_new_image_becomes_freight_and_dev_takes_it_on_its_own() {
    let sb = start().await;
    let build = common::build("c0ffee1", "Add user avatars", false);
    sb.sandbox.images().publish(build);
    let f = eventually(30, "freight for the new image", || async {
        let list = get(
            &sb,
            &format!("/apis/kargo.akuity.io/v1alpha1/namespaces/{NS}/freights"),
        )
        .await;
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["images"][0]["tag"] == "c0ffee1")
            .cloned()
    })
    .await;
    assert!(f["alias"].as_str().unwrap().contains('-'));
    assert_eq!(f["commits"][0]["message"], "Add user avatars");
    let name = f["metadata"]["name"].as_str().unwrap().to_string();
    eventually(60, "dev auto-promoted and verified", || async {
        let dev = stage(&sb, "dev").await;
        let f = get(&sb, &kargo("freights", &name)).await;
        (current(&dev) == name && f["status"]["verifiedIn"]["dev"].is_object()).then_some(())
    })
    .await;
    assert_ne!(
        current(&stage(&sb, "stg").await),
        name,
        "stg waits for a person"
    );
}

#[tokio::test]
async fn a_broken_image_crash_loops_dev_and_is_rolled_back() {
    let sb = start().await;
    let good = current(&stage(&sb, "dev").await);
    sb.sandbox
        .images()
        .publish(common::build("badbad1", "Refactor the users handler", true));
    eventually(60, "dev to turn Unhealthy on the broken image", || async {
        let dev = stage(&sb, "dev").await;
        (dev["status"]["health"]["status"] == "Unhealthy").then_some(())
    })
    .await;
    let app = get(
        &sb,
        "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/dev-app",
    )
    .await;
    assert_eq!(app["status"]["health"]["status"], "Degraded");
    // The crash loop lasts long enough to be pointed at: when verification fails, the broken
    // pod has been restarted several times, and the app stayed Degraded throughout.
    let health_seen = std::cell::RefCell::new(Vec::<String>::new());
    let restarts = eventually(60, "verification of the broken freight to fail", || {
        let health_seen = &health_seen;
        let sb = &sb;
        async move {
            let app = get(
                sb,
                "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/dev-app",
            )
            .await;
            let health = app["status"]["health"]["status"]
                .as_str()
                .unwrap_or("")
                .to_string();
            if health_seen.borrow().last() != Some(&health) {
                health_seen.borrow_mut().push(health);
            }
            let dev = stage(sb, "dev").await;
            let phase = &dev["status"]["freightHistory"][0]["verificationHistory"][0]["phase"];
            (phase == "Failed").then_some(())?;
            let pods = get(
                sb,
                "/api/v1/namespaces/dev/pods?labelSelector=app%3Dbackend",
            )
            .await;
            pods["items"]
                .as_array()?
                .iter()
                .filter(|p| {
                    p["spec"]["containers"][0]["image"]
                        .as_str()
                        .is_some_and(|i| i.ends_with("badbad1"))
                })
                .filter_map(|p| p["status"]["containerStatuses"][0]["restartCount"].as_i64())
                .max()
        }
    })
    .await;
    assert!(
        restarts >= 3,
        "only {restarts} restarts before verification failed"
    );
    assert_eq!(
        health_seen.into_inner(),
        ["Degraded"],
        "Degraded through the crash loop"
    );
    eventually(
        90,
        "the auto-rollback to bring back the good freight, healthy",
        || async {
            let dev = stage(&sb, "dev").await;
            (current(&dev) == good && dev["status"]["health"]["status"] == "Healthy").then_some(())
        },
    )
    .await;
    let promos = get(
        &sb,
        &format!("/apis/kargo.akuity.io/v1alpha1/namespaces/{NS}/promotions"),
    )
    .await;
    assert!(
        promos["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["metadata"]["annotations"]["kargo.akuity.io/rollback"] == "true")
    );
}

#[tokio::test]
async fn argo_cd_syncs_and_rolls_back_through_the_operation_field() {
    let sb = start().await;
    let path = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/stg-app";
    let app = get(&sb, path).await;
    let history = app["status"]["history"].as_array().unwrap().clone();
    assert_eq!(history.len(), 2);
    let previous = &history[0];
    let op = json!({"metadata": {"resourceVersion": app["metadata"]["resourceVersion"]},
                    "operation": {"initiatedBy": {"username": "test"}, "sync": {"revision": previous["revision"], "source": previous["source"], "syncStrategy": {"apply": {}}}}});
    let (code, body) = sb
        .send(
            reqwest::Method::PATCH,
            path,
            "application/merge-patch+json",
            &op,
        )
        .await;
    assert_eq!(code, 200, "{body}");
    let after = eventually(30, "the rollback sync to finish", || async {
        let a = get(&sb, path).await;
        (a["operation"].is_null() && a["status"]["operationState"]["phase"] == "Succeeded")
            .then_some(a)
    })
    .await;
    let history = after["status"]["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[2]["revision"], previous["revision"]);
    assert_eq!(history[2]["id"], 2);
    assert_eq!(
        after["status"]["sync"]["status"], "OutOfSync",
        "rolled back behind its branch"
    );
    let prod_tag =
        get(&sb, &kargo("freights", &current(&stage(&sb, "prod").await))).await["images"][0]["tag"]
            .as_str()
            .unwrap()
            .to_string();
    eventually(30, "stg pods back on the previous image", || async {
        let images = backend_images(&sb, "stg").await;
        (images.len() == 2 && images.iter().all(|i| i.ends_with(&prod_tag))).then_some(())
    })
    .await;
    // A stale resourceVersion is a conflict, as on the real API server.
    let stale = json!({"metadata": {"resourceVersion": app["metadata"]["resourceVersion"]}, "operation": {"sync": {}}});
    let (code, _) = sb
        .send(
            reqwest::Method::PATCH,
            path,
            "application/merge-patch+json",
            &stale,
        )
        .await;
    assert_eq!(code, 409);
}
