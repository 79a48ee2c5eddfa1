//! `pods/{name}/log`: the container's ring buffer, filtered like the kubelet does
//! (`tailLines`, `sinceSeconds`, `limitBytes`, `timestamps`, `previous`), and with `follow`
//! a stream of new lines until the container stops, the pod goes, or the client leaves.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header;
use jiff::Timestamp;
use serde_json::Value;

use super::ApiState;
use super::params::Params;
use super::path::Target;
use crate::error::ApiError;
use crate::meta;
use crate::registry::PODS;
use crate::world::log_line::LogLine;

fn render(line: &LogLine, timestamps: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.text.len() + 32);
    if timestamps {
        out.extend_from_slice(
            line.at
                .strftime("%Y-%m-%dT%H:%M:%S.%fZ ")
                .to_string()
                .as_bytes(),
        );
    }
    out.extend_from_slice(line.text.as_bytes());
    out.push(b'\n');
    out
}

pub async fn serve(st: &Arc<ApiState>, t: &Target, params: &Params) -> Result<Response, ApiError> {
    let ns = t.namespace.as_deref().unwrap_or("");
    let name = t.name.as_deref().unwrap_or("");
    let pod = st
        .store
        .read(&PODS, ns, name)
        .ok_or_else(|| ApiError::not_found(&PODS, name))?;
    let names: Vec<&str> = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("name")?.as_str())
        .collect();
    let container = match params.get("container") {
        Some(c) if names.contains(&c) => c.to_string(),
        Some(c) => {
            return Err(ApiError::bad_request(format!(
                "container {c} is not valid for pod {name}"
            )));
        }
        None if names.len() == 1 => names[0].to_string(),
        None => {
            return Err(ApiError::bad_request(format!(
                "a container name must be specified for pod {name}, choose one of: [{}]",
                names.join(" ")
            )));
        }
    };
    let key = (ns.to_string(), name.to_string(), container.clone());
    let state = pod
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .and_then(|l| {
            l.iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(container.as_str()))
        })
        .and_then(|c| c.get("state"))
        .cloned()
        .unwrap_or_default();
    let waiting = meta::str_at(&state, &["waiting", "reason"]).unwrap_or("ContainerCreating");
    let previous = st.logs.previous(&key);
    let (lines, live) = if params.flag("previous") {
        let lines = previous.ok_or_else(|| {
            ApiError::bad_request(format!(
                "previous terminated container \"{container}\" in pod \"{name}\" not found"
            ))
        })?;
        (lines, None)
    } else if let Some(log) = st
        .logs
        .current(&key)
        .filter(|_| state.get("running").is_some())
    {
        let (lines, rx) = log.follow();
        (lines, Some(rx))
    } else if let Some(lines) = previous {
        // A crashed container's last instance is what the kubelet serves until it restarts.
        (lines, None)
    } else if meta::str_at(&pod, &["spec", "nodeName"])
        .unwrap_or("")
        .is_empty()
    {
        return Err(ApiError::bad_request(format!(
            "pod {name} does not have a host assigned"
        )));
    } else {
        return Err(ApiError::bad_request(format!(
            "container \"{container}\" in pod \"{name}\" is waiting to start: {waiting}"
        )));
    };

    let timestamps = params.flag("timestamps");
    let since = params
        .number::<i64>("sinceSeconds")?
        .map(|s| Timestamp::now().as_second() - s);
    let mut lines: Vec<_> = lines
        .into_iter()
        .filter(|l| since.is_none_or(|s| l.at.as_second() >= s))
        .collect();
    if let Some(n) = params.number::<usize>("tailLines")? {
        lines.drain(..lines.len().saturating_sub(n));
    }
    let mut budget = params.number::<usize>("limitBytes")?.unwrap_or(usize::MAX);
    let mut take = move |line: &LogLine| -> Option<Bytes> {
        if budget == 0 {
            return None;
        }
        let mut b = render(line, timestamps);
        b.truncate(budget);
        budget -= b.len();
        Some(Bytes::from(b))
    };
    let initial: Vec<Bytes> = lines.iter().map_while(|l| take(l)).collect();
    let headers = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    let Some(rx) = live.filter(|_| params.flag("follow")) else {
        return Ok((headers, Body::from(initial.concat())).into_response());
    };
    let head = futures::stream::iter(initial.into_iter().map(Ok::<_, Infallible>));
    let tail = futures::stream::unfold((rx, take), |(mut rx, mut take)| async move {
        loop {
            match rx.recv().await {
                Ok(line) => return take(&line).map(|b| (Ok(b), (rx, take))),
                // A follower that fell behind skips lines rather than ending: logs are lossy.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => return None,
            }
        }
    });
    use futures::StreamExt;
    Ok((headers, Body::from_stream(head.chain(tail))).into_response())
}
