//! Every watcher the app runs, listing and watching the real kube-apiserver: pods per namespace
//! (run by the real scheduler and controller-manager, and kwok in place of a kubelet), Kargo
//! projects / warehouses / stages / freight / promotions and Argo CD applications on the real
//! CRDs, and pod events. Creates, updates and deletes reach the app state; after a forced watch
//! restart past a compaction the relist leaves no stale object.

use showrunner_testkit as common;

use std::net::SocketAddr;

use common::harness::{Harness, Watch, pods_source};
use common::proxy::Relay;
use common::testbed::{self, shared};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, ListParams, PostParams, WatchEvent, WatchParams};
use serde_json::json;
use showrunner::sources::kube::update::SourceStatus;

const PROJECT: &str = "kargo-demo";
/// This module's shared test bed: its tests change it, so no other module's tests read it.
const BED: &str = "sources";

fn probe_pod(name: &str) -> Pod {
    serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": {"app": "probe"}},
        "spec": {"containers": [{"name": "app", "image": "ghcr.io/showrunner-demo/backend:probe"}]}
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pods_of_three_namespaces_follow_create_run_and_delete() {
    let bed = shared(BED);
    let client = bed.admin_client().await;
    let mut h = Harness::start(&client, &["dev", "stg", "prod"], Watch::default());
    h.until("the three namespaces' pods, Running", |h| {
        (0..3).all(|i| h.state.pods.is_synced(i) && h.state.pods.counts(i).ready == 3)
    })
    .await;
    for ns in ["dev", "stg", "prod"] {
        assert_eq!(h.status(&pods_source(ns)), Some(&SourceStatus::Live));
        let names = h.pod_names(ns);
        assert_eq!(
            names.iter().filter(|n| n.starts_with("backend-")).count(),
            2,
            "{names:?}"
        );
        assert_eq!(
            names.iter().filter(|n| n.starts_with("frontend-")).count(),
            1,
            "{names:?}"
        );
    }

    let pods: Api<Pod> = Api::namespaced(client, "prod");
    pods.create(&PostParams::default(), &probe_pod("probe"))
        .await
        .unwrap();
    h.until("the new pod", |h| h.pod_status("prod", "probe").is_some())
        .await;
    h.until("the scheduler and kwok to run it (an update)", |h| {
        h.pod_status("prod", "probe").as_deref() == Some("Running")
    })
    .await;
    pods.delete("probe", &DeleteParams::default())
        .await
        .unwrap();
    h.until("the pod to be gone", |h| {
        h.pod_status("prod", "probe").is_none()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kargo_and_argo_cd_kinds_are_listed_and_follow_changes() {
    let bed = shared(BED);
    let client = bed.admin_client().await;
    let watch = Watch {
        kargo_project: Some(PROJECT),
        argocd_namespace: Some("argocd"),
        projects: true,
    };
    let mut h = Harness::start(&client, &[], watch);
    h.until("everything listed", |h| {
        let g = &h.state.gitops;
        g.projects.len() == 1
            && g.stages.len() == 3
            && g.freight.len() >= 2
            && g.warehouses.len() == 1
            && g.apps.len() == 3
            && g.promotions.is_synced(PROJECT)
    })
    .await;
    let g = &h.state.gitops;
    assert_eq!(g.stage_names(), ["dev", "stg", "prod"], "in pipeline order");
    let stg = g.stage("stg").expect("stg");
    assert_eq!(
        stg.current_freight.as_deref(),
        Some("e0cc560a549cddc46525621a2f18574c48ffddec"),
        "the status testbed.sh writes for it: {stg:?}"
    );

    // A new freight (create), its alias changed (update), then deleted.
    let freight = r#"{"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Freight",
        "metadata": {"name": "f00dcafe", "namespace": "kargo-demo", "labels": {"kargo.akuity.io/alias": "tidy-robin"}},
        "alias": "tidy-robin", "origin": {"kind": "Warehouse", "name": "backend"},
        "images": [{"repoURL": "ghcr.io/showrunner-demo/backend", "tag": "f00dcaf"}]}"#;
    let file = bed.dir.join("freight.json");
    std::fs::write(&file, freight).unwrap();
    bed.kubectl(&["create", "-f", file.to_str().unwrap()]);
    h.until("the new freight", |h| {
        h.state.gitops.freight_named("f00dcafe").is_some()
    })
    .await;
    bed.kubectl(&[
        "patch",
        "freight",
        "f00dcafe",
        "-n",
        PROJECT,
        "--type=merge",
        "-p",
        r#"{"alias": "lucky-lynx"}"#,
    ]);
    h.until("the alias change", |h| {
        h.state
            .gitops
            .freight_named("f00dcafe")
            .is_some_and(|f| f.alias == "lucky-lynx")
    })
    .await;
    bed.kubectl(&["delete", "freight", "f00dcafe", "-n", PROJECT]);
    h.until("the freight to be gone", |h| {
        h.state.gitops.freight_named("f00dcafe").is_none()
    })
    .await;

    // An Argo CD status change reaches the applications pane (Application has no status
    // subresource: Argo CD writes status with the rest of the object).
    bed.kubectl(&[
        "patch",
        "application",
        "prod-app",
        "-n",
        "argocd",
        "--type=merge",
        "-p",
        r#"{"status": {"health": {"status": "Degraded"}}}"#,
    ]);
    h.until("prod-app degraded", |h| {
        h.state
            .gitops
            .apps
            .get("argocd", "prod-app")
            .is_some_and(|a| a.health == "Degraded")
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pod_events_come_from_the_real_scheduler() {
    let bed = shared(BED);
    let client = bed.admin_client().await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "dev");
    let list = pods
        .list(&ListParams::default().labels("app=backend"))
        .await
        .unwrap();
    let pod = &list.items[0];
    let name = pod.metadata.name.clone().unwrap();
    let uid = pod.metadata.uid.clone().unwrap();
    let events = common::eventually(30, "the Scheduled event", || async {
        let events =
            showrunner::sources::kube::events::pod_events(client.clone(), "dev", &name, &uid)
                .await
                .expect("events list");
        events
            .iter()
            .any(|e| e.reason == "Scheduled")
            .then_some(events)
    })
    .await;
    let scheduled = events.iter().find(|e| e.reason == "Scheduled").unwrap();
    assert!(
        scheduled.message.contains("Successfully assigned dev/")
            && scheduled.message.contains("kwok-node-0"),
        "{scheduled:?}"
    );
}

/// The watch is cut (a partition) while a pod is deleted and another created, and the server
/// compacts past the watcher's resourceVersion. With the watch cache off, resuming the watch
/// meets a real 410 Gone; the relist must leave no stale pod.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_cut_past_a_compaction_the_relist_leaves_no_stale_pod() {
    let bed = testbed::own(
        "compaction",
        "--watch-cache=false --etcd-compaction-interval=5s",
    );
    let direct = bed.admin_client().await;
    let pods: Api<Pod> = Api::namespaced(direct.clone(), "dev");
    pods.create(&PostParams::default(), &probe_pod("doomed"))
        .await
        .unwrap();

    let target: SocketAddr = bed.server().trim_start_matches("https://").parse().unwrap();
    let relay = Relay::start(target).await;
    let mut config = bed.config(&bed.admin).await;
    config.cluster_url = format!("https://{}", relay.addr).parse().unwrap();
    let relayed = kube::Client::try_from(config).unwrap();
    let mut h = Harness::start(&relayed, &["dev"], Watch::default());
    h.until("dev listed with the doomed pod", |h| {
        h.state.pods.is_synced(0) && h.pod_status("dev", "doomed").is_some()
    })
    .await;
    let seen_at = pods
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();

    relay.cut();
    h.until("the source to say it lost the server", |h| {
        matches!(
            h.status(&pods_source("dev")),
            Some(SourceStatus::Reconnecting { .. })
        )
    })
    .await;
    pods.delete("doomed", &DeleteParams::default().grace_period(0))
        .await
        .unwrap();
    pods.create(&PostParams::default(), &probe_pod("newborn"))
        .await
        .unwrap();
    // Wait until the server itself says the watcher's resourceVersion is gone.
    common::eventually(
        60,
        "a compaction past the watcher's resourceVersion",
        || async {
            let params = WatchParams::default().timeout(1);
            let expired = match pods.watch(&params, &seen_at).await {
                Ok(stream) => {
                    use futures::StreamExt;
                    let first = Box::pin(stream).next().await;
                    matches!(first, Some(Ok(WatchEvent::Error(e))) if e.code == 410)
                }
                Err(kube::Error::Api(e)) => e.code == 410,
                Err(_) => false,
            };
            expired.then_some(())
        },
    )
    .await;

    let relists = h.relists;
    relay.restore();
    h.until("a relist after the cut", |h| h.relists > relists)
        .await;
    h.until("the new pod, and the deleted one gone", |h| {
        h.pod_status("dev", "newborn").is_some() && h.pod_status("dev", "doomed").is_none()
    })
    .await;
    h.until("live again", |h| {
        h.status(&pods_source("dev")) == Some(&SourceStatus::Live)
    })
    .await;
    let names = h.pod_names("dev");
    assert!(
        !names.contains(&"doomed".to_string()),
        "no stale pod: {names:?}"
    );
}

/// The log pane's stream, through the real API server's proxy to the node (kwok serves the
/// kubelet's log endpoint): `follow=true` keeps delivering new lines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_followed_log_streams_through_the_real_api_server() {
    use showrunner::app::Action;
    use showrunner::sources::kube::logs::{LogRequest, follow};

    let bed = shared(BED);
    let client = bed.admin_client().await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "dev");
    let list = pods
        .list(&ListParams::default().labels("app=backend"))
        .await
        .unwrap();
    let pod = list.items[0].metadata.name.clone().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let request = LogRequest {
        stream: 3,
        namespace: "dev".into(),
        pod,
        container: "app".into(),
        tail_lines: 1,
    };
    let task = tokio::spawn(follow(client, request, tx));
    let mut lines = Vec::new();
    while lines.len() < 3 {
        let action = tokio::time::timeout(common::harness::DEADLINE, rx.recv())
            .await
            .expect("log lines keep coming")
            .expect("stream open");
        match action {
            Action::LogLines {
                stream,
                lines: batch,
            } => {
                assert_eq!(stream, 3);
                lines.extend(batch);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(lines.iter().all(|l| l.contains("GET /users")), "{lines:?}");
    task.abort();
}
