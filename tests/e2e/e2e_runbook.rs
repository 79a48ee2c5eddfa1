//! End to end: the shipped talk, `runbook/image-promotion.md`, driven from the first step to
//! the last by key presses only — the run key, and `y` on each confirmation — in the real
//! binary on the built-in sandbox. Real `git merge`s start real (simulated) CI runs, Kargo
//! promotes, dev breaks and is rolled back, and the fix reaches prod. After every step the
//! screen must show what the step's notes promise, at the moment the step says it is done.

use showrunner_testkit as common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::cast::{Cast, CastWriter};
use common::pty::PtyApp;

const F5: &str = "\x1b[15~";
const STEPS: usize = 11;

fn status_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// Runs step `n` and answers its confirmations until the status bar says it is done; returns
/// the screen at that moment. `watch` sees every screen meanwhile, to catch what shows only
/// while the step runs.
fn run_step(app: &mut PtyApp, n: usize, watch: &mut dyn FnMut(&str)) -> String {
    app.press(F5);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let screen = app.contents();
        watch(&screen);
        let status = status_line(&screen);
        if status.contains(&format!("step {n} done")) {
            return screen;
        }
        assert!(!status.contains('✗'), "step {n} failed:\n{screen}");
        if status.contains("y/enter confirm") {
            // The confirmation names what will happen; the runbook's promotions go to stg/prod.
            assert!(
                screen.contains("stg") || screen.contains("prod"),
                "{screen}"
            );
            app.answer_confirmation("y");
            continue;
        }
        assert!(
            Instant::now() < deadline,
            "step {n} did not finish:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct Talk {
    app: PtyApp,
    repo: git2::Repository,
    cast: PathBuf,
    _home: tempfile::TempDir,
}

impl Talk {
    fn start() -> Talk {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("sandbox");
        // Every byte the terminal shows goes to an asciinema cast: `scripts/record-demo.sh`
        // keeps it as `assets/demo.cast`; otherwise it is checked at the end and dropped.
        let cast_path = std::env::var_os("SHOWRUNNER_CAST")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.path().join("talk.cast"));
        let title = "showrunner: the shipped talk on the built-in sandbox (--speed 10)";
        let cast = CastWriter::create(&cast_path, 160, 48, title).expect("create the cast");
        let app = PtyApp::spawn_recorded(
            &crate::showrunner_bin(),
            &["--speed", "10", "--data-dir", data.to_str().unwrap()],
            &[],
            home.path(),
            160,
            48,
            Some(cast),
        );
        app.wait_for(
            &["runbook", "Where we start: main", "prod (3/3)"],
            Duration::from_secs(30),
        );
        let repo = git2::Repository::open(data.join("repo")).expect("the sandbox's repo");
        Talk {
            app,
            repo,
            cast: cast_path,
            _home: home,
        }
    }

    /// `main`'s commit, short, as the panes show it (and as CI tags its image).
    fn head(&self) -> String {
        let id = self.repo.refname_to_id("refs/heads/main").unwrap();
        id.to_string()[..7].to_string()
    }

    fn run(&mut self, n: usize) -> String {
        run_step(&mut self.app, n, &mut |_| {})
    }

    /// Every pane on screen (the steps zoom one), for checks across panes.
    fn unzoomed(&mut self) -> String {
        if !self.app.contents().contains("runbook ─") {
            self.app.press("z");
        }
        self.app
            .wait_until("every pane", Duration::from_secs(5), |s| {
                s.contains("runbook ─")
            })
    }
}

/// The CI pane says the run for `commit` succeeded: its row in the run list, or the header of
/// the run's detail ("✓ #4 CI main · 1cd6b54 · …") when the pane follows that run.
fn ci_succeeded(screen: &str, commit: &str) -> bool {
    screen.lines().any(|l| {
        l.contains(commit)
            && (l.contains("✓ success") || l.split(['│', '┃']).any(|p| p.starts_with("✓ #")))
    })
}

/// The warehouse's "N freight" in the pipeline, split off the row it shares with the stages'
/// freight lines: (N, that row).
fn pipeline_freight(screen: &str) -> Option<(usize, &str)> {
    screen.lines().find_map(|row| {
        row.split(['│', '┃']).find_map(|pane| {
            let count = pane.split(" freight ").next()?;
            let n = count.parse().ok()?;
            Some((n, row))
        })
    })
}

fn pipeline_freight_row(screen: &str) -> &str {
    pipeline_freight(screen).map_or("", |(_, row)| row)
}

fn freight_count(screen: &str) -> usize {
    pipeline_freight(screen)
        .unwrap_or_else(|| panic!("no freight count in the pipeline:\n{screen}"))
        .0
}

/// How many stages the pipeline shows running `commit` (its freight row names the tag).
fn stages_running(screen: &str, commit: &str) -> usize {
    pipeline_freight_row(screen).matches(commit).count()
}

/// Rows of the pods pane for `namespace`, under its `▾ namespace` header.
fn pod_rows<'a>(screen: &'a str, namespace: &str) -> Vec<&'a str> {
    screen
        .lines()
        .skip_while(|l| !l.contains(&format!("▾ {namespace} ")))
        .skip(1)
        .take_while(|l| !l.contains('▾'))
        .filter(|l| l.contains("backend-"))
        .collect()
}

