//! GitHub Actions: a REST client (reqwest), the token, and the poller that feeds the CI panes.

pub mod client;
pub mod log_tail;
pub mod mask;
pub mod models;
pub mod poller;
pub mod token;
