//! Runs runbook command blocks: `sh -e -c` in the runbook's directory with the step's
//! environment, each in its own session (and so its own process group) so a timeout, a kill
//! key or quitting takes the whole tree down — no orphans. The new session has no controlling
//! terminal and stdin is null: a password prompt fails in words instead of hanging or drawing
//! over the TUI. Output is streamed line by line, colours kept; the repository is re-read as a
//! command ends, so what follows it sees what it did.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::AsyncRead;
use tokio::sync::mpsc::{Sender, channel};
use tokio::sync::oneshot;
use tokio_util::compat::TokioAsyncReadCompatExt;

use crate::app::Action;
use crate::app::runbook::state::CommandOutcome;
use crate::github::mask;
use crate::runbook::model::Shell;
use crate::runtime::cleanup;
use crate::sources::line_limit::{cut_noting, read_bounded_line};

/// Time between asking a timed-out or killed command to stop and forcing it.
const GRACE: Duration = Duration::from_secs(2);

/// Lines read ahead of the app. A command that prints faster than the app takes them waits on
/// its pipe, as it would on a slow terminal, instead of filling memory.
const LINES_AHEAD: usize = 1024;

pub struct CommandRunner {
    cwd: PathBuf,
    env: Vec<(String, String)>,
    tx: Sender<Action>,
    /// Commands whose process group may still exist; each removes itself once its group is
    /// gone, so quitting never signals a group id that has been reused since.
    running: Arc<Mutex<HashMap<u64, Running>>>,
}

struct Running {
    pgid: i32,
    kill: Option<oneshot::Sender<()>>,
}

impl CommandRunner {
    pub fn new(cwd: PathBuf, env: Vec<(String, String)>, tx: Sender<Action>) -> CommandRunner {
        // Commands inherit our environment: `env` or `set -x` must not show a token's value.
        mask::register_inherited_env();
        CommandRunner {
            cwd,
            env,
            tx,
            running: Arc::default(),
        }
    }

    /// Reports a command that never started, through the channel like any other exit.
    fn exited(&self, run: u64, outcome: CommandOutcome) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(Action::CommandExited { run, outcome }).await;
        });
    }

    pub fn run(&mut self, run: u64, shell: Shell, script: String, timeout: Duration) {
        if !self.cwd.is_dir() {
            // Spawning would say only "No such file or directory": name what is missing.
            let why = format!(
                "the runbook's repo {} is not a directory: set `repo:` in its front matter or pass --repo",
                self.cwd.display()
            );
            self.exited(run, CommandOutcome::Failed(why));
            return;
        }
        let mut command = tokio::process::Command::new(shell.program());
        command
            .arg("-e")
            .arg("-c")
            .arg(&script)
            .current_dir(&self.cwd)
            .envs(self.env.iter().cloned())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // SAFETY: setsid is async-signal-safe and touches nothing but the child itself.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let tx = self.tx.clone();
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => {
                let why = format!(
                    "cannot start {} in {}: {e}",
                    shell.program(),
                    self.cwd.display()
                );
                self.exited(run, CommandOutcome::Failed(why));
                return;
            }
        };
        // The session leader's pid is its session's and its process group's id.
        let pgid = child.id().map_or(0, |id| id as i32);
        let (kill_tx, kill_rx) = oneshot::channel();
        cleanup::track_group(pgid);
        lock(&self.running).insert(
            run,
            Running {
                pgid,
                kill: Some(kill_tx),
            },
        );
        let running = self.running.clone();
        tracing::info!(run, pgid, cwd = %self.cwd.display(), "runbook command started");
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let cwd = self.cwd.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let (lines_tx, mut lines_rx) = channel::<String>(LINES_AHEAD);
            let readers: Vec<_> = [
                stdout.map(|s| Box::new(s) as Box<dyn AsyncRead + Send + Unpin>),
                stderr.map(|s| Box::new(s) as _),
            ]
            .into_iter()
            .flatten()
            .map(|pipe| tokio::spawn(read_lines(pipe, lines_tx.clone())))
            .collect();
            drop(lines_tx);
            let forward = {
                let tx = tx.clone();
                tokio::spawn(async move {
                    while let Some(first) = lines_rx.recv().await {
                        let mut lines = vec![first];
                        while let Ok(more) = lines_rx.try_recv() {
                            lines.push(more);
                        }
                        if tx.send(Action::CommandOutput { run, lines }).await.is_err() {
                            return;
                        }
                    }
                })
            };
            let outcome = tokio::select! {
                status = child.wait() => match status {
                    Ok(s) => CommandOutcome::Exited { code: s.code().unwrap_or(-1), took: started.elapsed() },
                    Err(e) => CommandOutcome::Failed(e.to_string()),
                },
                _ = tokio::time::sleep(timeout) => {
                    stop_group(pgid).await;
                    let _ = child.wait().await;
                    CommandOutcome::TimedOut { after: timeout }
                }
                _ = kill_rx => {
                    stop_group(pgid).await;
                    let _ = child.wait().await;
                    CommandOutcome::Killed
                }
            };
            // Whatever the script left running in the background goes too: a step's processes
            // end with the step, and the pipes close so its output is complete.
            signal_group(pgid, libc::SIGKILL);
            lock(&running).remove(&run);
            cleanup::forget_group(pgid);
            for reader in readers {
                let _ = reader.await;
            }
            let _ = forward.await;
            // The step's next items must see the repository as the command left it: a `wait`
            // on HEAD after a `git merge` would otherwise pass on the old HEAD's CI run, before
            // the file watcher's debounced re-read arrives. Sent first, so it is in the state
            // when the exit moves the step on.
            let repo =
                tokio::task::spawn_blocking(move || crate::sources::git::repo::read(&cwd)).await;
            if let Ok(repo) = repo {
                let _ = tx.send(Action::Git(repo)).await;
            }
            tracing::info!(run, outcome = ?outcome, "runbook command ended");
            let _ = tx.send(Action::CommandExited { run, outcome }).await;
        });
    }

    pub fn kill(&mut self, run: u64) {
        if let Some(kill) = lock(&self.running)
            .get_mut(&run)
            .and_then(|r| r.kill.take())
        {
            let _ = kill.send(());
        }
    }

    /// The process groups of commands that have not ended yet.
    pub fn live_groups(&self) -> Vec<i32> {
        lock(&self.running).values().map(|r| r.pgid).collect()
    }
}

