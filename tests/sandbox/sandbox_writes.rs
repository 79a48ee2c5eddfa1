//! Writes over real HTTP: create, the patch flavours, the status subresource, delete, and the
//! validation that refuses what the simulated controllers could not run.

use showrunner_testkit as common;

use common::{eventually, name, pod_manifest, start};
use reqwest::Method;
use serde_json::json;

const MERGE: &str = "application/merge-patch+json";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_patch_status_and_delete() {
    let sb = start().await;
    let pods = "/api/v1/namespaces/dev/pods";
    let (code, created) = sb
        .send(
            Method::POST,
            pods,
            "application/json",
            &pod_manifest("c1", "dev"),
        )
        .await;
    assert_eq!(code, 201);
    assert_eq!(created["status"]["phase"], "Pending");
    let (code, dup) = sb
        .send(
            Method::POST,
            pods,
            "application/json",
            &pod_manifest("c1", "dev"),
        )
        .await;
    assert_eq!((code, dup["reason"].as_str()), (409, Some("AlreadyExists")));
    let (code, _) = sb
        .send(
            Method::POST,
            "/api/v1/namespaces/nope/pods",
            "application/json",
            &pod_manifest("c1", "nope"),
        )
        .await;
    assert_eq!(code, 404);
    let generated = json!({"metadata": {"generateName": "gen-"}, "spec": {"containers": [{"name": "a", "image": "i"}]}});
    let (code, g) = sb
        .send(Method::POST, pods, "application/json", &generated)
        .await;
    assert_eq!(code, 201);
    assert!(name(&g).starts_with("gen-") && name(&g).len() == 9);
    let (code, bad) = sb
        .send(
            Method::POST,
            pods,
            "application/json",
            &json!({"metadata": {"name": "Bad_Name"}}),
        )
        .await;
    assert_eq!((code, bad["reason"].as_str()), (422, Some("Invalid")));

    let c1 = format!("{pods}/c1");
    let (code, p) = sb
        .send(
            Method::PATCH,
            &c1,
            "application/json-patch+json",
            &json!([{"op": "add", "path": "/metadata/labels/tier", "value": "x"}]),
        )
        .await;
    assert_eq!(
        (code, p["metadata"]["labels"]["tier"].as_str()),
        (200, Some("x"))
    );
    let (code, st) = sb
        .send(
            Method::PATCH,
            &c1,
            MERGE,
            &json!({"metadata": {"resourceVersion": "1", "labels": {"a": "b"}}}),
        )
        .await;
    assert_eq!((code, st["reason"].as_str()), (409, Some("Conflict")));
    let (code, p) = sb
        .send(
            Method::PATCH,
            &c1,
            MERGE,
            &json!({"status": {"phase": "Bogus"}, "metadata": {"labels": {"a": "b"}}}),
        )
        .await;
    assert_eq!(code, 200);
    assert_ne!(
        p["status"]["phase"], "Bogus",
        "main resource ignores status"
    );
    assert_eq!(p["metadata"]["labels"]["a"], "b");
    let (code, p) = sb
        .send(
            Method::PATCH,
            &format!("{c1}/status"),
            MERGE,
            &json!({"status": {"message": "hi"}, "metadata": {"labels": {"z": "z"}}}),
        )
        .await;
    assert_eq!((code, p["status"]["message"].as_str()), (200, Some("hi")));
    assert!(
        p["metadata"]["labels"]["z"].is_null(),
        "status subresource ignores metadata"
    );
    let (code, st) = sb
        .send(
            Method::PATCH,
            &c1,
            "application/apply-patch+yaml",
            &json!({}),
        )
        .await;
    assert_eq!(
        (code, st["reason"].as_str()),
        (415, Some("UnsupportedMediaType"))
    );

    let mut put = p.clone();
    put["metadata"]["resourceVersion"] = json!("1");
    let (code, _) = sb.send(Method::PUT, &c1, "application/json", &put).await;
    assert_eq!(code, 409, "stale PUT is a conflict");

    // Strategic merge of a deployment's containers by name, as kubectl apply sends it.
    let deploy = "/apis/apps/v1/namespaces/dev/deployments/frontend";
    let smp = json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "web"}],
        "containers": [{"name": "web", "image": "ghcr.io/showrunner-demo/frontend:2.0.0"}]}}}});
    let (code, d) = sb
        .send(
            Method::PATCH,
            deploy,
            "application/strategic-merge-patch+json",
            &smp,
        )
        .await;
    assert_eq!(code, 200, "{d}");
    let c = &d["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        (c["image"].as_str(), c["ports"][0]["containerPort"].as_i64()),
        (Some("ghcr.io/showrunner-demo/frontend:2.0.0"), Some(80))
    );
    assert_eq!(d["metadata"]["generation"], 2);

    // Scheduled pods terminate gracefully; the kubelet removes them.
    eventually(30, "c1 scheduled", || async {
        (sb.get(&c1).await.1["spec"]["nodeName"] == "sandbox-node").then_some(())
    })
    .await;
    let (code, p) = sb
        .send(Method::DELETE, &c1, "application/json", &json!({}))
        .await;
    assert_eq!(code, 200);
    assert!(p["metadata"]["deletionTimestamp"].is_string());
    eventually(30, "c1 removed", || async {
        (sb.get(&c1).await.0 == 404).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_rejects_what_controllers_cannot_run() {
    let sb = start().await;
    let deploys = "/apis/apps/v1/namespaces/dev/deployments";
    let bad = json!({"metadata": {"name": "x"}, "spec": {"replicas": 1,
        "selector": {"matchLabels": {"app": "x"}},
        "template": {"metadata": {"labels": {"app": "y"}}, "spec": {"containers": [{"name": "a", "image": "i"}]}}}});
    let (code, st) = sb
        .send(Method::POST, deploys, "application/json", &bad)
        .await;
    assert_eq!((code, st["reason"].as_str()), (422, Some("Invalid")));
    assert!(
        st["message"]
            .as_str()
            .unwrap()
            .starts_with("Deployment.apps \"x\" is invalid: spec.template.metadata.labels"),
        "{st}"
    );
    let (code, st) = sb
        .send(
            Method::PATCH,
            &format!("{deploys}/frontend"),
            MERGE,
            &json!({"spec": {"replicas": 100000}}),
        )
        .await;
    assert_eq!((code, st["reason"].as_str()), (422, Some("Invalid")));
    let (code, st) = sb
        .send(
            Method::POST,
            "/api/v1/namespaces/dev/pods",
            "application/json",
            &json!({"metadata": {"name": "empty"}, "spec": {}}),
        )
        .await;
    assert_eq!(
        (code, st["message"].as_str()),
        (
            422,
            Some("Pod \"empty\" is invalid: spec.containers: Required value")
        )
    );
    let strict = json!({"metadata": {"name": "s", "bogus": 1}, "spec": {"containers": [{"name": "a", "image": "i"}]}, "extra": true});
    let (code, st) = sb
        .send(
            Method::POST,
            "/api/v1/namespaces/dev/pods?fieldValidation=Strict",
            "application/json",
            &strict,
        )
        .await;
    assert_eq!(code, 400);
    assert_eq!(
        st["message"],
        "strict decoding error: unknown field \"extra\", unknown field \"metadata.bogus\""
    );
    let (code, created) = sb
        .send(
            Method::POST,
            "/api/v1/namespaces/dev/pods",
            "application/json",
            &strict,
        )
        .await;
    assert_eq!(code, 201);
    assert!(
        created.get("extra").is_none() && created["metadata"].get("bogus").is_none(),
        "dropped without Strict"
    );
    let (code, scale) = sb.get(&format!("{deploys}/backend/scale")).await;
    assert_eq!(
        (
            code,
            scale["kind"].as_str(),
            scale["spec"]["replicas"].as_i64()
        ),
        (200, Some("Scale"), Some(2))
    );
    assert_eq!(scale["status"]["selector"], "app=backend");
}
