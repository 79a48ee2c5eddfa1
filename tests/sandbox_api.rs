//! The sandbox's Kubernetes API over real HTTP: discovery, paging, writes, tables, logs and
//! injected faults. Watch semantics are in `sandbox_watch.rs`.

mod common;

use common::{eventually, name, pod_manifest, read_lines, start, start_with};
use reqwest::Method;
use serde_json::{Value, json};

const MERGE: &str = "application/merge-patch+json";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_lists_what_is_served() {
    let sb = start().await;
    let (code, v) = sb.get("/version").await;
    assert_eq!(code, 200);
    assert!(v["gitVersion"].as_str().unwrap().starts_with("v1.32"));
    assert_eq!(sb.get("/api").await.1["versions"], json!(["v1"]));
    let groups = sb.get("/apis").await.1;
    assert_eq!(groups["groups"][0]["name"], "apps");
    let core = sb.get("/api/v1").await.1;
    let names: Vec<&str> = core["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    for want in [
        "pods",
        "pods/log",
        "pods/status",
        "namespaces",
        "events",
        "nodes",
        "services",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    let pods = core["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "pods")
        .unwrap();
    assert_eq!(pods["shortNames"], json!(["po"]));
    assert_eq!(pods["categories"], json!(["all"]));
    let apps = sb.get("/apis/apps/v1").await.1;
    assert!(
        apps["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "deployments" && r["shortNames"] == json!(["deploy"]))
    );
    assert_eq!(sb.get("/healthz").await.0, 200);
    let (code, status) = sb.get("/api/v1/nothings").await;
    assert_eq!((code, status["kind"].as_str()), (404, Some("Status")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_pages_with_limit_and_continue() {
    let sb = start_with(|o| o.extra_pods = 30).await;
    let (_, all) = sb.get("/api/v1/namespaces/dev/pods").await;
    let all_names: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| name(p).to_string())
        .collect();
    assert!(
        all_names.len() >= 13,
        "3 demo pods + 10 load pods in dev: {all_names:?}"
    );
    let mut seen = Vec::new();
    let mut cont = String::new();
    let mut rvs = Vec::new();
    loop {
        let (code, page) = sb
            .get(&format!(
                "/api/v1/namespaces/dev/pods?limit=4&continue={cont}"
            ))
            .await;
        assert_eq!(code, 200, "{page}");
        assert!(page["items"].as_array().unwrap().len() <= 4);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| name(p).to_string()),
        );
        rvs.push(
            page["metadata"]["resourceVersion"]
                .as_str()
                .unwrap()
                .to_string(),
        );
        match page["metadata"]["continue"].as_str() {
            Some(c) => cont = c.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, all_names);
    assert!(
        rvs.windows(2).all(|w| w[0] == w[1]),
        "pages share the list RV: {rvs:?}"
    );
    let (code, _) = sb.get("/api/v1/namespaces/dev/pods?continue=garbage").await;
    assert_eq!(code, 400);
    sb.sandbox.expire_watch_history();
    let (_, first) = sb.get("/api/v1/pods?limit=2").await;
    let token = first["metadata"]["continue"].as_str().unwrap().to_string();
    sb.sandbox.expire_watch_history();
    let (code, st) = sb
        .get(&format!("/api/v1/pods?limit=2&continue={token}"))
        .await;
    assert_eq!((code, st["reason"].as_str()), (410, Some("Expired")));
}

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
async fn table_output_like_the_api_server() {
    let sb = start().await;
    let accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    let get = |path: &str| sb.http.get(sb.url(path)).header("accept", accept).send();
    let t: Value = get("/api/v1/namespaces/dev/pods")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (t["kind"].as_str(), t["apiVersion"].as_str()),
        (Some("Table"), Some("meta.k8s.io/v1"))
    );
    let cols: Vec<(&str, i64)> = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["priority"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        cols,
        [
            ("Name", 0),
            ("Ready", 0),
            ("Status", 0),
            ("Restarts", 0),
            ("Age", 0),
            ("IP", 1),
            ("Node", 1),
            ("Nominated Node", 1),
            ("Readiness Gates", 1)
        ]
    );
    let rows = t["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0]["cells"].as_array().unwrap()[1..4],
        [json!("1/1"), json!("Running"), json!("0")]
    );
    assert_eq!(rows[0]["object"]["kind"], "PartialObjectMetadata");
    let t: Value = get("/apis/apps/v1/deployments?includeObject=Object")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cols: Vec<&str> = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["priority"] == 0)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(cols, ["Name", "Ready", "Up-to-date", "Available", "Age"]);
    assert_eq!(t["rows"][0]["object"]["kind"], "Deployment");
    let t: Value = get("/api/v1/namespaces?includeObject=None")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(t["rows"][0].get("object").is_none());
    assert_eq!(t["rows"][0]["cells"][1], "Active");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_follow_and_errors() {
    let sb = start_with(|o| o.speed = 2.0).await;
    let (_, list) = sb
        .get("/api/v1/namespaces/dev/pods?labelSelector=app%3Dbackend")
        .await;
    let pod = name(&list["items"][0]).to_string();
    let log = format!("/api/v1/namespaces/dev/pods/{pod}/log");
    let text = sb
        .http
        .get(sb.url(&format!("{log}?tailLines=2")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.lines().count() <= 2, "{text}");
    let resp = sb
        .http
        .get(sb.url(&format!("{log}?follow=true&tailLines=0&timestamps=true")))
        .send()
        .await
        .unwrap();
    let lines = read_lines(resp, 30, |_| true).await;
    assert_eq!(lines.len(), 1, "a new line arrives while following");
    assert!(
        lines[0].starts_with("20") && lines[0].contains("Z {"),
        "{}",
        lines[0]
    );
    let limited = sb
        .http
        .get(sb.url(&format!("{log}?limitBytes=10")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(limited.len(), 10);

    let (code, st) = sb.get(&format!("{log}?container=nope")).await;
    assert_eq!(
        (code, st["message"].as_str()),
        (
            400,
            Some(format!("container nope is not valid for pod {pod}").as_str())
        )
    );
    let two = json!({"metadata": {"name": "two"}, "spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}});
    sb.send(
        Method::POST,
        "/api/v1/namespaces/dev/pods",
        "application/json",
        &two,
    )
    .await;
    let (code, st) = sb.get("/api/v1/namespaces/dev/pods/two/log").await;
    assert_eq!(code, 400);
    assert_eq!(
        st["message"],
        "a container name must be specified for pod two, choose one of: [a b]"
    );
    let (code, st) = eventually(30, "two scheduled but not started", || async {
        let (code, st) = sb
            .get("/api/v1/namespaces/dev/pods/two/log?container=a")
            .await;
        st["message"]
            .as_str()
            .is_some_and(|m| m.contains("waiting to start"))
            .then_some((code, st))
    })
    .await;
    assert_eq!(code, 400);
    assert_eq!(
        st["message"],
        "container \"a\" in pod \"two\" is waiting to start: ContainerCreating"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_forbid_throttle_and_count() {
    let sb = start().await;
    let faults = sb.sandbox.faults();
    let before = faults.requests_served();
    faults.deny("list", "pods", Some("prod"));
    let (code, st) = sb.get("/api/v1/namespaces/prod/pods").await;
    assert_eq!((code, st["reason"].as_str()), (403, Some("Forbidden")));
    assert_eq!(
        st["message"],
        "pods is forbidden: User \"sandbox\" cannot list resource \"pods\" in API group \"\" in the namespace \"prod\""
    );
    assert_eq!(sb.get("/api/v1/namespaces/dev/pods").await.0, 200);
    faults.respond(Some(reqwest::Method::GET), "/namespaces/dev/pods", 429, 1);
    let resp = sb
        .http
        .get(sb.url("/api/v1/namespaces/dev/pods"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "1");
    assert_eq!(
        sb.get("/api/v1/namespaces/dev/pods").await.0,
        200,
        "only one request was faulted"
    );
    faults.respond(None, "/apis/apps", 503, 1);
    assert_eq!(sb.get("/apis/apps/v1/deployments").await.0, 503);
    faults.delay(None, "/version", std::time::Duration::from_millis(300), 1);
    let t = std::time::Instant::now();
    assert_eq!(sb.get("/version").await.0, 200);
    assert!(t.elapsed() >= std::time::Duration::from_millis(300));
    assert!(faults.requests_served() >= before + 6);
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
