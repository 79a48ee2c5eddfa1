//! Request handling: the order GitHub applies (secondary limit, credentials, primary limit),
//! the endpoints, pagination, and conditional answers.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::GithubState;
use super::json;
use super::ratelimit::{Identity, Snapshot};
use crate::git::{NAME, OWNER};
use crate::world::ci::Status;

/// How long a signed log URL stays valid, as GitHub's do.
const LOG_URL_SECS: i64 = 60;
const DEFAULT_PER_PAGE: usize = 30;
const MAX_PER_PAGE: usize = 100;

struct Fail {
    status: StatusCode,
    message: String,
    /// The `documentation_url` GitHub names in the error body.
    docs: &'static str,
}

fn fail(status: StatusCode, message: impl Into<String>) -> Fail {
    Fail {
        status,
        message: message.into(),
        docs: "https://docs.github.com/rest",
    }
}

fn not_found() -> Fail {
    fail(StatusCode::NOT_FOUND, "Not Found")
}

/// What an endpoint answers before conditional and rate-limit handling.
enum Answer {
    Json { body: Value, link: Option<String> },
    Redirect(String),
}

pub async fn handle(st: Arc<GithubState>, req: Request) -> Response {
    st.faults.0.served.fetch_add(1, Ordering::Relaxed);
    let now = jiff::Timestamp::now().as_second();
    let path = req.uri().path().to_string();
    let query = parse_query(req.uri().query().unwrap_or(""));
    // Blob storage, not the API: no credentials, no rate limit, only the signature.
    if let Some(rest) = path.strip_prefix("/_signed/jobs/") {
        return signed_log(&st, rest, &query, now);
    }
    if let Some(retry) = st.faults.take_too_many() {
        let mut r = error_response(fail(
            StatusCode::TOO_MANY_REQUESTS,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        ));
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry));
        return r;
    }
    let who = match identity(req.headers()) {
        Some(Identity::Token(_)) if st.faults.0.reject_tokens.load(Ordering::Relaxed) => {
            return error_response(fail(StatusCode::UNAUTHORIZED, "Bad credentials"));
        }
        Some(who) => who,
        None => return error_response(fail(StatusCode::UNAUTHORIZED, "Bad credentials")),
    };
    if path == "/rate_limit" {
        // Checking the limit does not spend it.
        let s = st.faults.limiter().peek(who, now);
        return with_rate(json_response(StatusCode::OK, &rate_body(s)), s);
    }
    if let Some(s) = st.faults.limiter().refused(who, now) {
        let message = "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)";
        return with_rate(error_response(fail(StatusCode::FORBIDDEN, message)), s);
    }
    if req.method() != axum::http::Method::GET {
        let s = st.faults.limiter().spend(who, now);
        st.faults.0.counted.fetch_add(1, Ordering::Relaxed);
        return with_rate(error_response(not_found()), s);
    }
    let answer = route(&st, &path, &query, now);
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (response, spent) = match answer {
        Err(f) => (error_response(f), true),
        Ok(Answer::Redirect(url)) => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::FOUND;
            r.headers_mut().insert(
                header::LOCATION,
                HeaderValue::from_str(&url).expect("ascii URL"),
            );
            (r, true)
        }
        Ok(Answer::Json { body, link }) => {
            let bytes = serde_json::to_vec(&body).unwrap_or_default();
            let etag = format!("W/\"{}\"", sha1_smol::Sha1::from(&bytes).digest());
            let unchanged =
                if_none_match.is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag));
            let mut r = if unchanged {
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::NOT_MODIFIED;
                r
            } else {
                let mut r = Response::new(Body::from(bytes));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                );
                if let Some(link) = link {
                    r.headers_mut().insert(
                        header::LINK,
                        HeaderValue::from_str(&link).expect("ascii link"),
                    );
                }
                r
            };
            r.headers_mut().insert(
                header::ETAG,
                HeaderValue::from_str(&etag).expect("ascii etag"),
            );
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=60, s-maxage=60"),
            );
            (r, !unchanged)
        }
    };
    let s = if spent {
        st.faults.0.counted.fetch_add(1, Ordering::Relaxed);
        st.faults.limiter().spend(who, now)
    } else {
        st.faults.limiter().peek(who, now)
    };
    with_rate(response, s)
}

/// Anonymous without `Authorization`; `None` for a header that is not a token at all.
fn identity(headers: &HeaderMap) -> Option<Identity> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Some(Identity::Anonymous);
    };
    let value = value.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("token "))?
        .trim();
    (!token.is_empty()).then(|| Identity::of_token(token))
}

