//! get and list, as JSON or as a server-side Table, with `limit`/`continue` paging.

use std::sync::Arc;

use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::params::{Output, Params};
use super::path::Target;
use super::{ApiState, json};
use crate::error::ApiError;
use crate::store::{Key, Object};
use crate::table;

pub fn get(st: &ApiState, t: &Target, out: Output) -> Result<Response, ApiError> {
    let name = t.name.as_deref().unwrap_or("");
    let obj = st
        .store
        .get(t.res, t.namespace.as_deref().unwrap_or(""), name)
        .ok_or_else(|| ApiError::not_found(t.res, name))?;
    Ok(match out {
        Output::Json => json(StatusCode::OK, &*obj),
        Output::Table(fmt) => {
            let rv = obj.resource_version();
            let t = table::table(
                t.res,
                std::iter::once(obj.value()),
                json!({"resourceVersion": rv}),
                fmt,
            );
            json(StatusCode::OK, &t)
        }
    })
}

/// Where the next page starts. Pages after the first read the current state (not a snapshot
/// at `rv`, as etcd would serve), but report `rv`, so a watch from it replays whatever changed
/// meanwhile. The token is good for the store's list window (five minutes, like etcd's
/// compaction interval) however many changes happen meanwhile, so a long list under churn
/// completes; the watch that follows may still get 410 if the list outlasted watch history.
#[derive(Serialize, Deserialize)]
struct Continue {
    rv: u64,
    ns: String,
    name: String,
}

impl Continue {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(token: &str) -> Result<Self, ApiError> {
        URL_SAFE_NO_PAD
            .decode(token.trim_end_matches('='))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(|| ApiError::bad_request(format!("continue key is not valid: {token:?}")))
    }
}

pub fn list(
    st: &Arc<ApiState>,
    t: &Target,
    params: &Params,
    out: Output,
) -> Result<Response, ApiError> {
    let sel = params.selectors()?;
    let limit = params
        .number::<usize>("limit")?
        .filter(|l| *l > 0)
        .unwrap_or(usize::MAX);
    let after = params.get("continue").map(Continue::decode).transpose()?;
    if let Some(c) = &after {
        st.store.check_continue(c.rv)?;
    }
    let after_key: Option<Key> = after.as_ref().map(|c| (c.ns.clone(), c.name.clone()));
    let page = st.store.list(
        t.res,
        t.namespace.as_deref(),
        after_key.as_ref(),
        limit,
        &|o| sel.matches(o),
    );
    let rv = after.as_ref().map(|c| c.rv).unwrap_or(page.rv);
    let mut list_meta = json!({"resourceVersion": rv.to_string()});
    if let Some((ns, name)) = page.next {
        list_meta["continue"] = json!(Continue { rv, ns, name }.encode());
    }
    Ok(match out {
        Output::Table(fmt) => {
            let table = table::table(t.res, page.items.iter().map(|o| o.value()), list_meta, fmt);
            json(StatusCode::OK, &table)
        }
        Output::Json => json(
            StatusCode::OK,
            &ListBody {
                kind: t.res.list_kind(),
                api_version: t.res.api_version(),
                metadata: list_meta,
                items: page
                    .items
                    .iter()
                    .map(|o| Item {
                        obj: o,
                        bare: t.res.is_built_in(),
                    })
                    .collect(),
            },
        ),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListBody<'a> {
    kind: String,
    api_version: String,
    metadata: Value,
    items: Vec<Item<'a>>,
}

/// A list item; items of built-in kinds go without `kind`/`apiVersion`, as kube-apiserver
/// sends them (custom resources' items keep theirs).
struct Item<'a> {
    obj: &'a Object,
    bare: bool,
}

impl Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.bare {
            self.obj.without_type().serialize(s)
        } else {
            self.obj.serialize(s)
        }
    }
}
