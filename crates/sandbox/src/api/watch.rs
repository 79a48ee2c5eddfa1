//! `?watch=1`: a chunked stream of one JSON event per line. Starting points follow the API
//! concepts: no RV or "0" sends the current state as ADDED first, an RV replays history after
//! it (410 in-stream when outside the window), `sendInitialEvents` ends the initial state with
//! an annotated BOOKMARK. A watcher that falls behind gets a 410 and the stream ends; events
//! are never dropped silently.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header;
use jiff::Timestamp;
use serde_json::json;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{Instant, sleep_until};

use super::ApiState;
use super::params::{Output, Params};
use super::path::Target;
use crate::error::ApiError;
use crate::resource::Res;
use crate::selector::Selectors;
use crate::store::{Change, ChangeKind, Object};
use crate::table::{self, TableFormat};

/// Servers end watches after a while (kube-apiserver: 30–60 min); clients re-watch.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1800);

struct Watcher {
    res: Res,
    namespace: Option<String>,
    sel: Selectors,
    table: Option<TableFormat>,
    /// Table headers go only with the first Table-shaped event, as kube-apiserver does.
    headers_sent: bool,
    rx: broadcast::Receiver<Arc<Change>>,
    expired: tokio::sync::watch::Receiver<u64>,
    last_rv: u64,
    pending: VecDeque<Bytes>,
    bookmark_every: Option<Duration>,
    next_bookmark: Instant,
    deadline: Instant,
    done: bool,
}

fn line(kind: &str, object: &impl serde::Serialize) -> Bytes {
    let mut buf = Vec::with_capacity(256);
    buf.extend_from_slice(b"{\"type\":\"");
    buf.extend_from_slice(kind.as_bytes());
    buf.extend_from_slice(b"\",\"object\":");
    if serde_json::to_writer(&mut buf, object).is_err() {
        buf.extend_from_slice(b"null");
    }
    buf.extend_from_slice(b"}\n");
    Bytes::from(buf)
}

fn error_line(err: &ApiError) -> Bytes {
    line("ERROR", &err.to_status())
}

pub fn serve(
    st: &Arc<ApiState>,
    t: &Target,
    params: &Params,
    out: Output,
) -> Result<Response, ApiError> {
    let sel = params.selectors()?;
    let timeout = params
        .number::<u64>("timeoutSeconds")?
        .map(Duration::from_secs)
        .unwrap_or(DEFAULT_TIMEOUT);
    let bookmarks = params.flag("allowWatchBookmarks");
    let send_initial = params.flag("sendInitialEvents");
    let rv = params.get("resourceVersion");
    let now = Instant::now();
    let mut w = Watcher {
        res: t.res,
        namespace: t.namespace.clone(),
        sel,
        table: match out {
            Output::Table(f) => Some(f),
            Output::Json => None,
        },
        headers_sent: false,
        rx: broadcast::channel(1).1,
        expired: st.store.expiry(),
        last_rv: 0,
        pending: VecDeque::new(),
        bookmark_every: bookmarks.then_some(st.bookmark_interval),
        next_bookmark: now + st.bookmark_interval,
        deadline: now + timeout,
        done: false,
    };
    if send_initial || rv.is_none() || rv == Some("0") {
        let sub = st.store.snapshot(t.res, t.namespace.as_deref());
        let matching: Vec<_> = sub
            .initial
            .iter()
            .filter(|o| w.sel.matches(&***o))
            .collect();
        for obj in matching {
            let ev = w.encode("ADDED", obj);
            w.pending.push_back(ev);
        }
        w.rx = sub.rx;
        w.last_rv = sub.rv;
        if send_initial && bookmarks {
            let ev = w.bookmark(true);
            w.pending.push_back(ev);
        }
    } else {
        let since = rv
            .and_then(|r| r.parse::<u64>().ok())
            .ok_or_else(|| {
                ApiError::expired(format!("too old resource version: {}", rv.unwrap_or("")))
            })
            .and_then(|r| st.store.since(r));
        match since {
            Ok(sub) => {
                w.rx = sub.rx;
                w.last_rv = sub.rv;
                for change in &sub.initial {
                    if let Some(ev) = w.render(change) {
                        w.pending.push_back(ev);
                    }
                }
            }
            Err(e) => {
                w.pending.push_back(error_line(&e));
                w.done = true;
            }
        }
    }
    let stream = futures::stream::unfold(w, |mut w| async move {
        w.next().await.map(|b| (Ok::<_, Infallible>(b), w))
    });
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        Body::from_stream(stream),
    )
        .into_response())
}

