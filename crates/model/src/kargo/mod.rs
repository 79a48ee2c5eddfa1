//! Kargo's resources as its CRDs define them, and the rule that says which freight may be
//! promoted to a stage.

pub mod availability;
pub mod duration;
pub mod models;
