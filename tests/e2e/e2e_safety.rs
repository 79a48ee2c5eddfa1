//! End to end, in the real binary: `q` in the middle of a talk asks first and says what it
//! costs; on a live cluster (one that keeps what the steps did) a restart goes on from the
//! step where the talk stopped; a failed step shows its way on on the status line; every
//! message can be read again with `m`; and `:` echoes what is typed while a pane is zoomed.

use showrunner_testkit as common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::pty::PtyApp;

const F5: &str = "\x1b[15~";
const START: Duration = Duration::from_secs(30);
const WAIT: Duration = Duration::from_secs(20);

fn status_line(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

/// Three quick steps, the second failing once (until a file exists), run in `dir`.
fn talk(dir: &Path) -> PathBuf {
    let runbook = dir.join("talk.md");
    std::fs::write(
        &runbook,
        format!(
            "---\ntitle: Safety\nrepo: {}\n---\n\n## One\n\n```sh\necho one\n```\n\n\
             ## Two\n\n```sh\necho two >> ran-two\n```\n\n```sh\ntest -e fixed\n```\n\n\
             ## Three\n\n```sh\necho three\n```\n",
            dir.display()
        ),
    )
    .unwrap();
    runbook
}

/// A kubeconfig whose cluster does not answer: live mode, which the runbook's commands do not
/// need. Live clusters keep their state, so the talk's progress comes back at a restart.
fn unreachable_cluster(dir: &Path) -> PathBuf {
    let path = dir.join("kubeconfig");
    std::fs::write(
        &path,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:9\ncontexts:\n- name: demo\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    token: t\ncurrent-context: demo\n",
    )
    .unwrap();
    path
}

fn spawn_live(home: &Path) -> PtyApp {
    let runbook = talk(home);
    let kubeconfig = unreachable_cluster(home);
    PtyApp::spawn(
        &crate::showrunner_bin(),
        &[
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--runbook",
            runbook.to_str().unwrap(),
        ],
        home,
        120,
        40,
    )
}

#[test]
fn q_mid_talk_asks_and_a_restart_goes_on_where_the_talk_stopped() {
    let home = tempfile::tempdir().unwrap();
    let mut app = spawn_live(home.path());
    app.wait_for(&["Safety", "One"], START);
    // Before anything ran, q quits at once: checked at the end of this test.
    app.press(F5);
    app.wait_until("step 1 done", WAIT, |s| {
        status_line(s).contains("step 1 done")
    });
    app.press(F5);
    app.wait_until("step 2 failed", WAIT, |s| {
        status_line(s).contains("step 2 failed: exit code 1")
    });
    // A key clears the flash; the failure and its keys stay on the status line.
    app.press("4");
    app.press("z");
    let screen = app.wait_until("the way on", WAIT, |s| {
        status_line(s).contains("f5 retry · f6 skip")
    });
    assert!(
        status_line(&screen).contains("step 2 failed: exit code 1"),
        "{screen}"
    );
    // `:` echoes on the status line, though the runbook pane is hidden.
    app.press(":");
    app.press("3");
    app.wait_until("the echo", WAIT, |s| {
        status_line(s).contains("jump to step: 3▏")
    });
    app.press("\x1b");

    app.press("q");
    let screen = app.wait_for(&["quit ─ the talk is under way"], WAIT);
    assert!(
        screen.contains("1 of 3 steps are done: that progress and the talk timer are saved"),
        "{screen}"
    );
    app.press("n");
    app.wait_until("still running", WAIT, |s| {
        !s.contains("quit ─ the talk") && status_line(s).contains("not quitting")
    });
    app.press("q");
    app.wait_for(&["quit ─ the talk is under way"], WAIT);
    app.answer_confirmation("y");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);

    // The restart: step 1 done, on step 2, and a retry goes on from the check that failed.
    std::fs::write(home.path().join("fixed"), "").unwrap();
    let mut app = spawn_live(home.path());
    app.wait_for(
        &["resumed where this talk stopped: 1 of 3 steps done, on step 2"],
        START,
    );
    let screen = app.contents();
    assert!(
        screen.lines().any(|l| l.contains("✓  1 One")),
        "step 1 is done: {screen}"
    );
    app.press(F5);
    app.wait_until("step 2 done", WAIT, |s| {
        status_line(s).contains("step 2 done")
    });
    let ran = std::fs::read_to_string(home.path().join("ran-two")).unwrap();
    assert_eq!(ran, "two\n", "the first command of step 2 is not run again");

    // Every message of this run can be read again.
    app.press("m");
    let screen = app.wait_for(&["messages ─ newest first"], WAIT);
    assert!(screen.contains("step 2 done: Two"), "{screen}");
    assert!(
        screen.contains("resumed where this talk stopped"),
        "{screen}"
    );
    app.press("\x1b");
    // Finished talks quit at once.
    app.press(F5);
    app.wait_until("step 3 done", WAIT, |s| {
        status_line(s).contains("step 3 done")
    });
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn on_the_sandbox_q_mid_talk_says_the_world_starts_over() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("sandbox");
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10", "--data-dir", data.to_str().unwrap()],
        home.path(),
        100,
        32,
    );
    app.wait_for(&["Where we start: main"], START);
    app.press(F5);
    app.wait_until("step 1 done", WAIT, |s| {
        status_line(s).contains("step 1 done")
    });
    app.press("q");
    let screen = app.wait_for(&["quit ─ the talk is under way"], WAIT);
    assert!(
        screen.contains("The sandbox is rebuilt at the next"),
        "{screen}"
    );
    app.answer_confirmation("y");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
    // The next start says where the last run stopped, and starts the story over.
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10", "--data-dir", data.to_str().unwrap()],
        home.path(),
        200,
        32,
    );
    app.wait_for(&["the last run of this talk stopped on step 2"], START);
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}

