//! CI runs, jobs, a job log and a git repository as the demo has them, in GitHub's shapes.

use serde_json::json;
use showrunner::app::{Action, AppState, update};
use showrunner::github::models::{Job, WorkflowRun};
use showrunner::sources::git::repo::{CommitSummary, RepoSummary};
use showrunner::sources::github::poller::CiEvent;

/// The newest build (a1b2c3d…) is what fierce-owl carries in the GitOps fixtures.
pub const HEAD: &str = "a1b2c3d9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3";

pub fn run(
    id: u64,
    number: u64,
    sha: &str,
    status: &str,
    conclusion: Option<&str>,
    title: &str,
    created: &str,
) -> WorkflowRun {
    serde_json::from_value(json!({
        "id": id, "name": "CI", "display_title": title, "run_number": number, "event": "push",
        "status": status, "conclusion": conclusion, "head_branch": "main", "head_sha": sha,
        "created_at": created, "run_started_at": created, "updated_at": "2026-11-22T09:59:30Z"
    }))
    .unwrap()
}

pub fn build_job(run_id: u64, running_step: Option<usize>) -> Job {
    let names = [
        "Set up job",
        "Checkout",
        "pyright",
        "pylint",
        "black",
        "snyk",
        "test",
        "build",
        "push",
        "Complete job",
    ];
    let steps: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (status, conclusion) = match running_step {
                Some(r) if i == r => ("in_progress", None),
                Some(r) if i > r => ("queued", None),
                _ => ("completed", Some("success")),
            };
            json!({"name": name, "number": i + 1, "status": status, "conclusion": conclusion,
                   "started_at": if status == "queued" { None } else { Some(format!("2026-11-22T09:58:{:02}Z", i * 4)) },
                   "completed_at": if status == "completed" { Some(format!("2026-11-22T09:58:{:02}Z", i * 4 + 3)) } else { None }})
        })
        .collect();
    serde_json::from_value(json!({
        "id": run_id * 10, "run_id": run_id, "name": "build-and-push",
        "status": if running_step.is_some() { "in_progress" } else { "completed" },
        "conclusion": if running_step.is_some() { None } else { Some("success") },
        "started_at": "2026-11-22T09:58:00Z", "steps": steps
    }))
    .unwrap()
}

pub fn job_log() -> String {
    let mut log =
        String::from("\u{feff}2026-11-22T09:58:00.1234567Z Current runner version: '2.336.0'\n");
    let t = |s: u32| format!("2026-11-22T09:58:{s:02}.0000000Z");
    for (i, step) in ["pyright", "pylint", "black"].iter().enumerate() {
        let s = 4 + i as u32 * 4;
        log.push_str(&format!("{} ##[group]Run {step} .\n{} \u{1b}[36;1m{step} .\u{1b}[0m\n{} shell: /usr/bin/bash -e {{0}}\n{} ##[endgroup]\n", t(s), t(s), t(s), t(s)));
        log.push_str(&format!("{} {step}: 0 errors, 0 warnings\n", t(s + 1)));
    }
    log.push_str(&format!(
        "{} ##[warning]snyk: 2 low severity issues\n",
        t(20)
    ));
    log.push_str(&format!("{} ##[group]Run docker build\n{} #5 [2/4] RUN pip install -r requirements.txt\n{} ##[endgroup]\n", t(24), t(24), t(25)));
    log.push_str(&format!(
        "{} ##[error]Process completed with exit code 1.\n",
        t(28)
    ));
    log
}

pub fn repo() -> RepoSummary {
    let commit = |id: &str, subject: &str, parents: usize, ago: i64| CommitSummary {
        id: id.into(),
        subject: subject.into(),
        author: "Presenter".into(),
        time: 1_795_341_600 - ago,
        parents,
    };
    RepoSummary {
        path: "/home/demo/app".into(),
        branch: Some("main".into()),
        head: Some(commit(HEAD, "Merge branch 'feature/update-user'", 2, 300)),
        upstream: Some(("origin/main".into(), 1, 0)),
        recent: vec![
            commit(HEAD, "Merge branch 'feature/update-user'", 2, 300),
            commit(
                "e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3",
                "Update user endpoint",
                1,
                3600,
            ),
            commit(
                "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
                "Initial version",
                1,
                86_400,
            ),
        ],
        branches: vec![
            "feature/delete-user".into(),
            "feature/error".into(),
            "feature/fix".into(),
            "main".into(),
        ],
        origin_url: Some("https://github.com/showrunner-demo/app.git".into()),
    }
}

pub fn load_demo(state: &mut AppState) {
    state.ci = showrunner::app::ci::state::CiState::new(Ok("showrunner-demo/app".into()));
    let runs = vec![
        run(
            103,
            12,
            HEAD,
            "in_progress",
            None,
            "Merge branch 'feature/update-user'",
            "2026-11-22T09:58:00Z",
        ),
        run(
            102,
            11,
            "e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3",
            "completed",
            Some("success"),
            "Update user endpoint",
            "2026-11-22T09:00:00Z",
        ),
        run(
            101,
            10,
            "0bad0bad5b4a39281706f5e4d3c2b1a098765432",
            "completed",
            Some("failure"),
            "Lint everything",
            "2026-11-22T08:00:00Z",
        ),
    ];
    update(state, Action::Ci(CiEvent::Runs(runs)));
    update(
        state,
        Action::Ci(CiEvent::Jobs {
            run_id: 103,
            jobs: vec![build_job(103, Some(6))],
        }),
    );
    update(
        state,
        Action::Ci(CiEvent::Health {
            rate: Some(showrunner::sources::github::client::RateLimit {
                limit: 5000,
                remaining: 4987,
                reset: 0,
            }),
            problem: None,
            limited_until: None,
        }),
    );
    update(state, Action::Git(Ok(repo())));
}
