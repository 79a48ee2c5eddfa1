//! End to end: the ways out that are not `q`. A panic in a background task, SIGTERM and SIGHUP
//! (a closed terminal window) each end the real binary with the terminal restored, and the
//! signals leave no runbook process and no temp file behind.

use showrunner_testkit as common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::PtyApp;

const F5: &str = "\x1b[15~";
const START: Duration = Duration::from_secs(30);

/// A runbook whose one step records its process group and sleeps, with a child in the
/// background, until something kills it.
fn sleeping_runbook(dir: &Path) -> (PathBuf, PathBuf) {
    let pid_file = dir.join("step.pid");
    let runbook = dir.join("sleep.md");
    std::fs::write(
        &runbook,
        format!(
            "---\ntitle: Endings\nrepo: {}\n---\n\n## Sleep\n\n```sh\nsleep 300 &\necho $$ > {}\nsleep 300\n```\n",
            dir.display(),
            pid_file.display()
        ),
    )
    .unwrap();
    (runbook, pid_file)
}

fn wait_for_pid(path: &Path, app: &PtyApp) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text.trim().parse().unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the step never started:\n{}",
            app.contents()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Processes (not zombies: a container's init may be slow to reap) in process group `pgid`.
fn members(pgid: i32) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …: comm may hold spaces, so split after its ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(2) == Some(&pgid.to_string().as_str()) && fields[0] != "Z" {
            found.push(format!("{head})"));
        }
    }
    found
}

fn assert_group_gone(pgid: i32) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !members(pgid).is_empty() {
        assert!(
            Instant::now() < deadline,
            "runbook processes outlived showrunner: {:?}",
            members(pgid)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn assert_terminal_restored(app: &PtyApp) {
    assert!(!app.in_alternate_screen(), "still in the alternate screen");
    assert!(app.terminal_is_cooked(), "the terminal is left in raw mode");
}

fn send(app: &PtyApp, signal: i32) {
    // SAFETY: kill only sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(app.pid(), signal) }, 0);
}

/// The binary on the sandbox with the sleeping step running: the app, the step's process group,
/// and the home folder that must outlive them.
fn running_a_sleeping_step() -> (PtyApp, i32, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    let (runbook, pid_file) = sleeping_runbook(home.path());
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10", "--runbook", runbook.to_str().unwrap()],
        home.path(),
        160,
        48,
    );
    app.wait_for(&["Sleep", "dev (3/3)"], START);
    app.press(F5);
    let pgid = wait_for_pid(&pid_file, &app);
    assert!(!members(pgid).is_empty());
    (app, pgid, home)
}

fn signal_ends_everything(signal: i32) {
    let (mut app, pgid, _home) = running_a_sleeping_step();
    send(&app, signal);
    let code = app.wait_exit(Duration::from_secs(15));
    assert_eq!(code, 128 + signal as u32, "{}", app.contents());
    assert_terminal_restored(&app);
    assert_group_gone(pgid);
}

#[test]
fn sigterm_restores_the_terminal_and_kills_the_runbook_commands() {
    signal_ends_everything(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal_and_kills_the_runbook_commands() {
    signal_ends_everything(libc::SIGHUP);
}

/// Closing the window (as `tmux kill-session` does): SIGHUP, and the terminal is gone, so the
/// orderly way out fails to restore it. The runbook's processes must still go.
#[test]
fn closing_the_window_leaves_no_runbook_process() {
    let (mut app, pgid, _home) = running_a_sleeping_step();
    app.close_window();
    app.wait_exit(Duration::from_secs(15));
    assert_group_gone(pgid);
}

/// Live mode with `--context` writes the overlay kubeconfig: a signal removes it too. The
/// cluster does not answer; the commands and the overlay do not need it to.
#[test]
fn a_signal_removes_the_context_overlay() {
    let home = tempfile::tempdir().unwrap();
    let (runbook, pid_file) = sleeping_runbook(home.path());
    let kubeconfig = home.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:9\ncontexts:\n- name: demo\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    token: t\ncurrent-context: demo\n",
    )
    .unwrap();
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &[
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--context",
            "demo",
            "--runbook",
            runbook.to_str().unwrap(),
        ],
        home.path(),
        160,
        48,
    );
    app.wait_for(&["Sleep"], START);
    let state = home.path().join("state/showrunner");
    let overlays = || -> Vec<PathBuf> {
        std::fs::read_dir(&state)
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().contains("showrunner-context-"))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(overlays().len(), 1, "the overlay lives in the state dir");
    app.press(F5);
    let pgid = wait_for_pid(&pid_file, &app);
    send(&app, libc::SIGTERM);
    app.wait_exit(Duration::from_secs(15));
    assert_terminal_restored(&app);
    assert_group_gone(pgid);
    assert_eq!(overlays(), Vec::<PathBuf>::new());
}

#[test]
fn a_panic_in_a_background_task_restores_the_terminal_reports_and_quits() {
    let home = tempfile::tempdir().unwrap();
    let mut app = PtyApp::spawn_with_env(
        &crate::showrunner_bin(),
        &["--speed", "10"],
        &[
            ("SHOWRUNNER_DEBUG_PANIC_AFTER_MS", "2000"),
            // The message, not a backtrace that scrolls it off the screen.
            ("RUST_BACKTRACE", "0"),
        ],
        home.path(),
        160,
        48,
    );
    app.wait_for(&["dev (3/3)"], START);
    let code = app.wait_exit(Duration::from_secs(20));
    assert_terminal_restored(&app);
    assert_eq!(code, 101, "{}", app.contents());
    let screen = app.contents();
    assert!(
        screen.contains("a background task panicked"),
        "the report is on the restored screen:\n{screen}"
    );
}
