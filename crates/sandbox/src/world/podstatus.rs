//! Pod status documents for each stage of the simulated kubelet, shaped like a real node's.

use serde_json::{Value, json};

use crate::meta;
use crate::rng;

pub const NODE: &str = "sandbox-node";
pub const HOST_IP: &str = "172.18.0.2";

fn condition(kind: &str, ok: bool, at: &str, reason: Option<&str>) -> Value {
    let mut c = json!({"type": kind, "status": if ok { "True" } else { "False" },
                       "lastProbeTime": null, "lastTransitionTime": at});
    if let Some(r) = reason {
        c["reason"] = json!(r);
    }
    c
}

/// (name, image) of each container in the spec.
pub fn containers(pod: &Value) -> Vec<(String, String)> {
    pod.pointer("/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| {
            let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            (s("name"), s("image"))
        })
        .collect()
}

pub fn container_id() -> String {
    format!("containerd://{}", rng::hex(64))
}

fn image_id(image: &str) -> String {
    let repo = image
        .rsplit_once(':')
        .filter(|(_, t)| !t.contains('/'))
        .map(|(r, _)| r)
        .unwrap_or(image);
    let digest = sha1_smol::Sha1::from(image).digest().to_string();
    format!("{repo}@sha256:{digest}{}", &digest[..24])
}

pub fn pod_ip() -> String {
    format!("10.244.{}.{}", rng::below(4), 2 + rng::below(250))
}

/// Scheduled onto the node, containers not created yet.
pub fn scheduled(pod: &mut Value) {
    let now = meta::now_rfc3339();
    meta::object_mut(pod, "spec").insert("nodeName".into(), json!(NODE));
    let status = meta::object_mut(pod, "status");
    status.insert("phase".into(), json!("Pending"));
    status.insert(
        "conditions".into(),
        json!([condition("PodScheduled", true, &now, None)]),
    );
}

/// Scheduled and pulling/creating containers.
pub fn creating(pod: &mut Value) {
    let now = meta::now_rfc3339();
    let statuses: Vec<Value> = containers(pod)
        .into_iter()
        .map(|(name, image)| json!({
            "name": name, "image": image, "imageID": "", "ready": false, "started": false,
            "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}, "lastState": {},
        }))
        .collect();
    let scheduled_at = pod
        .pointer("/status/conditions/0/lastTransitionTime")
        .cloned()
        .unwrap_or(json!(now));
    let scheduled_at = scheduled_at.as_str().unwrap_or(&now).to_string();
    let status = meta::object_mut(pod, "status");
    status.insert("phase".into(), json!("Pending"));
    status.insert("hostIP".into(), json!(HOST_IP));
    status.insert("hostIPs".into(), json!([{"ip": HOST_IP}]));
    status.insert("startTime".into(), json!(now));
    status.insert("containerStatuses".into(), json!(statuses));
    status.insert(
        "conditions".into(),
        json!([
            condition("PodReadyToStartContainers", false, &now, None),
            condition("Initialized", true, &now, None),
            condition("Ready", false, &now, Some("ContainersNotReady")),
            condition("ContainersReady", false, &now, Some("ContainersNotReady")),
            condition("PodScheduled", true, &scheduled_at, None),
        ]),
    );
}

