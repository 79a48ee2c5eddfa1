//! The runbook's command runner with real processes: output streams line by line with colours
//! kept, exit codes and stderr come through, a timeout or the kill key stops the whole process
//! group, quitting leaves no orphans, and commands see the step's environment and directory.

use std::time::Duration;

use showrunner::app::Action;
use showrunner::app::runbook::state::CommandOutcome;
use showrunner::runbook::model::Shell;
use showrunner::runtime::commands::CommandRunner;
use tokio::sync::mpsc::{Receiver, channel};

fn runner(dir: &std::path::Path, env: &[(&str, &str)]) -> (CommandRunner, Receiver<Action>) {
    let (tx, rx) = channel(256);
    let env = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (CommandRunner::new(dir.to_path_buf(), env, tx), rx)
}

/// Every output line of `run` in order, and how it ended.
async fn collect(rx: &mut Receiver<Action>, run: u64) -> (Vec<String>, CommandOutcome) {
    let mut lines = Vec::new();
    loop {
        let action = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the command ends in time")
            .expect("channel open");
        match action {
            Action::CommandOutput { run: r, lines: l } if r == run => lines.extend(l),
            Action::CommandExited { run: r, outcome } if r == run => return (lines, outcome),
            _ => {}
        }
    }
}

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    unsafe { libc::kill(pid, 0) == 0 }
}

async fn eventually_gone(pid: i32) {
    for _ in 0..100 {
        if !alive(pid) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("process {pid} outlived its command");
}

fn read_pid(path: &std::path::Path) -> i32 {
    std::fs::read_to_string(path)
        .expect("the script wrote its background pid")
        .trim()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn output_streams_line_by_line_with_colours_and_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    let script = "echo one; sleep 0.3; printf '\\033[32mgreen\\033[0m\\n'; echo oops >&2; printf 'partial\\rdone\\n'";
    r.run(1, Shell::Sh, script.into(), Duration::from_secs(10));
    // The first line arrives while the command still runs.
    let first = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        matches!(&first, Action::CommandOutput { lines, .. } if lines == &["one"]),
        "{first:?}"
    );
    let (lines, outcome) = collect(&mut rx, 1).await;
    // stdout and stderr are separate pipes: each keeps its order, not their interleaving.
    let stdout: Vec<&String> = lines.iter().filter(|l| *l != "oops").collect();
    assert_eq!(stdout, ["\u{1b}[32mgreen\u{1b}[0m", "done"]);
    assert!(lines.contains(&"oops".to_string()), "{lines:?}");
    assert!(
        matches!(outcome, CommandOutcome::Exited { code: 0, .. }),
        "{outcome:?}"
    );
}

/// A command that prints 4 MB without a newline, then a short line: the long one arrives cut to
/// 8 KiB with a note of what was dropped (never held whole), the next one intact.
#[tokio::test]
async fn an_endless_line_is_cut_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    let script = "head -c 4194304 /dev/zero | tr '\\0' x; echo; echo after";
    r.run(2, Shell::Sh, script.into(), Duration::from_secs(20));
    let (lines, outcome) = collect(&mut rx, 2).await;
    assert!(
        matches!(outcome, CommandOutcome::Exited { code: 0, .. }),
        "{outcome:?}"
    );
    assert_eq!(
        lines.len(),
        2,
        "{:?}",
        lines.iter().map(String::len).collect::<Vec<_>>()
    );
    let kept = 8 * 1024;
    assert_eq!(
        lines[0],
        format!(
            "{} … [line cut: {} more bytes]",
            "x".repeat(kept),
            4_194_304 - kept
        )
    );
    assert_eq!(lines[1], "after");
}

#[tokio::test]
async fn a_failing_command_reports_its_exit_code_and_stops_at_the_first_error() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    // `sh -e`: the script stops at the failing line, as a presenter expects.
    r.run(
        7,
        Shell::Sh,
        "echo before\nfalse\necho after".into(),
        Duration::from_secs(10),
    );
    let (lines, outcome) = collect(&mut rx, 7).await;
    assert_eq!(lines, ["before"]);
    assert!(
        matches!(outcome, CommandOutcome::Exited { code: 1, .. }),
        "{outcome:?}"
    );
    r.run(8, Shell::Bash, "exit 3".into(), Duration::from_secs(10));
    let (_, outcome) = collect(&mut rx, 8).await;
    assert!(
        matches!(outcome, CommandOutcome::Exited { code: 3, .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_timeout_kills_the_whole_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("bg.pid");
    let (mut r, mut rx) = runner(dir.path(), &[]);
    let script = format!("sleep 300 & echo $! > {}; sleep 300", pid_file.display());
    r.run(2, Shell::Sh, script, Duration::from_millis(500));
    let (_, outcome) = collect(&mut rx, 2).await;
    assert!(
        matches!(outcome, CommandOutcome::TimedOut { .. }),
        "{outcome:?}"
    );
    eventually_gone(read_pid(&pid_file)).await;
}

#[tokio::test]
async fn the_kill_key_stops_a_running_command() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    r.run(
        3,
        Shell::Sh,
        "echo started; sleep 300".into(),
        Duration::from_secs(600),
    );
    let first = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(first, Action::CommandOutput { .. }));
    r.kill(3);
    let (_, outcome) = collect(&mut rx, 3).await;
    assert_eq!(outcome, CommandOutcome::Killed);
}

