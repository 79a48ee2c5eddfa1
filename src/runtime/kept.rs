//! `--keep`: the sandbox runs as its own process (`showrunner sandbox`), started here when none
//! runs for the data dir and attached to when one does, so quitting the TUI leaves the world —
//! merges, promotions, CI runs — as it was for the next `--keep` start. A start without
//! `--keep` stops a kept sandbox first: its story starts over, as it says.

use std::process::Stdio;
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr, eyre};

use showrunner_sandbox::SandboxOptions;
use showrunner_sandbox::kept::{self, KeptInfo};

/// How long a new sandbox process may take to seed its world and listen.
const START: Duration = Duration::from_secs(30);

/// The kept sandbox for `options.data_dir`: the running one, else a new one started now
/// (then `true`: its world is new, and no earlier progress belongs to it).
pub async fn attach(options: &SandboxOptions) -> Result<(KeptInfo, bool)> {
    if let Some(info) = kept::running(&options.data_dir) {
        tracing::info!(pid = info.pid, "attaching to the kept sandbox");
        return Ok((info, false));
    }
    std::fs::create_dir_all(&options.data_dir)
        .wrap_err_with(|| format!("cannot create {}", options.data_dir.display()))?;
    let log = std::fs::File::create(options.data_dir.join("sandbox.log"))
        .wrap_err("cannot create the kept sandbox's log")?;
    let exe = std::env::current_exe().wrap_err("cannot find showrunner's own binary")?;
    let mut command = std::process::Command::new(exe);
    command
        .arg("sandbox")
        .arg("--data-dir")
        .arg(&options.data_dir)
        .arg("--speed")
        .arg(options.speed.to_string())
        .arg("--pods")
        .arg(options.extra_pods.to_string())
        .arg("--churn")
        .arg(options.churn.to_string())
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    // Its own process group: Ctrl-C, a closed window or the TUI's cleanup must not reach it.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().wrap_err("cannot start the kept sandbox")?;
    let pid = child.id();
    let deadline = Instant::now() + START;
    loop {
        if let Some(info) = kept::running(&options.data_dir).filter(|i| i.pid == pid) {
            return Ok((info, true));
        }
        let exited = child.try_wait().ok().flatten().is_some();
        if exited || Instant::now() > deadline {
            return Err(eyre!(
                "the kept sandbox did not start; see {}",
                options.data_dir.join("sandbox.log").display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Stops a kept sandbox of `data_dir`, if one runs, before a fresh one takes its place.
pub async fn stop(data_dir: &std::path::Path) {
    let Some(info) = kept::running(data_dir) else {
        return;
    };
    tracing::info!(pid = info.pid, "stopping the kept sandbox: starting over");
    // SAFETY: a signal to the process the record names, which answered signal 0 just now.
    unsafe { libc::kill(info.pid as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(5);
    while kept::alive(info.pid) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The sandbox a sandbox-mode run talks to: built in this process, or kept in its own.
pub enum World {
    InProcess(showrunner_sandbox::Sandbox),
    /// `fresh`: started by this run, so its story starts at the beginning.
    Kept {
        info: KeptInfo,
        fresh: bool,
    },
}

impl World {
    pub fn repo_path(&self) -> &std::path::Path {
        match self {
            World::InProcess(s) => s.repo_path(),
            World::Kept { info, .. } => &info.repo,
        }
    }

    pub fn kubeconfig_path(&self) -> &std::path::Path {
        match self {
            World::InProcess(s) => s.kubeconfig_path(),
            World::Kept { info, .. } => &info.kubeconfig,
        }
    }

    pub fn github_url(&self) -> &str {
        match self {
            World::InProcess(s) => s.github_url(),
            World::Kept { info, .. } => &info.github,
        }
    }

    /// Whether it is the world an earlier run left (then the runbook's progress is picked up
    /// again).
    pub fn is_kept_from_before(&self) -> bool {
        matches!(self, World::Kept { fresh: false, .. })
    }

    /// The built-in one stops with the TUI; the kept one goes on.
    pub async fn shutdown(self) {
        if let World::InProcess(sandbox) = self {
            sandbox.shutdown().await;
        }
    }
}
