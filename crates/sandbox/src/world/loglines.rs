//! What the simulated containers print, and the task that makes them print it over time:
//! a timer heap keyed by the next line's due time, so 10,000 quiet containers cost nothing
//! between their lines. Quiet workers' lines are made on demand (`quietlog`); for them the
//! heap only tells followers of each line at its time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use tokio::sync::Notify;
use tokio::time::{Instant, sleep_until};

use super::Clock;
use super::log_line::LogKey;
use super::logbook::LogBook;
use super::quietlog::QuietLog;
use crate::rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Profile {
    /// nginx access log (frontend).
    Nginx,
    /// Structured JSON request log with health checks (backend).
    Api,
    /// A quiet batch worker (load pods).
    Worker,
}

const PATHS: &[&str] = &[
    "/api/users",
    "/api/users/42",
    "/api/orders",
    "/api/orders/7/items",
    "/api/login",
    "/api/search?q=shoes",
];
const STATIC: &[&str] = &[
    "/",
    "/index.html",
    "/static/app.3f9c2a.js",
    "/static/app.css",
    "/favicon.ico",
    "/users",
];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "curl/8.5.0",
];

fn pick<'a>(list: &[&'a str]) -> &'a str {
    list[rng::below(list.len())]
}

fn status_code() -> u16 {
    match rng::below(100) {
        0..=1 => 500,
        2..=5 => 404,
        6..=8 => 304,
        _ => 200,
    }
}

impl Profile {
    pub fn for_image(image: &str) -> Self {
        if image.contains("frontend") || image.contains("nginx") {
            Profile::Nginx
        } else if image.contains("load") {
            Profile::Worker
        } else {
            Profile::Api
        }
    }

    /// Lines kept for this kind of container, if fewer than the sandbox default.
    pub fn max_lines(self) -> Option<usize> {
        match self {
            Profile::Worker => Some(50),
            _ => None,
        }
    }

    /// Seconds between lines, before scaling.
    fn interval(self) -> (f64, f64) {
        match self {
            Profile::Nginx => (0.5, 3.0),
            Profile::Api => (0.3, 2.0),
            Profile::Worker => (15.0, 45.0),
        }
    }

    pub fn startup(self, image: &str) -> Vec<String> {
        let ts = Timestamp::now();
        match self {
            Profile::Nginx => vec![
                "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration".into(),
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh".into(),
                "/docker-entrypoint.sh: Configuration complete; ready for start up".into(),
                format!("{} [notice] 1#1: nginx/1.27.3", ts.strftime("%Y/%m/%d %H:%M:%S")),
                format!("{} [notice] 1#1: start worker processes", ts.strftime("%Y/%m/%d %H:%M:%S")),
            ],
            Profile::Api => vec![
                json_line("info", &format!("starting backend image={image}")),
                json_line("info", "connected to database host=postgres.data.svc port=5432"),
                json_line("info", "listening addr=0.0.0.0:8080"),
            ],
            Profile::Worker => vec![format!("{} worker started, polling queue jobs", ts.strftime("%H:%M:%S"))],
        }
    }

    pub fn line(self, seq: u64) -> String {
        let ts = Timestamp::now();
        match self {
            Profile::Nginx => format!(
                "10.244.{}.{} - - [{}] \"GET {} HTTP/1.1\" {} {} \"-\" \"{}\"",
                rng::below(4),
                2 + rng::below(250),
                ts.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                pick(STATIC),
                status_code(),
                200 + rng::below(40_000),
                pick(AGENTS)
            ),
            Profile::Api if seq.is_multiple_of(8) => format!(
                "{{\"time\":\"{}\",\"level\":\"debug\",\"msg\":\"health check\",\"path\":\"/healthz\",\"status\":200,\"duration_ms\":1}}",
                ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            ),
            Profile::Api => {
                let code = status_code();
                let level = if code >= 500 { "error" } else { "info" };
                let method = if rng::below(4) == 0 { "POST" } else { "GET" };
                format!(
                    "{{\"time\":\"{}\",\"level\":\"{level}\",\"msg\":\"request\",\"method\":\"{method}\",\"path\":\"{}\",\"status\":{code},\"duration_ms\":{}}}",
                    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ"),
                    pick(PATHS),
                    2 + rng::below(180)
                )
            }
            Profile::Worker => format!(
                "{} processed batch={} items={} took={}ms",
                ts.strftime("%H:%M:%S"),
                seq,
                rng::below(500),
                5 + rng::below(900)
            ),
        }
    }

