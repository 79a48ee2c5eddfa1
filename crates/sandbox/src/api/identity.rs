//! `apiVersion`/`kind`/namespace of a written object against the URL, answered as
//! kube-apiserver 1.34 answers (checked against the test bed, `tests/differential.rs`):
//! built-in kinds have missing parts filled in by the decoder, custom resources must name
//! their kind and version, and a mismatch is refused in the decoder's words.

use serde_json::{Value, json};

use super::path::Target;
use crate::error::ApiError;
use crate::meta;
use crate::registry::Registry;
use crate::resource::Res;

/// The first 30 bytes of a body, as the server quotes it in a decoding error.
fn summary(body: &str) -> String {
    match body.get(..30) {
        Some(head) if body.len() > 30 => format!("{head} ..."),
        _ => body.to_string(),
    }
}

fn built_in(t: &Target, obj: &mut Value, registry: &Registry) -> Result<(), ApiError> {
    let res = t.res;
    let kind = meta::str_at(obj, &["kind"]).unwrap_or("").to_string();
    let av = meta::str_at(obj, &["apiVersion"]).unwrap_or("").to_string();
    // The decoder defaults what is missing from the URL's group, version and kind.
    let kind = if kind.is_empty() {
        res.kind.to_string()
    } else {
        kind
    };
    let av = if av.is_empty() { res.api_version() } else { av };
    if kind == res.kind && av == res.api_version() {
        obj["kind"] = json!(kind);
        obj["apiVersion"] = json!(av);
        return Ok(());
    }
    let version = av.rsplit('/').next().unwrap_or("");
    let internal = if res.group.is_empty() {
        "core"
    } else {
        res.group.split('.').next().unwrap_or("")
    };
    let known = registry
        .all()
        .iter()
        .any(|d| d.api_version() == av && d.kind == kind);
    let why = if known {
        format!(
            "converting ({version}.{kind}) to ({internal}.{}): unknown conversion",
            res.kind
        )
    } else {
        format!(
            "no kind \"{kind}\" is registered for version \"{av}\" in scheme \"pkg/runtime/scheme.go:110\""
        )
    };
    Err(ApiError::bad_request(format!(
        "{kind} in version \"{version}\" cannot be handled as a {}: {why}",
        res.kind
    )))
}

fn custom(res: Res, obj: &Value, body: &str) -> Result<(), ApiError> {
    let kind = meta::str_at(obj, &["kind"]).unwrap_or("");
    let av = meta::str_at(obj, &["apiVersion"]).unwrap_or("");
    if kind.is_empty() {
        return Err(ApiError::bad_request(format!(
            "the object provided is unrecognized (must be of type {}): Object 'Kind' is missing in '{body}' ({})",
            res.kind,
            summary(body)
        )));
    }
    let api_version = res.api_version();
    if av != api_version {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({av}) does not match the expected API version ({api_version})"
        )));
    }
    if kind != res.kind {
        let name = meta::name(obj);
        let problem = format!("Invalid value: \"{kind}\": must be {}", res.kind);
        let mut e = ApiError::invalid(res, name, "kind", &problem);
        e.message = format!(
            "{kind}.{} \"{name}\" is invalid: kind: {problem}",
            res.group
        );
        if let Some(d) = e.details.as_mut() {
            d["kind"] = json!(kind);
        }
        return Err(e);
    }
    Ok(())
}

/// Checks (and for built-in kinds completes) the identity of `obj`, decoded from `body`.
pub fn check(t: &Target, obj: &mut Value, body: &str, registry: &Registry) -> Result<(), ApiError> {
    if !obj.is_object() {
        return Err(ApiError::bad_request(
            "the request body must be a JSON object",
        ));
    }
    if t.res.is_built_in() {
        built_in(t, obj, registry)?;
    } else {
        custom(t.res, obj, body)?;
    }
    if let Some(ns) = &t.namespace {
        match meta::str_at(obj, &["metadata", "namespace"]) {
            Some(n) if !n.is_empty() && n != ns => {
                return Err(ApiError::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            _ => {
                meta::metadata_mut(obj).insert("namespace".into(), json!(ns));
            }
        }
    }
    Ok(())
}
