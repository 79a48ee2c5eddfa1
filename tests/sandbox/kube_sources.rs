//! The app's kube sources against the sandbox over loopback: the same client code path as a
//! live cluster. State is built by feeding the sources' actions through the real reducer.

use showrunner_testkit as common;

use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, PostParams};
use serde_json::json;

use common::harness::{DEADLINE, Harness, Watch};
use showrunner::app::Action;
use showrunner::sources::kube::client;
use showrunner::sources::kube::logs::{LogRequest, follow};
use showrunner::sources::kube::update::SourceStatus;
use showrunner_sandbox::{Sandbox, SandboxOptions};
use tokio::sync::mpsc;

fn options(dir: &std::path::Path, port: u16) -> SandboxOptions {
    SandboxOptions {
        port,
        speed: 20.0,
        ..SandboxOptions::new(dir)
    }
}

fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The app's pod watchers on the sandbox, feeding a state through the real reducer.
fn watch_pods(sandbox: &Sandbox, namespaces: &[&str]) -> (Harness, kube::Client) {
    let conn = client::connect(sandbox.kube_config(), "sandbox".into()).unwrap();
    let harness = Harness::start(&conn.client, namespaces, Watch::default());
    (harness, conn.client)
}

fn probe_pod(name: &str) -> Pod {
    serde_json::from_value(json!({
        "metadata": {"name": name, "labels": {"app": "probe"}},
        "spec": {"containers": [{"name": "app", "image": "ghcr.io/showrunner-demo/backend:probe"}]}
    }))
    .unwrap()
}

