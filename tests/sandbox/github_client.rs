//! The GitHub client against a mock server speaking GitHub's REST shapes: pagination by Link,
//! ETag → 304, the 302 to a job log, 401, 403/429 rate limits with their reset. That the token
//! never reaches a log line is in `tests/token/github_token.rs`, a binary of its own.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use serde_json::json;
use showrunner::sources::github::client::{GhError, GithubClient};
use showrunner::sources::github::token::Token;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "ghp_TopSecretToken1234567890";

fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn client(server: &MockServer) -> GithubClient {
    GithubClient::new(
        &server.uri(),
        Token::new(SECRET),
        Arc::new(AtomicU64::new(0)),
    )
    .unwrap()
}

fn run(id: u64, status: &str) -> serde_json::Value {
    json!({"id": id, "name": "CI", "run_number": id, "event": "push", "status": status, "conclusion": null,
           "head_branch": "main", "head_sha": format!("{id:040x}"), "created_at": "2026-11-22T10:00:00Z"})
}

fn job(id: u64) -> serde_json::Value {
    json!({"id": id, "run_id": 7, "name": format!("job-{id}"), "status": "completed", "conclusion": "success", "steps": []})
}

#[tokio::test]
async fn runs_are_fetched_with_the_token_and_an_unchanged_poll_is_a_304() {
    init();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/runs"))
        .and(header("if-none-match", "W/\"v1\""))
        .respond_with(ResponseTemplate::new(304).insert_header("x-ratelimit-remaining", "4999"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/actions/runs"))
        .and(query_param("branch", "main"))
        .and(header("authorization", format!("Bearer {SECRET}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "W/\"v1\"")
                .insert_header("x-ratelimit-limit", "5000")
                .insert_header("x-ratelimit-remaining", "4999")
                .insert_header("x-ratelimit-reset", "1900000000")
                .set_body_json(json!({"total_count": 2, "workflow_runs": [run(2, "in_progress"), run(1, "completed")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut c = client(&server);
    let runs = c
        .runs("o", "r", Some("main"), 30)
        .await
        .unwrap()
        .expect("first poll has content");
    assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(c.rate.unwrap().remaining, 4999);
    assert_eq!(
        c.runs("o", "r", Some("main"), 30).await.unwrap(),
        None,
        "304: nothing new"
    );
}

#[tokio::test]
async fn jobs_follow_link_pagination() {
    init();
    let server = MockServer::start().await;
    let next = format!(
        "<{}/repos/o/r/actions/runs/7/jobs?per_page=100&page=2>; rel=\"next\", <{0}/repos/o/r/actions/runs/7/jobs?per_page=100&page=2>; rel=\"last\"",
        server.uri()
    );
    Mock::given(path("/repos/o/r/actions/runs/7/jobs"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"total_count": 3, "jobs": [job(3)]})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/repos/o/r/actions/runs/7/jobs"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!({"total_count": 3, "jobs": [job(1), job(2)]})),
        )
        .mount(&server)
        .await;
    let jobs = client(&server).jobs("o", "r", 7).await.unwrap().unwrap();
    assert_eq!(jobs.iter().map(|j| j.id).collect::<Vec<_>>(), [1, 2, 3]);
}

/// GitHub answers each unchanged page with a bare 304: the link to the next page has to come
/// from the cache, or a change on page 3 goes unseen behind unchanged pages 1 and 2.
#[tokio::test]
async fn unchanged_pages_still_lead_to_the_pages_after_them() {
    init();
    let server = MockServer::start().await;
    let jobs_path = "/repos/o/r/actions/runs/7/jobs";
    let link = |page: u32| {
        format!(
            "<{}{jobs_path}?per_page=100&page={page}>; rel=\"next\", <{0}{jobs_path}?per_page=100&page=3>; rel=\"last\"",
            server.uri()
        )
    };
    for (page, etag) in [(None, "W/\"p1\""), (Some("2"), "W/\"p2\"")] {
        let matcher = Mock::given(path(jobs_path)).and(header("if-none-match", etag));
        let matcher = match page {
            Some(p) => matcher.and(query_param("page", p)),
            None => matcher.and(query_param_is_missing("page")),
        };
        matcher
            .respond_with(ResponseTemplate::new(304))
            .mount(&server)
            .await;
    }
    Mock::given(path(jobs_path))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "W/\"p1\"")
                .insert_header("link", link(2).as_str())
                .set_body_json(json!({"total_count": 3, "jobs": [job(1)]})),
        )
        .mount(&server)
        .await;
    Mock::given(path(jobs_path))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "W/\"p2\"")
                .insert_header("link", link(3).as_str())
                .set_body_json(json!({"total_count": 3, "jobs": [job(2)]})),
        )
        .mount(&server)
        .await;
    // Page 3 changes between the two polls.
    Mock::given(path(jobs_path))
        .and(query_param("page", "3"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "W/\"p3\"")
                .set_body_json(json!({"total_count": 3, "jobs": [job(3)]})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(jobs_path))
        .and(query_param("page", "3"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "W/\"p3b\"")
                .set_body_json(json!({"total_count": 3, "jobs": [job(4)]})),
        )
        .mount(&server)
        .await;
    let mut c = client(&server);
    let first = c.jobs("o", "r", 7).await.unwrap().expect("first poll");
    assert_eq!(first.iter().map(|j| j.id).collect::<Vec<_>>(), [1, 2, 3]);
    let second = c
        .jobs("o", "r", 7)
        .await
        .unwrap()
        .expect("page 3 changed behind two 304s");
    assert_eq!(second.iter().map(|j| j.id).collect::<Vec<_>>(), [1, 2, 4]);
}

#[tokio::test]
async fn job_logs_follow_the_redirect_to_storage() {
    init();
    let server = MockServer::start().await;
    let location = format!("{}/storage/log?sig=SIGNATURE", server.uri());
    Mock::given(path("/repos/o/r/actions/jobs/42/logs"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
        .mount(&server)
        .await;
    Mock::given(path("/storage/log"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("\u{feff}2026-11-22T10:00:00.0000000Z hello\n"),
        )
        .mount(&server)
        .await;
    let log = client(&server).job_log("o", "r", 42).await.unwrap();
    assert!(String::from_utf8_lossy(&log).ends_with("hello\n"));
}

/// A log bigger than what is kept: streamed, its end kept, and the cut said in its first line.
#[tokio::test]
async fn a_big_log_keeps_its_end_and_says_what_was_cut() {
    init();
    let server = MockServer::start().await;
    let log: String = (1..=5000)
        .map(|n| format!("2026-11-22T10:00:00.0000000Z line {n}\n"))
        .collect();
    Mock::given(path("/repos/o/r/actions/jobs/42/logs"))
        .respond_with(ResponseTemplate::new(200).set_body_string(log))
        .mount(&server)
        .await;
    let limits = showrunner::github::log_tail::LogLimits {
        bytes: 1 << 20,
        lines: 100,
    };
    let mut c = client(&server).with_log_limits(limits);
    let kept = c.job_log("o", "r", 42).await.unwrap();
    let text = String::from_utf8_lossy(&kept);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 101, "{text:.300}");
    assert!(
        lines[0].starts_with("[showrunner] the first 4900 lines"),
        "{}",
        lines[0]
    );
    assert!(lines[1].ends_with(" line 4901"), "{}", lines[1]);
    assert!(lines[100].ends_with(" line 5000"));
}

/// A token over plain http could be read on the way: only loopback gets one.
#[test]
fn plain_http_to_another_host_gets_no_token() {
    init();
    let secret = || Token::new(SECRET);
    let requests = || Arc::new(AtomicU64::new(0));
    let remote = GithubClient::new("http://ghe.example.com/api/v3", secret(), requests()).unwrap();
    assert!(!remote.has_token());
    let tls = GithubClient::new("https://ghe.example.com/api/v3", secret(), requests()).unwrap();
    assert!(tls.has_token());
    let local = GithubClient::new("http://127.0.0.1:9", secret(), requests()).unwrap();
    assert!(local.has_token());
}

#[tokio::test]
async fn bad_token_and_rate_limits_come_back_in_words() {
    init();
    let server = MockServer::start().await;
    Mock::given(path("/repos/o/bad/actions/runs"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})))
        .mount(&server)
        .await;
    Mock::given(path("/repos/o/spent/actions/runs"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-ratelimit-limit", "60")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "1900000000")
                .set_body_json(json!({"message": "API rate limit exceeded for 127.0.0.1."})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/repos/o/busy/actions/runs"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "30")
                .set_body_json(json!({"message": "slow down"})),
        )
        .mount(&server)
        .await;
    let mut c = client(&server);
    let bad = c.runs("o", "bad", None, 30).await.unwrap_err();
    assert_eq!(bad, GhError::Unauthorized("Bad credentials".into()));
    assert!(bad.to_string().contains("token is missing or bad (401)"));
    match c.runs("o", "spent", None, 30).await.unwrap_err() {
        GhError::RateLimited { until, message } => {
            assert_eq!(until.as_second(), 1_900_000_000);
            assert!(message.contains("rate limit exceeded"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.runs("o", "busy", None, 30).await.unwrap_err(),
        GhError::RateLimited { .. }
    ));
}
