//! Effects are the IO an update asks for. The reducer stays pure; the effect runner performs
//! these and reports back with actions.

use std::time::Duration;

use crate::runbook::model::Shell;
use crate::sources::github::poller::CiCommand;
use crate::sources::writes::mutation::Mutation;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Follow a container's log; lines come back as `Action::LogLines` tagged with `stream`.
    StartLogs {
        stream: u64,
        namespace: String,
        pod: String,
        container: String,
        tail_lines: i64,
    },
    /// Cancel the current log stream (switching pods or closing the view).
    StopLogs,
    /// One-shot list of the pod's recent events for the details popup.
    LoadPodEvents {
        namespace: String,
        pod: String,
        uid: String,
    },
    /// A change to the cluster, already allowed and confirmed; answered by `Action::Mutated`.
    Mutate(Mutation),
    /// Watch the Kargo kinds of a project namespace (replacing the previous project's watchers).
    WatchProject { namespace: String },
    /// Run a runbook command block; output comes back as `Action::CommandOutput`.
    RunCommand {
        run: u64,
        shell: Shell,
        script: String,
        timeout: Duration,
    },
    /// Kill a running command's whole process group.
    KillCommand { run: u64 },
    /// Steer the GitHub Actions poller.
    Ci(CiCommand),
    /// Write the runbook's progress, so that a restart can go on from it.
    SaveProgress {
        path: std::path::PathBuf,
        run: crate::app::runbook::progress::SavedRun,
    },
}
