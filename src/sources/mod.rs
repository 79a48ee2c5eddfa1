//! Sources: everything that talks to the outside — kube-rs watchers, the GitHub poller, log
//! streams, the git watcher — and the writers that change the cluster. Each speaks its own
//! event types; the runtime hands them to the app (see `Sink`), so nothing here knows the
//! app's message or state.

pub mod argocd;
pub mod git;
pub mod github;
pub mod kargo;
pub mod kube;
pub mod line_limit;
pub mod sink;
pub mod writes;
