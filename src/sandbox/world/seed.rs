//! The world the sandbox starts with: demo namespaces, each with a frontend and a backend
//! Deployment that has been running for a while (ReplicaSets and Running pods included), so
//! the first screen already looks like a live cluster.

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use super::World;
use super::deployment::{new_replicaset, template_hash};
use super::podstatus;
use super::replicaset::pod_for;
use crate::sandbox::defaults;
use crate::sandbox::error::ApiError;
use crate::sandbox::meta;
use crate::sandbox::registry::{DEPLOYMENTS, NAMESPACES, PODS, REPLICASETS};
use crate::sandbox::rng;

pub const DEMO_NAMESPACES: [&str; 3] = ["dev", "stg", "prod"];
pub const FRONTEND_IMAGE: &str = "ghcr.io/showrunner-demo/frontend:1.4.2";
/// Stand-in for a merge commit SHA until the CI simulation tags real ones.
pub const BACKEND_TAG: &str = "3f9c2a1";

pub fn ago(secs: i64) -> String {
    meta::format_time(Timestamp::now() - SignedDuration::from_secs(secs))
}

pub fn seed(w: &World) -> Result<(), ApiError> {
    for ns in ["default", "kube-system"]
        .into_iter()
        .chain(DEMO_NAMESPACES)
    {
        let mut obj = json!({"apiVersion": "v1", "kind": "Namespace",
                             "metadata": {"name": ns, "creationTimestamp": ago(30 * 86_400)}});
        defaults::apply(&NAMESPACES, &mut obj);
        w.store.create(&NAMESPACES, obj)?;
    }
    let backend = format!("ghcr.io/showrunner-demo/backend:{BACKEND_TAG}");
    for ns in DEMO_NAMESPACES {
        seed_app(w, ns, "frontend", 1, "web", FRONTEND_IMAGE, 80)?;
        seed_app(w, ns, "backend", 2, "app", &backend, 8080)?;
    }
    Ok(())
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