/// All containers running and ready. `started_at` lets the seed create pods that have been
/// up for a while.
pub fn running(pod: &mut Value, started_at: &str) {
    let ip = pod
        .pointer("/status/podIP")
        .and_then(Value::as_str)
        .map(String::from)
        .unwrap_or_else(pod_ip);
    let old: Vec<Value> = pod
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let statuses: Vec<Value> = containers(pod)
        .into_iter()
        .map(|(name, image)| {
            let prev = old.iter().find(|c| c.get("name").and_then(Value::as_str) == Some(name.as_str()));
            let restarts = prev.and_then(|c| c.get("restartCount")).cloned().unwrap_or(json!(0));
            let last = prev.and_then(|c| c.get("lastState")).cloned().unwrap_or(json!({}));
            json!({
                "name": name, "image": image, "imageID": image_id(&image), "containerID": container_id(),
                "ready": true, "started": true, "restartCount": restarts,
                "state": {"running": {"startedAt": started_at}}, "lastState": last,
            })
        })
        .collect();
    let status = meta::object_mut(pod, "status");
    let scheduled_at = json!(started_at);
    status.insert("phase".into(), json!("Running"));
    status.insert("hostIP".into(), json!(HOST_IP));
    status.insert("hostIPs".into(), json!([{"ip": HOST_IP}]));
    status.insert("podIP".into(), json!(ip));
    status.insert("podIPs".into(), json!([{"ip": ip}]));
    status.entry("startTime").or_insert(scheduled_at);
    status.insert("containerStatuses".into(), json!(statuses));
    status.insert("qosClass".into(), json!("BestEffort"));
    status.insert(
        "conditions".into(),
        json!([
            condition("PodReadyToStartContainers", true, started_at, None),
            condition("Initialized", true, started_at, None),
            condition("Ready", true, started_at, None),
            condition("ContainersReady", true, started_at, None),
            condition("PodScheduled", true, started_at, None),
        ]),
    );
}

/// Sets readiness of every container and the Ready/ContainersReady conditions.
pub fn set_ready(pod: &mut Value, ready: bool) {
    let now = meta::now_rfc3339();
    if let Some(list) = pod
        .pointer_mut("/status/containerStatuses")
        .and_then(Value::as_array_mut)
    {
        for c in list.iter_mut().filter(|c| c.is_object()) {
            c["ready"] = json!(ready);
        }
    }
    if let Some(list) = pod
        .pointer_mut("/status/conditions")
        .and_then(Value::as_array_mut)
    {
        for c in list
            .iter_mut()
            .filter(|c| matches!(c["type"].as_str(), Some("Ready" | "ContainersReady")))
        {
            if c["status"] != json!(if ready { "True" } else { "False" }) {
                *c = condition(
                    c["type"].as_str().unwrap_or(""),
                    ready,
                    &now,
                    (!ready).then_some("ContainersNotReady"),
                );
            }
        }
    }
}

/// The container exited with `exit_code`; it waits in CrashLoopBackOff for `backoff_secs`.
pub fn crashed(pod: &mut Value, container: &str, exit_code: i64, backoff_secs: u64) {
    let now = meta::now_rfc3339();
    let (pod_name, ns, uid) = (
        meta::name(pod).to_string(),
        meta::namespace(pod).to_string(),
        meta::uid(pod).to_string(),
    );
    set_ready(pod, false);
    if let Some(list) = pod
        .pointer_mut("/status/containerStatuses")
        .and_then(Value::as_array_mut)
    {
        for c in list.iter_mut().filter(|c| c["name"] == json!(container)) {
            let started = c
                .pointer("/state/running/startedAt")
                .cloned()
                .unwrap_or(json!(now));
            let restarts = c["restartCount"].as_i64().unwrap_or(0) + 1;
            c["restartCount"] = json!(restarts);
            c["started"] = json!(false);
            c["lastState"] = json!({"terminated": {
                "exitCode": exit_code, "reason": "Error", "startedAt": started, "finishedAt": now,
                "containerID": c.get("containerID").cloned().unwrap_or_default(),
            }});
            c["state"] = json!({"waiting": {"reason": "CrashLoopBackOff", "message": format!(
                "back-off {backoff_secs}s restarting failed container={container} pod={pod_name}_{ns}({uid})")}});
        }
    }
}

/// One container (re)started after a crash.
pub fn restarted(pod: &mut Value, container: &str) {
    let now = meta::now_rfc3339();
    if let Some(list) = pod
        .pointer_mut("/status/containerStatuses")
        .and_then(Value::as_array_mut)
    {
        for c in list.iter_mut().filter(|c| c["name"] == json!(container)) {
            c["state"] = json!({"running": {"startedAt": now}});
            c["started"] = json!(true);
            c["containerID"] = json!(container_id());
        }
    }
    set_ready(pod, true);
}

pub fn is_running(pod: &Value) -> bool {
    meta::str_at(pod, &["status", "phase"]) == Some("Running")
}
