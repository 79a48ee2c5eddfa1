//! The few fields of a Pod that the pods pane and its details popup show. Watch events are
//! converted on arrival, so the app never holds full Pod objects, and what pods share (the
//! `Arc`s) is held once (`intern`): 100,000 pods take about 40 MB.

use std::cell::RefCell;
use std::sync::Arc;

use k8s_openapi::jiff::Timestamp;

use super::pod_wire::{ContainerState, Pod};
use super::{intern, pod_status};

/// How a status reads at a glance; panes map it to a theme role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Health {
    Healthy,
    Progressing,
    Degraded,
    /// Finished on purpose (Completed / Succeeded): nothing to worry about, nothing running.
    Done,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PodSummary {
    pub namespace: Arc<str>,
    pub name: Box<str>,
    pub status: Arc<str>,
    pub health: Health,
    pub ready: u32,
    pub total: u32,
    pub restarts: u32,
    pub last_restart: Option<Timestamp>,
    pub created: Option<Timestamp>,
    pub image_tag: Arc<str>,
    pub node: Option<Arc<str>>,
    pub pod_ip: Option<Box<str>>,
    pub uid: Box<str>,
    /// The controlling owner as "ReplicaSet backend-6f7c9d8b5", if any.
    pub owner: Option<Arc<str>>,
    pub containers: Arc<[ContainerSummary]>,
    pub conditions: Arc<[ConditionSummary]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ContainerSummary {
    pub name: String,
    pub image: String,
    pub ready: bool,
    pub restarts: u32,
    /// "Running", "Waiting: CrashLoopBackOff", "Terminated: Error (exit 1)".
    pub state: String,
    pub last_state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ConditionSummary {
    pub kind: String,
    pub status: String,
    pub reason: String,
    pub message: String,
}

thread_local! {
    /// A deployment's containers and the standard conditions, shared by every pod alike.
    static CONTAINERS: RefCell<intern::Table<[ContainerSummary]>> = RefCell::default();
    static CONDITIONS: RefCell<intern::Table<[ConditionSummary]>> = RefCell::default();
}

impl PodSummary {
    pub fn from_pod(pod: &Pod) -> PodSummary {
        let display = pod_status::derive(pod);
        let meta = &pod.metadata;
        let spec_containers = pod
            .spec
            .as_ref()
            .map(|s| s.containers.as_slice())
            .unwrap_or(&[]);
        let statuses = pod
            .status
            .as_ref()
            .and_then(|s| s.container_statuses.as_deref())
            .unwrap_or(&[]);
        let containers = spec_containers
            .iter()
            .map(|c| {
                let st = statuses.iter().find(|s| s.name == c.name);
                ContainerSummary {
                    name: c.name.clone(),
                    image: c.image.clone().unwrap_or_default(),
                    ready: st.is_some_and(|s| s.ready),
                    restarts: st.map_or(0, |s| s.restart_count.max(0) as u32),
                    state: st
                        .and_then(|s| s.state.as_ref())
                        .map_or("Waiting".into(), describe_state),
                    last_state: st
                        .and_then(|s| s.last_state.as_ref())
                        .map(describe_state)
                        .filter(|s| !s.is_empty()),
                }
            })
            .collect::<Vec<_>>();
        let conditions = pod
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .into_iter()
            .flatten()
            .map(|c| ConditionSummary {
                kind: c.type_.clone(),
                status: c.status.clone(),
                reason: c.reason.clone().unwrap_or_default(),
                message: c.message.clone().unwrap_or_default(),
            })
            .collect::<Vec<_>>();
        PodSummary {
            namespace: intern::text(meta.namespace.as_deref().unwrap_or_default()),
            name: meta.name.as_deref().unwrap_or_default().into(),
            health: health_of(&display.reason, display.ready, display.total),
            status: intern::text(&display.reason),
            ready: display.ready,
            total: display.total,
            restarts: display.restarts,
            last_restart: display.last_restart,
            created: meta.creation_timestamp.as_ref().map(|t| t.0),
            image_tag: intern::text(&image_tags(containers.iter().map(|c| c.image.as_str()))),
            node: pod
                .spec
                .as_ref()
                .and_then(|s| s.node_name.as_deref())
                .map(intern::text),
            pod_ip: pod
                .status
                .as_ref()
                .and_then(|s| s.pod_ip.as_deref())
                .map(Box::from),
            uid: meta.uid.as_deref().unwrap_or_default().into(),
            owner: meta
                .owner_references
                .iter()
                .flatten()
                .find(|o| o.controller == Some(true))
                .map(|o| intern::text(&format!("{} {}", o.kind, o.name))),
            containers: CONTAINERS.with_borrow_mut(|t| t.list(containers)),
            conditions: CONDITIONS.with_borrow_mut(|t| t.list(conditions)),
        }
    }

    pub fn is_ready(&self) -> bool {
        self.total > 0 && self.ready == self.total && self.health == Health::Healthy
    }
}

pub fn health_of(reason: &str, ready: u32, total: u32) -> Health {
    match reason {
        "Running" if ready == total => Health::Healthy,
        "Running" | "NotReady" | "Pending" | "ContainerCreating" | "PodInitializing"
        | "Terminating" | "SchedulingGated" => Health::Progressing,
        r if r.starts_with("Init:") && r[5..].contains('/') => Health::Progressing,
        "Completed" | "Succeeded" => Health::Done,
        "Unknown" | "" => Health::Unknown,
        _ => Health::Degraded,
    }
}

fn describe_state(state: &ContainerState) -> String {
    if state.running.is_some() {
        "Running".into()
    } else if let Some(w) = &state.waiting {
        match w.reason.as_deref() {
            Some(r) => format!("Waiting: {r}"),
            None => "Waiting".into(),
        }
    } else if let Some(t) = &state.terminated {
        format!(
            "Terminated: {} (exit {})",
            t.reason.as_deref().unwrap_or("-"),
            t.exit_code
        )
    } else {
        String::new()
    }
}

/// The tag part of each image (`repo/app:1.2` → `1.2`, digests shortened), distinct, in order.
pub fn image_tags<'a>(images: impl Iterator<Item = &'a str>) -> String {
    let mut tags: Vec<&str> = Vec::new();
    for image in images {
        let tag = image_tag(image);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags.join(",")
}

pub fn image_tag(image: &str) -> &str {
    if let Some((_, digest)) = image.split_once('@') {
        let hex = digest.split_once(':').map_or(digest, |(_, h)| h);
        return &hex[..hex.len().min(12)];
    }
    let last_segment = image.rsplit('/').next().unwrap_or(image);
    match last_segment.rsplit_once(':') {
        Some((_, tag)) => tag,
        None => "latest",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn image_tags_handle_registries_with_ports_digests_and_defaults() {
        assert_eq!(image_tag("ghcr.io/acme/app:a1b2c3d"), "a1b2c3d");
        assert_eq!(image_tag("localhost:5000/app"), "latest");
        assert_eq!(image_tag("nginx"), "latest");
        assert_eq!(image_tag("app@sha256:0123456789abcdef0123"), "0123456789ab");
        assert_eq!(image_tags(["a:1", "b:2", "c:1"].into_iter()), "1,2");
    }

    #[test]
    fn summary_keeps_containers_conditions_and_health() {
        let pod: Pod = serde_json::from_value(json!({
            "metadata": {"name": "backend-1", "namespace": "dev", "uid": "u1",
                         "creationTimestamp": "2026-11-22T08:00:00Z"},
            "spec": {"nodeName": "node-a", "containers": [{"name": "app", "image": "ghcr.io/x/backend:abc1234"}]},
            "status": {"phase": "Running", "podIP": "10.0.0.5",
                       "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}],
                       "containerStatuses": [{"name": "app", "image": "x", "imageID": "", "ready": false,
                           "restartCount": 3, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                           "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}
        }))
        .unwrap();
        let s = PodSummary::from_pod(&pod);
        assert_eq!(&*s.status, "CrashLoopBackOff");
        assert_eq!(s.health, Health::Degraded);
        assert_eq!((s.ready, s.total, s.restarts), (0, 1, 3));
        assert_eq!(&*s.image_tag, "abc1234");
        assert_eq!(s.containers[0].state, "Waiting: CrashLoopBackOff");
        assert_eq!(
            s.containers[0].last_state.as_deref(),
            Some("Terminated: Error (exit 1)")
        );
        assert_eq!(s.conditions[0].reason, "ContainersNotReady");
        assert_eq!(s.node.as_deref(), Some("node-a"));
        assert!(!s.is_ready());
    }

    #[test]
    fn health_classes() {
        assert_eq!(health_of("Running", 1, 1), Health::Healthy);
        assert_eq!(health_of("Running", 0, 1), Health::Progressing);
        assert_eq!(health_of("Init:0/2", 0, 1), Health::Progressing);
        assert_eq!(health_of("Init:Error", 0, 1), Health::Degraded);
        assert_eq!(health_of("Completed", 0, 1), Health::Done);
        assert_eq!(health_of("ErrImagePull", 0, 1), Health::Degraded);
    }
}
