//! A small GitHub REST client for Actions: conditional requests with ETags (an unchanged poll
//! costs no rate limit), `Link` pagination, the 302 to a job's log, and rate-limit bookkeeping.
//! Errors are words a person can act on; the token never appears in any of them.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use k8s_openapi::jiff::Timestamp;
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, ETAG, HeaderMap, IF_NONE_MATCH, LINK, RETRY_AFTER, USER_AGENT,
};
use serde::de::DeserializeOwned;

use super::token::Token;
use crate::github::log_tail::{LogLimits, Tail};
use crate::github::models::{Job, JobsPage, RunsPage, WorkflowRun};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GhError {
    /// 401: the token is missing, expired or wrong.
    Unauthorized(String),
    /// 403/429 with the limit spent: nothing to do until `until`.
    RateLimited {
        until: Timestamp,
        message: String,
    },
    NotFound(String),
    Http {
        status: u16,
        message: String,
    },
    Network(String),
    Decode(String),
}

impl std::fmt::Display for GhError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GhError::Unauthorized(m) => {
                write!(f, "GitHub says the token is missing or bad (401): {m}")
            }
            GhError::RateLimited { until, message } => {
                write!(f, "rate limited until {until}: {message}")
            }
            GhError::NotFound(m) => write!(
                f,
                "not found (404): {m} (wrong repository, or a private one without a token?)"
            ),
            GhError::Http { status, message } => write!(f, "GitHub error {status}: {message}"),
            GhError::Network(m) => write!(f, "cannot reach GitHub: {m}"),
            GhError::Decode(m) => write!(f, "unexpected answer from GitHub: {m}"),
        }
    }
}

/// The last `X-RateLimit-*` headers seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
    pub reset: i64,
}

/// An API answer is small: it comes within this, or something is wrong.
const API_TIMEOUT: Duration = Duration::from_secs(30);
/// A log of tens of MB on a slow link takes minutes; a stalled one still fails after
/// `STALL_TIMEOUT` without a byte.
const LOG_TIMEOUT: Duration = Duration::from_secs(600);
const STALL_TIMEOUT: Duration = Duration::from_secs(30);

pub struct GithubClient {
    http: reqwest::Client,
    log_limits: LogLimits,
    base: String,
    token: Option<Token>,
    /// URL → the last 200 answer: a 304 answers from here.
    cache: HashMap<String, Cached>,
    pub rate: Option<RateLimit>,
    pub requests: Arc<AtomicU64>,
}

/// A page as last fetched. Its `rel="next"` link is kept with it: a 304 carries no body, and
/// without the link an unchanged first page would hide every later page.
struct Cached {
    etag: String,
    body: Bytes,
    next: Option<String>,
}

