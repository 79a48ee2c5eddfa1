//! Runs and jobs in the shape of GitHub's REST API (the fields of `example-workflow-run.json`
//! and the jobs listing that clients read), with URLs pointing back at this server.

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::git::{NAME, OWNER};
use crate::world::ci::{Job, Run, Step};

/// Seconds only, as GitHub writes timestamps.
fn time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn opt_time(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| json!(time(t)))
}

fn repo_api(base: &str) -> String {
    format!("{base}/repos/{OWNER}/{NAME}")
}

fn html(run: &Run) -> String {
    format!("https://github.com/{OWNER}/{NAME}/actions/runs/{}", run.id)
}

fn repository(base: &str) -> Value {
    json!({"id": 812_345_678, "name": NAME, "full_name": format!("{OWNER}/{NAME}"), "private": false,
           "owner": {"login": OWNER, "id": 181_234_567, "type": "Organization"},
           "html_url": format!("https://github.com/{OWNER}/{NAME}"), "url": repo_api(base)})
}

pub fn run(base: &str, run: &Run) -> Value {
    let api = repo_api(base);
    let actor =
        json!({"login": run.commit.author.0.to_lowercase().replace(' ', "-"), "type": "User"});
    json!({
        "id": run.id,
        "name": run.workflow_name,
        "node_id": format!("WFR_kwLO{}", run.id),
        "check_suite_id": run.check_suite_id,
        "head_branch": run.head_branch,
        "head_sha": run.commit.sha,
        "path": ".github/workflows/ci.yaml",
        "display_title": run.display_title(),
        "run_number": run.run_number,
        "event": run.event,
        "status": run.status.as_str(),
        "conclusion": run.conclusion.map(|c| c.as_str()),
        "workflow_id": 98_765_432,
        "url": format!("{api}/actions/runs/{}", run.id),
        "html_url": html(run),
        "pull_requests": [],
        "created_at": time(run.created_at),
        "updated_at": time(run.updated_at),
        "actor": actor,
        "triggering_actor": actor,
        "run_attempt": 1,
        "run_started_at": time(run.run_started_at),
        "jobs_url": format!("{api}/actions/runs/{}/jobs", run.id),
        "logs_url": format!("{api}/actions/runs/{}/logs", run.id),
        "head_commit": {
            "id": run.commit.sha,
            "tree_id": run.commit.tree_id,
            "message": run.commit.message,
            "timestamp": time(run.commit.time),
            "author": {"name": run.commit.author.0, "email": run.commit.author.1},
            "committer": {"name": run.commit.committer.0, "email": run.commit.committer.1},
        },
        "repository": repository(base),
        "head_repository": repository(base),
    })
}

fn step(s: &Step) -> Value {
    json!({"name": s.name, "status": s.status.as_str(), "conclusion": s.conclusion.map(|c| c.as_str()),
           "number": s.number, "started_at": opt_time(s.started_at), "completed_at": opt_time(s.completed_at)})
}

pub fn job(base: &str, run: &Run, job: &Job) -> Value {
    let api = repo_api(base);
    let (runner_id, runner_name) = job
        .runner
        .clone()
        .map_or((Value::Null, Value::Null), |(id, name)| {
            (json!(id), json!(name))
        });
    json!({
        "id": job.id,
        "run_id": run.id,
        "run_url": format!("{api}/actions/runs/{}", run.id),
        "node_id": format!("CR_kwDO{}", job.id),
        "head_sha": run.commit.sha,
        "head_branch": run.head_branch,
        "url": format!("{api}/actions/jobs/{}", job.id),
        "html_url": format!("{}/job/{}", html(run), job.id),
        "status": job.status.as_str(),
        "conclusion": job.conclusion.map(|c| c.as_str()),
        "created_at": time(job.created_at),
        "started_at": time(job.started_at),
        "completed_at": opt_time(job.completed_at),
        "name": job.name,
        "workflow_name": run.workflow_name,
        "steps": job.steps.iter().map(step).collect::<Vec<_>>(),
        "labels": ["ubuntu-latest"],
        "runner_id": runner_id,
        "runner_name": runner_name,
        "run_attempt": 1,
    })
}
