//! create, update (PUT), patch and delete, including the status subresource rules: writes to
//! the main resource never change `.status` of kinds that have a status subresource, writes to
//! `/status` change nothing else.

use std::sync::Arc;

use axum::response::Response;
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::params::{self, Params};
use super::path::Target;
use super::{ApiState, json, protobuf};
use crate::defaults;
use crate::error::ApiError;
use crate::meta;
use crate::patch;
use crate::world::deletion::{self, DeleteOpts};

pub fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body of the request could not be decoded as JSON: {e}"
        ))
    })
}

pub fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let ct = params::content_type(headers);
    if ct == "application/vnd.kubernetes.protobuf" {
        // client-go's typed clients (kubectl create namespace/deployment/...) send protobuf.
        return protobuf::decode(body);
    }
    if !ct.is_empty() && ct != "application/json" && ct != "*/*" {
        return Err(ApiError::unsupported_media_type(&ct, &["application/json"]));
    }
    parse_body(body)
}

fn check_identity(st: &ApiState, t: &Target, obj: &mut Value, body: &[u8]) -> Result<(), ApiError> {
    super::identity::check(t, obj, &String::from_utf8_lossy(body), &st.registry)
}

pub fn create(
    st: &Arc<ApiState>,
    t: &Target,
    params: &Params,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    let mut obj = json_body(headers, body)?;
    check_identity(st, t, &mut obj, body)?;
    let name = meta::name(&obj).to_string();
    if !name.is_empty() {
        defaults::check_name(t.res, &name)?;
    }
    defaults::check_fields(t.res, &mut obj, params.get("fieldValidation"))?;
    for field in [
        "uid",
        "resourceVersion",
        "creationTimestamp",
        "deletionTimestamp",
        "generation",
    ] {
        meta::metadata_mut(&mut obj).remove(field);
    }
    defaults::apply(t.res, &mut obj);
    defaults::validate(t.res, &obj)?;
    if std::ptr::eq(t.res, &crate::registry::gitops::PROMOTIONS) {
        crate::gitops::webhook::admit_promotion(&st.store, &st.faults, &mut obj)?;
    }
    // After admission, as the real server validates object meta after mutating webhooks ran.
    defaults::check_generate_name(t.res, &obj)?;
    if params.dry_run() {
        return Ok(json(StatusCode::CREATED, &obj));
    }
    let created = st.store.create(t.res, obj)?;
    Ok(json(StatusCode::CREATED, &created))
}

/// The object to store when `wanted` is written to the main resource or to `/status`.
fn merge_subresource(t: &Target, cur: &Value, mut wanted: Value) -> Value {
    let status_only = t.sub.as_deref() == Some("status");
    if status_only {
        let mut next = cur.clone();
        next["status"] = wanted.get("status").cloned().unwrap_or(Value::Null);
        if let Some(rv) = wanted.pointer("/metadata/resourceVersion") {
            meta::metadata_mut(&mut next).insert("resourceVersion".into(), rv.clone());
        }
        return next;
    }
    if t.res.has_status_subresource
        && let Some(m) = wanted.as_object_mut()
    {
        match cur.get("status") {
            Some(s) => m.insert("status".into(), s.clone()),
            None => m.remove("status"),
        };
    }
    // Deletion state is the server's, not the client's.
    let md = meta::metadata_mut(&mut wanted);
    for field in ["deletionTimestamp", "deletionGracePeriodSeconds"] {
        match cur.pointer(&format!("/metadata/{field}")) {
            Some(v) => md.insert(field.into(), v.clone()),
            None => md.remove(field),
        };
    }
    wanted
}

/// Main-resource writes are defaulted and validated like creates; status writes are the
/// controllers' own.
fn validated(t: &Target, mut obj: Value) -> Result<Value, ApiError> {
    if t.sub.is_none() {
        defaults::fill(t.res, &mut obj);
        defaults::validate(t.res, &obj)?;
    }
    Ok(obj)
}

pub fn update(
    st: &Arc<ApiState>,
    t: &Target,
    params: &Params,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    let name = t.name.as_deref().unwrap_or("");
    let mut obj = json_body(headers, body)?;
    check_identity(st, t, &mut obj, body)?;
    let body_name = meta::name(&obj);
    if body_name != name {
        return Err(ApiError::bad_request(format!(
            "the name of the object ({body_name}) does not match the name on the URL ({name})"
        )));
    }
    defaults::check_fields(t.res, &mut obj, params.get("fieldValidation"))?;
    let ns = t.namespace.as_deref().unwrap_or("");
    let next = move |cur: &Value| validated(t, merge_subresource(t, cur, obj));
    write(st, t, params, ns, name, next)
}

#[derive(Clone, Copy)]
pub enum PatchKind {
    Merge,
    Strategic,
    Json,
}

