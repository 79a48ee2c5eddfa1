//! Column sets of the built-in kinds, as the real API server's printers define them.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::{pod, since};
use crate::meta;
use crate::resource::{Cell, Column};

pub const fn col(
    name: &'static str,
    kind: &'static str,
    priority: i32,
    cell: Cell,
    description: &'static str,
) -> Column {
    Column {
        name,
        kind,
        format: "",
        description,
        priority,
        cell,
    }
}

pub const NAME: Column = Column {
    name: "Name",
    kind: "string",
    format: "name",
    description: "Name must be unique within a namespace.",
    priority: 0,
    cell: Cell::Name,
};

pub const AGE: Column = col(
    "Age",
    "string",
    0,
    Cell::Age,
    "CreationTimestamp is a timestamp representing the server time when this object was created.",
);

pub const NAMESPACE: &[Column] = &[
    NAME,
    col(
        "Status",
        "string",
        0,
        Cell::Path(".status.phase"),
        "The status of the namespace",
    ),
    AGE,
];

pub const POD: &[Column] = &[
    NAME,
    col(
        "Ready",
        "string",
        0,
        Cell::Func(pod::ready_cell),
        "The aggregate readiness state of this pod for accepting traffic.",
    ),
    col(
        "Status",
        "string",
        0,
        Cell::Func(pod::status_cell),
        "The aggregate status of the containers in this pod.",
    ),
    col(
        "Restarts",
        "string",
        0,
        Cell::Func(pod::restarts_cell),
        "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    ),
    AGE,
    col(
        "IP",
        "string",
        1,
        Cell::Func(pod::ip_cell),
        "IP address allocated to the pod. Routable at least within the cluster.",
    ),
    col(
        "Node",
        "string",
        1,
        Cell::Func(pod::node_cell),
        "Name of the node this pod is scheduled on.",
    ),
    col(
        "Nominated Node",
        "string",
        1,
        Cell::Func(pod::nominated_cell),
        "Name of the node where the pod is nominated to run.",
    ),
    col(
        "Readiness Gates",
        "string",
        1,
        Cell::Func(pod::gates_cell),
        "Readiness gates of the pod.",
    ),
];

fn int(obj: &Value, path: &[&str]) -> i64 {
    meta::i64_at(obj, path).unwrap_or(0)
}

fn containers(obj: &Value, field: &str) -> String {
    let list = obj
        .pointer("/spec/template/spec/containers")
        .and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .map(|c| c.get(field).and_then(Value::as_str).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(",")
}

fn names_cell(obj: &Value, _: Timestamp) -> Value {
    json!(containers(obj, "name"))
}

fn images_cell(obj: &Value, _: Timestamp) -> Value {
    json!(containers(obj, "image"))
}

fn selector_cell(obj: &Value, _: Timestamp) -> Value {
    let sel = obj
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object);
    let parts: Vec<String> = sel
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    json!(if parts.is_empty() {
        "<none>".to_string()
    } else {
        parts.join(",")
    })
}

fn deploy_ready(obj: &Value, _: Timestamp) -> Value {
    json!(format!(
        "{}/{}",
        int(obj, &["status", "readyReplicas"]),
        int(obj, &["spec", "replicas"])
    ))
}

fn updated(obj: &Value, _: Timestamp) -> Value {
    json!(int(obj, &["status", "updatedReplicas"]))
}

fn available(obj: &Value, _: Timestamp) -> Value {
    json!(int(obj, &["status", "availableReplicas"]))
}

fn desired(obj: &Value, _: Timestamp) -> Value {
    json!(int(obj, &["spec", "replicas"]))
}

fn current(obj: &Value, _: Timestamp) -> Value {
    json!(int(obj, &["status", "replicas"]))
}

fn ready(obj: &Value, _: Timestamp) -> Value {
    json!(int(obj, &["status", "readyReplicas"]))
}

const CONTAINERS: Column = col(
    "Containers",
    "string",
    1,
    Cell::Func(names_cell),
    "Names of each container in the template.",
);
const IMAGES: Column = col(
    "Images",
    "string",
    1,
    Cell::Func(images_cell),
    "Images referenced by each container in the template.",
);
const SELECTOR: Column = col(
    "Selector",
    "string",
    1,
    Cell::Func(selector_cell),
    "Label selector for pods.",
);

pub const DEPLOYMENT: &[Column] = &[
    NAME,
    col(
        "Ready",
        "string",
        0,
        Cell::Func(deploy_ready),
        "Number of the pod with ready state",
    ),
    col(
        "Up-to-date",
        "integer",
        0,
        Cell::Func(updated),
        "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
    ),
    col(
        "Available",
        "integer",
        0,
        Cell::Func(available),
        "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
];

pub const REPLICASET: &[Column] = &[
    NAME,
    col(
        "Desired",
        "integer",
        0,
        Cell::Func(desired),
        "Number of desired pods.",
    ),
    col(
        "Current",
        "integer",
        0,
        Cell::Func(current),
        "Number of actual replicas.",
    ),
    col(
        "Ready",
        "integer",
        0,
        Cell::Func(ready),
        "The number of ready replicas for this replica set.",
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
];

fn event_first(obj: &Value, now: Timestamp) -> String {
    match obj.get("firstTimestamp").filter(|v| !v.is_null()) {
        Some(t) => since(Some(t), now),
        None => since(obj.get("eventTime"), now),
    }
}

fn event_last_seen(obj: &Value, now: Timestamp) -> Value {
    let first = event_first(obj, now);
    let last = match obj.get("lastTimestamp").filter(|v| !v.is_null()) {
        Some(t) => since(Some(t), now),
        None => first.clone(),
    };
    let count = int(obj, &["count"]);
    json!(if count > 1 {
        format!("{last} (x{count} over {first})")
    } else {
        last
    })
}

fn event_object(obj: &Value, _: Timestamp) -> Value {
    let kind = meta::str_at(obj, &["involvedObject", "kind"])
        .unwrap_or("")
        .to_lowercase();
    json!(match meta::str_at(obj, &["involvedObject", "name"]) {
        Some(n) if !n.is_empty() => format!("{kind}/{n}"),
        _ => kind,
    })
}

fn event_source(obj: &Value, _: Timestamp) -> Value {
    let component = meta::str_at(obj, &["source", "component"]).unwrap_or("");
    json!(match meta::str_at(obj, &["source", "host"]) {
        Some(h) if !h.is_empty() => format!("{component}, {h}"),
        _ => component.to_string(),
    })
}

fn event_message(obj: &Value, _: Timestamp) -> Value {
    json!(meta::str_at(obj, &["message"]).unwrap_or("").trim())
}

fn event_first_seen(obj: &Value, now: Timestamp) -> Value {
    json!(event_first(obj, now))
}

fn event_count(obj: &Value, _: Timestamp) -> Value {
    json!(int(obj, &["count"]))
}

pub const EVENT: &[Column] = &[
    col(
        "Last Seen",
        "string",
        0,
        Cell::Func(event_last_seen),
        "Time when last event occurred",
    ),
    col(
        "Type",
        "string",
        0,
        Cell::Path(".type"),
        "Type of this event (Normal, Warning), new types could be added in the future.",
    ),
    col(
        "Reason",
        "string",
        0,
        Cell::Path(".reason"),
        "The reason for this event.",
    ),
    col(
        "Object",
        "string",
        0,
        Cell::Func(event_object),
        "The object that this event is about.",
    ),
    col(
        "Subobject",
        "string",
        1,
        Cell::Path(".involvedObject.fieldPath"),
        "The subobject that this event is about.",
    ),
    col(
        "Source",
        "string",
        1,
        Cell::Func(event_source),
        "The component reporting this event.",
    ),
    col(
        "Message",
        "string",
        0,
        Cell::Func(event_message),
        "A human-readable description of the status of this operation.",
    ),
    col(
        "First Seen",
        "string",
        1,
        Cell::Func(event_first_seen),
        "The first time that this event occurred.",
    ),
    col(
        "Count",
        "string",
        1,
        Cell::Func(event_count),
        "The number of times this event has occurred.",
    ),
    Column {
        priority: 1,
        ..NAME
    },
];