#[tokio::test]
async fn background_processes_end_with_their_step_and_quitting_leaves_no_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    // A script that exits but leaves a child behind: the child goes with the step.
    let left = dir.path().join("left.pid");
    r.run(
        4,
        Shell::Sh,
        format!("sleep 300 & echo $! > {}", left.display()),
        Duration::from_secs(10),
    );
    let (_, outcome) = collect(&mut rx, 4).await;
    assert!(matches!(outcome, CommandOutcome::Exited { code: 0, .. }));
    eventually_gone(read_pid(&left)).await;

    // Quitting (the runner dropped) while a command runs kills its group at once.
    let running = dir.path().join("running.pid");
    r.run(
        5,
        Shell::Sh,
        format!("sleep 300 & echo $! > {}; wait", running.display()),
        Duration::from_secs(600),
    );
    for _ in 0..100 {
        if running.exists() && std::fs::read_to_string(&running).is_ok_and(|s| s.ends_with('\n')) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pid = read_pid(&running);
    assert!(alive(pid));
    drop(r);
    eventually_gone(pid).await;
}

#[tokio::test]
async fn commands_see_the_step_environment_and_run_in_the_repo_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(
        dir.path(),
        &[
            ("KUBECONFIG", "/tmp/sandbox/kubeconfig"),
            ("GIT_PAGER", "cat"),
        ],
    );
    r.run(
        6,
        Shell::Bash,
        "echo \"$KUBECONFIG\"; echo \"$GIT_PAGER\"; pwd -P".into(),
        Duration::from_secs(10),
    );
    let (lines, _) = collect(&mut rx, 6).await;
    let cwd = dir.path().canonicalize().unwrap();
    assert_eq!(
        lines,
        ["/tmp/sandbox/kubeconfig", "cat", cwd.to_str().unwrap()]
    );
}

#[tokio::test]
async fn commands_run_in_their_own_session_without_a_terminal_or_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    // /proc/PID/stat: pid (comm) state ppid pgrp session tty_nr …
    r.run(
        7,
        Shell::Sh,
        "set -- $(cat /proc/$$/stat); echo \"$1 $5 $6 $7\"; \
         if (exec 3</dev/tty) 2>/dev/null; then echo tty; else echo no tty; fi; \
         cat; echo stdin closed"
            .into(),
        Duration::from_secs(10),
    );
    let (lines, outcome) = collect(&mut rx, 7).await;
    assert!(
        matches!(outcome, CommandOutcome::Exited { code: 0, .. }),
        "{outcome:?}"
    );
    let ids: Vec<&str> = lines[0].split(' ').collect();
    let (pid, pgrp, session, tty) = (ids[0], ids[1], ids[2], ids[3]);
    assert_eq!(session, pid, "a session of its own: {lines:?}");
    assert_eq!(pgrp, pid, "and its own process group: {lines:?}");
    assert_eq!(tty, "0", "no controlling terminal: {lines:?}");
    assert_eq!(lines[1..], ["no tty", "stdin closed"]);
}

#[tokio::test]
async fn a_command_that_ended_leaves_no_group_to_kill_at_quit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    r.run(8, Shell::Sh, "true".into(), Duration::from_secs(10));
    let _ = collect(&mut rx, 8).await;
    // Its group id may be reused by any process from now on: quitting must not signal it.
    assert_eq!(r.live_groups(), Vec::<i32>::new());
}

/// A `git commit` (or merge) in the repo: the app hears of the new HEAD before the exit, so a
/// `wait … commit=head` right after the command resolves HEAD to the new commit, not the old.
#[tokio::test]
async fn the_repository_as_a_command_left_it_arrives_before_its_exit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    let sig = git2::Signature::now("Ada", "ada@example.com").unwrap();
    let tree = repo
        .find_tree(repo.index().unwrap().write_tree().unwrap())
        .unwrap();
    let first = repo
        .commit(Some("HEAD"), &sig, &sig, "first", &tree, &[])
        .unwrap();
    let (mut r, mut rx) = runner(dir.path(), &[]);
    r.run(
        9,
        Shell::Sh,
        "git -c user.name=Ada -c user.email=ada@example.com commit -q --allow-empty -m second"
            .into(),
        Duration::from_secs(20),
    );
    let mut heads = Vec::new();
    loop {
        let action = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the command ends in time")
            .expect("channel open");
        match action {
            Action::Git(Ok(summary)) => heads.push(summary.head.unwrap().subject),
            Action::CommandExited { outcome, .. } => {
                assert!(
                    matches!(outcome, CommandOutcome::Exited { code: 0, .. }),
                    "{outcome:?}"
                );
                break;
            }
            _ => {}
        }
    }
    assert_ne!(repo.head().unwrap().target().unwrap(), first);
    assert_eq!(heads, ["second"], "the new HEAD, read after the command");
}
