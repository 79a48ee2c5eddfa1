//! The HTTP face of the sandbox: one axum fallback handler that routes like kube-apiserver
//! (discovery, OpenAPI, resources and their subresources) and answers errors as `Status`.

mod discovery;
mod identity;
mod logs;
mod openapi;
pub mod params;
pub mod path;
mod protobuf;
mod read;
mod scale;
mod watch;
mod write;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};
use serde::Serialize;

use self::params::Params;
use self::path::{Route, Target};
use super::error::ApiError;
use super::faults::{FaultHandle, Injected};
use super::registry::Registry;
use super::store::Store;
use super::world::logbook::LogBook;

/// Everything a request handler may touch.
pub struct ApiState {
    pub store: Arc<Store>,
    pub registry: Registry,
    pub logs: Arc<LogBook>,
    pub faults: FaultHandle,
    pub bookmark_interval: Duration,
    pub addr: SocketAddr,
}

pub fn router(state: Arc<ApiState>) -> Router {
    Router::new().fallback(handle).with_state(state)
}

/// Largest request body accepted; manifests are small, this only stops abuse.
const BODY_LIMIT: usize = 8 << 20;

async fn handle(State(st): State<Arc<ApiState>>, req: Request) -> Response {
    st.faults.count_request();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    match st.faults.take(req.method(), path_and_query) {
        Some(Injected::Status(code)) => return ApiError::from_code(code).into_response(),
        Some(Injected::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    route(&st, req)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn route(st: &Arc<ApiState>, req: Request) -> Result<Response, ApiError> {
    let path = req.uri().path().to_string();
    let get_only = |m: &Method| {
        if m == Method::GET || m == Method::HEAD {
            Ok(())
        } else {
            Err(ApiError::method_not_allowed(m.as_str()))
        }
    };
    match path.trim_end_matches('/') {
        "/healthz" | "/readyz" | "/livez" => return Ok("ok".into_response()),
        "/version" => return Ok(json(StatusCode::OK, &discovery::version())),
        "/api" => return Ok(json(StatusCode::OK, &discovery::api_versions(st.addr))),
        "/apis" => return Ok(json(StatusCode::OK, &discovery::group_list(&st.registry))),
        p if p == "/openapi/v2" || p.starts_with("/openapi/v3") => {
            get_only(req.method())?;
            return openapi::serve(st, p, req.headers());
        }
        _ => {}
    }
    let params = Params::from_uri(req.uri())?;
    match path::parse(&path, &st.registry)? {
        Route::ResourceList { group, version } => {
            get_only(req.method())?;
            Ok(json(
                StatusCode::OK,
                &discovery::resource_list(&st.registry, &group, &version),
            ))
        }
        Route::Group(group) => {
            get_only(req.method())?;
            let g = discovery::group(&st.registry, &group).ok_or_else(ApiError::no_route)?;
            Ok(json(StatusCode::OK, &g))
        }
        Route::Resource(t) => resource(st, req, params, t).await,
    }
}

async fn resource(
    st: &Arc<ApiState>,
    req: Request,
    params: Params,
    t: Target,
) -> Result<Response, ApiError> {
    let (parts, body) = req.into_parts();
    let ns = t.namespace.as_deref();
    let out = params::output(&parts.headers, &params);
    let named = t.name.is_some();
    let verb = match (&parts.method, named) {
        (&Method::GET | &Method::HEAD, false) if params.flag("watch") => "watch",
        (&Method::GET | &Method::HEAD, false) => "list",
        (&Method::GET | &Method::HEAD, true) => "get",
        (&Method::POST, false) if t.res.namespaced == ns.is_some() => "create",
        (&Method::PUT, true) => "update",
        (&Method::PATCH, true) => "patch",
        (&Method::DELETE, true) if t.sub.is_none() => "delete",
        (m, _) => return Err(ApiError::method_not_allowed(m.as_str())),
    };
    st.faults
        .check(verb, t.res, t.sub.as_deref(), t.name.as_deref(), ns)?;
    let body = if matches!(verb, "create" | "update" | "patch" | "delete") {
        axum::body::to_bytes(body, BODY_LIMIT)
            .await
            .map_err(|e| ApiError::bad_request(format!("cannot read request body: {e}")))?
    } else {
        bytes::Bytes::new()
    };
    match verb {
        "watch" => watch::serve(st, &t, &params, out),
        "list" => read::list(st, &t, &params, out),
        "get" | "update" | "patch" if t.sub.as_deref() == Some("scale") => {
            scale::serve(st, &t, &parts.method, &parts.headers, &body)
        }
        "get" if t.sub.as_deref() == Some("log") => logs::serve(st, &t, &params).await,
        _ if t.sub.as_deref() == Some("log") => {
            Err(ApiError::method_not_allowed(parts.method.as_str()))
        }
        "get" => read::get(st, &t, out),
        "create" => write::create(st, &t, &params, &parts.headers, &body),
        "update" => write::update(st, &t, &params, &parts.headers, &body),
        "patch" => write::patch(st, &t, &params, &parts.headers, &body),
        _ => write::delete(st, &t, &params, &body),
    }
}

/// Serializes straight into the response body (objects are shared, never cloned for output).
pub fn json<T: Serialize + ?Sized>(code: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            code,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(bytes),
        )
            .into_response(),
        Err(e) => ApiError::internal(format!("cannot encode response: {e}")).into_response(),
    }
}

/// A CRD-like kind becomes servable by registering one `ResourceDef`: routing, discovery,
/// OpenAPI and tables follow from it. This is how the Kargo and Argo CD kinds will arrive.
#[cfg(test)]
mod registration_tests {
    use serde_json::json;

    use super::{discovery, openapi, path};
    use crate::registry::Registry;
    use crate::resource::{ALL_VERBS, Cell, Column, ResourceDef};
    use crate::table::{self, IncludeObject, columns};

    static STAGES: ResourceDef = ResourceDef {
        group: "stages.example.com",
        version: "v1alpha1",
        kind: "Stage",
        plural: "stages",
        singular: "stage",
        namespaced: true,
        short_names: &[],
        categories: &["kargo"],
        verbs: ALL_VERBS,
        has_status_subresource: true,
        subresources: &[],
        graceful_delete: false,
        columns: &[
            columns::NAME,
            Column {
                name: "Freight",
                kind: "string",
                format: "",
                description: "",
                priority: 0,
                cell: Cell::Path(".status.freightHistory[0].name"),
            },
            Column {
                name: "Phase",
                kind: "string",
                format: "",
                description: "",
                priority: 0,
                cell: Cell::Path(".status.phase"),
            },
            columns::AGE,
        ],
    };

    #[test]
    fn one_entry_makes_a_kind_servable() {
        let mut r = Registry::builtin();
        r.register(&STAGES);
        let route = path::parse(
            "/apis/stages.example.com/v1alpha1/namespaces/kargo-demo/stages/dev/status",
            &r,
        )
        .unwrap();
        assert!(
            matches!(route, path::Route::Resource(t) if t.res == &STAGES && t.sub.as_deref() == Some("status"))
        );
        let groups = discovery::group_list(&r);
        assert!(
            groups["groups"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["name"] == "stages.example.com")
        );
        let list = discovery::resource_list(&r, "stages.example.com", "v1alpha1");
        let names: Vec<&str> = list["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["stages", "stages/status"]);
        assert!(openapi::has_patch_operation(
            &r,
            "stages.example.com",
            "v1alpha1",
            "Stage"
        ));
        let stage = json!({"metadata": {"name": "dev", "creationTimestamp": "2026-01-01T00:00:00Z"},
                           "status": {"phase": "Steady", "freightHistory": [{"name": "fierce-owl"}]}});
        let row = table::row(
            &STAGES,
            &stage,
            "2026-01-01T00:05:00Z".parse().unwrap(),
            IncludeObject::None,
        );
        assert_eq!(row["cells"], json!(["dev", "fierce-owl", "Steady", "5m"]));
    }
}
