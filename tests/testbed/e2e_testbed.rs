//! End to end on the real control plane: the binary in a pseudo-terminal with `--kubeconfig` of
//! the test bed shows its pods, pipeline, applications and a pod's log; an image change rolled out by the
//! real controller-manager shows the new pods Running; kube-apiserver is killed and started again
//! and the panes say "reconnecting…" and come back with no stale row; `p` creates a Promotion
//! the real server keeps; `q` exits 0.

use showrunner_testkit as common;

use std::time::Duration;

use common::pty::PtyApp;
use common::testbed::{self, Testbed};

const WAIT: Duration = Duration::from_secs(60);

fn backend_pods(bed: &Testbed, ns: &str) -> Vec<String> {
    bed.kubectl(&[
        "get",
        "pods",
        "-n",
        ns,
        "-l",
        "app=backend",
        "-o",
        "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}",
    ])
    .lines()
    .map(String::from)
    .collect()
}

fn start(bed: &Testbed, home: &std::path::Path) -> PtyApp {
    let admin = bed.admin.to_str().unwrap().to_string();
    let app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--kubeconfig", &admin, "--no-runbook"],
        home,
        160,
        48,
    );
    app.wait_until("pods of dev, stg and prod, Running", WAIT, |s| {
        s.contains("dev (3/3)") && s.contains("stg (3/3)") && s.contains("prod (3/3)")
    });
    app
}

#[test]
fn the_real_cluster_rolls_out_survives_an_api_server_restart_and_quits_cleanly() {
    let bed = testbed::own("e2e", "");
    let home = tempfile::tempdir().unwrap();
    let mut app = start(&bed, home.path());
    let screen = app.wait_for(
        &["newest swift-otter", "calm-heron 3b9d4a7", "Healthy"],
        WAIT,
    );
    assert!(
        screen.contains(" testbed "),
        "the context is named:\n{screen}"
    );
    // The Argo CD applications: the freight pane's third tab.
    app.press("3");
    app.press("]]");
    app.wait_for(&["dev-app", "stg-app", "prod-app", "Synced"], WAIT);
    // A pod's log, streamed through the API server's proxy to the node (kwok).
    // The pods pane, its first pod (the selection follows a pod, and whichever namespace was
    // listed first had it), then its log.
    app.press("4");
    app.press("g");
    app.press("l");
    app.wait_for(&["● following ─ logs dev/", "GET /users?team="], WAIT);
    for pod in backend_pods(&bed, "dev") {
        assert!(screen.contains(&pod), "{pod} on screen:\n{screen}");
    }

    // A new image for dev's backend: the real Deployment and ReplicaSet controllers roll it
    // out, the scheduler places the pods and kwok runs them.
    let old = backend_pods(&bed, "dev");
    bed.kubectl(&[
        "set",
        "image",
        "deployment/backend",
        "-n",
        "dev",
        "app=ghcr.io/showrunner-demo/backend:9f3e1aa",
    ]);
    bed.kubectl(&[
        "rollout",
        "status",
        "deployment/backend",
        "-n",
        "dev",
        "--timeout=60s",
    ]);
    let rolled = testbed::eventually_sync(60, "the old pods to be gone", || {
        let now = backend_pods(&bed, "dev");
        (now.len() == 2 && now.iter().all(|p| !old.contains(p))).then_some(now)
    });
    app.wait_until("the new pods Running, the old ones gone", WAIT, |s| {
        rolled.iter().all(|p| {
            s.lines()
                .any(|l| l.contains(p.as_str()) && l.contains("Running"))
        }) && old.iter().all(|p| {
            // The log pane's title keeps naming the pod its stream came from.
            !s.lines()
                .filter(|l| !l.contains("logs dev/"))
                .any(|l| l.contains(p.as_str()))
        }) && s.contains("dev (3/3)")
    });

    // The API server dies: every pane says so. It comes back: the rows are the cluster's.
    bed.stop_apiserver();
    app.wait_for(&["reconnecting"], WAIT);
    bed.start_apiserver();
    let back = app.wait_until("live again", WAIT, |s| {
        !s.contains("reconnecting") && s.contains("dev (3/3)") && s.contains("prod (3/3)")
    });
    for pod in &rolled {
        assert!(
            back.contains(pod.as_str()),
            "{pod} still on screen:\n{back}"
        );
    }
    for pod in &old {
        assert!(!back.contains(pod.as_str()), "no stale {pod}:\n{back}");
    }

    app.press("q");
    assert_eq!(
        app.wait_exit(Duration::from_secs(10)),
        0,
        "q exits with status 0"
    );
    assert!(app.terminal_is_cooked(), "raw mode switched off");
}

#[test]
fn promote_from_the_keyboard_creates_a_promotion_the_real_server_keeps() {
    let bed = testbed::own("promote", "");
    let home = tempfile::tempdir().unwrap();
    let mut app = start(&bed, home.path());
    app.wait_for(&["swift-otter", "calm-heron"], WAIT);

    // Freight pane, newest first (swift-otter, in stg): promote it to prod.
    app.press("3");
    app.press("g");
    app.press("p");
    app.wait_for(&["enter choose"], Duration::from_secs(10));
    app.press("jjj");
    app.press("\r");
    let confirm = app.wait_for(&["y/enter"], Duration::from_secs(10));
    assert!(confirm.contains("Promote swift-otter"), "{confirm}");
    app.answer_confirmation("y");
    // No Kargo here to run it: it waits, Pending, in the promotions pane the app switched to.
    let screen = app.wait_for(&["created: swift-otter → prod", "Pending"], WAIT);
    assert!(screen.contains("promotion promo-"), "{screen}");

    let kept = bed.kubectl(&[
        "get", "promotions", "-n", "kargo-demo", "-o",
        "jsonpath={range .items[*]}{.spec.stage} {.spec.freight} {.spec.steps[0].uses}{\"\\n\"}{end}",
    ]);
    assert_eq!(
        kept.trim(),
        "prod e0cc560a549cddc46525621a2f18574c48ffddec git-clone",
        "one promotion, to prod, of swift-otter, with the stage's steps"
    );
    app.press("q");
    assert_eq!(app.wait_exit(Duration::from_secs(10)), 0);
}
