//! Whole-screen snapshots of every pane, rendered from fixed states with a fixed clock, and
//! what the binary prints without a terminal or a cluster: `check`, completions and man page,
//! and the recorded demo. Fast: no pseudo-terminal, no sandbox, no control plane.
//! Snapshots are in `snapshots/`, named after these modules; review changes with
//! `cargo insta review`.

mod cli_docs;
mod demo_cast;
mod pane_cache;
mod panes;
mod panes_ops;
mod panes_pipeline_rollback;
mod panes_runbook;
mod panes_safety;
mod runbook_check;
