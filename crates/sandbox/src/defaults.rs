//! What the real API server fills in or checks on create, reduced to what clients look at.

use serde_json::{Value, json};

use crate::error::ApiError;
use crate::meta;
use crate::registry::{DEPLOYMENTS, NAMESPACES, PODS, REPLICASETS, SERVICES};
use crate::resource::Res;
use crate::rng;
use crate::schema;

/// More replicas than a laptop demo needs is a typo; refuse it rather than create them.
pub const MAX_REPLICAS: i64 = 1000;

/// A lowercase RFC 1123 subdomain, the rule for most object names.
pub fn check_name(res: Res, name: &str) -> Result<(), ApiError> {
    match subdomain_problem(name, name) {
        None => Ok(()),
        Some(problem) => Err(ApiError::invalid(res, name, "metadata.name", &problem)),
    }
}

/// The real server validates `generateName` too, as a name once a suffix is added: a trailing
/// `-` is fine, a trailing `.` is not (`"stg."` is refused even when a webhook renamed the
/// object, since the name was generated after admission).
pub fn check_generate_name(res: Res, obj: &Value) -> Result<(), ApiError> {
    let Some(prefix) = meta::str_at(obj, &["metadata", "generateName"]).filter(|p| !p.is_empty())
    else {
        return Ok(());
    };
    let masked = match prefix.strip_suffix('-') {
        Some(rest) if !rest.is_empty() => format!("{rest}a"),
        _ => prefix.to_string(),
    };
    match subdomain_problem(&masked, prefix) {
        None => Ok(()),
        Some(problem) => {
            // The real server names the object it generated before validating it.
            let name = match meta::name(obj) {
                "" => format!("{prefix}{}", rng::name_suffix(5)),
                name => name.to_string(),
            };
            Err(ApiError::invalid(
                res,
                &name,
                "metadata.generateName",
                &problem,
            ))
        }
    }
}

/// Why `value` is no RFC 1123 subdomain, quoting `shown` as the real message does.
fn subdomain_problem(value: &str, shown: &str) -> Option<String> {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if value.len() <= 253 && value.split('.').all(label_ok) {
        return None;
    }
    Some(format!(
        "Invalid value: {shown:?}: a lowercase RFC 1123 subdomain must consist of lower case \
         alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character \
         (e.g. 'example.com', regex used for validation is \
         '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    ))
}

/// Unknown fields (see `schema`): `fieldValidation=Strict` rejects them, otherwise they are
/// dropped, as the real server's decoding drops them.
pub fn check_fields(res: Res, obj: &mut Value, mode: Option<&str>) -> Result<(), ApiError> {
    let unknown = schema::unknown_fields(res, obj);
    if unknown.is_empty() {
        return Ok(());
    }
    if mode == Some("Strict") {
        let list: Vec<String> = unknown
            .iter()
            .map(|u| format!("unknown field {u:?}"))
            .collect();
        return Err(ApiError::bad_request(format!(
            "strict decoding error: {}",
            list.join(", ")
        )));
    }
    schema::drop_fields(obj, &unknown);
    Ok(())
}

/// `imagePullPolicy` as the real defaulting derives it from the image's tag.
fn pull_policy(image: &str) -> &'static str {
    let last = image.rsplit('/').next().unwrap_or(image);
    if image.contains('@') {
        return "IfNotPresent";
    }
    match last.split_once(':') {
        Some((_, tag)) if tag != "latest" => "IfNotPresent",
        _ => "Always",
    }
}

/// Field defaults the real server's decoder applies on every write (create, update, patch),
/// as opposed to `apply`'s create-time admission.
pub fn fill(res: Res, obj: &mut Value) {
    if std::ptr::eq(res, &PODS) {
        let spec = meta::object_mut(obj, "spec");
        for list in ["containers", "initContainers"] {
            let items = spec.get_mut(list).and_then(Value::as_array_mut);
            for c in items.into_iter().flatten().filter_map(Value::as_object_mut) {
                let image = c.get("image").and_then(Value::as_str).unwrap_or("");
                let policy = pull_policy(image);
                c.entry("imagePullPolicy").or_insert(json!(policy));
                c.entry("resources").or_insert(json!({}));
                c.entry("terminationMessagePath")
                    .or_insert(json!("/dev/termination-log"));
                c.entry("terminationMessagePolicy").or_insert(json!("File"));
            }
        }
        spec.entry("enableServiceLinks").or_insert(json!(true));
        spec.entry("securityContext").or_insert(json!({}));
    } else if std::ptr::eq(res, &SERVICES) {
        let spec = meta::object_mut(obj, "spec");
        if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
            for p in ports.iter_mut().filter_map(Value::as_object_mut) {
                p.entry("protocol").or_insert(json!("TCP"));
                let port = p.get("port").cloned().unwrap_or(Value::Null);
                p.entry("targetPort").or_insert(port);
            }
        }
        if spec.get("type").and_then(Value::as_str) != Some("ExternalName") {
            spec.entry("internalTrafficPolicy")
                .or_insert(json!("Cluster"));
            spec.entry("ipFamilies").or_insert(json!(["IPv4"]));
            spec.entry("ipFamilyPolicy").or_insert(json!("SingleStack"));
        }
    } else if res.kind == "Event" && res.group.is_empty() {
        // Fields of core/v1 Event without omitempty: the server writes them out empty.
        if let Some(m) = obj.as_object_mut() {
            m.entry("eventTime").or_insert(Value::Null);
            m.entry("reportingComponent").or_insert(json!(""));
            m.entry("reportingInstance").or_insert(json!(""));
        }
    }
}

