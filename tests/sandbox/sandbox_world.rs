//! The simulated world seen through clients: kube-rs watchers surviving 410s and restarts,
//! rollouts, cascading deletes, crash loops and load churn.

use showrunner_testkit as common;

use std::time::Duration;

use common::{eventually, name, pod_manifest, start, start_with};
use futures::StreamExt;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use kube::runtime::watcher;
use reqwest::Method;
use serde_json::json;
use showrunner_sandbox::{Sandbox, SandboxOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kube_watcher_relists_after_410() {
    let sb = start().await;
    let pods: Api<Pod> = Api::namespaced(sb.kube(), "dev");
    // Short server-side timeouts make the watcher re-watch from its last RV often.
    let cfg = watcher::Config::default().timeout(1);
    let mut stream = watcher(pods, cfg).boxed();
    let mut inits = 0;
    let mut errors = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while inits < 2 {
        let ev = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("watcher keeps going")
            .expect("stream open");
        match ev {
            Ok(watcher::Event::Init) => {
                inits += 1;
                if inits == 1 {
                    sb.sandbox.expire_watch_history();
                }
            }
            Ok(watcher::Event::InitDone) if inits == 1 => sb.sandbox.expire_watch_history(),
            Ok(_) => {}
            Err(_) => errors += 1,
        }
    }
    assert!(
        errors >= 1,
        "the 410 surfaced as a watcher error before the relist"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_on_same_port_cuts_watches_and_expires_old_rvs() {
    let sb = start().await;
    let port = sb.sandbox.addr().port();
    let (_, list) = sb.get("/api/v1/pods").await;
    let rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = sb
        .http
        .get(sb.url(&format!("/api/v1/pods?watch=1&resourceVersion={rv}")))
        .send()
        .await
        .unwrap();
    let mut body = resp.bytes_stream();
    let common::TestSandbox {
        sandbox,
        http,
        base,
        dir,
    } = sb;
    sandbox.shutdown().await;
    let end = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match body.next().await {
                Some(Ok(_)) => continue,
                other => return other.map(|r| r.is_err()),
            }
        }
    })
    .await
    .expect("the watch is cut at shutdown");
    assert!(end.is_none_or(|is_err| is_err), "cut, not left hanging");

    let mut opts = SandboxOptions::new(dir.path());
    opts.port = port;
    opts.speed = 20.0;
    let again = Sandbox::start(opts)
        .await
        .expect("restart on the same port");
    assert_eq!(again.base_url(), base);
    let text = http
        .get(format!("{base}/api/v1/pods?watch=1&resourceVersion={rv}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("\"code\":410"),
        "old RV is expired after restart: {text}"
    );
    let future = rv.parse::<u64>().unwrap() + 1_000_000_000_000;
    let text = http
        .get(format!(
            "{base}/api/v1/pods?watch=1&resourceVersion={future}"
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("\"code\":410"),
        "an RV from the future is expired too: {text}"
    );
    again.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollout_replaces_pods_and_records_revision() {
    let sb = start().await;
    let deploys: Api<Deployment> = Api::namespaced(sb.kube(), "stg");
    let image = "ghcr.io/showrunner-demo/backend:0a1b2c3";
    let patch =
        json!({"spec": {"template": {"spec": {"containers": [{"name": "app", "image": image}]}}}});
    deploys
        .patch(
            "backend",
            &PatchParams::default(),
            &Patch::Strategic(&patch),
        )
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(sb.kube(), "stg");
    eventually(30, "rollout complete", || async {
        let d = deploys.get("backend").await.ok()?;
        let st = d.status?;
        let done = st.updated_replicas == Some(2)
            && st.available_replicas == Some(2)
            && st.replicas == Some(2)
            && st.observed_generation == d.metadata.generation;
        let list = pods
            .list(&ListParams::default().labels("app=backend"))
            .await
            .ok()?;
        let all_new = list.items.iter().all(|p| {
            p.spec
                .as_ref()
                .is_some_and(|s| s.containers[0].image.as_deref() == Some(image))
                && p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running")
                && p.metadata.deletion_timestamp.is_none()
        });
        (done && all_new && list.items.len() == 2).then_some(())
    })
    .await;
    let d = deploys.get("backend").await.unwrap();
    assert_eq!(
        d.metadata.annotations.unwrap()["deployment.kubernetes.io/revision"],
        "2"
    );
    let rss: Api<ReplicaSet> = Api::namespaced(sb.kube(), "stg");
    let list = rss
        .list(&ListParams::default().labels("app=backend"))
        .await
        .unwrap();
    let mut replicas: Vec<i32> = list
        .items
        .iter()
        .map(|r| r.spec.replicas.unwrap())
        .collect();
    replicas.sort();
    assert_eq!(replicas, [0, 2], "old RS scaled to zero, new one to two");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_owners_cascades() {
    let sb = start().await;
    let deploys: Api<Deployment> = Api::namespaced(sb.kube(), "prod");
    deploys
        .delete("backend", &DeleteParams::default())
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(sb.kube(), "prod");
    let rss: Api<ReplicaSet> = Api::namespaced(sb.kube(), "prod");
    eventually(30, "backend RS and pods gone", || async {
        let rs = rss
            .list(&ListParams::default().labels("app=backend"))
            .await
            .ok()?;
        let p = pods
            .list(&ListParams::default().labels("app=backend"))
            .await
            .ok()?;
        (rs.items.is_empty() && p.items.is_empty()).then_some(())
    })
    .await;
    assert_eq!(
        pods.list(&ListParams::default().labels("app=frontend"))
            .await
            .unwrap()
            .items
            .len(),
        1
    );

    let (code, _) = sb
        .send(
            Method::DELETE,
            "/api/v1/namespaces/stg",
            "application/json",
            &json!({}),
        )
        .await;
    assert_eq!(code, 200);
    assert_eq!(sb.get("/api/v1/namespaces/stg").await.0, 404);
    let (_, left) = sb.get("/api/v1/namespaces/stg/pods").await;
    assert!(left["items"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crashing_containers_loop_with_backoff_and_previous_logs() {
    let sb = start_with(|o| {
        o.speed = 50.0;
        o.crash_images = vec!["deadbee".into()];
    })
    .await;
    let pods: Api<Pod> = Api::namespaced(sb.kube(), "dev");
    let mut p: Pod = serde_json::from_value(pod_manifest("crashy", "dev")).unwrap();
    p.spec.as_mut().unwrap().containers[0].image =
        Some("ghcr.io/showrunner-demo/backend:deadbee".into());
    pods.create(&PostParams::default(), &p).await.unwrap();
    let restarts = eventually(30, "CrashLoopBackOff with restarts", || async {
        let p = pods.get("crashy").await.ok()?;
        let c = p.status?.container_statuses?.into_iter().next()?;
        let waiting = c.state?.waiting?.reason?;
        (waiting == "CrashLoopBackOff" && c.restart_count >= 2).then_some(c.restart_count)
    })
    .await;
    assert!(restarts >= 2);
    let prev = sb
        .http
        .get(sb.url("/api/v1/namespaces/dev/pods/crashy/log?previous=true"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(prev.contains("KeyError"), "{prev}");
    let events = sb.get("/api/v1/namespaces/dev/events?fieldSelector=involvedObject.name%3Dcrashy,reason%3DBackOff").await.1;
    assert!(!events["items"].as_array().unwrap().is_empty());
    // Healthy pods are unaffected.
    let ok = pods
        .list(&ListParams::default().labels("app=frontend"))
        .await
        .unwrap();
    assert_eq!(
        ok.items[0]
            .status
            .as_ref()
            .unwrap()
            .container_statuses
            .as_ref()
            .unwrap()[0]
            .restart_count,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_churn_keeps_the_count_steady() {
    let sb = start_with(|o| {
        o.extra_pods = 300;
        o.churn = 100.0;
    })
    .await;
    let count = || async {
        let (_, l) = sb
            .get("/api/v1/pods?labelSelector=showrunner.dev%2Fload%3Dtrue")
            .await;
        l["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
            .count()
    };
    let start = count().await;
    assert!(
        (290..=310).contains(&start),
        "300 load pods seeded (churn already running): {start}"
    );
    let (_, list) = sb
        .get("/api/v1/pods?labelSelector=showrunner.dev%2Fload%3Dtrue")
        .await;
    let rv = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let text = sb
        .http
        .get(sb.url(&format!(
            "/api/v1/pods?watch=1&resourceVersion={rv}&timeoutSeconds=1"
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let changes = text.lines().count();
    assert!(changes >= 100, "about 100 changes/s, saw {changes} in 2 s");
    let n = count().await;
    assert!((270..=330).contains(&n), "count stays about steady: {n}");
    assert!(name(&list["items"][0]).starts_with("load-"));
}
