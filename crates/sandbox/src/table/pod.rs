//! Pod cells derived exactly as the API server's `printPod` does (k8s 1.32), so kubectl and the
//! TUI show the same READY / STATUS / RESTARTS a real cluster would.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::since;
use crate::meta;

fn list<'a>(obj: &'a Value, ptr: &str) -> &'a [Value] {
    obj.pointer(ptr)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn restartable_init(obj: &Value, name: &str) -> bool {
    list(obj, "/spec/initContainers").iter().any(|c| {
        c.get("name").and_then(Value::as_str) == Some(name) && s(c, "/restartPolicy") == "Always"
    })
}

fn condition_true(obj: &Value, kind: &str) -> bool {
    list(obj, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == kind && s(c, "/status") == "True")
}

fn terminated_reason(term: &Value, prefix: &str) -> String {
    let reason = s(term, "/reason");
    if !reason.is_empty() {
        return format!("{prefix}{reason}");
    }
    match term.get("signal").and_then(Value::as_i64) {
        Some(sig) if sig != 0 => format!("{prefix}Signal:{sig}"),
        _ => format!(
            "{prefix}ExitCode:{}",
            term.get("exitCode").and_then(Value::as_i64).unwrap_or(0)
        ),
    }
}

/// Everything the pod row shows that needs the status walk.
#[derive(Debug, PartialEq, Eq)]
pub struct PodSummary {
    pub ready: usize,
    pub total: usize,
    pub reason: String,
    pub restarts: i64,
    pub last_restart: Option<Timestamp>,
}

pub fn summarize(pod: &Value) -> PodSummary {
    let mut restarts = 0;
    let mut restartable_restarts = 0;
    let mut ready = 0;
    let mut total = list(pod, "/spec/containers").len();
    let mut last_restart: Option<Timestamp> = None;
    let mut last_restartable: Option<Timestamp> = None;
    let phase = s(pod, "/status/phase");
    let mut reason = match s(pod, "/status/reason") {
        "" => phase.to_string(),
        r => r.to_string(),
    };
    if list(pod, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == "PodScheduled" && s(c, "/reason") == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }
    let inits = list(pod, "/spec/initContainers");
    total += inits
        .iter()
        .filter(|c| s(c, "/restartPolicy") == "Always")
        .count();
    let later = |cur: Option<Timestamp>, t: Option<Timestamp>| match (cur, t) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };

    let mut initializing = false;
    for (i, c) in list(pod, "/status/initContainerStatuses")
        .iter()
        .enumerate()
    {
        let count = c.get("restartCount").and_then(Value::as_i64).unwrap_or(0);
        let finished = meta::parse_time(c.pointer("/lastState/terminated/finishedAt"));
        restarts += count;
        last_restart = later(last_restart, finished);
        let name = s(c, "/name");
        let restartable = restartable_init(pod, name);
        if restartable {
            restartable_restarts += count;
            last_restartable = later(last_restartable, finished);
        }
        let term = c.pointer("/state/terminated");
        let waiting_reason = s(c, "/state/waiting/reason");
        if term.is_some_and(|t| t.get("exitCode").and_then(Value::as_i64) == Some(0)) {
            continue;
        }
        if restartable && c.get("started").and_then(Value::as_bool) == Some(true) {
            if c.get("ready").and_then(Value::as_bool) == Some(true) {
                ready += 1;
            }
            continue;
        }
        reason = if let Some(t) = term {
            terminated_reason(t, "Init:")
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            format!("Init:{waiting_reason}")
        } else {
            format!("Init:{i}/{}", inits.len())
        };
        initializing = true;
        break;
    }

    if !initializing || condition_true(pod, "Initialized") {
        restarts = restartable_restarts;
        last_restart = last_restartable;
        let mut has_running = false;
        for c in list(pod, "/status/containerStatuses").iter().rev() {
            restarts += c.get("restartCount").and_then(Value::as_i64).unwrap_or(0);
            last_restart = later(
                last_restart,
                meta::parse_time(c.pointer("/lastState/terminated/finishedAt")),
            );
            let waiting = s(c, "/state/waiting/reason");
            let term = c.pointer("/state/terminated");
            if !waiting.is_empty() {
                reason = waiting.to_string();
            } else if let Some(t) = term {
                reason = terminated_reason(t, "");
            } else if c.get("ready").and_then(Value::as_bool) == Some(true)
                && c.pointer("/state/running").is_some()
            {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(pod, "Ready") {
                "Running"
            } else {
                "NotReady"
            }
            .into();
        }
    }

    if meta::is_terminating(pod) && s(pod, "/status/reason") == "NodeLost" {
        reason = "Unknown".into();
    } else if meta::is_terminating(pod) && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".into();
    }
    PodSummary {
        ready,
        total,
        reason,
        restarts,
        last_restart,
    }
}

pub fn ready_cell(pod: &Value, _: Timestamp) -> Value {
    let s = summarize(pod);
    json!(format!("{}/{}", s.ready, s.total))
}

pub fn status_cell(pod: &Value, _: Timestamp) -> Value {
    json!(summarize(pod).reason)
}

pub fn restarts_cell(pod: &Value, now: Timestamp) -> Value {
    let s = summarize(pod);
    json!(match s.last_restart {
        Some(t) if s.restarts != 0 => {
            format!(
                "{} ({} ago)",
                s.restarts,
                since(Some(&json!(meta::format_time(t))), now)
            )
        }
        _ => s.restarts.to_string(),
    })
}

fn or_none(v: &str) -> Value {
    json!(if v.is_empty() { "<none>" } else { v })
}

pub fn ip_cell(pod: &Value, _: Timestamp) -> Value {
    or_none(
        list(pod, "/status/podIPs")
            .first()
            .map(|ip| s(ip, "/ip"))
            .unwrap_or(""),
    )
}

pub fn node_cell(pod: &Value, _: Timestamp) -> Value {
    or_none(s(pod, "/spec/nodeName"))
}

pub fn nominated_cell(pod: &Value, _: Timestamp) -> Value {
    or_none(s(pod, "/status/nominatedNodeName"))
}

pub fn gates_cell(pod: &Value, _: Timestamp) -> Value {
    let gates = list(pod, "/spec/readinessGates");
    if gates.is_empty() {
        return json!("<none>");
    }
    let ok = gates
        .iter()
        .filter(|g| condition_true(pod, s(g, "/conditionType")))
        .count();
    json!(format!("{ok}/{}", gates.len()))
}

#[cfg(test)]
mod tests;
