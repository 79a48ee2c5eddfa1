//! showrunner: a terminal UI for live GitOps demos and on-call monitoring.

pub mod cli;
pub mod sandbox;