/// Kills the kept sandbox a test started, whatever the test's outcome.
struct KeptSandbox(std::path::PathBuf);

impl KeptSandbox {
    fn pid(&self) -> Option<i32> {
        let text = std::fs::read_to_string(self.0.join("sandbox.json")).ok()?;
        let info: serde_json::Value = serde_json::from_str(&text).ok()?;
        info["pid"].as_i64().map(|p| p as i32)
    }
}

impl Drop for KeptSandbox {
    fn drop(&mut self) {
        if let Some(pid) = self.pid() {
            // SAFETY: a signal to the sandbox process this test started.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
    }
}

#[test]
fn with_keep_the_sandbox_and_the_talk_survive_a_quit() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("sandbox");
    let kept = KeptSandbox(data.clone());
    let args = [
        "--keep",
        "--speed",
        "10",
        "--data-dir",
        data.to_str().unwrap(),
    ];
    let mut app = PtyApp::spawn(&crate::showrunner_bin(), &args, home.path(), 160, 40);
    app.wait_for(&["Where we start: main", "sandbox (kept)"], START);
    app.press(F5);
    app.wait_until("step 1 done", WAIT, |s| {
        status_line(s).contains("step 1 done")
    });
    app.press(F5);
    app.wait_until("step 2 done", WAIT, |s| {
        status_line(s).contains("step 2 done")
    });
    app.press("q");
    let screen = app.wait_for(&["quit ─ the talk is under way"], WAIT);
    assert!(screen.contains("The sandbox keeps running"), "{screen}");
    app.answer_confirmation("y");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
    let pid = kept.pid().expect("the kept sandbox recorded itself");
    // SAFETY: signal 0 only asks whether it still runs.
    assert_eq!(
        unsafe { libc::kill(pid, 0) },
        0,
        "the sandbox outlived the TUI"
    );

    // The next --keep start finds the same world: the merge is there, the talk on step 3.
    let mut app = PtyApp::spawn(&crate::showrunner_bin(), &args, home.path(), 160, 40);
    app.wait_for(
        &["resumed where this talk stopped: 2 of 11 steps done, on step 3"],
        START,
    );
    app.press("5");
    app.press("]");
    app.wait_for(&["Merge branch 'feature/update-user'"], WAIT);
    app.press("q");
    app.answer_confirmation("y");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);

    // Without --keep the story starts over: the kept sandbox is stopped first.
    let mut app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", "10", "--data-dir", data.to_str().unwrap()],
        home.path(),
        200,
        40,
    );
    app.wait_for(&["the last run of this talk stopped on step 3"], START);
    // SAFETY: as above.
    assert_ne!(
        unsafe { libc::kill(pid, 0) },
        0,
        "the kept sandbox was stopped"
    );
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}
