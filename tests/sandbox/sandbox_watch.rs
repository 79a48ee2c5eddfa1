//! Watch semantics over real HTTP: starting points, 410 Expired, bookmarks, streaming lists,
//! and selectors on lists and watches.

use showrunner_testkit as common;

use common::{name, pod_manifest, read_lines, start, start_with};
use reqwest::Method;
use serde_json::{Value, json};

const MERGE: &str = "application/merge-patch+json";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_from_rv_sees_added_modified_deleted() {
    let sb = start().await;
    let (_, list) = sb.get("/api/v1/namespaces/stg/pods").await;
    let rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = sb
        .http
        .get(sb.url(&format!(
            "/api/v1/namespaces/stg/pods?watch=1&resourceVersion={rv}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let reader = tokio::spawn(read_lines(resp, 30, |l| {
        l.contains("\"DELETED\"") && l.contains("\"w1\"")
    }));
    let (code, _) = sb
        .send(
            Method::POST,
            "/api/v1/namespaces/stg/pods",
            "application/json",
            &pod_manifest("w1", "stg"),
        )
        .await;
    assert_eq!(code, 201);
    let (code, _) = sb
        .send(
            Method::PATCH,
            "/api/v1/namespaces/stg/pods/w1",
            MERGE,
            &json!({"metadata": {"labels": {"x": "y"}}}),
        )
        .await;
    assert_eq!(code, 200);
    let (code, _) = sb
        .send(
            Method::DELETE,
            "/api/v1/namespaces/stg/pods/w1?gracePeriodSeconds=0",
            "application/json",
            &json!({}),
        )
        .await;
    assert_eq!(code, 200);
    let lines = reader.await.unwrap();
    let events: Vec<(String, String)> = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| name(&e["object"]) == "w1")
        .map(|e| {
            (
                e["type"].as_str().unwrap().to_string(),
                e["object"]["metadata"]["labels"]["x"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        events.first().map(|e| e.0.as_str()),
        Some("ADDED"),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e == &("MODIFIED".to_string(), "y".to_string())),
        "{events:?}"
    );
    assert_eq!(
        events.last().map(|e| e.0.as_str()),
        Some("DELETED"),
        "{events:?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains("\"namespace\":\"dev\"")),
        "namespaced watch leaks other namespaces"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_history_answers_410_in_stream() {
    let sb = start().await;
    let (_, list) = sb.get("/api/v1/pods").await;
    let rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    sb.sandbox.expire_watch_history();
    for from in [rv.as_str(), "1", "99999999999999999"] {
        let resp = sb
            .http
            .get(sb.url(&format!("/api/v1/pods?watch=true&resourceVersion={from}")))
            .send()
            .await
            .unwrap();
        let lines = read_lines(resp, 10, |_| false).await;
        assert_eq!(
            lines.len(),
            1,
            "one ERROR event then the stream ends: {lines:?}"
        );
        let ev: Value = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(ev["type"], "ERROR");
        assert_eq!(ev["object"]["code"], 410);
        assert_eq!(ev["object"]["reason"], "Expired");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_watch_ends_with_410_when_history_expires() {
    let sb = start().await;
    let (_, list) = sb.get("/api/v1/namespaces/dev/pods").await;
    let rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = sb
        .http
        .get(sb.url(&format!(
            "/api/v1/namespaces/dev/pods?watch=1&resourceVersion={rv}"
        )))
        .send()
        .await
        .unwrap();
    let expire = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        sb.sandbox.expire_watch_history();
    };
    let (lines, ()) = tokio::join!(read_lines(resp, 10, |_| false), expire);
    let last: Value = serde_json::from_str(lines.last().expect("an event")).unwrap();
    assert_eq!(last["type"], "ERROR", "{lines:?}");
    assert_eq!(last["object"]["code"], 410);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookmarks_and_streaming_lists() {
    let sb = start_with(|o| o.bookmark_interval = std::time::Duration::from_millis(200)).await;
    let resp = sb.http.get(sb.url("/api/v1/namespaces/dev/pods?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan")).send().await.unwrap();
    let mut bookmarks = 0;
    let lines = read_lines(resp, 20, |l| {
        bookmarks += usize::from(l.contains("BOOKMARK"));
        bookmarks == 2
    })
    .await;
    let events: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first_bookmark = events.iter().position(|e| e["type"] == "BOOKMARK").unwrap();
    assert_eq!(
        first_bookmark, 3,
        "three demo pods in dev come first as ADDED: {lines:?}"
    );
    assert!(events[..3].iter().all(|e| e["type"] == "ADDED"));
    let end = &events[first_bookmark]["object"];
    assert_eq!(
        end["metadata"]["annotations"]["k8s.io/initial-events-end"],
        "true"
    );
    let periodic = &events.last().unwrap()["object"];
    assert_eq!(periodic["kind"], "Pod");
    assert_eq!(
        periodic["metadata"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["resourceVersion"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selectors_filter_lists_and_watches() {
    let sb = start().await;
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| name(p).to_string())
            .collect()
    };
    let (_, backend) = sb
        .get("/api/v1/namespaces/dev/pods?labelSelector=app%3Dbackend")
        .await;
    assert_eq!(names(&backend).len(), 2);
    assert!(names(&backend).iter().all(|n| n.starts_with("backend-")));
    let (_, set) = sb
        .get("/api/v1/pods?labelSelector=app%20in%20(frontend),app!%3Dbackend")
        .await;
    assert_eq!(names(&set).len(), 3);
    let (_, none) = sb.get("/api/v1/pods?labelSelector=!app").await;
    assert!(names(&none).is_empty());
    let target = names(&backend)[0].clone();
    let (_, by_name) = sb
        .get(&format!(
            "/api/v1/pods?fieldSelector=metadata.name%3D{target}"
        ))
        .await;
    assert_eq!(names(&by_name), std::slice::from_ref(&target));
    let (_, running) = sb.get("/api/v1/namespaces/prod/pods?fieldSelector=status.phase%3DRunning,spec.nodeName%3Dsandbox-node").await;
    assert_eq!(names(&running).len(), 3);
    let (code, _) = sb.get("/api/v1/pods?labelSelector=a%20in%20b").await;
    assert_eq!(code, 400);

    // A watch with a selector sees an object leave it as DELETED.
    let resp = sb
        .http
        .get(sb.url("/api/v1/namespaces/dev/pods?watch=1&labelSelector=app%3Dbackend"))
        .send()
        .await
        .unwrap();
    let reader = tokio::spawn(read_lines(resp, 20, |l| l.contains("DELETED")));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let relabel = json!({"metadata": {"labels": {"app": "moved"}}});
    assert_eq!(
        sb.send(
            Method::PATCH,
            &format!("/api/v1/namespaces/dev/pods/{target}"),
            MERGE,
            &relabel
        )
        .await
        .0,
        200
    );
    let lines = reader.await.unwrap();
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(
        (last["type"].as_str(), name(&last["object"])),
        (Some("DELETED"), target.as_str())
    );
}
