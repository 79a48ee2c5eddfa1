//! GitHub Actions REST shapes (`/actions/runs`, `/runs/{id}/jobs`), only the fields panes show.
//! Unknown fields are ignored and most are optional: GitHub adds fields, GHES lags behind.

use k8s_openapi::jiff::Timestamp;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RunsPage {
    #[serde(default)]
    pub total_count: u64,
    #[serde(default)]
    pub workflow_runs: Vec<WorkflowRun>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct WorkflowRun {
    pub id: u64,
    /// The workflow's name ("CI").
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub display_title: Option<String>,
    #[serde(default)]
    pub run_number: u64,
    #[serde(default)]
    pub event: String,
    /// queued | in_progress | completed | waiting | requested | pending
    #[serde(default)]
    pub status: Option<String>,
    /// success | failure | cancelled | skipped | timed_out | action_required | neutral | stale
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub head_branch: Option<String>,
    #[serde(default)]
    pub head_sha: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub run_started_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct JobsPage {
    #[serde(default)]
    pub total_count: u64,
    #[serde(default)]
    pub jobs: Vec<Job>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct Job {
    pub id: u64,
    #[serde(default)]
    pub run_id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct Step {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub number: u64,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
}

/// Parses GitHub's RFC 3339 times (with `Z` or an offset).
pub fn time(s: &Option<String>) -> Option<Timestamp> {
    s.as_deref().and_then(|s| s.parse().ok())
}

impl WorkflowRun {
    pub fn is_active(&self) -> bool {
        !matches!(self.status.as_deref(), Some("completed") | None)
    }

    pub fn short_sha(&self) -> &str {
        &self.head_sha[..self.head_sha.len().min(7)]
    }
}

impl Job {
    pub fn is_active(&self) -> bool {
        !matches!(self.status.as_deref(), Some("completed") | None)
    }
}

/// How a status/conclusion pair reads at a glance: an icon and a health word for colouring.
pub fn state_of(status: Option<&str>, conclusion: Option<&str>) -> (&'static str, &'static str) {
    match (status, conclusion) {
        (Some("completed"), Some("success")) => ("✓", "Healthy"),
        (Some("completed"), Some("failure" | "timed_out" | "startup_failure")) => ("✗", "Degraded"),
        (Some("completed"), Some("cancelled")) => ("■", "Unknown"),
        (Some("completed"), Some("skipped" | "neutral")) => ("↷", "Unknown"),
        (Some("completed"), _) => ("?", "Unknown"),
        (Some("in_progress"), _) => ("◐", "Progressing"),
        (Some("queued" | "waiting" | "requested" | "pending"), _) => ("…", "Progressing"),
        _ => ("○", "Unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_shapes_and_ignores_the_rest() {
        let page: RunsPage = serde_json::from_value(serde_json::json!({
            "total_count": 1,
            "workflow_runs": [{"id": 30433642, "name": "Build", "run_number": 562, "event": "push",
                "status": "queued", "conclusion": null, "head_branch": "master",
                "head_sha": "acb5820ced9479c074f688cc328bf03f341a511d", "created_at": "2020-01-22T19:33:08Z",
                "actor": {"login": "octocat"}, "repository": {"id": 1}}]
        }))
        .unwrap();
        let run = &page.workflow_runs[0];
        assert!(run.is_active());
        assert_eq!(run.short_sha(), "acb5820");
        assert_eq!(
            time(&run.created_at).unwrap().to_string(),
            "2020-01-22T19:33:08Z"
        );
        let jobs: JobsPage = serde_json::from_value(serde_json::json!({"total_count": 1, "jobs": [{
            "id": 399444496, "run_id": 29679449, "name": "build", "status": "completed", "conclusion": "success",
            "started_at": "2020-01-20T17:42:40Z", "steps": [{"name": "Set up job", "status": "completed",
            "conclusion": "success", "number": 1, "started_at": "2020-01-20T09:42:40.000-08:00"}]}]}))
        .unwrap();
        assert_eq!(
            time(&jobs.jobs[0].steps[0].started_at).unwrap().to_string(),
            "2020-01-20T17:42:40Z"
        );
    }

    #[test]
    fn states_read_at_a_glance() {
        assert_eq!(
            state_of(Some("completed"), Some("success")),
            ("✓", "Healthy")
        );
        assert_eq!(
            state_of(Some("completed"), Some("failure")),
            ("✗", "Degraded")
        );
        assert_eq!(state_of(Some("in_progress"), None), ("◐", "Progressing"));
        assert_eq!(state_of(Some("queued"), None).0, "…");
    }
}
