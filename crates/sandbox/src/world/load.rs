//! Load for benchmarks: `extra_pods` standalone pods spread over the demo namespaces, and
//! `churn` changes per second among them (status flaps and restarts, graceful deletes and
//! creates) keeping their number about steady. Each change is O(1) store work.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::World;
use super::deletion::{self, DeleteOpts};
use super::podstatus;
use super::seed::{DEMO_NAMESPACES, ago};
use crate::defaults;
use crate::error::ApiError;
use crate::meta;
use crate::registry::PODS;
use crate::rng;

pub const LOAD_LABEL: &str = "showrunner.dev/load";
pub const LOAD_IMAGE: &str = "ghcr.io/showrunner-demo/load:1.0";

fn pod(index: usize) -> (String, String, Value) {
    let ns = DEMO_NAMESPACES[index % DEMO_NAMESPACES.len()].to_string();
    let name = format!("load-{index:05}");
    let mut pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {LOAD_LABEL: "true", "app": "load"}},
        "spec": {"containers": [{"name": "worker", "image": LOAD_IMAGE}], "terminationGracePeriodSeconds": 5},
    });
    defaults::apply(&PODS, &mut pod);
    (ns, name, pod)
}

/// Creates the initial load pods already Running (going through the kubelet one by one
/// would flood every watcher with 4 events per pod at start-up).
pub fn seed(w: &World, count: usize) -> Result<(), ApiError> {
    for i in 1..=count {
        let (_, _, mut p) = pod(i);
        let age = 60 + rng::below(3600) as i64;
        meta::set_path(&mut p, &["metadata", "creationTimestamp"], json!(ago(age)));
        podstatus::scheduled(&mut p);
        podstatus::running(&mut p, &ago(age - 3));
        w.store.create(&PODS, p)?;
    }
    Ok(())
}

enum Action {
    Create,
    Delete,
    Modify,
}

pub async fn churn(w: Arc<World>, target: usize, rate: f64) {
    if !(rate > 0.0 && rate.is_finite()) || target == 0 {
        return;
    }
    // Only the names are kept: holding the page across the loop would pin every pod version
    // it listed (each seed pod's, forever, however often the pod is changed since).
    let mut live: Vec<(String, String)> = w
        .store
        .list(&PODS, None, None, usize::MAX, &|p| {
            p.label(LOAD_LABEL).is_some()
        })
        .items
        .iter()
        .map(|p| (p.namespace().to_string(), p.name().to_string()))
        .collect();
    let mut next_index = target + 1;
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let roll = rng::below(100);
        let action = match (live.len().cmp(&target), roll) {
            (_, _) if live.is_empty() => Action::Create,
            (std::cmp::Ordering::Less, 0..=19) => Action::Create,
            (std::cmp::Ordering::Greater, 0..=19) => Action::Delete,
            (_, 0..=9) => Action::Delete,
            (_, 10..=19) => Action::Create,
            _ => Action::Modify,
        };
        match action {
            Action::Create => {
                let (ns, name, p) = pod(next_index);
                next_index += 1;
                if w.store.create(&PODS, p).is_ok() {
                    live.push((ns, name));
                }
            }
            Action::Delete => {
                let (ns, name) = live.swap_remove(rng::below(live.len()));
                let _ = deletion::delete(
                    &w.store,
                    &w.registry,
                    &PODS,
                    &ns,
                    &name,
                    &DeleteOpts::default(),
                );
            }
            Action::Modify => {
                let i = rng::below(live.len());
                let (ns, name) = &live[i];
                if let Err(e) = w.store.update(&PODS, ns, name, modify)
                    && e.code == 404
                {
                    live.swap_remove(i);
                }
            }
        }
    }
}

/// A readiness flap or a container restart; pods not yet running are left alone.
fn modify(cur: &Value) -> Result<Value, ApiError> {
    let mut next = cur.clone();
    if !podstatus::is_running(cur) || meta::is_terminating(cur) {
        return Ok(next);
    }
    if rng::below(2) == 0 {
        let ready = crate::world::replicaset::is_ready(cur);
        podstatus::set_ready(&mut next, !ready);
    } else if let Some(c) = next
        .pointer_mut("/status/containerStatuses/0")
        .filter(|c| c.is_object())
    {
        let now = meta::now_rfc3339();
        let started = c
            .pointer("/state/running/startedAt")
            .cloned()
            .unwrap_or(json!(now));
        c["restartCount"] = json!(c["restartCount"].as_i64().unwrap_or(0) + 1);
        c["lastState"] = json!({"terminated": {"exitCode": 137, "reason": "Error", "startedAt": started, "finishedAt": now}});
        c["state"] = json!({"running": {"startedAt": now}});
    }
    Ok(next)
}