/// The ServiceAccount and DefaultTolerationSeconds admission plugins and the priority
/// defaults, as a pod created through the API gets them.
fn admit_pod(obj: &mut Value) {
    let spec = meta::object_mut(obj, "spec");
    let sa = spec
        .get("serviceAccountName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string();
    spec.insert("serviceAccountName".into(), json!(sa));
    spec.insert("serviceAccount".into(), json!(sa));
    spec.entry("priority").or_insert(json!(0));
    spec.entry("preemptionPolicy")
        .or_insert(json!("PreemptLowerPriority"));
    let tolerations = spec.entry("tolerations").or_insert(json!([]));
    if let Some(list) = tolerations.as_array_mut() {
        for key in [
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
        ] {
            if !list.iter().any(|t| t["key"] == key) {
                list.push(json!({"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}));
            }
        }
    }
    if spec.get("automountServiceAccountToken") == Some(&json!(false)) {
        return;
    }
    const MOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
    let volume = format!("kube-api-access-{}", rng::name_suffix(5));
    let containers = spec.get_mut("containers").and_then(Value::as_array_mut);
    for c in containers
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
    {
        let mounts = c.entry("volumeMounts").or_insert(json!([]));
        if let Some(m) = mounts.as_array_mut()
            && !m.iter().any(|v| v["mountPath"] == MOUNT)
        {
            m.push(json!({"name": volume, "readOnly": true, "mountPath": MOUNT}));
        }
    }
    let volumes = spec.entry("volumes").or_insert(json!([]));
    if let Some(v) = volumes.as_array_mut() {
        v.push(json!({"name": volume, "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
        ]}}));
    }
}

/// Defaults applied to objects created through the API (controllers write complete objects).
pub fn apply(res: Res, obj: &mut Value) {
    fill(res, obj);
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
        admit_pod(obj);
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
    } else if std::ptr::eq(res, &SERVICES) {
        let spec = meta::object_mut(obj, "spec");
        spec.entry("type").or_insert(json!("ClusterIP"));
        spec.entry("sessionAffinity").or_insert(json!("None"));
        let ip = spec
            .entry("clusterIP")
            .or_insert_with(|| json!(format!("10.96.{}.{}", rng::below(256), 2 + rng::below(250))))
            .clone();
        spec.entry("clusterIPs").or_insert(json!([ip]));
        obj["status"] = json!({"loadBalancer": {}});
    } else if std::ptr::eq(res, &REPLICASETS) {
        meta::object_mut(obj, "spec")
            .entry("replicas")
            .or_insert(json!(1));
    }
}

fn check_containers(res: Res, obj: &Value, path: &str) -> Result<(), ApiError> {
    let name = meta::name(obj);
    let field = path.trim_start_matches('/').replace('/', ".");
    let list = obj
        .pointer(path)
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty());
    let list = list.ok_or_else(|| ApiError::invalid(res, name, &field, "Required value"))?;
    for (i, c) in list.iter().enumerate() {
        for key in ["name", "image"] {
            if c.get(key).and_then(Value::as_str).is_none_or(str::is_empty) {
                return Err(ApiError::invalid(
                    res,
                    name,
                    &format!("{field}[{i}].{key}"),
                    "Required value",
                ));
            }
        }
    }
    Ok(())
}

/// The validation kube-apiserver does that the simulated controllers rely on.
pub fn validate(res: Res, obj: &Value) -> Result<(), ApiError> {
    let name = meta::name(obj);
    if std::ptr::eq(res, &PODS) {
        return check_containers(res, obj, "/spec/containers");
    }
    if !std::ptr::eq(res, &DEPLOYMENTS) && !std::ptr::eq(res, &REPLICASETS) {
        return Ok(());
    }
    if let Some(r) = obj.pointer("/spec/replicas")
        && !r.as_i64().is_some_and(|n| (0..=MAX_REPLICAS).contains(&n))
    {
        let problem = format!(
            "Invalid value: {r}: must be an integer between 0 and {MAX_REPLICAS} in the sandbox"
        );
        return Err(ApiError::invalid(res, name, "spec.replicas", &problem));
    }
    let selector = obj
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty());
    let selector =
        selector.ok_or_else(|| ApiError::invalid(res, name, "spec.selector", "Required value"))?;
    let labels = obj.pointer("/spec/template/metadata/labels");
    if selector
        .iter()
        .any(|(k, v)| labels.and_then(|l| l.get(k)) != Some(v))
    {
        let problem = format!(
            "Invalid value: {}: `selector` does not match template `labels`",
            labels.cloned().unwrap_or(Value::Null)
        );
        return Err(ApiError::invalid(
            res,
            name,
            "spec.template.metadata.labels",
            &problem,
        ));
    }
    check_containers(res, obj, "/spec/template/spec/containers")
}
