//! Kargo as the panes read it: the stage graph and the summaries of stages, freight,
//! promotions and warehouses. The models and the availability rule are in showrunner-model.

pub mod graph;
pub mod summary;
