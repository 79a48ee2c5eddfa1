//! `--metrics-out`: what a run cost, measured in the running app rather than asserted in tests.
//! Frame time, watch-event-to-frame latency, time to the first complete screen, peak RSS, CPU
//! time and API requests. `scripts/perf.sh` runs the load benchmark that reads them.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

/// Latency samples with bounded memory: beyond `CAP` samples, reservoir sampling keeps a
/// uniform subset, so percentiles stay honest on long runs.
#[derive(Debug, Default)]
pub struct Samples {
    values: Vec<u32>,
    seen: u64,
    rng: u64,
}

const CAP: usize = 100_000;

impl Samples {
    pub fn record(&mut self, d: Duration) {
        let micros = d.as_micros().min(u32::MAX as u128) as u32;
        self.seen += 1;
        if self.values.len() < CAP {
            self.values.push(micros);
            return;
        }
        // xorshift: deterministic, dependency-free, good enough for sampling.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        if self.rng == 0 {
            self.rng = 0x9E37_79B9_7F4A_7C15;
        }
        let slot = self.rng % self.seen;
        if (slot as usize) < CAP {
            self.values[slot as usize] = micros;
        }
    }

    pub fn count(&self) -> u64 {
        self.seen
    }

    /// Percentile in milliseconds (nearest rank); None without samples.
    pub fn percentile_ms(&self, p: f64) -> Option<f64> {
        if self.values.is_empty() {
            return None;
        }
        let mut sorted = self.values.clone();
        sorted.sort_unstable();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        Some(sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0)
    }
}

#[derive(Debug)]
pub struct Metrics {
    started: Instant,
    pub frame_time: Samples,
    pub event_to_frame: Samples,
    /// The same, for events drawn after the first complete screen: the steady state, without
    /// the initial list's bursts (hundreds of events a frame while the watches start).
    event_to_frame_under_churn: Samples,
    /// When the first frame showing every watched pod namespace fully listed was drawn, and
    /// the CPU time spent by then: what follows is the steady state under churn.
    first_complete: Option<Duration>,
    cpu_at_first_complete: Option<f64>,
    requests: Vec<Arc<AtomicU64>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        Metrics {
            started: Instant::now(),
            frame_time: Samples::default(),
            event_to_frame: Samples::default(),
            event_to_frame_under_churn: Samples::default(),
            first_complete: None,
            cpu_at_first_complete: None,
            requests: Vec::new(),
        }
    }

    /// A watch event reached the screen `latency` after it reached the app. Call before
    /// `frame_drawn` for the frame that showed it.
    pub fn event_drawn(&mut self, latency: Duration) {
        self.event_to_frame.record(latency);
        if self.first_complete.is_some() {
            self.event_to_frame_under_churn.record(latency);
        }
    }

    /// A frame was drawn at `at`; `complete` when every pod namespace had been listed.
    pub fn frame_drawn(&mut self, at: Instant, complete: bool) {
        if complete && self.first_complete.is_none() {
            self.first_complete = Some(at.saturating_duration_since(self.started));
            self.cpu_at_first_complete = cpu_seconds();
        }
    }

    pub fn count_requests_of(&mut self, counter: Arc<AtomicU64>) {
        self.requests.push(counter);
    }

    pub fn report(&self) -> serde_json::Value {
        let ms = |s: &Samples, p| s.percentile_ms(p);
        json!({
            "uptime_seconds": self.started.elapsed().as_secs_f64(),
            "frames": self.frame_time.count(),
            "frame_time_ms": {"p50": ms(&self.frame_time, 50.0), "p99": ms(&self.frame_time, 99.0)},
            "watch_events": self.event_to_frame.count(),
            "event_to_frame_ms": {"p50": ms(&self.event_to_frame, 50.0), "p99": ms(&self.event_to_frame, 99.0)},
            "event_to_frame_under_churn_ms": {
                "p50": ms(&self.event_to_frame_under_churn, 50.0),
                "p99": ms(&self.event_to_frame_under_churn, 99.0),
            },
            "first_complete_screen_seconds": self.first_complete.map(|d| d.as_secs_f64()),
            "peak_rss_mb": peak_rss_kb().map(|kb| kb as f64 / 1024.0),
            "cpu_seconds": cpu_seconds(),
            "cpu_seconds_at_first_complete_screen": self.cpu_at_first_complete,
            "api_requests": self.requests.iter().map(|c| c.load(Ordering::Relaxed)).sum::<u64>(),
        })
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(&self.report()).expect("metrics serialise");
        std::fs::write(path, text + "\n")
    }
}

/// VmHWM: the process's peak resident set, in kB (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU time of this process (Linux), assuming the usual 100 Hz clock ticks.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut s = Samples::default();
        for ms in 1..=100 {
            s.record(Duration::from_millis(ms));
        }
        assert_eq!(s.percentile_ms(50.0), Some(50.0));
        assert_eq!(s.percentile_ms(99.0), Some(99.0));
        assert_eq!(Samples::default().percentile_ms(50.0), None);
    }

    #[test]
    fn latency_under_churn_counts_only_events_after_the_first_complete_screen() {
        let mut m = Metrics::new();
        m.event_drawn(Duration::from_millis(40));
        m.frame_drawn(Instant::now(), false);
        m.event_drawn(Duration::from_millis(30));
        m.frame_drawn(Instant::now(), true);
        m.event_drawn(Duration::from_millis(5));
        m.frame_drawn(Instant::now(), true);
        let r = m.report();
        assert_eq!(r["watch_events"], 3);
        assert_eq!(r["event_to_frame_ms"]["p99"], 40.0);
        assert_eq!(r["event_to_frame_under_churn_ms"]["p99"], 5.0);
        assert_eq!(r["event_to_frame_under_churn_ms"]["p50"], 5.0);
    }

    #[test]
    fn samples_stay_bounded() {
        let mut s = Samples::default();
        for i in 0..(CAP as u64 + 5_000) {
            s.record(Duration::from_micros(i));
        }
        assert_eq!(s.values.len(), CAP);
        assert_eq!(s.count(), CAP as u64 + 5_000);
    }

    #[test]
    fn report_has_the_promised_fields() {
        let mut m = Metrics::new();
        m.count_requests_of(Arc::new(AtomicU64::new(7)));
        let r = m.report();
        assert_eq!(r["api_requests"], 7);
        assert!(r["peak_rss_mb"].as_f64().unwrap() > 0.0);
        assert!(r.get("event_to_frame_ms").is_some());
        assert!(
            r["first_complete_screen_seconds"].is_null(),
            "no complete frame yet"
        );
    }

    #[test]
    fn first_complete_screen_is_the_first_complete_frame() {
        let mut m = Metrics::new();
        let t0 = m.started;
        m.frame_drawn(t0 + Duration::from_millis(100), false);
        assert!(m.report()["first_complete_screen_seconds"].is_null());
        m.frame_drawn(t0 + Duration::from_millis(1500), true);
        m.frame_drawn(t0 + Duration::from_millis(2500), true);
        assert_eq!(m.report()["first_complete_screen_seconds"], 1.5);
        assert!(
            m.report()["cpu_seconds_at_first_complete_screen"]
                .as_f64()
                .is_some()
        );
    }
}
