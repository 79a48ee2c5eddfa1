//! The real binary as a user runs it: in a pseudo-terminal on the built-in sandbox, driven by
//! keys (the talk, GitOps, operators' views, the ways out), with its config file, recording
//! and replaying a talk, and installed by `cargo install`.

mod config_file;
mod e2e;
mod e2e_ending;
mod e2e_gitops;
mod e2e_ops;
mod e2e_runbook;
mod e2e_safety;
mod e2e_stage;
mod install;
mod replay;

use std::path::PathBuf;

/// The binary under test: `$SHOWRUNNER_BIN`, else the one cargo built for this test run.
fn showrunner_bin() -> PathBuf {
    showrunner_testkit::pty::binary(env!("CARGO_BIN_EXE_showrunner"))
}
