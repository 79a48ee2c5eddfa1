//! Columns of nodes and services, as the API server prints them.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::columns::{AGE, NAME, col};
use crate::meta;
use crate::resource::{Cell, Column};

fn node_status(node: &Value, _: Timestamp) -> Value {
    let ready = node
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|l| l.iter().find(|c| c["type"] == "Ready"))
        .map(|c| {
            if c["status"] == "True" {
                "Ready"
            } else {
                "NotReady"
            }
        })
        .unwrap_or("Unknown");
    let unschedulable = node.pointer("/spec/unschedulable") == Some(&json!(true));
    json!(if unschedulable {
        format!("{ready},SchedulingDisabled")
    } else {
        ready.to_string()
    })
}

fn node_roles(node: &Value, _: Timestamp) -> Value {
    let roles: Vec<&str> = meta::labels(node)
        .into_iter()
        .flatten()
        .filter_map(|(k, _)| k.strip_prefix("node-role.kubernetes.io/"))
        .collect();
    json!(if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    })
}

fn node_address(node: &Value, kind: &str) -> Value {
    let addr = node
        .pointer("/status/addresses")
        .and_then(Value::as_array)
        .and_then(|l| l.iter().find(|a| a["type"] == kind))
        .and_then(|a| a["address"].as_str());
    json!(addr.unwrap_or("<none>"))
}

fn internal_ip(node: &Value, _: Timestamp) -> Value {
    node_address(node, "InternalIP")
}

fn external_ip(node: &Value, _: Timestamp) -> Value {
    node_address(node, "ExternalIP")
}

pub const NODE: &[Column] = &[
    NAME,
    col(
        "Status",
        "string",
        0,
        Cell::Func(node_status),
        "The status of the node",
    ),
    col(
        "Roles",
        "string",
        0,
        Cell::Func(node_roles),
        "The roles of the node",
    ),
    AGE,
    col(
        "Version",
        "string",
        0,
        Cell::Path(".status.nodeInfo.kubeletVersion"),
        "Kubelet Version reported by the node.",
    ),
    col(
        "Internal-IP",
        "string",
        1,
        Cell::Func(internal_ip),
        "List of addresses reachable to the node. Queried from cloud provider, if available.",
    ),
    col(
        "External-IP",
        "string",
        1,
        Cell::Func(external_ip),
        "List of addresses reachable to the node. Queried from cloud provider, if available.",
    ),
    col(
        "OS-Image",
        "string",
        1,
        Cell::Path(".status.nodeInfo.osImage"),
        "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
    ),
    col(
        "Kernel-Version",
        "string",
        1,
        Cell::Path(".status.nodeInfo.kernelVersion"),
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    ),
    col(
        "Container-Runtime",
        "string",
        1,
        Cell::Path(".status.nodeInfo.containerRuntimeVersion"),
        "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
    ),
];

fn service_external(svc: &Value, _: Timestamp) -> Value {
    let ips: Vec<&str> = svc
        .pointer("/spec/externalIPs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    json!(if ips.is_empty() {
        "<none>".to_string()
    } else {
        ips.join(",")
    })
}

fn service_ports(svc: &Value, _: Timestamp) -> Value {
    let ports: Vec<String> = svc
        .pointer("/spec/ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| {
            let proto = p["protocol"].as_str().unwrap_or("TCP");
            match p["nodePort"].as_i64() {
                Some(np) => format!("{}:{np}/{proto}", p["port"]),
                None => format!("{}/{proto}", p["port"]),
            }
        })
        .collect();
    json!(if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(",")
    })
}

fn service_selector(svc: &Value, _: Timestamp) -> Value {
    let sel: Vec<String> = svc
        .pointer("/spec/selector")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    json!(if sel.is_empty() {
        "<none>".to_string()
    } else {
        sel.join(",")
    })
}

pub const SERVICE: &[Column] = &[
    NAME,
    col(
        "Type",
        "string",
        0,
        Cell::Path(".spec.type"),
        "The type of the service.",
    ),
    col(
        "Cluster-IP",
        "string",
        0,
        Cell::Path(".spec.clusterIP"),
        "The cluster IP of the service.",
    ),
    col(
        "External-IP",
        "string",
        0,
        Cell::Func(service_external),
        "The external IP of the service.",
    ),
    col(
        "Port(s)",
        "string",
        0,
        Cell::Func(service_ports),
        "The ports of the service.",
    ),
    AGE,
    col(
        "Selector",
        "string",
        1,
        Cell::Func(service_selector),
        "The selector of the service.",
    ),
];
