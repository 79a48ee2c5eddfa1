//! Decodes the Kubernetes protobuf request bodies that client-go's typed clients send
//! (`kubectl create namespace|deployment|service`, `kubectl run`) into JSON. Only the kinds
//! and fields those commands produce are described; other fields are skipped, as if absent.
//! Field numbers are those of the k8s.io/api and apimachinery `generated.proto` files.

use serde_json::{Map, Value, json};

use crate::error::ApiError;

#[derive(Clone, Copy)]
enum Ty {
    Str,
    Int,
    Bool,
    Msg(&'static [F]),
    MapStr,
    /// map<string, Quantity>: Quantity is `{ string = 1 }`.
    MapQty,
    IntOrStr,
}

#[derive(Clone, Copy)]
struct F(u64, &'static str, Ty, bool);

use Ty::*;

const OWNER_REF: &[F] = &[
    F(1, "kind", Str, false),
    F(3, "name", Str, false),
    F(4, "uid", Str, false),
    F(5, "apiVersion", Str, false),
    F(6, "controller", Bool, false),
    F(7, "blockOwnerDeletion", Bool, false),
];
const OBJECT_META: &[F] = &[
    F(1, "name", Str, false),
    F(2, "generateName", Str, false),
    F(3, "namespace", Str, false),
    F(5, "uid", Str, false),
    F(6, "resourceVersion", Str, false),
    F(11, "labels", MapStr, false),
    F(12, "annotations", MapStr, false),
    F(13, "ownerReferences", Msg(OWNER_REF), true),
    F(14, "finalizers", Str, true),
];
const SELECTOR_REQ: &[F] = &[
    F(1, "key", Str, false),
    F(2, "operator", Str, false),
    F(3, "values", Str, true),
];
const LABEL_SELECTOR: &[F] = &[
    F(1, "matchLabels", MapStr, false),
    F(2, "matchExpressions", Msg(SELECTOR_REQ), true),
];
const CONTAINER_PORT: &[F] = &[
    F(1, "name", Str, false),
    F(2, "hostPort", Int, false),
    F(3, "containerPort", Int, false),
    F(4, "protocol", Str, false),
    F(5, "hostIP", Str, false),
];
const ENV_VAR: &[F] = &[F(1, "name", Str, false), F(2, "value", Str, false)];
const RESOURCES: &[F] = &[
    F(1, "limits", MapQty, false),
    F(2, "requests", MapQty, false),
];
const CONTAINER: &[F] = &[
    F(1, "name", Str, false),
    F(2, "image", Str, false),
    F(3, "command", Str, true),
    F(4, "args", Str, true),
    F(5, "workingDir", Str, false),
    F(6, "ports", Msg(CONTAINER_PORT), true),
    F(7, "env", Msg(ENV_VAR), true),
    F(8, "resources", Msg(RESOURCES), false),
    F(13, "terminationMessagePath", Str, false),
    F(14, "imagePullPolicy", Str, false),
    F(16, "stdin", Bool, false),
    F(17, "stdinOnce", Bool, false),
    F(18, "tty", Bool, false),
    F(20, "terminationMessagePolicy", Str, false),
];
const POD_SPEC: &[F] = &[
    F(2, "containers", Msg(CONTAINER), true),
    F(3, "restartPolicy", Str, false),
    F(4, "terminationGracePeriodSeconds", Int, false),
    F(5, "activeDeadlineSeconds", Int, false),
    F(6, "dnsPolicy", Str, false),
    F(7, "nodeSelector", MapStr, false),
    F(8, "serviceAccountName", Str, false),
    F(10, "nodeName", Str, false),
    F(16, "hostname", Str, false),
    F(19, "schedulerName", Str, false),
    F(20, "initContainers", Msg(CONTAINER), true),
    F(24, "priorityClassName", Str, false),
];
const POD_TEMPLATE: &[F] = &[
    F(1, "metadata", Msg(OBJECT_META), false),
    F(2, "spec", Msg(POD_SPEC), false),
];
const ROLLING_UPDATE: &[F] = &[
    F(1, "maxUnavailable", IntOrStr, false),
    F(2, "maxSurge", IntOrStr, false),
];
const STRATEGY: &[F] = &[
    F(1, "type", Str, false),
    F(2, "rollingUpdate", Msg(ROLLING_UPDATE), false),
];
const DEPLOYMENT_SPEC: &[F] = &[
    F(1, "replicas", Int, false),
    F(2, "selector", Msg(LABEL_SELECTOR), false),
    F(3, "template", Msg(POD_TEMPLATE), false),
    F(4, "strategy", Msg(STRATEGY), false),
    F(5, "minReadySeconds", Int, false),
    F(6, "revisionHistoryLimit", Int, false),
    F(7, "paused", Bool, false),
    F(9, "progressDeadlineSeconds", Int, false),
];
const REPLICASET_SPEC: &[F] = &[
    F(1, "replicas", Int, false),
    F(2, "selector", Msg(LABEL_SELECTOR), false),
    F(3, "template", Msg(POD_TEMPLATE), false),
    F(4, "minReadySeconds", Int, false),
];
const NAMESPACE_SPEC: &[F] = &[F(1, "finalizers", Str, true)];
const SERVICE_PORT: &[F] = &[
    F(1, "name", Str, false),
    F(2, "protocol", Str, false),
    F(3, "port", Int, false),
    F(4, "targetPort", IntOrStr, false),
    F(5, "nodePort", Int, false),
    F(6, "appProtocol", Str, false),
];
const SERVICE_SPEC: &[F] = &[
    F(1, "ports", Msg(SERVICE_PORT), true),
    F(2, "selector", MapStr, false),
    F(3, "clusterIP", Str, false),
    F(4, "type", Str, false),
    F(5, "externalIPs", Str, true),
    F(7, "sessionAffinity", Str, false),
    F(10, "externalName", Str, false),
    F(18, "clusterIPs", Str, true),
];
const PRECONDITIONS: &[F] = &[F(1, "uid", Str, false), F(2, "resourceVersion", Str, false)];
const DELETE_OPTIONS: &[F] = &[
    F(1, "gracePeriodSeconds", Int, false),
    F(2, "preconditions", Msg(PRECONDITIONS), false),
    F(4, "propagationPolicy", Str, false),
];

/// Integer fields that are pointers in the Go types: present means set, even to 0.
const POINTERS: &[&str] = &[
    "replicas",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "revisionHistoryLimit",
    "progressDeadlineSeconds",
    "gracePeriodSeconds",
];

/// The top-level layout of the kinds decoded: metadata = 1, spec = 2 (status is not read).
fn top_level(kind: &str) -> Option<&'static [F]> {
    const fn object(spec: &'static [F]) -> [F; 2] {
        [
            F(1, "metadata", Msg(OBJECT_META), false),
            F(2, "spec", Msg(spec), false),
        ]
    }
    static NAMESPACE: [F; 2] = object(NAMESPACE_SPEC);
    static POD: [F; 2] = object(POD_SPEC);
    static SERVICE: [F; 2] = object(SERVICE_SPEC);
    static DEPLOYMENT: [F; 2] = object(DEPLOYMENT_SPEC);
    static REPLICASET: [F; 2] = object(REPLICASET_SPEC);
    Some(match kind {
        "Namespace" => &NAMESPACE,
        "Pod" => &POD,
        "Service" => &SERVICE,
        "Deployment" => &DEPLOYMENT,
        "ReplicaSet" => &REPLICASET,
        "DeleteOptions" => DELETE_OPTIONS,
        _ => return None,
    })
}

enum Wire<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

fn bad(what: &str) -> ApiError {
    ApiError::bad_request(format!("cannot decode protobuf body: {what}"))
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, ApiError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self
                .0
                .split_first()
                .ok_or_else(|| bad("truncated varint"))?;
            self.0 = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(bad("varint too long"))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ApiError> {
        if n > self.0.len() {
            return Err(bad("truncated field"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn field(&mut self) -> Result<Option<(u64, Wire<'a>)>, ApiError> {
        if self.0.is_empty() {
            return Ok(None);
        }
        let key = self.varint()?;
        let wire = match key & 7 {
            0 => Wire::Varint(self.varint()?),
            1 => self.take(8).map(|_| Wire::Fixed)?,
            2 => {
                let n = usize::try_from(self.varint()?).map_err(|_| bad("length"))?;
                Wire::Bytes(self.take(n)?)
            }
            5 => self.take(4).map(|_| Wire::Fixed)?,
            _ => return Err(bad("unsupported wire type")),
        };
        Ok(Some((key >> 3, wire)))
    }
}

fn text(b: &[u8]) -> Result<Value, ApiError> {
    std::str::from_utf8(b)
        .map(|s| json!(s))
        .map_err(|_| bad("invalid UTF-8"))
}

/// Key/value of a map entry (`key = 1`, `value = 2`); a Quantity value is unwrapped.
fn map_entry(b: &[u8], quantity: bool) -> Result<(String, Value), ApiError> {
    let (mut key, mut value) = (String::new(), json!(""));
    let mut r = Reader(b);
    while let Some((num, wire)) = r.field()? {
        match (num, wire) {
            (1, Wire::Bytes(k)) => key = text(k)?.as_str().unwrap_or("").to_string(),
            (2, Wire::Bytes(v)) if quantity => value = map_entry(v, false)?.0.into(),
            (2, Wire::Bytes(v)) => value = text(v)?,
            _ => {}
        }
    }
    Ok((key, value))
}

fn int_or_string(b: &[u8]) -> Result<Value, ApiError> {
    let (mut is_str, mut int, mut s) = (false, 0i64, json!(""));
    let mut r = Reader(b);
    while let Some((num, wire)) = r.field()? {
        match (num, wire) {
            (1, Wire::Varint(t)) => is_str = t == 1,
            (2, Wire::Varint(v)) => int = v as i64,
            (3, Wire::Bytes(v)) => s = text(v)?,
            _ => {}
        }
    }
    Ok(if is_str { s } else { json!(int) })
}

fn message(b: &[u8], fields: &[F]) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    let mut r = Reader(b);
    while let Some((num, wire)) = r.field()? {
        let Some(&F(_, name, ty, repeated)) = fields.iter().find(|f| f.0 == num) else {
            continue;
        };
        let value = match (ty, wire) {
            (Str, Wire::Bytes(v)) => text(v)?,
            (Int, Wire::Varint(v)) => json!(v as i64),
            (Bool, Wire::Varint(v)) => json!(v != 0),
            (Msg(sub), Wire::Bytes(v)) => Value::Object(message(v, sub)?),
            (IntOrStr, Wire::Bytes(v)) => int_or_string(v)?,
            (MapStr | MapQty, Wire::Bytes(v)) => {
                let (k, val) = map_entry(v, matches!(ty, MapQty))?;
                let slot = out.entry(name).or_insert_with(|| json!({}));
                if let Some(m) = slot.as_object_mut() {
                    m.insert(k, val);
                }
                continue;
            }
            _ => continue,
        };
        if repeated {
            let slot = out.entry(name).or_insert_with(|| json!([]));
            if let Some(a) = slot.as_array_mut() {
                a.push(value);
            }
        } else {
            out.insert(name.to_string(), value);
        }
    }
    // Go marshals unset non-pointer fields as "", 0 or false, which its JSON (omitempty)
    // leaves out; pointer fields are only sent when set, so their zero is meaningful.
    out.retain(|k, v| match v {
        Value::String(s) => !s.is_empty(),
        Value::Bool(b) => *b,
        Value::Number(n) => POINTERS.contains(&k.as_str()) || n.as_i64() != Some(0),
        _ => true,
    });
    Ok(out)
}

/// Decodes a `k8s\0`-prefixed `runtime.Unknown` envelope into the JSON of its object.
pub fn decode(body: &[u8]) -> Result<Value, ApiError> {
    let envelope = body
        .strip_prefix(b"k8s\0")
        .ok_or_else(|| bad("missing k8s magic prefix"))?;
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), &[][..]);
    let mut r = Reader(envelope);
    while let Some((num, wire)) = r.field()? {
        match (num, wire) {
            (1, Wire::Bytes(tm)) => {
                let mut t = Reader(tm);
                while let Some((n, w)) = t.field()? {
                    if let (1 | 2, Wire::Bytes(v)) = (n, w) {
                        let s = text(v)?.as_str().unwrap_or("").to_string();
                        if n == 1 { api_version = s } else { kind = s }
                    }
                }
            }
            (2, Wire::Bytes(v)) => raw = v,
            _ => {}
        }
    }
    let fields = top_level(&kind).ok_or_else(|| {
        ApiError::unsupported_media_type(
            "application/vnd.kubernetes.protobuf",
            &["application/json"],
        )
    })?;
    let mut obj = message(raw, fields)?;
    obj.insert("apiVersion".into(), json!(api_version));
    obj.insert("kind".into(), json!(kind));
    Ok(Value::Object(obj))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_field(num: u8, b: &[u8]) -> Vec<u8> {
        let mut out = vec![(num << 3) | 2, b.len() as u8];
        out.extend_from_slice(b);
        out
    }

    #[test]
    fn decodes_a_namespace_envelope() {
        let type_meta = [bytes_field(1, b"v1"), bytes_field(2, b"Namespace")].concat();
        let labels = bytes_field(
            11,
            &[bytes_field(1, b"team"), bytes_field(2, b"a")].concat(),
        );
        let meta = [bytes_field(1, b"demo"), bytes_field(2, b""), labels].concat();
        let ns = [bytes_field(1, &meta), bytes_field(2, &[])].concat();
        let body = [
            b"k8s\0".to_vec(),
            bytes_field(1, &type_meta),
            bytes_field(2, &ns),
        ]
        .concat();
        let v = decode(&body).unwrap();
        assert_eq!(
            v,
            json!({"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": "demo", "labels": {"team": "a"}}, "spec": {}})
        );
        assert!(decode(b"nope").is_err());
        assert!(
            decode(&body[..body.len() - 3]).is_err(),
            "truncated input is an error, not a panic"
        );
    }
}
