//! End to end: what the audience sees while the shipped talk runs, in the real binary on the
//! built-in sandbox. A step that zooms a pane and runs a command shows both, the command's
//! table on unwrapped lines at 80×24 and 160×48; "Watch CI" shows the jobs and steps of HEAD's
//! run while it runs, and back in the run list Enter opens the run under the cursor even after
//! a newer run appeared above it.

use showrunner_testkit as common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::PtyApp;

const F5: &str = "\x1b[15~";
const ESC: &str = "\x1b";
const ENTER: &str = "\r";

fn start(speed: &str, home: &Path, cols: u16, rows: u16) -> PtyApp {
    let data = home.join("sandbox");
    let app = PtyApp::spawn(
        &crate::showrunner_bin(),
        &["--speed", speed, "--data-dir", data.to_str().unwrap()],
        home,
        cols,
        rows,
    );
    app.wait_for(&["Where we start: main"], Duration::from_secs(30));
    app
}

/// Runs step `n` and answers its confirmations until the status bar says it is done.
fn run_step(app: &mut PtyApp, n: usize) -> String {
    app.press(F5);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let screen = app.contents();
        let status = screen.lines().last().unwrap_or("");
        if status.contains(&format!("step {n} done")) {
            return screen;
        }
        assert!(!status.contains('✗'), "step {n} failed:\n{screen}");
        if status.contains("y/enter confirm") {
            app.answer_confirmation("y");
            continue;
        }
        assert!(
            Instant::now() < deadline,
            "step {n} did not finish:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The rows of the screen from the one containing `title` down, as far as its bottom border.
fn pane<'a>(screen: &'a str, title: &str) -> Vec<&'a str> {
    let mut rows = screen.lines().skip_while(|l| !l.contains(title));
    let top = rows.next().into_iter();
    top.chain(rows.take_while(|l| !l.starts_with('└') && !l.starts_with('┗')))
        .collect()
}

#[test]
fn a_step_that_zooms_and_runs_a_command_shows_both_at_either_size() {
    let home = tempfile::tempdir().unwrap();
    let mut app = start("20", home.path(), 80, 24);

    // Step 1 zooms the git pane and runs `git log`: the pane and the log are both on screen.
    let screen = run_step(&mut app, 1);
    let git = pane(&screen, "ci · git");
    assert!(
        git.iter().any(|l| l.contains("branch main")),
        "the zoomed git pane:\n{screen}"
    );
    let output = pane(&screen, "$ git log --oneline --graph -8 main");
    assert!(
        output
            .iter()
            .any(|l| l.contains("* ") && l.contains("Pin dependencies")),
        "the command's output under it:\n{screen}"
    );

    app.resize(160, 48);
    for n in 2..=4 {
        run_step(&mut app, n);
    }
    // Step 5 zooms the pipeline, waits for dev, and runs `kubectl get pods -n dev`.
    run_step(&mut app, 5);
    for size in [(160, 48), (80, 24)] {
        if size == (80, 24) {
            app.resize(80, 24);
        }
        let screen = app.wait_until(
            &format!("the pipeline and kubectl's table at {size:?}"),
            Duration::from_secs(10),
            |s| s.contains("pipeline ─") && s.contains("$ kubectl get pods -n dev"),
        );
        let table = pane(&screen, "$ kubectl get pods -n dev");
        assert!(
            table.iter().any(|l| l.contains("NAME")
                && l.contains("READY")
                && l.contains("STATUS")
                && l.contains("AGE")),
            "the header on one line at {size:?}:\n{screen}"
        );
        let pods: Vec<&&str> = table.iter().filter(|l| l.contains("backend-")).collect();
        assert!(!pods.is_empty(), "{screen}");
        assert!(
            pods.iter().all(|l| l.contains("Running")),
            "each pod on one line at {size:?}:\n{screen}"
        );
    }
}

#[test]
fn watch_ci_shows_heads_run_live_and_enter_opens_the_run_under_the_cursor() {
    let home = tempfile::tempdir().unwrap();
    let mut app = start("4", home.path(), 160, 48);
    run_step(&mut app, 1);
    run_step(&mut app, 2);

    // Step 3 zooms CI and waits for HEAD's run (#4, after the three seeded ones): the pane
    // shows that run's job and steps while it runs, not the run list.
    app.press(F5);
    let screen = app.wait_until(
        "run #4's steps, one running",
        Duration::from_secs(60),
        |s| s.contains("#4 CI  main") && s.contains("build-and-push") && s.contains("◀ running"),
    );
    assert!(
        screen.contains("pyright") && screen.contains("push"),
        "{screen}"
    );
    assert!(
        !screen.contains("STATUS        RUN"),
        "no run list:\n{screen}"
    );
    app.wait_until("step 3 done", Duration::from_secs(120), |s| {
        s.lines().last().unwrap_or("").contains("step 3 done")
    });

    // Back to the list: the cursor is on #4. A new commit on main starts run #5 above it.
    app.press(ESC);
    app.wait_for(&["STATUS        RUN"], Duration::from_secs(5));
    let repo = home.path().join("sandbox").join("repo");
    let committed = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Presenter",
            "-c",
            "user.email=p@example.com",
        ])
        .args(["commit", "--quiet", "--allow-empty", "-m", "Poke CI"])
        .current_dir(&repo)
        .status()
        .expect("git runs");
    assert!(committed.success());
    let screen = app.wait_until("run #5 above #4", Duration::from_secs(60), |s| {
        let rows: Vec<&str> = s.lines().filter(|l| l.contains(" CI ")).collect();
        rows.len() >= 2 && rows[0].contains("#5 ") && rows[1].contains("#4 ")
    });
    assert!(screen.contains("Poke CI"), "{screen}");

    app.press(ENTER);
    let screen = app.wait_until("a run's jobs", Duration::from_secs(10), |s| {
        s.contains("CI  main ·")
    });
    let header = screen
        .lines()
        .find(|l| l.contains("CI  main ·"))
        .unwrap_or("");
    assert!(
        header.contains("#4 CI") && header.contains("Merge branch 'feature/update-user'"),
        "Enter opened the run the cursor was on:\n{screen}"
    );
}