impl Watcher {
    async fn next(&mut self) -> Option<Bytes> {
        loop {
            if let Some(b) = self.pending.pop_front() {
                return Some(b);
            }
            if self.done {
                return None;
            }
            let bookmark_at = self
                .bookmark_every
                .map(|_| self.next_bookmark)
                .unwrap_or(self.deadline);
            tokio::select! {
                _ = sleep_until(self.deadline) => return None,
                r = self.expired.changed() => {
                    self.done = true;
                    // The history this watch would resume from is gone: say so, as
                    // kube-apiserver does after a compaction, and the client re-lists.
                    return r.is_ok().then(|| error_line(&ApiError::expired(format!(
                        "too old resource version: {} (history compacted)",
                        self.last_rv
                    ))));
                }
                _ = sleep_until(bookmark_at), if self.bookmark_every.is_some() => {
                    self.next_bookmark = Instant::now() + self.bookmark_every.unwrap_or_default();
                    return Some(self.bookmark(false));
                }
                r = self.rx.recv() => match r {
                    Ok(change) => {
                        self.last_rv = change.rv;
                        if let Some(ev) = self.render(&change) {
                            return Some(ev);
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        self.done = true;
                        return Some(error_line(&ApiError::expired(format!(
                            "too old resource version: {} (watcher fell behind; re-list)",
                            self.last_rv
                        ))));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    }

    fn bookmark(&self, initial_end: bool) -> Bytes {
        let mut md = json!({"resourceVersion": self.last_rv.to_string()});
        if initial_end {
            md["annotations"] = json!({"k8s.io/initial-events-end": "true"});
        }
        line(
            "BOOKMARK",
            &json!({"kind": self.res.kind, "apiVersion": self.res.api_version(), "metadata": md}),
        )
    }

    /// The event this watcher sends for a change, if any: filtered by kind, namespace and
    /// selectors, where leaving the selection is a DELETED and entering it an ADDED.
    fn render(&mut self, change: &Change) -> Option<Bytes> {
        if !std::ptr::eq(change.res, self.res) {
            return None;
        }
        if let Some(ns) = &self.namespace
            && change.object.namespace() != ns
        {
            return None;
        }
        let now = self.sel.matches(&*change.object);
        let before = change.prev.as_ref().is_some_and(|p| self.sel.matches(&**p));
        let kind = match (change.kind, before, now) {
            (ChangeKind::Modified, true, true) => ChangeKind::Modified,
            (ChangeKind::Modified, false, true) => ChangeKind::Added,
            (ChangeKind::Modified, true, false) => ChangeKind::Deleted,
            (ChangeKind::Deleted, true, _) => ChangeKind::Deleted,
            (ChangeKind::Added, _, true) => ChangeKind::Added,
            _ => return None,
        };
        Some(self.encode(kind.as_str(), &change.object))
    }

    fn encode(&mut self, kind: &str, obj: &Object) -> Bytes {
        let Some(fmt) = self.table else {
            return line(kind, obj);
        };
        let mut t = json!({
            "kind": "Table",
            "apiVersion": format!("meta.k8s.io/{}", fmt.version),
            "metadata": {"resourceVersion": obj.resource_version()},
            "rows": [table::row(self.res, &obj.value(), Timestamp::now(), fmt.include)],
        });
        if !self.headers_sent {
            t["columnDefinitions"] = table::column_definitions(self.res);
            self.headers_sent = true;
        }
        line(kind, &t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{NAMESPACES, PODS};
    use crate::store::Store;
    use serde_json::Value;

    fn watcher(store: &Store) -> Watcher {
        let sub = store.snapshot(&PODS, None);
        let now = Instant::now();
        Watcher {
            res: &PODS,
            namespace: None,
            sel: Selectors::default(),
            table: None,
            headers_sent: false,
            rx: sub.rx,
            expired: store.expiry(),
            last_rv: sub.rv,
            pending: VecDeque::new(),
            bookmark_every: None,
            next_bookmark: now,
            deadline: now + Duration::from_secs(60),
            done: false,
        }
    }

    #[tokio::test]
    async fn a_watcher_that_falls_behind_gets_410_and_ends() {
        let store = Store::new(1000, 16);
        store
            .create(&NAMESPACES, json!({"metadata": {"name": "dev"}}))
            .unwrap();
        let mut w = watcher(&store);
        for i in 0..40 {
            let pod = json!({"metadata": {"name": format!("p{i}"), "namespace": "dev"}});
            store.create(&PODS, pod).unwrap();
        }
        let line = w.next().await.unwrap();
        let ev: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(
            (ev["type"].as_str(), ev["object"]["code"].as_i64()),
            (Some("ERROR"), Some(410))
        );
        assert!(w.next().await.is_none(), "the stream ends after the error");
    }

    #[tokio::test]
    async fn kinds_and_namespaces_are_filtered() {
        let store = Store::new(1000, 64);
        for ns in ["dev", "stg"] {
            store
                .create(&NAMESPACES, json!({"metadata": {"name": ns}}))
                .unwrap();
        }
        let mut w = watcher(&store);
        w.namespace = Some("stg".into());
        store
            .create(
                &PODS,
                json!({"metadata": {"name": "a", "namespace": "dev"}}),
            )
            .unwrap();
        store
            .create(&NAMESPACES, json!({"metadata": {"name": "prod"}}))
            .unwrap();
        store
            .create(
                &PODS,
                json!({"metadata": {"name": "b", "namespace": "stg"}}),
            )
            .unwrap();
        let ev: Value = serde_json::from_slice(&w.next().await.unwrap()).unwrap();
        assert_eq!(
            (
                ev["type"].as_str(),
                ev["object"]["metadata"]["name"].as_str()
            ),
            (Some("ADDED"), Some("b"))
        );
        assert_eq!(
            w.last_rv,
            store.current_rv(),
            "skipped changes still advance the bookmark RV"
        );
    }
}
