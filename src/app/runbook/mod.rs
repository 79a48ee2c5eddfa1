//! The runbook feature: where the presenter is (`state`), running a step's blocks (`exec`),
//! reading what a built-in names or waits for from the app's state (`resolve`), the progress
//! kept across restarts (`progress`), and the keys and events (`update`).

pub mod exec;
pub mod progress;
pub mod resolve;
pub mod save;
pub mod state;
pub mod update;
