//! What the real API server fills in or checks on create, reduced to what clients look at.

use serde_json::{Value, json};

use crate::sandbox::error::ApiError;
use crate::sandbox::meta;
use crate::sandbox::registry::{DEPLOYMENTS, NAMESPACES, PODS, REPLICASETS, Res};

/// A lowercase RFC 1123 subdomain, the rule for most object names.
pub fn check_name(res: Res, name: &str) -> Result<(), ApiError> {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.len() <= 253 && name.split('.').all(label_ok) {
        return Ok(());
    }
    Err(ApiError::invalid(
        res,
        name,
        "metadata.name",
        &format!(
            "Invalid value: {name:?}: a lowercase RFC 1123 subdomain must consist of lower case \
             alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
        ),
    ))
}

const TOP_LEVEL: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];
const METADATA: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "generation",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "selfLink",
];

/// `fieldValidation=Strict`: reject unknown top-level and metadata fields. Deeper fields are
/// not checked; the sandbox has no schemas for them.
pub fn check_fields(res: Res, obj: &Value, mode: Option<&str>) -> Result<(), ApiError> {
    // Events carry many top-level fields of their own; they are not checked.
    if mode != Some("Strict") || res.kind == "Event" {
        return Ok(());
    }
    let top = obj
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .filter(|k| !TOP_LEVEL.contains(&k.as_str()));
    let md = obj
        .get("metadata")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    let md = md
        .map(|(k, _)| k)
        .filter(|k| !METADATA.contains(&k.as_str()))
        .map(|k| format!("metadata.{k}"));
    let unknown: Vec<String> = top.chain(md).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = unknown
        .iter()
        .map(|u| format!("unknown field {u:?}"))
        .collect();
    Err(ApiError::bad_request(format!(
        "strict decoding error: {}",
        list.join(", ")
    )))
}

/// Defaults applied to objects created through the API (controllers write complete objects).
pub fn apply(res: Res, obj: &mut Value) {
    if res.has_status_subresource {
        // Status is owned by controllers; on create the real server drops what the client sent.
        if let Some(m) = obj.as_object_mut() {
            m.remove("status");
        }
    }
    if std::ptr::eq(res, &NAMESPACES) {
        let name = meta::name(obj).to_string();
        let labels = meta::metadata_mut(obj).entry("labels").or_insert(json!({}));
        if !labels.is_object() {
            *labels = json!({});
        }
        labels["kubernetes.io/metadata.name"] = json!(name);
        obj["spec"] = json!({"finalizers": ["kubernetes"]});
        obj["status"] = json!({"phase": "Active"});
    } else if std::ptr::eq(res, &PODS) {
        let spec = meta::object_mut(obj, "spec");
        spec.entry("restartPolicy").or_insert(json!("Always"));
        spec.entry("terminationGracePeriodSeconds")
            .or_insert(json!(30));
        spec.entry("dnsPolicy").or_insert(json!("ClusterFirst"));
        spec.entry("schedulerName")
            .or_insert(json!("default-scheduler"));
        obj["status"] = json!({"phase": "Pending", "qosClass": "BestEffort"});
    } else if std::ptr::eq(res, &DEPLOYMENTS) {
        let spec = meta::object_mut(obj, "spec");
        spec.entry("replicas").or_insert(json!(1));
        spec.entry("revisionHistoryLimit").or_insert(json!(10));
        spec.entry("progressDeadlineSeconds").or_insert(json!(600));
        // The sandbox's rollout default is one surge pod and no unavailability, so demos show
        // a clean one-by-one roll; explicit values in the manifest are honoured.
        spec.entry("strategy").or_insert(
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}),
        );
    } else if std::ptr::eq(res, &REPLICASETS) {
        meta::object_mut(obj, "spec")
            .entry("replicas")
            .or_insert(json!(1));
    }
}