fn route(
    st: &GithubState,
    path: &str,
    q: &HashMap<String, String>,
    now: i64,
) -> Result<Answer, Fail> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let ["repos", owner, repo, "actions", rest @ ..] = parts.as_slice() else {
        return Err(not_found());
    };
    if !owner.eq_ignore_ascii_case(OWNER) || !repo.eq_ignore_ascii_case(NAME) {
        return Err(not_found());
    }
    let id = |s: &str| s.parse::<u64>().map_err(|_| not_found());
    match rest {
        ["runs"] => Ok(runs(st, path, q)),
        ["runs", run_id] => {
            let run = st.ci.run(id(run_id)?).ok_or_else(not_found)?;
            Ok(Answer::Json {
                body: json::run(&st.base, &run),
                link: None,
            })
        }
        ["runs", run_id, "jobs"] => {
            let run = st.ci.run(id(run_id)?).ok_or_else(not_found)?;
            let jobs: Vec<Value> = run
                .jobs
                .iter()
                .map(|j| json::job(&st.base, &run, j))
                .collect();
            let (page, link) = paginate(&st.base, path, q, &jobs);
            Ok(Answer::Json {
                body: json!({"total_count": jobs.len(), "jobs": page}),
                link,
            })
        }
        ["jobs", job_id] => {
            let (run, job) = st.ci.job(id(job_id)?).ok_or_else(not_found)?;
            Ok(Answer::Json {
                body: json::job(&st.base, &run, &job),
                link: None,
            })
        }
        ["jobs", job_id, "logs"] => {
            let job_id = id(job_id)?;
            let (_, job) = st.ci.job(job_id).ok_or_else(not_found)?;
            // GitHub keeps a job's log only once the job has completed: before that this is
            // a plain 404 (gh: "logs will be available when it is complete").
            if job.status != Status::Completed {
                return Err(Fail {
                    docs: "https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run",
                    ..not_found()
                });
            }
            st.ci.log(job_id).ok_or_else(not_found)?;
            let expires = now + LOG_URL_SECS;
            let sig = signature(st, job_id, expires);
            Ok(Answer::Redirect(format!(
                "{}/_signed/jobs/{job_id}/log?urlExpires={expires}&urlSignature={sig}",
                st.base
            )))
        }
        _ => Err(not_found()),
    }
}

fn runs(st: &GithubState, path: &str, q: &HashMap<String, String>) -> Answer {
    let want = |key: &str, have: &str| q.get(key).is_none_or(|w| w.is_empty() || w == have);
    let mut all = st.ci.runs();
    all.reverse(); // newest first, as GitHub lists them
    let runs: Vec<Value> = all
        .iter()
        .filter(|r| {
            want("branch", &r.head_branch)
                && want("event", &r.event)
                && want("head_sha", &r.commit.sha)
        })
        .filter(|r| {
            q.get("status").is_none_or(|s| {
                s == r.status.as_str() || r.conclusion.is_some_and(|c| c.as_str() == s)
            })
        })
        .map(|r| json::run(&st.base, r))
        .collect();
    let (page, link) = paginate(&st.base, path, q, &runs);
    Answer::Json {
        body: json!({"total_count": runs.len(), "workflow_runs": page}),
        link,
    }
}

/// One page of `items` and the `Link` header GitHub sends with it (first/prev/next/last).
fn paginate(
    base: &str,
    path: &str,
    q: &HashMap<String, String>,
    items: &[Value],
) -> (Vec<Value>, Option<String>) {
    let per_page = q
        .get("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(DEFAULT_PER_PAGE)
        .clamp(1, MAX_PER_PAGE);
    let page = q
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let last = items.len().div_ceil(per_page).max(1);
    let slice = items
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .cloned()
        .collect();
    let url = |p: usize| {
        let mut params: Vec<(String, String)> = q
            .iter()
            .filter(|(k, _)| *k != "page")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        params.sort();
        params.push(("page".into(), p.to_string()));
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        format!("{base}{path}?{query}")
    };
    let mut rels = Vec::new();
    if page > 1 {
        rels.push(format!("<{}>; rel=\"prev\"", url(page - 1)));
    }
    if page < last {
        rels.push(format!("<{}>; rel=\"next\"", url(page + 1)));
        rels.push(format!("<{}>; rel=\"last\"", url(last)));
    }
    if page > 1 {
        rels.push(format!("<{}>; rel=\"first\"", url(1)));
    }
    (slice, (!rels.is_empty()).then(|| rels.join(", ")))
}

fn signature(st: &GithubState, job_id: u64, expires: i64) -> String {
    sha1_smol::Sha1::from(format!("{}|{job_id}|{expires}", st.secret))
        .digest()
        .to_string()
}

fn signed_log(st: &GithubState, rest: &str, q: &HashMap<String, String>, now: i64) -> Response {
    let job_id = rest
        .strip_suffix("/log")
        .and_then(|id| id.parse::<u64>().ok());
    let expires = q.get("urlExpires").and_then(|e| e.parse::<i64>().ok());
    let (Some(job_id), Some(expires)) = (job_id, expires) else {
        return text(StatusCode::NOT_FOUND, "BlobNotFound");
    };
    let valid = q
        .get("urlSignature")
        .is_some_and(|s| *s == signature(st, job_id, expires));
    if !valid || now > expires {
        return text(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed: the signed URL is invalid or has expired",
        );
    }
    match st.ci.log(job_id) {
        Some(log) => text(StatusCode::OK, log),
        None => text(StatusCode::NOT_FOUND, "BlobNotFound"),
    }
}

fn text(status: StatusCode, body: impl Into<String>) -> Response {
    let mut r = Response::new(Body::from(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut r = Response::new(Body::from(serde_json::to_vec(body).unwrap_or_default()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

fn error_response(f: Fail) -> Response {
    let body = json!({"message": f.message, "documentation_url": f.docs, "status": f.status.as_u16().to_string()});
    json_response(f.status, &body)
}

fn with_rate(mut r: Response, s: Snapshot) -> Response {
    let h = r.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from(s.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(s.remaining));
    h.insert("x-ratelimit-used", HeaderValue::from(s.used));
    h.insert("x-ratelimit-reset", HeaderValue::from(s.reset));
    h.insert("x-ratelimit-resource", HeaderValue::from_static("core"));
    r
}

fn rate_body(s: Snapshot) -> Value {
    let core =
        json!({"limit": s.limit, "remaining": s.remaining, "used": s.used, "reset": s.reset});
    json!({"resources": {"core": core}, "rate": core})
}

fn parse_query(q: &str) -> HashMap<String, String> {
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}