impl GithubClient {
    pub fn new(
        base: &str,
        token: Option<Token>,
        requests: Arc<AtomicU64>,
    ) -> Result<GithubClient, GhError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(STALL_TIMEOUT)
            // GitHub redirects logs to blob storage on another host; reqwest drops the
            // Authorization header on such cross-host redirects.
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| GhError::Network(e.to_string()))?;
        let token = token.filter(|_| {
            let safe = super::token::may_send_to(base);
            if !safe {
                tracing::warn!(url = %base, "not sending the GitHub token over plain http");
            }
            safe
        });
        Ok(GithubClient {
            http,
            log_limits: LogLimits::default(),
            base: base.trim_end_matches('/').to_string(),
            token,
            cache: HashMap::new(),
            rate: None,
            requests,
        })
    }

    /// Whether requests carry a token (never over plain http to another machine).
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// How much of a job log is kept (tests use small limits).
    pub fn with_log_limits(mut self, limits: LogLimits) -> GithubClient {
        self.log_limits = limits;
        self
    }

    /// Newest runs of a repository, optionally for one branch; `None` when unchanged (304).
    pub async fn runs(
        &mut self,
        owner: &str,
        repo: &str,
        branch: Option<&str>,
        per_page: u32,
    ) -> Result<Option<Vec<WorkflowRun>>, GhError> {
        let mut url = format!(
            "{}/repos/{owner}/{repo}/actions/runs?per_page={per_page}",
            self.base
        );
        if let Some(branch) = branch {
            url.push_str(&format!("&branch={}", encode(branch)));
        }
        Ok(self
            .get_json::<RunsPage>(&url)
            .await?
            .map(|(page, _)| page.workflow_runs))
    }

    /// All jobs of a run, following `Link: rel="next"`; `None` when unchanged.
    pub async fn jobs(
        &mut self,
        owner: &str,
        repo: &str,
        run_id: u64,
    ) -> Result<Option<Vec<Job>>, GhError> {
        let (jobs, changed) = self.jobs_now(owner, repo, run_id).await?;
        Ok(changed.then_some(jobs))
    }

    /// All jobs of a run, from the cache where GitHub says a page is unchanged, and whether
    /// any page changed: the poller needs the jobs' status even when nothing moved.
    pub async fn jobs_now(
        &mut self,
        owner: &str,
        repo: &str,
        run_id: u64,
    ) -> Result<(Vec<Job>, bool), GhError> {
        let mut url = Some(format!(
            "{}/repos/{owner}/{repo}/actions/runs/{run_id}/jobs?per_page=100",
            self.base
        ));
        let mut jobs = Vec::new();
        let mut changed = false;
        while let Some(u) = url.take() {
            let (page, next, was_changed) = match self.get_json::<JobsPage>(&u).await? {
                Some((page, next)) => (page, next, true),
                None => {
                    let (page, next) = self.cached::<JobsPage>(&u)?;
                    (page, next, false)
                }
            };
            changed |= was_changed;
            jobs.extend(page.jobs);
            url = next;
        }
        Ok((jobs, changed))
    }

    /// A job's log (the API answers 302 to a short-lived URL, which is followed), streamed:
    /// only its end within `LogLimits` is kept, after a line saying what was cut.
    pub async fn job_log(
        &mut self,
        owner: &str,
        repo: &str,
        job_id: u64,
    ) -> Result<Bytes, GhError> {
        let url = format!(
            "{}/repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
            self.base
        );
        let resp = self.send(&url, None, LOG_TIMEOUT).await?;
        let mut tail = Tail::new(self.log_limits);
        let mut body = resp.bytes_stream();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| GhError::Network(without_query(&e.to_string())))?;
            tail.push(chunk);
        }
        Ok(tail.finish())
    }

    async fn get_json<T: DeserializeOwned>(
        &mut self,
        url: &str,
    ) -> Result<Option<(T, Option<String>)>, GhError> {
        let etag = self.cache.get(url).map(|c| c.etag.clone());
        let resp = self.send(url, etag.as_deref(), API_TIMEOUT).await?;
        if resp.status() == StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        let headers = resp.headers().clone();
        let body = resp
            .bytes()
            .await
            .map_err(|e| GhError::Network(e.to_string()))?;
        let next = next_link(&headers);
        if let Some(etag) = headers.get(ETAG).and_then(|v| v.to_str().ok()) {
            let cached = Cached {
                etag: etag.to_string(),
                body: body.clone(),
                next: next.clone(),
            };
            self.cache.insert(url.to_string(), cached);
        }
        let value = serde_json::from_slice(&body).map_err(|e| GhError::Decode(e.to_string()))?;
        Ok(Some((value, next)))
    }

    /// A page we were told is unchanged: its body and its next link, from the cache, so the
    /// pages after it are still asked about.
    fn cached<T: DeserializeOwned>(&self, url: &str) -> Result<(T, Option<String>), GhError> {
        let cached = self
            .cache
            .get(url)
            .ok_or_else(|| GhError::Decode("304 for a page never fetched".into()))?;
        let value =
            serde_json::from_slice(&cached.body).map_err(|e| GhError::Decode(e.to_string()))?;
        Ok((value, cached.next.clone()))
    }

    async fn send(
        &mut self,
        url: &str,
        etag: Option<&str>,
        timeout: Duration,
    ) -> Result<reqwest::Response, GhError> {
        let mut req = self
            .http
            .get(url)
            .timeout(timeout)
            .header(ACCEPT, "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header(
                USER_AGENT,
                concat!("showrunner/", env!("CARGO_PKG_VERSION")),
            );
        if let Some(token) = &self.token {
            req = req.header(AUTHORIZATION, token.authorization());
        }
        if let Some(etag) = etag {
            req = req.header(IF_NONE_MATCH, etag);
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        // reqwest errors carry the URL, never headers: safe to show.
        let resp = req
            .send()
            .await
            .map_err(|e| GhError::Network(without_query(&e.to_string())))?;
        if let Some(rate) = rate_limit(resp.headers()) {
            self.rate = Some(rate);
        }
        let status = resp.status();
        // The URL and status only: headers (and with them the token) never reach a log line.
        tracing::debug!(url = %without_query(url), %status, "GitHub request");
        if status.is_success() || status == StatusCode::NOT_MODIFIED {
            return Ok(resp);
        }
        let headers = resp.headers().clone();
        let message = resp
            .json::<serde_json::Value>()
            .await
            .ok()
            .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(String::from))
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
        Err(classify(status, &headers, message, Timestamp::now()))
    }
}

/// 401 → Unauthorized; 403/429 when the limit is spent (or a Retry-After is given) → RateLimited.
pub fn classify(
    status: StatusCode,
    headers: &HeaderMap,
    message: String,
    now: Timestamp,
) -> GhError {
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let remaining = headers
        .get("x-ratelimit-remaining")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let reset = headers
        .get("x-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    match status.as_u16() {
        401 => GhError::Unauthorized(message),
        403 | 429
            if retry_after.is_some()
                || remaining == Some(0)
                || status == StatusCode::TOO_MANY_REQUESTS =>
        {
            let until = match (retry_after, reset) {
                (Some(secs), _) => now.as_second() + secs,
                (None, Some(reset)) => reset,
                _ => now.as_second() + 60,
            };
            GhError::RateLimited {
                until: Timestamp::from_second(until).unwrap_or(now),
                message,
            }
        }
        404 => GhError::NotFound(message),
        code => GhError::Http {
            status: code,
            message,
        },
    }
}

pub fn rate_limit(headers: &HeaderMap) -> Option<RateLimit> {
    let get = |name: &str| headers.get(name)?.to_str().ok()?.parse::<i64>().ok();
    Some(RateLimit {
        limit: get("x-ratelimit-limit")? as u64,
        remaining: get("x-ratelimit-remaining")? as u64,
        reset: get("x-ratelimit-reset")?,
    })
}

/// The `rel="next"` URL of a `Link` header.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get(LINK)?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == "rel=\"next\"")
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Signed log URLs carry their signature in the query: keep it out of messages.
fn without_query(text: &str) -> String {
    text.split_whitespace()
        .map(|w| match w.find('?') {
            Some(i) if w.contains("://") => format!("{}?…", &w[..i]),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
