//! core/v1 Events as the kubelet and controllers record them, bounded per namespace.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use serde_json::{Value, json};

use crate::meta;
use crate::registry::EVENTS;
use crate::rng;
use crate::store::Store;

pub struct EventRecorder {
    recent: Mutex<HashMap<String, VecDeque<String>>>,
    per_namespace: usize,
}

/// Who reports an event (`source.component`).
#[derive(Debug, Clone, Copy)]
pub enum Source {
    Kubelet,
    Scheduler,
    Controller(&'static str),
}

impl EventRecorder {
    pub fn new(per_namespace: usize) -> Self {
        EventRecorder {
            recent: Mutex::new(HashMap::new()),
            per_namespace: per_namespace.max(1),
        }
    }

    /// Records an event about `obj`; `field_path` names a container like `spec.containers{app}`.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &self,
        store: &Store,
        obj: &Value,
        source: Source,
        kind: &str,
        reason: &str,
        message: &str,
        field_path: Option<&str>,
    ) {
        let ns = meta::namespace(obj).to_string();
        let name = format!("{}.{}", meta::name(obj), rng::hex(16));
        let now = meta::now_rfc3339();
        let (component, host) = match source {
            Source::Kubelet => ("kubelet", Some("sandbox-node")),
            Source::Scheduler => ("default-scheduler", None),
            Source::Controller(c) => (c, None),
        };
        let mut involved = json!({
            "kind": obj.get("kind").cloned().unwrap_or_default(),
            "namespace": ns, "name": meta::name(obj), "uid": meta::uid(obj),
            "apiVersion": obj.get("apiVersion").cloned().unwrap_or_default(),
            "resourceVersion": obj.pointer("/metadata/resourceVersion").cloned().unwrap_or_default(),
        });
        if let Some(fp) = field_path {
            involved["fieldPath"] = json!(fp);
        }
        let mut ev = json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": name, "namespace": ns},
            "involvedObject": involved, "reason": reason, "message": message,
            "source": {"component": component},
            "firstTimestamp": now, "lastTimestamp": now, "count": 1, "type": kind,
            "eventTime": null, "reportingComponent": component, "reportingInstance": host.unwrap_or(""),
        });
        if let Some(h) = host {
            ev["source"]["host"] = json!(h);
        }
        if store.create(&EVENTS, ev).is_err() {
            return; // namespace went away meanwhile
        }
        let evicted = {
            let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            let q = recent.entry(ns.clone()).or_default();
            q.push_back(name);
            if q.len() > self.per_namespace {
                q.pop_front()
            } else {
                None
            }
        };
        if let Some(old) = evicted {
            let _ = store.delete(&EVENTS, &ns, &old, None, None);
        }
    }
}