fn lock(
    running: &Mutex<HashMap<u64, Running>>,
) -> std::sync::MutexGuard<'_, HashMap<u64, Running>> {
    running
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Drop for CommandRunner {
    /// Quitting kills the process group of every command still running, right away.
    fn drop(&mut self) {
        for running in lock(&self.running).values() {
            signal_group(running.pgid, libc::SIGKILL);
            cleanup::forget_group(running.pgid);
        }
    }
}

async fn read_lines(pipe: Box<dyn AsyncRead + Send + Unpin>, out: Sender<String>) {
    let mut reader = futures::io::BufReader::new(pipe.compat());
    let mut buf = Vec::new();
    loop {
        buf.clear();
        // At most MAX_LINE_BYTES of a line are held; the rest is counted and said to be cut.
        let mut dropped = 0;
        match read_bounded_line(&mut reader, &mut buf, &mut dropped).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let text = String::from_utf8_lossy(&buf);
                let text = text.trim_end_matches(['\n', '\r']);
                // Progress bars redraw with \r: what is left after the last one is what shows.
                let shown = text.rsplit('\r').next().unwrap_or(text);
                // As Actions does with secrets: a token's value shows as ***.
                let line = cut_noting(mask::mask(shown).into_owned(), dropped);
                if out.send(line).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// SIGTERM to the group, then SIGKILL after a grace period if anything is left.
async fn stop_group(pgid: i32) {
    signal_group(pgid, libc::SIGTERM);
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline && group_alive(pgid) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    signal_group(pgid, libc::SIGKILL);
}

fn signal_group(pgid: i32, signal: i32) {
    if pgid > 0 {
        // SAFETY: killpg only sends a signal; a stale group id fails with ESRCH, harmlessly.
        unsafe {
            libc::killpg(pgid, signal);
        }
    }
}

fn group_alive(pgid: i32) -> bool {
    // SAFETY: signal 0 checks for existence without delivering anything.
    pgid > 0 && unsafe { libc::killpg(pgid, 0) } == 0
}
