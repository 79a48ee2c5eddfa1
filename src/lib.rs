//! showrunner: a terminal UI for live GitOps demos and on-call monitoring.

pub mod app;
pub mod argocd;
pub mod cli;
pub mod cli_docs;
pub mod config;
pub mod github;
pub mod job_log;
pub mod kargo;
pub mod keymap;
pub mod kube;
pub mod metrics;
pub mod panes;
#[cfg(test)]
mod parse_fuzz;
pub mod replay;
pub mod runbook;
pub mod runtime;
pub mod sources;
pub mod theme;
pub mod ui;
