//! On the real control plane (`testbed/`: kube-apiserver, etcd, controller-manager, scheduler
//! and kwok built from Go modules): every watcher and write of the app, the binary in a
//! pseudo-terminal, record and replay, and the differential check of the sandbox against it.
//! Each module that changes a shared test bed has one of its own (`testbed::shared(name)`).

mod differential;
mod e2e_testbed;
mod replay_testbed;
mod testbed_sources;
mod testbed_writes;

use std::path::PathBuf;

/// The binary under test: `$SHOWRUNNER_BIN`, else the one cargo built for this test run.
fn showrunner_bin() -> PathBuf {
    showrunner_testkit::pty::binary(env!("CARGO_BIN_EXE_showrunner"))
}
