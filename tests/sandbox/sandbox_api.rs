//! The sandbox's Kubernetes API over real HTTP: discovery, paging, tables, logs and
//! injected faults. Writes are in `sandbox_writes.rs`, watch semantics in `sandbox_watch.rs`.

use showrunner_testkit as common;

use common::{eventually, name, read_lines, start, start_with};
use reqwest::Method;
use serde_json::{Value, json};

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

/// As on kube-apiserver, a continue token is good until etcd compacts (minutes), not only as
/// long as the watch history lasts: a paged list completes however many writes happen
/// meanwhile, while a watch from the list's RV may already be too old.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paged_list_completes_under_churn_beyond_the_watch_history() {
    let sb = start_with(|o| {
        o.extra_pods = 90;
        o.history_window = 20;
    })
    .await;
    let (_, all) = sb.get("/api/v1/namespaces/dev/pods").await;
    let load: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| name(p).to_string())
        .filter(|n| n.starts_with("load-"))
        .collect();
    assert!(load.len() >= 30, "{load:?}");
    let mut seen = Vec::new();
    let mut cont = String::new();
    let mut list_rv: Option<String> = None;
    let mut writes = 0;
    loop {
        let (code, page) = sb
            .get(&format!(
                "/api/v1/namespaces/dev/pods?limit=5&continue={cont}"
            ))
            .await;
        assert_eq!(
            code,
            200,
            "page {} failed after {writes} writes: {page}",
            seen.len() / 5
        );
        let rv = page["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            list_rv.get_or_insert(rv.clone()),
            &rv,
            "pages share the list's RV"
        );
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| name(p).to_string()),
        );
        let Some(c) = page["metadata"]["continue"].as_str() else {
            break;
        };
        cont = c.to_string();
        // More writes between two pages than the whole watch history holds.
        for pod in load.iter().cycle().skip(writes).take(25) {
            let patch = json!({"metadata": {"labels": {"round": writes.to_string()}}});
            let (code, body) = sb
                .send(
                    Method::PATCH,
                    &format!("/api/v1/namespaces/dev/pods/{pod}"),
                    "application/merge-patch+json",
                    &patch,
                )
                .await;
            assert_eq!(code, 200, "{body}");
            writes += 1;
        }
    }
    let mut names: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| name(p).to_string())
        .collect();
    names.sort();
    seen.sort();
    assert_eq!(
        seen, names,
        "every pod once, none lost, after {writes} writes"
    );
    let (_, watch) = sb
        .get(&format!(
            "/api/v1/namespaces/dev/pods?watch=1&resourceVersion={}&timeoutSeconds=1",
            list_rv.unwrap()
        ))
        .await;
    assert_eq!(
        (watch["type"].as_str(), watch["object"]["code"].as_i64()),
        (Some("ERROR"), Some(410)),
        "the watch history (20 changes) no longer reaches the list's RV: {watch}"
    );
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