    pub fn crash_lines(self) -> Vec<String> {
        vec![
            json_line("error", "unhandled exception: KeyError: 'user_id'"),
            "Traceback (most recent call last):".into(),
            "  File \"/app/server.py\", line 88, in handle_request".into(),
            "    user = payload['user_id']".into(),
            "KeyError: 'user_id'".into(),
        ]
    }

    pub fn shutdown_lines(self) -> Vec<String> {
        match self {
            Profile::Nginx => vec![format!(
                "{} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
                Timestamp::now().strftime("%Y/%m/%d %H:%M:%S")
            )],
            Profile::Api => vec![
                json_line("info", "received SIGTERM, draining connections"),
                json_line("info", "shutdown complete"),
            ],
            Profile::Worker => vec!["worker stopping".into()],
        }
    }
}

fn json_line(level: &str, msg: &str) -> String {
    let msg = serde_json::to_string(msg).unwrap_or_default();
    format!(
        "{{\"time\":\"{}\",\"level\":\"{level}\",\"msg\":{msg}}}",
        Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
    )
}

/// (due, line number, container, profile, a made line's time)
type Entry = Reverse<(Instant, u64, LogKey, Profile, Option<Timestamp>)>;

/// When on this process's monotonic clock the wall-clock time `at` comes.
fn instant_of(at: Timestamp) -> Instant {
    let ahead = at.duration_since(Timestamp::now());
    Instant::now() + std::time::Duration::try_from(ahead).unwrap_or_default()
}

/// Schedules the next line of every running container.
#[derive(Default)]
pub struct LogWriter {
    heap: Mutex<BinaryHeap<Entry>>,
    wake: Notify,
}

impl LogWriter {
    /// Starts periodic output for a container whose log instance exists in the LogBook.
    pub fn schedule(&self, key: LogKey, profile: Profile, clock: Clock) {
        let (lo, hi) = profile.interval();
        let due = Instant::now() + clock.between(lo, hi);
        self.heap
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Reverse((due, 1, key, profile, None)));
        self.wake.notify_one();
    }

    /// Tells followers of a made log each line at its time (see `quietlog`).
    pub fn schedule_made(&self, key: LogKey, made: &QuietLog) {
        let at = made.first();
        self.heap
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Reverse((instant_of(at), 1, key, Profile::Worker, Some(at))));
        self.wake.notify_one();
    }

    /// Writes due lines forever; entries whose container instance is gone are dropped.
    pub async fn run(self: Arc<Self>, logs: Arc<LogBook>, clock: Clock) {
        loop {
            let next = self
                .heap
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .peek()
                .map(|e| e.0.0);
            let Some(due) = next else {
                self.wake.notified().await;
                continue;
            };
            tokio::select! {
                _ = sleep_until(due) => {}
                _ = self.wake.notified() => continue,
            }
            let now = Instant::now();
            loop {
                let entry = {
                    let mut heap = self.heap.lock().unwrap_or_else(|e| e.into_inner());
                    match heap.peek() {
                        Some(e) if e.0.0 <= now => heap.pop(),
                        _ => None,
                    }
                };
                let Some(Reverse((_, seq, key, profile, at))) = entry else {
                    break;
                };
                let Some(log) = logs.current(&key) else {
                    continue;
                };
                let next = match (log.made(), at) {
                    (Some(made), Some(at)) => {
                        log.announce(made.line(seq, at));
                        let next_at = at.saturating_add(made.gap(seq + 1)).unwrap_or(at);
                        (instant_of(next_at), Some(next_at))
                    }
                    _ => {
                        log.push(profile.line(seq));
                        let (lo, hi) = profile.interval();
                        (now + clock.between(lo, hi), None)
                    }
                };
                self.heap
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(Reverse((next.0, seq + 1, key, profile, next.1)));
            }
        }
    }
}
