//! The sandbox's GitHub API through the app's own client and raw HTTP: seeded runs, `Link`
//! pagination, ETag/304 that costs no rate limit, the 302 to a signed log URL, 401 and 403/429
//! switches — and the CI simulator: a real `git merge` into main starts a run whose steps
//! advance, whose log is served once its job has completed, and whose image becomes freight.

use showrunner_testkit as common;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use common::{TestSandbox, eventually, start};
use showrunner::job_log::parse::LineKind;
use showrunner::sources::github::client::{GhError, GithubClient};
use showrunner::sources::github::token::Token;

const OWNER: &str = "showrunner-demo";
const REPO: &str = "app";

fn client(sb: &TestSandbox, token: Option<&str>) -> GithubClient {
    GithubClient::new(
        sb.sandbox.github_url(),
        token.and_then(Token::new),
        Arc::new(AtomicU64::new(0)),
    )
    .expect("client")
}

fn api(sb: &TestSandbox, path: &str) -> String {
    format!("{}/repos/{OWNER}/{REPO}{path}", sb.sandbox.github_url())
}

/// Runs `git` in the demo repository as a presenter would.
fn git(sb: &TestSandbox, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(sb.sandbox.repo_path())
        .env("GIT_AUTHOR_NAME", "Presenter")
        .env("GIT_AUTHOR_EMAIL", "presenter@example.com")
        .env("GIT_COMMITTER_NAME", "Presenter")
        .env("GIT_COMMITTER_EMAIL", "presenter@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[tokio::test]
async fn seeded_runs_are_listed_newest_first_and_paginate_by_link() {
    let sb = start().await;
    let mut gh = client(&sb, None);
    let runs = gh
        .runs(OWNER, REPO, Some("main"), 30)
        .await
        .unwrap()
        .expect("a first answer");
    assert_eq!(runs.len(), 3);
    assert!(
        runs.windows(2).all(|w| w[0].run_number > w[1].run_number),
        "newest first"
    );
    assert!(
        runs.iter().all(|r| r.status.as_deref() == Some("completed")
            && r.conclusion.as_deref() == Some("success"))
    );
    let head = git(&sb, &["rev-parse", "main"]);
    assert_eq!(runs[0].head_sha, head, "the newest run built main's head");

    let resp = sb
        .http
        .get(api(&sb, "/actions/runs?per_page=1&branch=main"))
        .send()
        .await
        .unwrap();
    let link = resp.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.contains("page=2>; rel=\"next\"") && link.contains("page=3>; rel=\"last\""),
        "{link}"
    );
    let next = showrunner::sources::github::client::next_link(resp.headers()).unwrap();
    let page2: serde_json::Value = sb
        .http
        .get(&next)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page2["workflow_runs"][0]["id"].as_u64(), Some(runs[1].id));
    assert_eq!(page2["total_count"], 3);

    let jobs = gh.jobs(OWNER, REPO, runs[0].id).await.unwrap().unwrap();
    let names: Vec<&str> = jobs[0].steps.iter().map(|s| s.name.as_str()).collect();
    for step in [
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
    ] {
        assert!(names.contains(&step), "{step} missing from {names:?}");
    }
    let missing = sb
        .http
        .get(format!(
            "{}/repos/someone/else/actions/runs",
            sb.sandbox.github_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn an_unchanged_poll_is_a_304_that_costs_no_rate_limit() {
    let sb = start().await;
    let faults = sb.sandbox.github_faults();
    let url = api(&sb, "/actions/runs");
    let first = sb.http.get(&url).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let remaining = first.headers()["x-ratelimit-remaining"]
        .to_str()
        .unwrap()
        .to_string();
    let counted = faults.requests_counted();
    let again = sb
        .http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(
        again.headers()["x-ratelimit-remaining"].to_str().unwrap(),
        remaining
    );
    assert_eq!(faults.requests_counted(), counted, "a 304 is free");

    // The app's client: the second call reports "unchanged" and spends nothing.
    let mut gh = client(&sb, Some("ghp_sandbox"));
    assert!(gh.runs(OWNER, REPO, None, 30).await.unwrap().is_some());
    let spent = gh.rate.expect("rate headers seen").remaining;
    assert!(gh.runs(OWNER, REPO, None, 30).await.unwrap().is_none());
    assert_eq!(gh.rate.unwrap().remaining, spent);
}

#[tokio::test]
async fn job_logs_redirect_to_a_short_lived_signed_url() {
    let sb = start().await;
    let mut gh = client(&sb, None);
    let runs = gh.runs(OWNER, REPO, None, 30).await.unwrap().unwrap();
    let jobs = gh.jobs(OWNER, REPO, runs[0].id).await.unwrap().unwrap();
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = raw
        .get(api(&sb, &format!("/actions/jobs/{}/logs", jobs[0].id)))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.contains("urlExpires=") && location.contains("urlSignature="),
        "{location}"
    );
    let tampered = location.replace("urlSignature=", "urlSignature=0");
    assert_eq!(raw.get(&tampered).send().await.unwrap().status(), 403);

    let log = gh.job_log(OWNER, REPO, jobs[0].id).await.unwrap();
    let text = String::from_utf8_lossy(&log);
    assert!(
        text.contains("##[group]Run actions/checkout"),
        "{text:.400}"
    );
    let mut lines = Vec::new();
    showrunner::job_log::parse::Parser::default().feed(&log, true, &mut lines);
    assert!(lines.len() > 50, "a full job log: {}", lines.len());
    let stamped = lines.iter().filter(|l| l.time.is_some()).count();
    assert!(stamped * 2 > lines.len(), "records carry timestamps");
    assert!(lines.iter().any(|l| l.kind == LineKind::GroupStart));
}

#[tokio::test]
async fn bad_tokens_and_rate_limits_are_answered_as_github_does() {
    let sb = start().await;
    let faults = sb.sandbox.github_faults();
    faults.reject_tokens(true);
    let err = client(&sb, Some("ghp_wrong"))
        .runs(OWNER, REPO, None, 30)
        .await
        .unwrap_err();
    assert!(
        matches!(err, GhError::Unauthorized(ref m) if m.contains("Bad credentials")),
        "{err}"
    );
    assert!(
        client(&sb, None).runs(OWNER, REPO, None, 30).await.is_ok(),
        "anonymous still works"
    );
    faults.clear();

    faults.rate_limit_for(std::time::Duration::from_secs(120));
    let resp = sb.http.get(api(&sb, "/actions/runs")).send().await.unwrap();
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.headers()["x-ratelimit-remaining"], "0");
    let err = client(&sb, None)
        .runs(OWNER, REPO, None, 30)
        .await
        .unwrap_err();
    let GhError::RateLimited { until, .. } = err else {
        panic!("{err}")
    };
    let wait = until.as_second() - jiff::Timestamp::now().as_second();
    assert!(
        (100..=121).contains(&wait),
        "waits until the reset: {wait}s"
    );
    faults.clear();

    faults.too_many_requests(1, 7);
    let resp = sb.http.get(api(&sb, "/actions/runs")).send().await.unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "7");
    assert_eq!(
        sb.http
            .get(api(&sb, "/actions/runs"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "only once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merge_into_main_starts_a_run_whose_image_becomes_freight() {
    let sb = start().await;
    git(&sb, &["merge", "--no-edit", "feature/update-user"]);
    let head = git(&sb, &["rev-parse", "main"]);
    let mut gh = client(&sb, None);
    let run = eventually(20, "a run for the merge", || {
        let mut gh = client(&sb, None);
        let head = head.clone();
        async move {
            gh.runs(OWNER, REPO, None, 30)
                .await
                .ok()??
                .into_iter()
                .find(|r| r.head_sha == head)
        }
    })
    .await;
    assert_eq!(run.event, "push");
    assert_ne!(
        run.status.as_deref(),
        Some("completed"),
        "found while it runs"
    );

    // Steps advance while the job runs; its log, as on GitHub, only once the job has completed.
    let mut seen_running_step = false;
    let mut refused = None;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
    let job = loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the run did not finish"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let Ok(Some(jobs)) = gh.jobs(OWNER, REPO, run.id).await else {
            continue;
        };
        seen_running_step |= jobs[0]
            .steps
            .iter()
            .any(|s| s.status.as_deref() == Some("in_progress"));
        if jobs[0].status.as_deref() == Some("completed") {
            break jobs[0].clone();
        }
        if refused.is_none() {
            let logs = api(&sb, &format!("/actions/jobs/{}/logs", jobs[0].id));
            let resp = sb.http.get(logs).send().await.unwrap();
            refused = Some((resp.status().as_u16(), resp.text().await.unwrap()));
        }
    };
    assert!(seen_running_step, "a step was seen in progress");
    let (status, body) = refused.expect("the log was asked for while the job ran");
    assert_eq!(status, 404, "{body}");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["message"], "Not Found");
    assert_eq!(body["status"], "404");
    assert!(
        body["documentation_url"]
            .as_str()
            .unwrap()
            .contains("download-job-logs-for-a-workflow-run")
    );
    assert_eq!(job.conclusion.as_deref(), Some("success"));
    let log = gh
        .job_log(OWNER, REPO, job.id)
        .await
        .expect("served once completed");
    assert!(String::from_utf8_lossy(&log).contains("##[group]Run actions/checkout"));

    let tag = &head[..7];
    eventually(30, "the image as freight", || async {
        let (_, list) = sb
            .get("/apis/kargo.akuity.io/v1alpha1/namespaces/kargo-demo/freights")
            .await;
        list["items"]
            .as_array()?
            .iter()
            .find(|f| f["images"][0]["tag"] == tag)
            .cloned()
    })
    .await;
    assert!(
        sb.sandbox
            .images()
            .builds()
            .iter()
            .any(|b| b.tag == tag && !b.broken)
    );
}

