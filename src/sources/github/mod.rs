//! GitHub Actions: the REST client (reqwest), the token, and the poller that feeds the CI panes.

pub mod client;
pub mod poller;
pub mod token;
