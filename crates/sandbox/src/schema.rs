//! Known field names of the built-in kinds, deep enough for `fieldValidation=Strict` to catch
//! the typos people make in manifests (`containerz:`, `imagePullPolicey:`), as the real
//! server's strict decoding does. Fields below these levels are not checked.

use serde_json::Value;

use crate::registry::{DEPLOYMENTS, PODS, REPLICASETS};
use crate::resource::Res;

const OBJECT_META: &[&str] = &[
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

const POD_SPEC: &[&str] = &[
    "activeDeadlineSeconds",
    "affinity",
    "automountServiceAccountToken",
    "containers",
    "dnsConfig",
    "dnsPolicy",
    "enableServiceLinks",
    "ephemeralContainers",
    "hostAliases",
    "hostIPC",
    "hostNetwork",
    "hostPID",
    "hostUsers",
    "hostname",
    "imagePullSecrets",
    "initContainers",
    "nodeName",
    "nodeSelector",
    "os",
    "overhead",
    "preemptionPolicy",
    "priority",
    "priorityClassName",
    "readinessGates",
    "resourceClaims",
    "resources",
    "restartPolicy",
    "runtimeClassName",
    "schedulerName",
    "schedulingGates",
    "securityContext",
    "serviceAccount",
    "serviceAccountName",
    "setHostnameAsFQDN",
    "shareProcessNamespace",
    "subdomain",
    "terminationGracePeriodSeconds",
    "tolerations",
    "topologySpreadConstraints",
    "volumes",
];

const CONTAINER: &[&str] = &[
    "args",
    "command",
    "env",
    "envFrom",
    "image",
    "imagePullPolicy",
    "lifecycle",
    "livenessProbe",
    "name",
    "ports",
    "readinessProbe",
    "resizePolicy",
    "resources",
    "restartPolicy",
    "securityContext",
    "startupProbe",
    "stdin",
    "stdinOnce",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "tty",
    "volumeDevices",
    "volumeMounts",
    "workingDir",
];

const DEPLOYMENT_SPEC: &[&str] = &[
    "minReadySeconds",
    "paused",
    "progressDeadlineSeconds",
    "replicas",
    "revisionHistoryLimit",
    "selector",
    "strategy",
    "template",
];

const REPLICASET_SPEC: &[&str] = &["minReadySeconds", "replicas", "selector", "template"];
const POD_TEMPLATE: &[&str] = &["metadata", "spec"];
pub const TOP_LEVEL: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];

/// Top-level fields some custom kinds declare beside spec and status (their CRDs' schemas).
fn extra_top_level(res: Res) -> &'static [&'static str] {
    match (res.group, res.kind) {
        ("kargo.akuity.io", "Freight") => &[
            "alias",
            "origin",
            "images",
            "commits",
            "charts",
            "artifacts",
        ],
        ("argoproj.io", "Application") => &["operation"],
        _ => &[],
    }
}

/// `spec` fields of the custom kinds, from their CRDs (a typo there is what a presenter makes).
fn custom_spec(res: Res) -> Option<&'static [&'static str]> {
    Some(match (res.group, res.kind) {
        ("kargo.akuity.io", "Warehouse") => &[
            "freightCreationPolicy",
            "interval",
            "shard",
            "subscriptions",
            "freightCreationCriteria",
        ],
        ("kargo.akuity.io", "Stage") => &[
            "shard",
            "vars",
            "requestedFreight",
            "promotionTemplate",
            "verification",
        ],
        ("kargo.akuity.io", "Promotion") => &["stage", "freight", "vars", "steps"],
        ("kargo.akuity.io", "Project") => &["promotionPolicies"],
        ("kargo.akuity.io", "ProjectConfig") => &["promotionPolicies", "webhookReceivers"],
        ("argoproj.io", "Application") => &[
            "destination",
            "project",
            "source",
            "sources",
            "syncPolicy",
            "ignoreDifferences",
            "info",
            "revisionHistoryLimit",
            "sourceHydrator",
        ],
        _ => return None,
    })
}

