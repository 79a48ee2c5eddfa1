//! A GitHub REST subset on its own loopback listener, serving what the CI simulator keeps
//! (`world::ci`): workflow runs, jobs with steps, and job logs behind GitHub's 302 to a
//! short-lived signed URL. It behaves as api.github.com does where clients can tell: `Link`
//! pagination, weak ETags with 304 answers that cost no rate limit, `X-RateLimit-*` headers,
//! `401 Bad credentials`, and switches that make it answer 403 or 429 rate-limited for tests.

pub mod json;
pub mod ratelimit;
mod routes;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;

use self::ratelimit::RateLimiter;
use crate::rng;
use crate::world::ci::CiRuns;

#[derive(Default)]
struct Switches {
    limiter: Mutex<RateLimiter>,
    reject_tokens: AtomicBool,
    /// (answers left, Retry-After seconds) for the secondary rate limit.
    too_many: Mutex<Option<(u32, u64)>>,
    served: AtomicU64,
    counted: AtomicU64,
}

/// Test and demo switches; cheap to clone, shared with the listener.
#[derive(Clone, Default)]
pub struct GithubFaults(Arc<Switches>);

impl GithubFaults {
    fn limiter(&self) -> std::sync::MutexGuard<'_, RateLimiter> {
        self.0.limiter.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every caller is out of requests for `period`: 403 with `X-RateLimit-Remaining: 0`.
    pub fn rate_limit_for(&self, period: Duration) {
        let until = jiff::Timestamp::now().as_second() + period.as_secs().max(1) as i64;
        self.limiter().exhaust_until(Some(until));
    }

    /// The next `times` requests get 429 with `Retry-After: retry_after_secs`.
    pub fn too_many_requests(&self, times: u32, retry_after_secs: u64) {
        *self.0.too_many.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((times, retry_after_secs));
    }

    /// Any token is answered `401 Bad credentials` (anonymous calls still work).
    pub fn reject_tokens(&self, reject: bool) {
        self.0.reject_tokens.store(reject, Ordering::Relaxed);
    }

    /// GitHub's real anonymous budget is 60 an hour; the sandbox defaults to more.
    pub fn set_anonymous_limit(&self, limit: u64) {
        self.limiter().set_anonymous_limit(limit);
    }

    pub fn clear(&self) {
        self.limiter().exhaust_until(None);
        self.reject_tokens(false);
        *self.0.too_many.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Requests answered, whatever the answer.
    pub fn requests_served(&self) -> u64 {
        self.0.served.load(Ordering::Relaxed)
    }

    /// Requests that cost rate limit (a 304 does not).
    pub fn requests_counted(&self) -> u64 {
        self.0.counted.load(Ordering::Relaxed)
    }

    fn take_too_many(&self) -> Option<u64> {
        let mut g = self.0.too_many.lock().unwrap_or_else(|e| e.into_inner());
        let (left, retry) = (*g)?;
        *g = (left > 1).then_some((left - 1, retry));
        Some(retry)
    }
}

pub struct GithubState {
    pub ci: Arc<CiRuns>,
    pub faults: GithubFaults,
    /// `http://127.0.0.1:<port>`: URLs in answers point back here.
    pub base: String,
    /// Signs the short-lived log URLs.
    secret: String,
}

impl GithubState {
    pub fn new(ci: Arc<CiRuns>, faults: GithubFaults, base: String) -> Self {
        GithubState {
            ci,
            faults,
            base,
            secret: rng::hex(32),
        }
    }
}

pub fn router(state: Arc<GithubState>) -> Router {
    Router::new().fallback(move |req| routes::handle(state.clone(), req))
}
