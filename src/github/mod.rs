//! GitHub Actions as the CI panes read it: the REST models, the log tail, token masking.

pub mod log_tail;
pub mod mask;
pub mod models;
