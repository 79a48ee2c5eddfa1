//! Errors. `ApiError` is what a client sees (a Kubernetes `Status`); `SandboxError` is what the
//! embedding program sees when the sandbox cannot start.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use crate::resource::ResourceDef;

/// An answer the API server gives instead of an object, shaped like the real `metav1.Status`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code} {reason}: {message}")]
pub struct ApiError {
    pub code: u16,
    pub reason: &'static str,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
}

/// `details` of a Status about one object; like the real server, empty fields are left out
/// (the core group is "", so core kinds carry no `group`).
fn details(def: &ResourceDef, name: &str) -> Option<Value> {
    let mut d = json!({"kind": def.plural});
    if !name.is_empty() {
        d["name"] = json!(name);
    }
    if !def.group.is_empty() {
        d["group"] = json!(def.group);
    }
    Some(d)
}

/// `metav1.CauseType` of a field error, from the words its message starts with.
fn cause_reason(problem: &str) -> &'static str {
    [
        ("Required value", "FieldValueRequired"),
        ("Unsupported value", "FieldValueNotSupported"),
        ("Forbidden", "FieldValueForbidden"),
        ("Duplicate value", "FieldValueDuplicate"),
        ("Too long", "FieldValueTooLong"),
        ("Too many", "FieldValueTooMany"),
    ]
    .iter()
    .find(|(words, _)| problem.starts_with(words))
    .map_or("FieldValueInvalid", |(_, reason)| reason)
}

impl ApiError {
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: Option<Value>) -> Self {
        self.details = details;
        self
    }

    pub fn not_found(def: &ResourceDef, name: &str) -> Self {
        Self::new(
            404,
            "NotFound",
            format!("{} \"{name}\" not found", def.qualified()),
        )
        .with_details(details(def, name))
    }

    /// The path names no resource this server knows.
    pub fn no_route() -> Self {
        Self::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
        )
        .with_details(Some(json!({})))
    }

    pub fn already_exists(def: &ResourceDef, name: &str) -> Self {
        Self::new(
            409,
            "AlreadyExists",
            format!("{} \"{name}\" already exists", def.qualified()),
        )
        .with_details(details(def, name))
    }

    pub fn conflict(def: &ResourceDef, name: &str) -> Self {
        Self::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; \
                 please apply your changes to the latest version and try again",
                def.qualified()
            ),
        )
        .with_details(details(def, name))
    }

    pub fn invalid(def: &ResourceDef, name: &str, field: &str, problem: &str) -> Self {
        Self::new(
            422,
            "Invalid",
            format!(
                "{} \"{name}\" is invalid: {field}: {problem}",
                def.kind_qualified()
            ),
        )
        .with_details({
            let mut d = details(def, name).unwrap_or_default();
            d["kind"] = json!(def.kind);
            d["causes"] =
                json!([{"reason": cause_reason(problem), "message": problem, "field": field}]);
            Some(d)
        })
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }

    /// An RBAC denial. `resource` is the plural, with its subresource if any (`pods/log`);
    /// `name` is set for requests on one object, as the real message then quotes it.
    pub fn forbidden(
        def: &ResourceDef,
        resource: &str,
        name: Option<&str>,
        verb: &str,
        namespace: Option<&str>,
        user: &str,
    ) -> Self {
        let scope = match namespace {
            Some(ns) => format!(" in the namespace \"{ns}\""),
            None => " at the cluster scope".to_string(),
        };
        // The subject is the group-qualified resource (`freights.kargo.akuity.io`).
        let qualified = if def.group.is_empty() {
            resource.to_string()
        } else {
            format!("{resource}.{}", def.group)
        };
        let subject = match name {
            Some(n) => format!("{qualified} \"{n}\""),
            None => qualified,
        };
        Self::new(
            403,
            "Forbidden",
            format!(
                "{subject} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{}\"{scope}",
                def.group
            ),
        )
        .with_details(details(def, name.unwrap_or("")))
    }

    /// 410: the resourceVersion (or continue token) is outside the history this server keeps.
    pub fn expired(message: impl Into<String>) -> Self {
        Self::new(410, "Expired", message)
    }

    pub fn method_not_allowed(method: &str) -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            format!("the server does not allow this method on the requested resource ({method})"),
        )
    }

    pub fn unsupported_media_type(content_type: &str, supported: &[&str]) -> Self {
        Self::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the body of the request was in an unknown format - accepted media types include: {}{}",
                supported.join(", "),
                if content_type.is_empty() {
                    String::new()
                } else {
                    format!(" (got {content_type})")
                }
            ),
        )
    }

    pub fn too_many_requests(retry_after: u64) -> Self {
        let mut e = Self::new(
            429,
            "TooManyRequests",
            "the server has received too many requests and has asked us to try again later",
        )
        .with_details(Some(json!({"retryAfterSeconds": retry_after})));
        e.retry_after = Some(retry_after);
        e
    }

    /// Any other status code a test wants to inject; reasons follow `metav1.StatusReason`.
    pub fn from_code(code: u16) -> Self {
        match code {
            429 => Self::too_many_requests(1),
            500 => Self::new(
                500,
                "InternalError",
                "Internal error occurred: injected fault",
            ),
            503 => Self::new(
                503,
                "ServiceUnavailable",
                "the server is currently unable to handle the request",
            ),
            504 => Self::new(
                504,
                "Timeout",
                "the server was unable to return a response in the time allotted",
            ),
            c => Self::new(c, "Unknown", format!("injected fault with status {c}")),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "InternalError", message)
    }

    pub fn to_status(&self) -> Value {
        let mut status = json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {},
            "status": "Failure", "message": self.message, "reason": self.reason, "code": self.code,
        });
        if let Some(d) = &self.details {
            status["details"] = d.clone();
        }
        status
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (code, axum::Json(self.to_status())).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}
