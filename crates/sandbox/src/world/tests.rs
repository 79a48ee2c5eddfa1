//! Controllers on a fast clock (speed 100: a 10 s back-off takes 0.1 s).

use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use super::deletion::{self, DeleteOpts};
use super::events::EventRecorder;
use super::logbook::LogBook;
use super::loglines::LogWriter;
use super::{Clock, World, deployment, kubelet, replicaset, seed};
use crate::defaults;
use crate::registry::{DEPLOYMENTS, EVENTS, NAMESPACES, PODS, REPLICASETS, Registry};
use crate::store::Store;

const SPEED: f64 = 100.0;

fn world(crash_images: Vec<String>) -> Arc<World> {
    world_with_buffer(crash_images, 4096)
}

/// `buffer` is the store's broadcast capacity: small makes controllers fall behind.
fn world_with_buffer(crash_images: Vec<String>, buffer: usize) -> Arc<World> {
    let w = Arc::new(World {
        store: Store::new(10_000, buffer),
        registry: Registry::builtin(),
        logs: Arc::new(LogBook::new(100)),
        writer: Arc::new(LogWriter::default()),
        events: EventRecorder::new(1000),
        clock: Clock { speed: SPEED },
        crash_images: RwLock::new(crash_images),
        cancel: CancellationToken::new(),
        images: Default::default(),
    });
    let mut ns = json!({"metadata": {"name": "dev"}});
    defaults::apply(&NAMESPACES, &mut ns);
    w.store.create(&NAMESPACES, ns).unwrap();
    w
}

/// Polls until `check` holds, failing after 20 s.
async fn until(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..4000 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("never happened: {what}");
}

fn pod(w: &World, name: &str) -> Option<Value> {
    w.store.read(&PODS, "dev", name)
}

