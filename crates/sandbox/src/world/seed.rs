//! The world the sandbox starts with: demo namespaces, each with a frontend and a backend
//! Deployment that has been running for a while (ReplicaSets and Running pods included), so
//! the first screen already looks like a live cluster.

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use super::World;
use super::deployment::{new_replicaset, template_hash};
use super::podstatus;
use super::replicaset::pod_for;
use crate::defaults;
use crate::error::ApiError;
use crate::meta;
use crate::registry::{DEPLOYMENTS, NAMESPACES, NODES, PODS, REPLICASETS, SERVICES};
use crate::rng;

pub const DEMO_NAMESPACES: [&str; 3] = ["dev", "stg", "prod"];
pub const FRONTEND_IMAGE: &str = "ghcr.io/showrunner-demo/frontend:1.4.2";

pub fn ago(secs: i64) -> String {
    meta::format_time(Timestamp::now() - SignedDuration::from_secs(secs))
}

/// `backend_tag(ns)`: the backend image tag each demo namespace runs.
pub fn seed(w: &World, backend_tag: &dyn Fn(&str) -> String) -> Result<(), ApiError> {
    for ns in ["default", "kube-system"]
        .into_iter()
        .chain(DEMO_NAMESPACES)
    {
        let mut obj = json!({"apiVersion": "v1", "kind": "Namespace",
                             "metadata": {"name": ns, "creationTimestamp": ago(30 * 86_400)}});
        defaults::apply(&NAMESPACES, &mut obj);
        w.store.create(&NAMESPACES, obj)?;
    }
    w.store.create(&NODES, node())?;
    w.store
        .create(&SERVICES, service("default", "kubernetes", 443, 6443, None))?;
    for ns in DEMO_NAMESPACES {
        let backend = format!("ghcr.io/showrunner-demo/backend:{}", backend_tag(ns));
        seed_app(w, ns, "frontend", 1, "web", FRONTEND_IMAGE, 80)?;
        seed_app(w, ns, "backend", 2, "app", &backend, 8080)?;
        w.store
            .create(&SERVICES, service(ns, "frontend", 80, 80, Some("frontend")))?;
        w.store.create(
            &SERVICES,
            service(ns, "backend", 8080, 8080, Some("backend")),
        )?;
    }
    Ok(())
}

/// The one node every pod runs on.
fn node() -> Value {
    let since = ago(30 * 86_400);
    let cond = |kind: &str, status: &str, reason: &str, message: &str| {
        json!({"type": kind, "status": status, "reason": reason, "message": message,
               "lastHeartbeatTime": meta::now_rfc3339(), "lastTransitionTime": since})
    };
    let resources = json!({"cpu": "8", "memory": "32863104Ki", "pods": "110", "ephemeral-storage": "102626232Ki"});
    json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": podstatus::NODE, "creationTimestamp": since, "labels": {
            "kubernetes.io/hostname": podstatus::NODE, "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64", "node-role.kubernetes.io/control-plane": "",
        }},
        "spec": {"podCIDR": "10.244.0.0/16", "podCIDRs": ["10.244.0.0/16"]},
        "status": {
            "conditions": [
                cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "addresses": [{"type": "InternalIP", "address": podstatus::HOST_IP}, {"type": "Hostname", "address": podstatus::NODE}],
            "capacity": resources, "allocatable": resources,
            "nodeInfo": {
                "kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0",
                "osImage": "Debian GNU/Linux 12 (bookworm)", "kernelVersion": "6.1.0-28-amd64",
                "containerRuntimeVersion": "containerd://1.7.24", "operatingSystem": "linux",
                "architecture": "amd64", "machineID": rng::hex(32), "systemUUID": rng::uuid(), "bootID": rng::uuid(),
            },
        },
    })
}

fn service(ns: &str, name: &str, port: i64, target: i64, app: Option<&str>) -> Value {
    let mut svc = json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "namespace": ns, "creationTimestamp": ago(30 * 86_400)},
        "spec": {"ports": [{"name": "http", "port": port, "targetPort": target, "protocol": "TCP"}]},
    });
    if let Some(app) = app {
        meta::set_path(&mut svc, &["metadata", "labels", "app"], json!(app));
        meta::set_path(&mut svc, &["spec", "selector", "app"], json!(app));
    } else {
        meta::set_path(&mut svc, &["spec", "clusterIP"], json!("10.96.0.1"));
    }
    defaults::apply(&SERVICES, &mut svc);
    svc
}

pub fn deployment(
    ns: &str,
    name: &str,
    replicas: i64,
    container: &str,
    image: &str,
    port: i64,
) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns, "labels": {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{
                    "name": container, "image": image, "imagePullPolicy": "IfNotPresent",
                    "ports": [{"containerPort": port, "protocol": "TCP"}],
                    "resources": {}, "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }]},
            },
        },
    })
}

/// A Deployment as its controllers would have left it: revision 1, all pods Running.
fn seed_app(
    w: &World,
    ns: &str,
    name: &str,
    replicas: i64,
    container: &str,
    image: &str,
    port: i64,
) -> Result<(), ApiError> {
    let age = 2 * 86_400 + rng::below(3600) as i64;
    let mut d = deployment(ns, name, replicas, container, image, port);
    defaults::apply(&DEPLOYMENTS, &mut d);
    meta::set_path(&mut d, &["metadata", "creationTimestamp"], json!(ago(age)));
    let d = w.store.create(&DEPLOYMENTS, d)?;
    let hash = template_hash(d.pointer("/spec/template").unwrap_or(&Value::Null));
    let mut rs = new_replicaset(&d, &hash, 1, replicas);
    meta::set_path(&mut rs, &["metadata", "creationTimestamp"], json!(ago(age)));
    let rs = w.store.create(&REPLICASETS, rs)?;
    for _ in 0..replicas {
        let started = ago(age - 5);
        let mut pod = pod_for(&rs);
        meta::set_path(
            &mut pod,
            &["metadata", "creationTimestamp"],
            json!(ago(age - 2)),
        );
        podstatus::scheduled(&mut pod);
        podstatus::running(&mut pod, &started);
        w.store.create(&PODS, pod)?;
    }
    Ok(())
}