impl PatchKind {
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, ApiError> {
        const SUPPORTED: &[&str] = &[
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/strategic-merge-patch+json",
        ];
        let ct = params::content_type(headers);
        match ct.as_str() {
            "application/merge-patch+json" => Ok(PatchKind::Merge),
            "application/strategic-merge-patch+json" => Ok(PatchKind::Strategic),
            "application/json-patch+json" => Ok(PatchKind::Json),
            "application/apply-patch+yaml" | "application/apply-patch+cbor" => {
                let mut e = ApiError::unsupported_media_type(&ct, SUPPORTED);
                e.message = format!(
                    "server-side apply ({ct}) is not supported by the showrunner sandbox; use client-side \
                     `kubectl apply` (without --server-side) or a merge patch"
                );
                Err(e)
            }
            _ => Err(ApiError::unsupported_media_type(&ct, SUPPORTED)),
        }
    }

    pub fn apply(self, obj: &mut Value, p: &Value) -> Result<(), ApiError> {
        match self {
            PatchKind::Merge => patch::merge(obj, p),
            PatchKind::Strategic => patch::strategic(obj, p),
            PatchKind::Json => patch::json_patch(obj, p)?,
        }
        Ok(())
    }
}

pub fn patch(
    st: &Arc<ApiState>,
    t: &Target,
    params: &Params,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    let kind = PatchKind::from_headers(headers)?;
    let p = parse_body(body)?;
    let name = t.name.as_deref().unwrap_or("");
    let ns = t.namespace.as_deref().unwrap_or("");
    let mode = params.get("fieldValidation");
    let next = |cur: &Value| {
        let mut obj = cur.clone();
        kind.apply(&mut obj, &p)?;
        let text = obj.to_string();
        check_identity(st, t, &mut obj, text.as_bytes())?;
        defaults::check_fields(t.res, &mut obj, mode)?;
        validated(t, merge_subresource(t, cur, obj))
    };
    write(st, t, params, ns, name, next)
}

fn write(
    st: &ApiState,
    t: &Target,
    params: &Params,
    ns: &str,
    name: &str,
    next: impl FnOnce(&Value) -> Result<Value, ApiError>,
) -> Result<Response, ApiError> {
    if params.dry_run() {
        let cur = st
            .store
            .read(t.res, ns, name)
            .ok_or_else(|| ApiError::not_found(t.res, name))?;
        return Ok(json(StatusCode::OK, &next(&cur)?));
    }
    let stored = st.store.update(t.res, ns, name, next)?;
    Ok(json(StatusCode::OK, &stored))
}

fn status_success(t: &Target, name: &str, uid: &str) -> Value {
    let mut details = json!({"name": name, "kind": t.res.plural, "uid": uid});
    if !t.res.group.is_empty() {
        details["group"] = json!(t.res.group);
    }
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details})
}

pub fn delete(
    st: &Arc<ApiState>,
    t: &Target,
    params: &Params,
    body: &[u8],
) -> Result<Response, ApiError> {
    let opts: Value = if body.starts_with(b"k8s\0") {
        protobuf::decode(body)?
    } else if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        parse_body(body)?
    };
    let grace = match params.number::<i64>("gracePeriodSeconds")? {
        Some(g) => Some(g),
        None => opts.get("gracePeriodSeconds").and_then(Value::as_i64),
    };
    let policy = params
        .get("propagationPolicy")
        .or_else(|| opts.get("propagationPolicy").and_then(Value::as_str));
    let pre = |k: &str| {
        opts.pointer(&format!("/preconditions/{k}"))
            .and_then(Value::as_str)
            .map(String::from)
    };
    let opts = DeleteOpts {
        grace,
        uid: pre("uid"),
        rv: pre("resourceVersion"),
        orphan: policy == Some("Orphan"),
    };
    let name = t.name.as_deref().unwrap_or("");
    if params.dry_run() {
        let cur = st
            .store
            .get(t.res, t.namespace.as_deref().unwrap_or(""), name);
        return cur
            .map(|c| json(StatusCode::OK, &*c))
            .ok_or_else(|| ApiError::not_found(t.res, name));
    }
    let last = deletion::delete(
        &st.store,
        &st.registry,
        t.res,
        t.namespace.as_deref().unwrap_or(""),
        name,
        &opts,
    )?;
    let ns = t.namespace.as_deref().unwrap_or("");
    let lingers = matches!(t.res.plural, "services" | "namespaces");
    if !lingers && st.store.get(t.res, ns, name).is_none() {
        // An object removed at once is answered with a Status, as the real server does; the
        // service registry returns the deleted object, and a namespace always goes through
        // Terminating on a real server (the sandbox may finish that within the call). One that
        // lingers (graceful deletion, finalizers) is returned as it now is.
        return Ok(json(
            StatusCode::OK,
            &status_success(t, name, meta::uid(&last)),
        ));
    }
    Ok(json(StatusCode::OK, &last))
}
