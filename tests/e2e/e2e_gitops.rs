//! End to end in a pseudo-terminal, on the built-in sandbox: promote freight from the keyboard
//! and watch the promotion succeed and the pipeline change; merge into the demo repository and
//! watch the CI run appear, its steps advance and its log become readable once its job completes.

use showrunner_testkit as common;

use std::process::Command;
use std::time::Duration;

use common::pty::PtyApp;

const WAIT: Duration = Duration::from_secs(60);

fn kubectl(data: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("kubectl")
        .env("KUBECONFIG", data.join("kubeconfig"))
        .args(args)
        .output()
        .expect("kubectl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn start(home: &std::path::Path, data: &std::path::Path, speed: &str) -> PtyApp {
    let app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &[
            "--speed",
            speed,
            "--no-runbook",
            "--data-dir",
            data.to_str().unwrap(),
        ],
        home,
        160,
        48,
    );
    app.wait_for(&["pipeline", "prod (3/3)", "Healthy"], WAIT);
    app
}

/// Picks `prod` (the last row) in the stage picker and confirms.
fn pick_prod_and_confirm(app: &mut PtyApp, what: &str) -> String {
    app.wait_for(&["enter choose"], Duration::from_secs(10));
    app.press("jjj");
    app.press("\r");
    let confirm = app.wait_for(&["y/enter"], Duration::from_secs(10));
    assert!(
        confirm.contains(what),
        "the confirmation says what will happen:\n{confirm}"
    );
    app.answer_confirmation("y");
    confirm
}

#[test]
fn promote_freight_to_prod_from_the_keyboard() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("sandbox");
    let mut app = start(home.path(), &data, "20");
    let newest = kubectl(
        &data,
        &[
            "get",
            "stage",
            "stg",
            "-n",
            "kargo-demo",
            "-o",
            "jsonpath={.status.freightSummary}",
        ],
    );
    assert_ne!(
        kubectl(
            &data,
            &[
                "get",
                "stage",
                "prod",
                "-n",
                "kargo-demo",
                "-o",
                "jsonpath={.status.freightSummary}"
            ]
        ),
        newest,
        "prod starts one behind"
    );

    // Freight pane, newest first: approve it for prod, then promote it there.
    app.press("3");
    app.press("g");
    app.press("a");
    pick_prod_and_confirm(&mut app, &format!("Approve {newest}"));
    app.wait_until("the approval to land", WAIT, |s| s.contains("approved"));
    app.press("3");
    app.press("g");
    app.press("p");
    pick_prod_and_confirm(&mut app, &format!("Promote {newest}"));

    // The promotions pane follows the new promotion to Succeeded; the pipeline shows prod on it.
    app.wait_until("the promotion to prod to succeed", WAIT, |s| {
        s.lines().any(|l| {
            l.contains("Succeeded")
                && l.contains("prod")
                && l.contains(&newest)
                && l.contains("All steps")
        })
    });
    app.wait_until("prod on the new freight in the pipeline", WAIT, |s| {
        s.lines()
            .any(|l| l.contains(" freight ") && l.matches(newest.as_str()).count() == 3)
    });
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_merge_into_main_starts_a_run_whose_steps_and_log_show() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("sandbox");
    // Slow enough that the run is seen while it runs (about 20 s of CI).
    let mut app = start(home.path(), &data, "3");
    app.press("5");
    app.wait_for(&["#3", "success"], WAIT);

    let merged = Command::new("git")
        .args(["merge", "--no-edit", "feature/delete-user"])
        .current_dir(data.join("repo"))
        .env("GIT_AUTHOR_NAME", "Presenter")
        .env("GIT_AUTHOR_EMAIL", "presenter@example.com")
        .env("GIT_COMMITTER_NAME", "Presenter")
        .env("GIT_COMMITTER_EMAIL", "presenter@example.com")
        .status()
        .expect("git runs");
    assert!(merged.success());

    // The new run appears at the top while it runs; open it.
    app.wait_until("run #4 in progress", WAIT, |s| {
        s.lines()
            .any(|l| l.contains("#4") && (l.contains("in progress") || l.contains("queued")))
    });
    app.press("g");
    app.press("\r");
    // Its steps advance: seen running.
    app.wait_until("a step running", WAIT, |s| {
        s.contains("build-and-push") && s.contains("pyright")
    });
    // GitHub has no log for a running job: the output pane says so and shows its steps.
    app.press("l");
    app.wait_for(
        &[
            "CI job #4 build-and-push",
            "log available when the job completes",
        ],
        WAIT,
    );
    // The log comes by itself once the job has completed, parsed from the Actions format.
    app.wait_for(
        &[
            "■ complete",
            "digest: sha256:",
            "Cleaning up orphan processes",
        ],
        Duration::from_secs(120),
    );
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}
