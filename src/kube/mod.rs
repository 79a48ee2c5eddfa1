//! Kubernetes sources: kube-rs watchers that turn API objects into the small summaries panes need.

pub mod client;
pub mod errors;
pub mod events;
pub mod logs;
pub mod mutations;
pub mod pod_status;
pub mod pod_summary;
pub mod pods;
pub mod probe;
pub mod watch;
