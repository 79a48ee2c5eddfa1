//! Kargo: models, the stage graph, freight availability, summaries for the panes.

pub mod actions;
pub mod availability;
pub mod duration;
pub mod graph;
pub mod models;
pub mod summary;
pub mod watch;