/// Appends `prefix.key` for every key of `v` not in `known`.
fn unknown(v: Option<&Value>, known: &[&str], prefix: &str, out: &mut Vec<String>) {
    let keys = v
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, _)| k);
    out.extend(
        keys.filter(|k| !known.contains(&k.as_str()))
            .map(|k| format!("{prefix}{k}")),
    );
}

fn pod_spec(spec: Option<&Value>, prefix: &str, out: &mut Vec<String>) {
    unknown(spec, POD_SPEC, prefix, out);
    for list in ["containers", "initContainers"] {
        let items = spec.and_then(|s| s.get(list)).and_then(Value::as_array);
        for (i, c) in items.into_iter().flatten().enumerate() {
            unknown(Some(c), CONTAINER, &format!("{prefix}{list}[{i}]."), out);
        }
    }
}

/// Paths of unknown fields in `obj`, top-level and metadata included. Kinds without a schema
/// here (events, services, future CRDs) are checked at the top level only, or not at all.
pub fn unknown_fields(res: Res, obj: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if res.kind == "Event" {
        return out;
    }
    let top: Vec<&str> = TOP_LEVEL
        .iter()
        .chain(extra_top_level(res))
        .copied()
        .collect();
    unknown(Some(obj), &top, "", &mut out);
    unknown(obj.get("metadata"), OBJECT_META, "metadata.", &mut out);
    let spec = obj.get("spec");
    let workload_spec = if std::ptr::eq(res, &DEPLOYMENTS) {
        Some(DEPLOYMENT_SPEC)
    } else if std::ptr::eq(res, &REPLICASETS) {
        Some(REPLICASET_SPEC)
    } else {
        None
    };
    if let Some(known) = custom_spec(res) {
        unknown(spec, known, "spec.", &mut out);
    }
    if std::ptr::eq(res, &PODS) {
        pod_spec(spec, "spec.", &mut out);
    } else if let Some(known) = workload_spec {
        unknown(spec, known, "spec.", &mut out);
        let template = spec.and_then(|s| s.get("template"));
        unknown(template, POD_TEMPLATE, "spec.template.", &mut out);
        unknown(
            template.and_then(|t| t.get("metadata")),
            OBJECT_META,
            "spec.template.metadata.",
            &mut out,
        );
        pod_spec(
            template.and_then(|t| t.get("spec")),
            "spec.template.spec.",
            &mut out,
        );
    }
    out
}

/// Removes the fields `unknown_fields` named (what the real decoder does without Strict).
pub fn drop_fields(obj: &mut Value, paths: &[String]) {
    for path in paths {
        let mut parts: Vec<String> = Vec::new();
        for seg in path.split('.') {
            match seg.split_once('[') {
                Some((name, idx)) => {
                    parts.push(name.to_string());
                    parts.push(idx.trim_end_matches(']').to_string());
                }
                None => parts.push(seg.to_string()),
            }
        }
        let Some(last) = parts.pop() else { continue };
        let parent = parts
            .iter()
            .fold(String::new(), |acc, p| format!("{acc}/{p}"));
        if let Some(m) = obj.pointer_mut(&parent).and_then(Value::as_object_mut) {
            m.remove(&last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_typos_at_every_checked_level_and_drops_them() {
        let mut d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x", "lables": {}},
            "spec": {"replica": 1, "template": {"metadata": {"labels": {}}, "spec": {
                "containerz": [], "containers": [{"name": "a", "image": "i", "imagePullPolicey": "Always"}]}}}});
        let found = unknown_fields(&DEPLOYMENTS, &d);
        assert_eq!(
            found,
            [
                "metadata.lables",
                "spec.replica",
                "spec.template.spec.containerz",
                "spec.template.spec.containers[0].imagePullPolicey"
            ]
        );
        drop_fields(&mut d, &found);
        assert!(unknown_fields(&DEPLOYMENTS, &d).is_empty(), "{d}");
        assert_eq!(d["spec"]["template"]["spec"]["containers"][0]["image"], "i");
    }
}
