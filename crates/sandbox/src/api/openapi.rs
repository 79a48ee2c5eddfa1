//! Just enough OpenAPI for kubectl to validate honestly on the server. kubectl 1.27+ reads
//! `/openapi/v3`, then the group-version document, and uses server-side field validation
//! (`?fieldValidation=Strict`) when the PATCH operation of the kind declares that parameter.
//! No schemas are published, so kubectl computes apply patches from its compiled-in types.
//! `/openapi/v2` is an empty protobuf document: old kubectl (1.20) downloads it for client-side
//! validation and skips kinds it has no schema for.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

use super::{ApiState, json};
use crate::error::ApiError;
use crate::registry::Registry;
use crate::resource::Res;

fn gv_key(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

fn root(registry: &Registry) -> Value {
    let paths: Map<String, Value> = registry
        .group_versions()
        .into_iter()
        .map(|(g, v)| {
            let key = gv_key(g, v);
            let url = format!("/openapi/v3/{key}?hash={}", doc_hash(registry, g, v));
            (key, json!({"serverRelativeURL": url}))
        })
        .collect();
    json!({"paths": paths})
}

fn doc_hash(registry: &Registry, group: &str, version: &str) -> String {
    let doc = gv_document(registry, group, version).to_string();
    sha1_smol::Sha1::from(doc)
        .digest()
        .to_string()
        .to_uppercase()
}

fn param(name: &str) -> Value {
    json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}})
}

fn operation(res: Res, action: &str, body_types: &[&str]) -> Value {
    let mut op = json!({
        "operationId": format!("{action}{}", res.kind),
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": {"group": res.group, "version": res.version, "kind": res.kind},
        "parameters": [param("dryRun"), param("fieldManager"), param("fieldValidation")],
        "responses": {"200": {"description": "OK"}},
    });
    if !body_types.is_empty() {
        let content: Map<String, Value> = body_types
            .iter()
            .map(|t| (t.to_string(), json!({"schema": {"type": "object"}})))
            .collect();
        op["requestBody"] = json!({"content": content, "required": true});
    }
    op
}

fn gv_document(registry: &Registry, group: &str, version: &str) -> Value {
    let mut paths = Map::new();
    for res in registry.in_group_version(group, version) {
        let base = if res.namespaced {
            format!(
                "/{}/namespaces/{{namespace}}/{}",
                gv_key(group, version),
                res.plural
            )
        } else {
            format!("/{}/{}", gv_key(group, version), res.plural)
        };
        paths.insert(
            base.clone(),
            json!({"post": operation(res, "post", &["application/json"])}),
        );
        paths.insert(
            format!("{base}/{{name}}"),
            json!({
                "put": operation(res, "put", &["application/json"]),
                // Strategic merge is accepted but deliberately not declared: without schemas,
                // kubectl must build apply patches from its own types, not from this document.
                "patch": operation(res, "patch", &["application/json-patch+json", "application/merge-patch+json"]),
            }),
        );
    }
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.32.0"},
        "paths": paths,
        "components": {"schemas": {}},
    })
}

/// `Document { swagger: "2.0", info: { title, version } }` in gnostic's OpenAPI v2 protobuf.
fn v2_protobuf() -> Vec<u8> {
    fn field(tag: u8, bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, bytes.len() as u8];
        out.extend_from_slice(bytes);
        out
    }
    let mut info = field(0x0a, b"showrunner-sandbox");
    info.extend(field(0x12, b"v1.32.0"));
    let mut doc = field(0x0a, b"2.0");
    doc.extend(field(0x12, &info));
    doc
}

pub fn serve(st: &ApiState, path: &str, headers: &HeaderMap) -> Result<Response, ApiError> {
    if path == "/openapi/v2" {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if accept.contains("protobuf") {
            let ct = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
            return Ok(([(header::CONTENT_TYPE, ct)], Body::from(v2_protobuf())).into_response());
        }
        return Ok(json(
            StatusCode::OK,
            &json!({"swagger": "2.0", "info": {"title": "showrunner-sandbox", "version": "v1.32.0"}, "paths": {}}),
        ));
    }
    let rest = path.trim_start_matches("/openapi/v3").trim_matches('/');
    if rest.is_empty() {
        return Ok(json(StatusCode::OK, &root(&st.registry)));
    }
    let (group, version) = match rest.split('/').collect::<Vec<_>>().as_slice() {
        ["api", v] => (String::new(), v.to_string()),
        ["apis", g, v] => (g.to_string(), v.to_string()),
        _ => return Err(ApiError::no_route()),
    };
    if !st.registry.serves(&group, &version) {
        return Err(ApiError::no_route());
    }
    Ok(json(
        StatusCode::OK,
        &gv_document(&st.registry, &group, &version),
    ))
}

/// Whether the group-version document declares a PATCH with `fieldValidation` for `kind`
/// (what kubectl checks before choosing server-side validation).
#[cfg(test)]
pub fn has_patch_operation(registry: &Registry, group: &str, version: &str, kind: &str) -> bool {
    let doc = gv_document(registry, group, version);
    doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .any(|(_, ops)| {
            ops.get("patch").is_some_and(|p| {
                p["x-kubernetes-group-version-kind"]["kind"] == kind
                    && p["parameters"]
                        .as_array()
                        .is_some_and(|ps| ps.iter().any(|x| x["name"] == "fieldValidation"))
            })
        })
}