/// The highest restart count of a dev backend pod shown in CrashLoopBackOff on `image`.
fn crash_loop_restarts(screen: &str, image: &str) -> Option<u32> {
    pod_rows(screen, "dev")
        .iter()
        .filter(|l| l.contains("CrashLoopBackOff") && l.contains(image))
        .filter_map(|l| {
            let mut words = l
                .split_whitespace()
                .skip_while(|w| *w != "CrashLoopBackOff");
            words.nth(1)?.parse().ok()
        })
        .max()
}

#[test]
fn the_shipped_talk_runs_from_first_to_last_step_by_keys_alone() {
    let mut talk = Talk::start();
    let start = talk.head();

    // 1: main as it is, its history on screen.
    let screen = talk.run(1);
    assert!(screen.contains(&start), "main's log is shown:\n{screen}");

    // 2: the merge moves main and starts CI for the merge commit.
    talk.run(2);
    let update_user = talk.head();
    assert_ne!(update_user, start, "the talk merged into main");
    talk.app
        .wait_until("a CI run for the merge", Duration::from_secs(30), |s| {
            s.lines()
                .any(|l| l.contains(&update_user) && l.contains('#'))
        });

    // 3: CI for that commit succeeded before the wait let go.
    let screen = talk.run(3);
    assert!(ci_succeeded(&screen, &update_user), "{screen}");

    // 4: its image is freight.
    let screen = talk.run(4);
    assert!(
        screen.contains(&update_user),
        "freight from HEAD:\n{screen}"
    );

    // 5–7: dev, then stg, then prod run it.
    let mut screen = String::new();
    for (n, stages) in [(5, 1), (6, 2), (7, 3)] {
        talk.run(n);
        screen = talk.unzoomed();
        assert_eq!(
            stages_running(&screen, &update_user),
            stages,
            "after step {n}:\n{screen}"
        );
        assert!(screen.contains("Healthy"), "{screen}");
    }
    let freight_before = freight_count(&screen);

    // 8: the broken change — its CI run exists and succeeded, and its freight is there, before
    // the step says done (it used to pass on the previous merge's run at once).
    let screen = talk.run(8);
    let error = talk.head();
    assert_ne!(error, update_user);
    assert!(
        ci_succeeded(&screen, &error),
        "step 8 ended before CI for {error} succeeded:\n{screen}"
    );
    let screen = talk.unzoomed();
    assert_eq!(
        freight_count(&screen),
        freight_before + 1,
        "freight from {error}:\n{screen}"
    );

    // 9: dev crash-loops on the broken image, on screen, restarting more than once before
    // verification fails; then the pipeline says in words what happened.
    let mut most_restarts = 0;
    let screen = run_step(&mut talk.app, 9, &mut |s| {
        if let Some(r) = crash_loop_restarts(s, &error) {
            most_restarts = most_restarts.max(r);
        }
    });
    assert!(
        most_restarts >= 2,
        "the crash loop was on screen with {most_restarts} restarts at most"
    );
    assert!(
        screen.contains("verification failed on") && screen.contains("rolled back to"),
        "the pipeline says what happened:\n{screen}"
    );
    assert_eq!(stages_running(&screen, &error), 0, "{screen}");
    assert_eq!(stages_running(&screen, &update_user), 3, "{screen}");

    // 10: the fix goes the same way: CI, freight, dev.
    let freight_before = freight_count(&talk.unzoomed());
    let screen = talk.run(10);
    let fix = talk.head();
    assert_ne!(fix, error);
    assert_eq!(freight_count(&screen), freight_before + 1, "{screen}");
    assert_eq!(
        stages_running(&screen, &fix),
        1,
        "dev runs the fix:\n{screen}"
    );
    let screen = talk.unzoomed();
    assert!(ci_succeeded(&screen, &fix), "{screen}");

    // 11: and through stg to prod.
    let screen = talk.run(11);
    assert_eq!(stages_running(&screen, &fix), 3, "{screen}");
    let fix_merged = {
        let main = talk.repo.refname_to_id("refs/heads/main").unwrap();
        let tree = talk.repo.find_commit(main).unwrap().tree().unwrap();
        tree.get_path(std::path::Path::new("tests/test_startup.py"))
            .is_ok()
    };
    assert!(fix_merged, "feature/fix was merged");

    // Every pane on screen: prod's backend pods run the fix's image tag, every step is done.
    talk.unzoomed();
    let screen = talk.app.wait_until(
        "every stage healthy on the fix",
        Duration::from_secs(60),
        |s| s.contains("prod (3/3)") && s.matches("Healthy").count() >= 3,
    );
    let prod_pods = pod_rows(&screen, "prod");
    assert_eq!(prod_pods.len(), 2, "{screen}");
    assert!(
        prod_pods
            .iter()
            .all(|l| l.contains(&fix) && l.contains("Running")),
        "{screen}"
    );
    for n in 1..=STEPS {
        assert!(
            screen.lines().any(|l| l.contains(&format!("✓ {n:>2} "))),
            "step {n} not marked done:\n{screen}"
        );
    }
    assert!(
        !screen.contains("✗ "),
        "a failed step or stage is left:\n{screen}"
    );

    talk.app.press("q");
    assert_eq!(talk.app.wait_exit(Duration::from_secs(10)), 0);

    // The recording plays back to the same ending: every step done.
    let cast = Cast::read(&talk.cast).unwrap_or_else(|e| panic!("the talk's cast: {e}"));
    let last = cast.last_app_screen();
    for n in 1..=STEPS {
        assert!(
            last.lines().any(|l| l.contains(&format!("✓ {n:>2} "))),
            "the cast's last screen lacks step {n}:\n{last}"
        );
    }
}
