//! Kargo: models, the stage graph, freight availability, summaries for the panes.

pub mod actions;
pub mod graph;
pub mod summary;
pub mod watch;