#[tokio::test]
async fn pods_follow_create_modify_and_delete() {
    init();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    let (mut h, client) = watch_pods(&sandbox, &["dev", "stg"]);
    h.until("both namespaces listed", |h| {
        h.state.pods.is_synced(0) && h.state.pods.is_synced(1)
    })
    .await;
    assert_eq!(
        h.state.pods.counts(0).total,
        3,
        "frontend + 2 backend in dev"
    );
    assert_eq!(h.pods_status("dev"), Some(&SourceStatus::Live));

    let pods: Api<Pod> = Api::namespaced(client, "dev");
    pods.create(&PostParams::default(), &probe_pod("probe"))
        .await
        .unwrap();
    h.until("the new pod to appear", |h| {
        h.pod_status("dev", "probe").is_some()
    })
    .await;
    h.until("the kubelet to run it (a modification)", |h| {
        h.pod_status("dev", "probe").as_deref() == Some("Running")
    })
    .await;
    assert!(
        h.state.pods.find("stg", "probe").is_none(),
        "other namespaces unaffected"
    );

    pods.delete("probe", &DeleteParams::default())
        .await
        .unwrap();
    h.until("the pod to terminate", |h| {
        h.pod_status("dev", "probe").as_deref() != Some("Running")
    })
    .await;
    h.until("the pod to be gone", |h| {
        h.pod_status("dev", "probe").is_none()
    })
    .await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn watch_reconnects_after_the_api_server_dies_and_comes_back() {
    init();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    let port = sandbox.addr().port();
    let (mut h, _) = watch_pods(&sandbox, &["dev"]);
    h.until("dev listed", |h| h.state.pods.is_synced(0)).await;
    let before: Vec<String> = (0..3)
        .filter_map(|_| h.state.pods.selected_pod().map(|p| p.name.to_string()))
        .collect();

    sandbox.shutdown().await;
    h.until("the source to report it lost the server", |h| {
        matches!(
            h.pods_status("dev"),
            Some(SourceStatus::Reconnecting { .. })
        )
    })
    .await;
    match h.pods_status("dev") {
        Some(SourceStatus::Reconnecting { error }) => {
            assert!(error.contains("API server"), "error in words: {error}")
        }
        other => panic!("{other:?}"),
    }

    let relists = h.relists;
    let sandbox = Sandbox::start(options(dir.path(), port)).await.unwrap();
    h.until("live again", |h| {
        h.pods_status("dev") == Some(&SourceStatus::Live)
    })
    .await;
    h.until("a fresh list from the new server", |h| h.relists > relists)
        .await;
    assert_eq!(h.state.pods.counts(0).total, 3);
    let after = h.state.pods.selected_pod().map(|p| p.name.to_string());
    assert_ne!(
        Some(before.first().cloned().unwrap_or_default()),
        after,
        "pods of the new server replaced the old ones"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn expired_resource_version_makes_the_watcher_relist() {
    init();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    let (mut h, client) = watch_pods(&sandbox, &["dev"]);
    h.until("dev listed", |h| h.state.pods.is_synced(0)).await;
    let relists = h.relists;

    sandbox.expire_watch_history();
    // A change after the expiry still reaches the app, through the relist the 410 forces.
    Api::<Pod>::namespaced(client, "dev")
        .create(&PostParams::default(), &probe_pod("after-410"))
        .await
        .unwrap();
    h.until("a relist after 410", |h| h.relists > relists).await;
    h.until("the new pod", |h| {
        h.pod_status("dev", "after-410").is_some()
    })
    .await;
    assert_eq!(h.pods_status("dev"), Some(&SourceStatus::Live));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn forbidden_namespace_is_reported_in_words_and_others_keep_working() {
    init();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    sandbox.faults().deny("list", "pods", Some("prod"));
    let (mut h, _) = watch_pods(&sandbox, &["dev", "prod"]);
    h.until("prod refused", |h| {
        matches!(
            h.pods_status("prod"),
            Some(SourceStatus::Reconnecting { .. })
        )
    })
    .await;
    h.until("dev listed", |h| h.state.pods.is_synced(0)).await;
    match h.pods_status("prod") {
        Some(SourceStatus::Reconnecting { error }) => {
            assert!(error.starts_with("forbidden (403): "), "{error}");
            assert!(error.contains("cannot list resource \"pods\""), "{error}");
        }
        other => panic!("{other:?}"),
    }
    sandbox.faults().clear();
    h.until("prod recovers once allowed", |h| h.state.pods.is_synced(1))
        .await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn follow_log_stream_receives_new_lines() {
    init();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    let (mut h, client) = watch_pods(&sandbox, &["dev"]);
    h.until("a running dev pod", |h| {
        h.state
            .pods
            .selected_pod()
            .is_some_and(|p| &*p.status == "Running")
    })
    .await;
    let pod = h.state.pods.selected_pod().unwrap().clone();

    let (tx, mut rx) = mpsc::channel(64);
    let req = LogRequest {
        stream: 7,
        namespace: "dev".into(),
        pod: pod.name.to_string(),
        container: pod.containers[0].name.clone(),
        tail_lines: 1,
    };
    let task = tokio::spawn(follow(client, req, tx));
    let mut batches = 0;
    let mut lines = 0;
    while batches < 3 {
        match tokio::time::timeout(DEADLINE, rx.recv())
            .await
            .expect("log lines keep coming")
            .unwrap()
        {
            Action::LogLines {
                stream,
                lines: batch,
            } => {
                assert_eq!(stream, 7);
                batches += 1;
                lines += batch.len();
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(lines >= 3);
    task.abort();
    sandbox.shutdown().await;
}

/// The server comes back with other objects (here: without the probe pod): the old rows must
/// not outlive its return by more than a moment, and the title says "resyncing" meanwhile.
#[tokio::test]
async fn rows_of_a_restarted_server_are_replaced_within_seconds() {
    init();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    let port = sandbox.addr().port();
    let (mut h, client) = watch_pods(&sandbox, &["dev"]);
    h.until("dev listed", |h| h.state.pods.is_synced(0)).await;
    Api::<Pod>::namespaced(client, "dev")
        .create(&PostParams::default(), &probe_pod("stale"))
        .await
        .unwrap();
    h.until("the probe pod", |h| h.pod_status("dev", "stale").is_some())
        .await;

    sandbox.shutdown().await;
    h.until("the source to report it lost the server", |h| {
        matches!(
            h.pods_status("dev"),
            Some(SourceStatus::Reconnecting { .. })
        )
    })
    .await;
    // Long enough for a backoff to grow past what the server's return should cost.
    tokio::time::sleep(Duration::from_secs(6)).await;

    let sandbox = Sandbox::start(options(dir.path(), port)).await.unwrap();
    let back = tokio::time::Instant::now();
    let mut saw_resyncing = false;
    let deadline = back + Duration::from_secs(5);
    while h.pod_status("dev", "stale").is_some()
        || h.pods_status("dev") != Some(&SourceStatus::Live)
    {
        let seen = h
            .apply_next(deadline, |action| {
                saw_resyncing |= matches!(action, Action::Source(_, SourceStatus::Resyncing));
            })
            .await;
        if seen.is_none() {
            panic!(
                "stale rows 5 s after the server came back; sources: {:?}",
                h.state.sources
            );
        }
    }
    assert!(
        saw_resyncing,
        "the title said resyncing until the list arrived"
    );
    assert_eq!(h.state.pods.counts(0).total, 3, "the new server's pods");
    sandbox.shutdown().await;
}

/// What the watchers log, for asserting what the app log would show.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One object the model cannot read (a number where a container's restart policy belongs)
/// must not blank the pane.
#[tokio::test]
async fn an_object_that_does_not_decode_is_skipped_and_named() {
    init();
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test runs on one thread, so the watcher tasks log here too.
    let _guard = tracing::subscriber::set_default(subscriber);
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    let conn = client::connect(sandbox.kube_config(), "sandbox".into()).unwrap();
    let resource = kube::api::ApiResource::erase::<Pod>(&());
    let raw: Api<kube::api::DynamicObject> =
        Api::namespaced_with(conn.client.clone(), "dev", &resource);
    let bad: kube::api::DynamicObject = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "undecodable"},
        "spec": {
            "containers": [{"name": "app", "image": "ghcr.io/showrunner-demo/backend:probe",
                            "restartPolicy": 7}]
        }
    }))
    .unwrap();
    raw.create(&PostParams::default(), &bad).await.unwrap();

    let (mut h, _) = watch_pods(&sandbox, &["dev"]);
    h.until("dev listed", |h| h.state.pods.is_synced(0)).await;
    assert_eq!(
        h.state.pods.counts(0).total,
        3,
        "the readable pods are shown"
    );
    assert!(h.pod_status("dev", "undecodable").is_none());
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("dev/undecodable") && text.contains("skipped"),
        "named in the log: {text}"
    );
    sandbox.shutdown().await;
}

/// A pod deleted and recreated under the same name between the app's look and its delete is
/// the new pod, which the user never saw: the uid precondition leaves it alone.
#[tokio::test]
async fn deleting_a_pod_spares_a_namesake_created_since() {
    use showrunner::sources::writes::apply;
    use showrunner::sources::writes::mutation::Mutation;
    init();
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(options(dir.path(), 0)).await.unwrap();
    let conn = client::connect(sandbox.kube_config(), "sandbox".into()).unwrap();
    let pods: Api<Pod> = Api::namespaced(conn.client.clone(), "dev");
    let seen = pods
        .create(&PostParams::default(), &probe_pod("twin"))
        .await
        .unwrap();
    let seen_uid = seen.metadata.uid.unwrap();
    pods.delete("twin", &DeleteParams::default().grace_period(0))
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + DEADLINE;
    let namesake = loop {
        match pods
            .create(&PostParams::default(), &probe_pod("twin"))
            .await
        {
            Ok(p) => break p,
            Err(_) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("recreate: {e}"),
        }
    };
    let delete = |uid: &str| Mutation::DeletePod {
        namespace: "dev".into(),
        pod: "twin".into(),
        owner: None,
        uid: Some(uid.into()),
    };
    let refused = apply(conn.client.clone(), &delete(&seen_uid))
        .await
        .expect_err("the namesake is not the pod the app saw");
    assert!(refused.contains("replaced"), "{refused}");
    let still = pods.get("twin").await.unwrap();
    assert_eq!(still.metadata.uid, namesake.metadata.uid);
    assert!(still.metadata.deletion_timestamp.is_none());

    let uid = namesake.metadata.uid.unwrap();
    apply(conn.client, &delete(&uid))
        .await
        .expect("the pod the app saw is deleted");
    sandbox.shutdown().await;
}