fn new_pod(w: &World, name: &str, image: &str) {
    let mut p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "dev"},
                       "spec": {"containers": [{"name": "app", "image": image}]}});
    defaults::apply(&PODS, &mut p);
    w.store.create(&PODS, p).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubelet_runs_pods_and_removes_deleted_ones() {
    let w = world(Vec::new());
    w.spawn(kubelet::run(w.clone()));
    new_pod(&w, "p", "ghcr.io/showrunner-demo/backend:1");
    until("scheduled", || {
        pod(&w, "p").is_some_and(|p| p["spec"]["nodeName"] == "sandbox-node")
    })
    .await;
    until("creating", || {
        pod(&w, "p").is_some_and(|p| {
            p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "ContainerCreating"
        })
    })
    .await;
    until("running", || {
        pod(&w, "p").is_some_and(|p| p["status"]["phase"] == "Running")
    })
    .await;
    let p = pod(&w, "p").unwrap();
    assert_eq!(p["status"]["containerStatuses"][0]["ready"], true);
    assert!(
        p["status"]["podIP"]
            .as_str()
            .unwrap()
            .starts_with("10.244.")
    );
    let reasons: Vec<String> = w
        .store
        .list(&EVENTS, Some("dev"), None, 100, &|_| true)
        .items
        .iter()
        .map(|e| e.value()["reason"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    for r in ["Scheduled", "Pulling", "Pulled", "Created", "Started"] {
        assert!(
            reasons.iter().any(|x| x == r),
            "{r} missing from {reasons:?}"
        );
    }
    let key = ("dev".to_string(), "p".to_string(), "app".to_string());
    assert!(
        !w.logs.current(&key).unwrap().lines().is_empty(),
        "startup lines written"
    );

    deletion::delete(
        &w.store,
        &w.registry,
        &PODS,
        "dev",
        "p",
        &DeleteOpts::default(),
    )
    .unwrap();
    assert!(pod(&w, "p").unwrap()["metadata"]["deletionTimestamp"].is_string());
    until("removed", || pod(&w, "p").is_none()).await;
    assert!(w.logs.current(&key).is_none());
    w.cancel.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crashing_image_backs_off_longer_each_time() {
    let w = world(vec!["bad".into()]);
    w.spawn(kubelet::run(w.clone()));
    new_pod(&w, "c", "ghcr.io/showrunner-demo/backend:bad");
    let status = |w: &World| {
        pod(w, "c")
            .map(|p| p["status"]["containerStatuses"][0].clone())
            .unwrap_or_default()
    };
    until("first crash", || status(&w)["restartCount"] == 1).await;
    let s = status(&w);
    assert_eq!(s["state"]["waiting"]["reason"], "CrashLoopBackOff");
    assert!(
        s["state"]["waiting"]["message"]
            .as_str()
            .unwrap()
            .starts_with("back-off 10s")
    );
    assert_eq!(s["lastState"]["terminated"]["reason"], "Error");
    let first = tokio::time::Instant::now();
    until("second crash", || status(&w)["restartCount"] == 2).await;
    let gap = first.elapsed();
    assert!(
        gap >= Duration::from_secs_f64(10.0 / SPEED),
        "waited the 10 s back-off before restarting: {gap:?}"
    );
    assert!(
        status(&w)["state"]["waiting"]["message"]
            .as_str()
            .unwrap()
            .starts_with("back-off 20s")
    );
    w.cancel.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deployment_creates_replicaset_pods_and_rolls_out() {
    let w = world(Vec::new());
    w.spawn(kubelet::run(w.clone()));
    w.spawn(replicaset::run(w.clone()));
    w.spawn(deployment::run(w.clone()));
    let mut d = seed::deployment("dev", "web", 2, "app", "img:1", 80);
    defaults::apply(&DEPLOYMENTS, &mut d);
    w.store.create(&DEPLOYMENTS, d).unwrap();
    let status = |w: &World, f: &str| {
        w.store.read(&DEPLOYMENTS, "dev", "web").unwrap()["status"][f]
            .as_i64()
            .unwrap_or(0)
    };
    until("available", || status(&w, "availableReplicas") == 2).await;
    let rss = w
        .store
        .list(&REPLICASETS, Some("dev"), None, 10, &|_| true)
        .items;
    assert_eq!(rss.len(), 1);
    assert_eq!(
        rss[0].value()["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "1"
    );

    w.store
        .update(&DEPLOYMENTS, "dev", "web", |cur| {
            let mut n = cur.clone();
            n["spec"]["template"]["spec"]["containers"][0]["image"] = json!("img:2");
            Ok(n)
        })
        .unwrap();
    let mut min_available = i64::MAX;
    until("rolled out", || {
        min_available = min_available.min(status(&w, "availableReplicas"));
        let pods = w.store.list(&PODS, Some("dev"), None, 10, &|_| true).items;
        status(&w, "updatedReplicas") == 2
            && status(&w, "availableReplicas") == 2
            && pods.len() == 2
            && pods
                .iter()
                .all(|p| p.value()["spec"]["containers"][0]["image"] == "img:2")
    })
    .await;
    assert_eq!(
        min_available, 2,
        "maxUnavailable 0 keeps both replicas available throughout"
    );
    let d = w.store.read(&DEPLOYMENTS, "dev", "web").unwrap();
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "2"
    );
    assert_eq!(
        d["status"]["conditions"][1]["reason"],
        "NewReplicaSetAvailable"
    );
    w.cancel.cancel();
}

#[tokio::test(flavor = "current_thread")]
async fn kubelet_recovers_after_falling_behind() {
    let w = world_with_buffer(Vec::new(), 16);
    w.spawn(kubelet::run(w.clone()));
    new_pod(&w, "a", "img:1");
    until("a running", || {
        pod(&w, "a").is_some_and(|p| p["status"]["phase"] == "Running")
    })
    .await;
    let key = ("dev".to_string(), "a".to_string(), "app".to_string());
    assert!(w.logs.current(&key).is_some());
    // Without yielding to the kubelet: delete `a`, create `b`, and flood the broadcast.
    w.store.delete(&PODS, "dev", "a", None, None).unwrap();
    new_pod(&w, "b", "img:1");
    for i in 0..40 {
        let mut ns = json!({"metadata": {"name": format!("flood-{i}")}});
        defaults::apply(&NAMESPACES, &mut ns);
        w.store.create(&NAMESPACES, ns).unwrap();
    }
    until("b adopted after the resync", || {
        pod(&w, "b").is_some_and(|p| p["status"]["phase"] == "Running")
    })
    .await;
    until("a's task noticed the missed deletion", || {
        w.logs.current(&key).is_none()
    })
    .await;
    w.cancel.cancel();
}
