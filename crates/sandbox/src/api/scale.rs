//! The `scale` subresource (autoscaling/v1 Scale) of Deployments and ReplicaSets, which
//! `kubectl scale` reads and patches.

use std::sync::Arc;

use axum::response::Response;
use http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};

use super::path::Target;
use super::write::{PatchKind, json_body, parse_body};
use super::{ApiState, json};
use crate::error::ApiError;
use crate::meta;

fn scale_of(obj: &Value) -> Value {
    let md = obj.get("metadata").cloned().unwrap_or_default();
    let selector: Vec<String> = obj
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    json!({
        "kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": md.get("name"), "namespace": md.get("namespace"), "uid": md.get("uid"),
            "resourceVersion": md.get("resourceVersion"), "creationTimestamp": md.get("creationTimestamp"),
        },
        "spec": {"replicas": obj.pointer("/spec/replicas").cloned().unwrap_or(json!(0))},
        "status": {
            "replicas": obj.pointer("/status/replicas").cloned().unwrap_or(json!(0)),
            "selector": selector.join(","),
        },
    })
}

pub fn serve(
    st: &Arc<ApiState>,
    t: &Target,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    let ns = t.namespace.as_deref().unwrap_or("");
    let name = t.name.as_deref().unwrap_or("");
    if method == Method::GET || method == Method::HEAD {
        let obj = st
            .store
            .read(t.res, ns, name)
            .ok_or_else(|| ApiError::not_found(t.res, name))?;
        return Ok(json(StatusCode::OK, &scale_of(&obj)));
    }
    let change = if method == Method::PUT {
        let wanted = json_body(headers, body)?;
        Box::new(move |_: &Value| Ok(wanted)) as Box<dyn FnOnce(&Value) -> Result<Value, ApiError>>
    } else {
        let kind = PatchKind::from_headers(headers)?;
        let p = parse_body(body)?;
        Box::new(move |scale: &Value| {
            let mut next = scale.clone();
            kind.apply(&mut next, &p)?;
            Ok(next)
        })
    };
    let updated = st.store.update(t.res, ns, name, |cur| {
        let wanted = change(&scale_of(cur))?;
        let replicas = wanted
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .filter(|r| *r >= 0)
            .ok_or_else(|| {
                ApiError::invalid(
                    t.res,
                    name,
                    "spec.replicas",
                    "Invalid value: must be a non-negative integer",
                )
            })?;
        let mut next = cur.clone();
        meta::set_path(&mut next, &["spec", "replicas"], json!(replicas));
        if let Some(rv) = wanted
            .pointer("/metadata/resourceVersion")
            .filter(|v| v.is_string())
        {
            meta::set_path(&mut next, &["metadata", "resourceVersion"], rv.clone());
        }
        Ok(next)
    })?;
    Ok(json(StatusCode::OK, &scale_of(&updated)))
}
