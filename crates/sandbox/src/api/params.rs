//! Query parameters and content negotiation of one request.

use std::collections::HashMap;

use axum::extract::Query;
use http::{HeaderMap, Uri, header};

use crate::error::ApiError;
use crate::selector::{FieldSelector, LabelSelector, Selectors};
use crate::table::{IncludeObject, TableFormat};

#[derive(Debug, Default)]
pub struct Params(HashMap<String, String>);

impl Params {
    pub fn from_uri(uri: &Uri) -> Result<Self, ApiError> {
        Query::<HashMap<String, String>>::try_from_uri(uri)
            .map(|q| Params(q.0))
            .map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some("1" | "true" | "True"))
    }

    pub fn number<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, ApiError> {
        self.get(key)
            .map(|v| {
                v.parse()
                    .map_err(|_| ApiError::bad_request(format!("invalid value for {key}: {v:?}")))
            })
            .transpose()
    }

    pub fn selectors(&self) -> Result<Selectors, ApiError> {
        Ok(Selectors {
            labels: LabelSelector::parse(self.get("labelSelector").unwrap_or(""))?,
            fields: FieldSelector::parse(self.get("fieldSelector").unwrap_or(""))?,
        })
    }

    /// `dryRun=All`: validate and answer, but store nothing.
    pub fn dry_run(&self) -> bool {
        self.get("dryRun") == Some("All")
    }
}

/// What the response body should look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Json,
    Table(TableFormat),
}

/// Picks the first acceptable media type. Only JSON is produced: a client that also accepts
/// protobuf lists JSON as a fallback, and kubectl's aggregated-discovery request falls back
/// to legacy discovery when the answer is plain JSON.
pub fn output(headers: &HeaderMap, params: &Params) -> Output {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for range in accept.split(',') {
        let parts: Vec<&str> = range.split(';').map(str::trim).collect();
        if !parts.contains(&"as=Table") {
            continue;
        }
        let version = if parts.contains(&"v=v1beta1") {
            "v1beta1"
        } else {
            "v1"
        };
        return Output::Table(TableFormat {
            version,
            include: IncludeObject::parse(params.get("includeObject")),
        });
    }
    Output::Json
}

pub fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
