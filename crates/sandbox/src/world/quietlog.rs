//! A quiet worker's log (the load pods'), made on demand instead of stored: line `i`'s time and
//! text follow from the container instance (its key and start) and `i`, as a kubelet serves
//! what the container wrote. 100,000 load pods keeping 50 stored lines each grew the sandbox by
//! about 0.5 MB/s for the first 25 minutes (issue 14); this costs a few words a container.

use jiff::{SignedDuration, Timestamp};

use super::Clock;
use super::log_line::{LogKey, LogLine};

/// Seconds between lines, before the clock's scaling (as `Profile::Worker` writes them).
const INTERVAL: (f64, f64) = (15.0, 45.0);

#[derive(Debug, Clone)]
pub struct QuietLog {
    seed: u64,
    start: Timestamp,
    /// A fresh container prints its startup line (line 0); one found running does not.
    startup: bool,
    clock: Clock,
}

/// splitmix64: a well-mixed 64-bit hash step.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn seed_of(key: &LogKey, start: Timestamp) -> u64 {
    let mut h = mix(start.as_nanosecond() as u64);
    for part in [&key.0, &key.1, &key.2] {
        for b in part.bytes().chain([0xff]) {
            h = mix(h ^ u64::from(b));
        }
    }
    h
}

impl QuietLog {
    pub fn new(key: &LogKey, start: Timestamp, startup: bool, clock: Clock) -> Self {
        QuietLog {
            seed: seed_of(key, start),
            start,
            startup,
            clock,
        }
    }

    /// A number in 0..n for line `i`, draw `k`.
    fn draw(&self, i: u64, k: u64, n: u64) -> u64 {
        mix(self.seed ^ mix(i.wrapping_mul(4).wrapping_add(k))) % n
    }

    /// Time from line `i - 1` to line `i` (i ≥ 1).
    pub fn gap(&self, i: u64) -> SignedDuration {
        let unit = self.draw(i, 0, 1 << 20) as f64 / f64::from(1u32 << 20);
        let secs = INTERVAL.0 + (INTERVAL.1 - INTERVAL.0) * unit;
        // At least a millisecond, so reading a log always ends however fast the clock runs.
        SignedDuration::try_from(self.clock.scaled(secs))
            .unwrap_or(SignedDuration::ZERO)
            .max(SignedDuration::from_millis(1))
    }

    /// When line 1 is written.
    pub fn first(&self) -> Timestamp {
        self.start.saturating_add(self.gap(1)).unwrap_or(self.start)
    }

    /// Line `i` (written at `at`): the startup line for 0, else a processed batch.
    pub fn line(&self, i: u64, at: Timestamp) -> LogLine {
        let text = if i == 0 {
            format!(
                "{} worker started, polling queue jobs",
                at.strftime("%H:%M:%S")
            )
        } else {
            format!(
                "{} processed batch={i} items={} took={}ms",
                at.strftime("%H:%M:%S"),
                self.draw(i, 1, 500),
                5 + self.draw(i, 2, 900)
            )
        };
        LogLine { at, text }
    }

    /// The last `cap` lines written by `until`, oldest first.
    pub fn lines(&self, until: Timestamp, cap: usize) -> Vec<LogLine> {
        let mut times = std::collections::VecDeque::with_capacity(cap.min(64));
        if self.startup && self.start <= until {
            times.push_back((0, self.start));
        }
        let mut at = self.start;
        for i in 1.. {
            at = match at.saturating_add(self.gap(i)) {
                Ok(t) if t <= until => t,
                _ => break,
            };
            if times.len() == cap {
                times.pop_front();
            }
            times.push_back((i, at));
        }
        times.into_iter().map(|(i, at)| self.line(i, at)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(pod: &str) -> LogKey {
        ("dev".into(), pod.into(), "worker".into())
    }

    fn start() -> Timestamp {
        "2026-12-01T12:00:00Z".parse().unwrap()
    }

    fn texts(lines: &[LogLine]) -> Vec<String> {
        lines.iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn lines_are_deterministic_per_container_instance() {
        let clock = Clock { speed: 1.0 };
        let a = QuietLog::new(&key("load-1"), start(), true, clock);
        let later = start() + SignedDuration::from_secs(600);
        assert_eq!(
            texts(&a.lines(later, 50)),
            texts(&QuietLog::new(&key("load-1"), start(), true, clock).lines(later, 50)),
            "the same instance is read back the same"
        );
        let other = QuietLog::new(&key("load-2"), start(), true, clock);
        assert_ne!(texts(&a.lines(later, 50)), texts(&other.lines(later, 50)));
        let restarted = QuietLog::new(&key("load-1"), later, true, clock);
        assert_ne!(a.gap(1), restarted.gap(1), "a new instance is another draw");
    }

    #[test]
    fn lines_come_every_15_to_45_seconds_and_only_once_written() {
        let q = QuietLog::new(&key("load-1"), start(), true, Clock { speed: 1.0 });
        assert_eq!(
            texts(&q.lines(start(), 50)),
            ["12:00:00 worker started, polling queue jobs"]
        );
        let hour = start() + SignedDuration::from_secs(3600);
        let lines = q.lines(hour, usize::MAX);
        assert!((80..=241).contains(&lines.len()), "{} lines", lines.len());
        for pair in lines.windows(2) {
            let gap = pair[1].at.duration_since(pair[0].at).as_secs_f64();
            assert!((15.0..=45.0).contains(&gap), "{gap} s between lines");
        }
        assert!(lines.iter().all(|l| l.at <= hour));
        assert!(
            lines[1].text.contains("processed batch=1 "),
            "{}",
            lines[1].text
        );
        let first = q.first();
        assert_eq!(lines[1].at, first);
        assert_eq!(
            q.lines(first - SignedDuration::from_millis(1), 50).len(),
            1,
            "line 1 is not there before it is written"
        );
    }

    #[test]
    fn only_the_last_cap_lines_are_served_and_a_found_container_has_no_startup() {
        let q = QuietLog::new(&key("load-1"), start(), false, Clock { speed: 1.0 });
        let hour = start() + SignedDuration::from_secs(3600);
        let all = q.lines(hour, usize::MAX);
        let last = q.lines(hour, 50);
        assert_eq!(last.len(), 50);
        assert_eq!(texts(&last), texts(&all[all.len() - 50..]));
        assert!(all[0].text.contains("batch=1 "), "{}", all[0].text);
    }

    #[test]
    fn the_clock_scales_the_pace() {
        let q = QuietLog::new(&key("load-1"), start(), true, Clock { speed: 10.0 });
        let secs = q.gap(7).as_secs_f64();
        assert!((1.5..=4.5).contains(&secs), "{secs}");
    }
}
