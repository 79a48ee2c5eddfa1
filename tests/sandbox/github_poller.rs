//! The CI poller against a mock GitHub: a job's log is asked for only once that job has
//! completed (GitHub answers 404 before), as soon as it has — while other jobs of the run
//! still run — and exactly once, however often the run is polled afterwards.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use serde_json::json;
use showrunner::app::Action;
use showrunner::sources::github::client::GithubClient;
use showrunner::sources::github::poller::{self, CiCommand, CiEvent, CiTarget};
use tokio::sync::mpsc::Receiver;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const RUNS: &str = "/repos/o/r/actions/runs";
const JOBS: &str = "/repos/o/r/actions/runs/7/jobs";

fn job(id: u64, status: &str) -> serde_json::Value {
    let done = status == "completed";
    let completed_at = done.then(|| jiff::Timestamp::now().to_string());
    json!({"id": id, "run_id": 7, "name": format!("job-{id}"), "status": status,
           "conclusion": done.then_some("success"), "completed_at": completed_at, "steps": []})
}

/// The run stays in progress throughout; `jobs` is what its jobs endpoint says now.
async fn mount(server: &MockServer, jobs: serde_json::Value) {
    server.reset().await;
    Mock::given(path(RUNS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total_count": 1,
            "workflow_runs": [{"id": 7, "run_number": 7, "status": "in_progress", "head_sha": "ab"}]})))
        .mount(server)
        .await;
    Mock::given(path(JOBS))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"total_count": 3, "jobs": jobs})),
        )
        .mount(server)
        .await;
    for id in 1..=3 {
        let done = jobs
            .as_array()
            .unwrap()
            .iter()
            .any(|j| j["id"] == id && j["status"] == "completed");
        let answer = if done {
            ResponseTemplate::new(200)
                .set_body_string(format!("2026-11-22T10:00:00.0000000Z job {id} done\n"))
        } else {
            ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found",
                "documentation_url": "https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run",
                "status": "404"}))
        };
        Mock::given(path(format!("/repos/o/r/actions/jobs/{id}/logs")))
            .respond_with(answer)
            .mount(server)
            .await;
    }
}

async fn log_requests(server: &MockServer, job: u64) -> usize {
    let want = format!("/repos/o/r/actions/jobs/{job}/logs");
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == want)
        .count()
}

/// Events until (and including) the first one `pick` accepts.
async fn until(rx: &mut Receiver<Action>, mut pick: impl FnMut(&CiEvent) -> bool) -> Vec<CiEvent> {
    let mut seen = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(Action::Ci(event)) = rx.recv().await {
            let done = pick(&event);
            seen.push(event);
            if done {
                return;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("timed out; saw {seen:?}"));
    seen
}

fn end_of_poll(e: &CiEvent) -> bool {
    matches!(e, CiEvent::Health { .. })
}

#[tokio::test]
async fn a_jobs_log_is_fetched_once_as_soon_as_the_job_completes() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = MockServer::start().await;
    mount(
        &server,
        json!([job(1, "completed"), job(2, "in_progress"), job(3, "queued")]),
    )
    .await;
    let client = GithubClient::new(&server.uri(), None, Arc::new(AtomicU64::new(0))).unwrap();
    let target = CiTarget {
        owner: "o".into(),
        repo: "r".into(),
        branch: None,
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let (task, commands) = poller::spawn(client, target, tx);
    until(&mut rx, end_of_poll).await;

    // A completed job of a running run: its log comes at once, and once.
    commands.send(CiCommand::WatchRun(Some(7))).unwrap();
    commands.send(CiCommand::WatchLog(Some(1))).unwrap();
    let seen = until(&mut rx, end_of_poll).await;
    assert!(
        seen.iter().any(
            |e| matches!(e, CiEvent::Log { job_id: 1, log } if log.ends_with(b"job 1 done\n"))
        ),
        "{seen:?}"
    );
    for _ in 0..3 {
        commands.send(CiCommand::Poke).unwrap();
        let seen = until(&mut rx, end_of_poll).await;
        assert!(!seen.iter().any(|e| matches!(e, CiEvent::Log { .. })));
    }
    assert_eq!(log_requests(&server, 1).await, 1, "fetched once");

    // A running job: no request that can only be a 404, the pane is told to wait.
    commands.send(CiCommand::WatchLog(Some(2))).unwrap();
    let seen = until(&mut rx, end_of_poll).await;
    assert!(
        seen.iter().any(|e| *e == CiEvent::LogPending { job_id: 2 }),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|e| matches!(e, CiEvent::Health { problem: None, .. })),
        "waiting is not an error: {seen:?}"
    );
    assert_eq!(log_requests(&server, 2).await, 0);

    // Job 2 completes while job 3 still runs: its log comes without waiting for the run.
    mount(
        &server,
        json!([
            job(1, "completed"),
            job(2, "completed"),
            job(3, "in_progress")
        ]),
    )
    .await;
    commands.send(CiCommand::Poke).unwrap();
    let seen = until(&mut rx, |e| matches!(e, CiEvent::Log { .. })).await;
    assert!(
        matches!(seen.last(), Some(CiEvent::Log { job_id: 2, log }) if log.ends_with(b"job 2 done\n")),
        "{seen:?}"
    );
    task.abort();
}

/// Just after a job completes GitHub can still answer 404 while it stores the log: that is a
/// wait, not "not found"; a log still missing long after is an error, said as one.
#[tokio::test]
async fn a_404_just_after_completion_waits_and_a_lasting_one_is_said() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = MockServer::start().await;
    mount(&server, json!([job(1, "in_progress")])).await;
    let client = GithubClient::new(&server.uri(), None, Arc::new(AtomicU64::new(0))).unwrap();
    let target = CiTarget {
        owner: "o".into(),
        repo: "r".into(),
        branch: None,
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let (task, commands) = poller::spawn(client, target, tx);
    until(&mut rx, end_of_poll).await;
    // The jobs API says completed, the log endpoint still 404 (mounted for a running job).
    let mut just_done = job(1, "completed");
    Mock::given(path(JOBS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"total_count": 1, "jobs": [just_done.clone()]})),
        )
        .with_priority(1)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    commands.send(CiCommand::WatchRun(Some(7))).unwrap();
    commands.send(CiCommand::WatchLog(Some(1))).unwrap();
    let seen = until(&mut rx, end_of_poll).await;
    assert!(
        seen.contains(&CiEvent::LogPending { job_id: 1 }),
        "{seen:?}"
    );
    assert!(
        matches!(seen.last(), Some(CiEvent::Health { problem: None, .. })),
        "{seen:?}"
    );
    assert_eq!(log_requests(&server, 1).await, 1);
    just_done["completed_at"] = json!("2026-01-01T00:00:00Z");
    Mock::given(path(JOBS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"total_count": 1, "jobs": [just_done]})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    commands.send(CiCommand::Poke).unwrap();
    let seen = until(&mut rx, end_of_poll).await;
    assert!(
        matches!(seen.last(), Some(CiEvent::Health { problem: Some(p), .. }) if p.contains("404")),
        "{seen:?}"
    );
    task.abort();
}