/// A presenter can fail CI on demand: `feature/paging` brings a test the app does not pass yet.
/// Its run fails at `test`, pushes no image, and its log says which test failed and why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merging_a_branch_whose_test_fails_fails_its_run_at_the_test_step() {
    let sb = start().await;
    git(&sb, &["merge", "--no-edit", "feature/paging"]);
    let head = git(&sb, &["rev-parse", "main"]);
    let run = eventually(60, "the run for the merge to fail", || {
        let mut gh = client(&sb, None);
        let head = head.clone();
        async move {
            gh.runs(OWNER, REPO, None, 30)
                .await
                .ok()??
                .into_iter()
                .find(|r| r.head_sha == head && r.status.as_deref() == Some("completed"))
        }
    })
    .await;
    assert_eq!(run.conclusion.as_deref(), Some("failure"));
    let mut gh = client(&sb, None);
    let jobs = gh.jobs(OWNER, REPO, run.id).await.unwrap().unwrap();
    let step = |name: &str| {
        jobs[0]
            .steps
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.conclusion.clone())
    };
    assert_eq!(step("test").as_deref(), Some("failure"));
    assert_eq!(step("push").as_deref(), Some("skipped"));
    let log = gh.job_log(OWNER, REPO, jobs[0].id).await.unwrap();
    let log = String::from_utf8_lossy(&log);
    for expected in [
        "tests/test_paging.py F",
        ">       assert len(client.get(\"/users?limit=2\").json) == 2",
        "E       assert 3 == 2",
        "FAILED tests/test_paging.py::test_list_users_in_pages - assert 3 == 2",
        "##[error]Process completed with exit code 1.",
    ] {
        assert!(log.contains(expected), "{expected:?} in:\n{log}");
    }
    assert!(
        !sb.sandbox
            .images()
            .builds()
            .iter()
            .any(|b| head.starts_with(&b.tag)),
        "no image from a failed run"
    );
}
