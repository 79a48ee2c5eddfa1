//! Runbook commands reach the cluster showrunner shows: the real kubectl, run by the command
//! runner, follows `--context` through the overlay kubeconfig; and a missing repo directory
//! fails the command with words instead of running it somewhere else.

use showrunner_testkit as common;

use std::path::Path;
use std::time::Duration;

use showrunner::app::Action;
use showrunner::app::runbook::state::CommandOutcome;
use showrunner::runbook::model::Shell;
use showrunner::runtime::command_env::{self, Cluster};
use showrunner::runtime::commands::CommandRunner;
use tokio::sync::mpsc::{Receiver, channel};

async fn run_bash(
    cwd: &Path,
    env: Vec<(String, String)>,
    script: &str,
) -> (String, CommandOutcome) {
    let (tx, mut rx): (_, Receiver<Action>) = channel(256);
    let mut runner = CommandRunner::new(cwd.to_path_buf(), env, tx);
    runner.run(1, Shell::Bash, script.into(), Duration::from_secs(30));
    let mut out = String::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(40), rx.recv())
            .await
            .expect("the command ends in time")
            .expect("channel open")
        {
            Action::CommandOutput { lines, .. } => {
                for line in lines {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            Action::CommandExited { outcome, .. } => return (out, outcome),
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_context_flag_reaches_kubectl_in_runbook_commands() {
    let sb = common::start().await;
    // The user's kubeconfig knows the sandbox but points its current-context elsewhere.
    let sandbox_config = std::fs::read_to_string(sb.sandbox.kubeconfig_path()).unwrap();
    let elsewhere = sandbox_config.replace(
        "current-context: showrunner-sandbox",
        "current-context: elsewhere",
    );
    assert_ne!(
        elsewhere, sandbox_config,
        "the sandbox kubeconfig changed shape"
    );
    let user_config = sb.dir.path().join("user-kubeconfig");
    std::fs::write(&user_config, elsewhere).unwrap();
    let script = format!(
        "kubectl --cache-dir={} get ns -o name",
        sb.dir.path().join("cache").display()
    );

    let without = command_env::build(
        Cluster::Live {
            kubeconfig: Some(&user_config),
            context: None,
        },
        None,
        None,
        sb.dir.path(),
    )
    .unwrap();
    let (_, outcome) = run_bash(sb.dir.path(), without.vars.clone(), &script).await;
    assert!(
        matches!(outcome, CommandOutcome::Exited { code, .. } if code != 0),
        "kubectl must fail on a missing current context: {outcome:?}"
    );

    let with = command_env::build(
        Cluster::Live {
            kubeconfig: Some(&user_config),
            context: Some("showrunner-sandbox"),
        },
        None,
        None,
        sb.dir.path(),
    )
    .unwrap();
    let (out, outcome) = run_bash(sb.dir.path(), with.vars.clone(), &script).await;
    assert!(
        matches!(outcome, CommandOutcome::Exited { code: 0, .. }),
        "{outcome:?}\n{out}"
    );
    for ns in ["namespace/dev", "namespace/stg", "namespace/prod"] {
        assert!(out.contains(ns), "{ns} missing from:\n{out}");
    }
}

#[tokio::test]
async fn a_missing_repo_directory_fails_the_command_with_words() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("app");
    let marker = dir.path().join("ran");
    let script = format!("touch {}", marker.display());
    let (_, outcome) = run_bash(&missing, Vec::new(), &script).await;
    assert_eq!(
        outcome,
        CommandOutcome::Failed(format!(
            "the runbook's repo {} is not a directory: set `repo:` in its front matter or pass --repo",
            missing.display()
        ))
    );
    assert!(!marker.exists(), "nothing may run elsewhere");
}
