//! Kubernetes: the client, one generic watcher with its health probe, pod watchers, pod
//! events and log streams.

pub mod client;
pub mod errors;
pub mod events;
pub mod lenient;
pub mod logs;
pub mod pods;
pub mod probe;
pub mod update;
pub mod watch;
