//! The real kubectl against the sandbox. kubectl must be on PATH: CI installs it, and a
//! missing kubectl fails these tests instead of skipping them.

use showrunner_testkit as common;

use std::process::Stdio;
use std::time::Duration;

use common::kubectl::{header, kubectl, run};
use common::{eventually, pod_manifest, start};
use reqwest::Method;
use serde_json::Value;
use tokio::io::AsyncReadExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_namespaces_and_pods() {
    let sb = start().await;
    let ns = run(&sb, &["get", "ns"]).await;
    assert_eq!(header(&ns), ["NAME", "STATUS", "AGE"]);
    for want in ["dev", "stg", "prod"] {
        assert!(
            ns.lines()
                .any(|l| l.starts_with(want) && l.contains("Active")),
            "{ns}"
        );
    }
    let pods = run(&sb, &["get", "pods", "-n", "dev"]).await;
    assert_eq!(
        header(&pods),
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    );
    let rows: Vec<&str> = pods.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{pods}");
    assert!(
        rows.iter()
            .all(|r| r.contains(" 1/1 ") && r.contains(" Running ")),
        "{pods}"
    );

    let json: Value =
        serde_json::from_str(&run(&sb, &["get", "pods", "-n", "dev", "-o", "json"]).await).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|p| p["status"]["phase"] == "Running"));

    let all = run(&sb, &["get", "pods", "-A", "-o", "wide"]).await;
    assert!(
        header(&all).starts_with(&[
            "NAMESPACE",
            "NAME",
            "READY",
            "STATUS",
            "RESTARTS",
            "AGE",
            "IP",
            "NODE"
        ]),
        "{all}"
    );
    assert_eq!(all.lines().count(), 10);
    let deploys = run(&sb, &["get", "deploy", "-n", "prod"]).await;
    assert_eq!(
        header(&deploys),
        ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    );
    assert!(deploys.contains("backend    2/2"), "{deploys}");
    let nodes = run(&sb, &["get", "nodes"]).await;
    assert_eq!(
        header(&nodes),
        ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    );
    assert!(nodes.contains("sandbox-node   Ready"), "{nodes}");
    let svc = run(&sb, &["get", "svc", "-n", "dev"]).await;
    assert_eq!(
        header(&svc),
        [
            "NAME",
            "TYPE",
            "CLUSTER-IP",
            "EXTERNAL-IP",
            "PORT(S)",
            "AGE"
        ]
    );
    let yaml = run(&sb, &["get", "deploy", "frontend", "-o", "yaml"]).await;
    assert!(
        yaml.contains("image: ghcr.io/showrunner-demo/frontend:1.4.2"),
        "{yaml}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_of_a_pod() {
    let sb = start().await;
    let pod = run(
        &sb,
        &[
            "get",
            "pods",
            "-l",
            "app=frontend",
            "-o",
            "jsonpath={.items[0].metadata.name}",
        ],
    )
    .await;
    let logs = eventually(30, "frontend logs", || async {
        let out = run(&sb, &["logs", &pod]).await;
        (out.lines().count() >= 3).then_some(out)
    })
    .await;
    assert!(
        logs.contains("Configuration complete; ready for start up"),
        "{logs}"
    );
    let tail = run(&sb, &["logs", &format!("pod/{pod}"), "--tail=1"]).await;
    assert_eq!(tail.lines().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_pods_watch_streams_rows() {
    let sb = start().await;
    let mut child = kubectl(&sb)
        .args(["get", "pods", "-w", "-n", "dev"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kubectl -w starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut out = String::new();
    let reader = async {
        let mut buf = [0u8; 4096];
        loop {
            match stdout.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.push_str(&String::from_utf8_lossy(&buf[..n])),
            }
            if out.contains("watched")
                && out
                    .lines()
                    .filter(|l| l.starts_with("watched"))
                    .any(|l| l.contains("Running"))
            {
                break;
            }
        }
    };
    let create = async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        sb.send(
            Method::POST,
            "/api/v1/namespaces/dev/pods",
            "application/json",
            &pod_manifest("watched", "dev"),
        )
        .await
    };
    let (_, (code, _)) = tokio::join!(
        tokio::time::timeout(Duration::from_secs(30), reader),
        create
    );
    let _ = child.kill().await;
    assert_eq!(code, 201);
    assert_eq!(
        header(&out),
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        "{out}"
    );
    assert!(
        out.lines().filter(|l| l.starts_with("backend-")).count() >= 2,
        "{out}"
    );
    let watched: Vec<&str> = out.lines().filter(|l| l.starts_with("watched")).collect();
    assert!(watched.iter().any(|l| l.contains("Pending")), "{out}");
    assert!(
        watched
            .iter()
            .any(|l| l.contains("1/1") && l.contains("Running")),
        "{out}"
    );
    assert!(
        !out.lines().skip(1).any(|l| l.starts_with("NAME")),
        "headers printed once: {out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_a_deployment_then_delete_a_pod() {
    let sb = start().await;
    let manifest = sb.dir.path().join("hello.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  labels: {app: hello}
spec:
  replicas: 2
  selector:
    matchLabels: {app: hello}
  template:
    metadata:
      labels: {app: hello}
    spec:
      containers:
      - name: hello
        image: ghcr.io/showrunner-demo/hello:1.0
",
    )
    .unwrap();
    let path = manifest.to_str().unwrap();
    let out = run(&sb, &["apply", "-f", path]).await;
    assert_eq!(out.trim(), "deployment.apps/hello created");
    let names = eventually(30, "two hello pods Running", || async {
        let json: Value = serde_json::from_str(
            &run(&sb, &["get", "pods", "-l", "app=hello", "-o", "json"]).await,
        )
        .ok()?;
        let items = json["items"].as_array()?;
        let running = items.iter().filter(|p| {
            p["status"]["phase"] == "Running" && p["metadata"]["deletionTimestamp"].is_null()
        });
        let names: Vec<String> = running
            .map(|p| p["metadata"]["name"].as_str().unwrap_or("").to_string())
            .collect();
        (names.len() == 2).then_some(names)
    })
    .await;
    assert_eq!(
        run(&sb, &["apply", "-f", path]).await.trim(),
        "deployment.apps/hello unchanged"
    );
    let changed = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("replicas: 2", "replicas: 3");
    std::fs::write(&manifest, changed).unwrap();
    assert_eq!(
        run(&sb, &["apply", "-f", path]).await.trim(),
        "deployment.apps/hello configured"
    );

    let out = run(&sb, &["delete", "pod", &names[0]]).await;
    // kubectl 1.31 and later name the namespace; Debian's 1.20 does not (.ci/run uses either).
    let deleted = format!("pod \"{}\" deleted", names[0]);
    assert!(
        out.trim() == deleted || out.trim() == format!("{deleted} from dev namespace"),
        "{out}"
    );
    let gone = kubectl(&sb)
        .args(["get", "pod", &names[0]])
        .output()
        .await
        .unwrap();
    assert!(!gone.status.success());
    assert!(String::from_utf8_lossy(&gone.stderr).contains("NotFound"));
    eventually(30, "replacement pods Running", || async {
        let out = run(&sb, &["get", "pods", "-l", "app=hello", "--no-headers"]).await;
        (out.lines().filter(|l| l.contains("Running")).count() == 3).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_rollout_and_describe() {
    let sb = start().await;
    let out = run(&sb, &["scale", "deployment/frontend", "--replicas=3"]).await;
    assert_eq!(out.trim(), "deployment.apps/frontend scaled");
    eventually(30, "three frontend pods Running", || async {
        let out = run(&sb, &["get", "pods", "-l", "app=frontend", "--no-headers"]).await;
        (out.lines()
            .filter(|l| l.contains(" 1/1 ") && l.contains("Running"))
            .count()
            == 3)
            .then_some(())
    })
    .await;
    run(
        &sb,
        &[
            "set",
            "image",
            "deployment/backend",
            "app=ghcr.io/showrunner-demo/backend:0a1b2c3",
        ],
    )
    .await;
    let status = run(
        &sb,
        &["rollout", "status", "deployment/backend", "--timeout=60s"],
    )
    .await;
    assert!(status.contains("successfully rolled out"), "{status}");
    let history = run(&sb, &["rollout", "history", "deployment/backend"]).await;
    assert!(history.lines().any(|l| l.starts_with('2')), "{history}");
    let pod = run(
        &sb,
        &[
            "get",
            "pods",
            "-l",
            "app=backend",
            "-o",
            "jsonpath={.items[0].metadata.name}",
        ],
    )
    .await;
    let describe = run(&sb, &["describe", "pod", &pod]).await;
    assert!(
        describe
            .lines()
            .any(|l| l.starts_with("Status:") && l.ends_with("Running")),
        "{describe}"
    );
    assert!(
        describe.contains("Started container app"),
        "events are shown: {describe}"
    );
}

/// `kubectl create <kind>` uses client-go's typed clients, which send protobuf bodies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_generators_send_protobuf() {
    let sb = start().await;
    assert_eq!(
        run(&sb, &["create", "namespace", "demo"]).await.trim(),
        "namespace/demo created"
    );
    let out = run(
        &sb,
        &[
            "create",
            "deployment",
            "web",
            "--image=nginx:1.27",
            "--replicas=2",
            "--port=80",
            "-n",
            "demo",
        ],
    )
    .await;
    assert_eq!(out.trim(), "deployment.apps/web created");
    let out = run(
        &sb,
        &[
            "create",
            "service",
            "clusterip",
            "web",
            "--tcp=8080:80",
            "-n",
            "demo",
        ],
    )
    .await;
    assert_eq!(out.trim(), "service/web created");
    let svc = run(&sb, &["get", "svc", "web", "-n", "demo", "--no-headers"]).await;
    assert!(svc.contains(" 8080/TCP "), "{svc}");
    eventually(30, "two web pods Running", || async {
        let out = run(
            &sb,
            &["get", "pods", "-n", "demo", "-l", "app=web", "--no-headers"],
        )
        .await;
        (out.lines()
            .filter(|l| l.contains(" 1/1 ") && l.contains("Running"))
            .count()
            == 2)
            .then_some(())
    })
    .await;
    let json: Value = serde_json::from_str(
        &run(&sb, &["get", "deploy", "web", "-n", "demo", "-o", "json"]).await,
    )
    .unwrap();
    let c = &json["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        (c["image"].as_str(), c["ports"][0]["containerPort"].as_i64()),
        (Some("nginx:1.27"), Some(80))
    );
    assert_eq!(
        run(&sb, &["delete", "namespace", "demo"]).await.trim(),
        "namespace \"demo\" deleted"
    );
}
