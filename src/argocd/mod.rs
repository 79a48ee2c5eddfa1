//! Argo CD: the Application model, summaries and what sync / refresh / rollback write.

pub mod actions;
pub mod summary;
pub mod watch;
