//! GitHub's primary rate limit for the `core` resource: a budget per identity (one per
//! token, one for anonymous callers) over a window of an hour that starts with the first
//! request. Times are real epoch seconds, passed in so tests need no clock.

use std::collections::HashMap;

pub const AUTHENTICATED_LIMIT: u64 = 5000;
/// api.github.com allows anonymous callers 60 an hour; the sandbox is generous by default so
/// an offline demo without a token never runs dry (`GithubFaults::set_anonymous_limit(60)`
/// restores GitHub's number).
pub const ANONYMOUS_LIMIT: u64 = 5000;
const WINDOW_SECS: i64 = 3600;

/// Who a request counts against. Tokens are kept only as a hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Identity {
    Anonymous,
    Token(u64),
}

impl Identity {
    pub fn of_token(token: &str) -> Identity {
        let d = sha1_smol::Sha1::from(token).digest().bytes();
        let mut b = [0u8; 8];
        b.copy_from_slice(&d[..8]);
        Identity::Token(u64::from_be_bytes(b))
    }
}

/// What the `X-RateLimit-*` headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub limit: u64,
    pub remaining: u64,
    pub used: u64,
    /// Epoch seconds when the window ends.
    pub reset: i64,
}

#[derive(Debug)]
struct Bucket {
    used: u64,
    reset: i64,
}

#[derive(Debug)]
pub struct RateLimiter {
    buckets: HashMap<Identity, Bucket>,
    anonymous_limit: u64,
    /// Test switch: every identity is out of requests until then.
    exhausted_until: Option<i64>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            buckets: HashMap::new(),
            anonymous_limit: ANONYMOUS_LIMIT,
            exhausted_until: None,
        }
    }
}

impl RateLimiter {
    fn limit(&self, who: Identity) -> u64 {
        match who {
            Identity::Anonymous => self.anonymous_limit,
            Identity::Token(_) => AUTHENTICATED_LIMIT,
        }
    }

    fn bucket(&mut self, who: Identity, now: i64) -> &mut Bucket {
        let b = self.buckets.entry(who).or_insert(Bucket {
            used: 0,
            reset: now + WINDOW_SECS,
        });
        if now >= b.reset {
            *b = Bucket {
                used: 0,
                reset: now + WINDOW_SECS,
            };
        }
        b
    }

    /// The headers for `who` without spending anything.
    pub fn peek(&mut self, who: Identity, now: i64) -> Snapshot {
        let limit = self.limit(who);
        if let Some(until) = self.exhausted_until.filter(|u| now < *u) {
            return Snapshot {
                limit,
                remaining: 0,
                used: limit,
                reset: until,
            };
        }
        let b = self.bucket(who, now);
        let used = b.used.min(limit);
        Snapshot {
            limit,
            remaining: limit - used,
            used,
            reset: b.reset,
        }
    }

    /// Nothing left: the request must be refused with these headers.
    pub fn refused(&mut self, who: Identity, now: i64) -> Option<Snapshot> {
        let s = self.peek(who, now);
        (s.remaining == 0).then_some(s)
    }

    /// Spends one request and returns the headers that go with its answer.
    pub fn spend(&mut self, who: Identity, now: i64) -> Snapshot {
        if self.exhausted_until.is_none_or(|u| now >= u) {
            let limit = self.limit(who);
            let b = self.bucket(who, now);
            b.used = (b.used + 1).min(limit);
        }
        self.peek(who, now)
    }

    pub fn exhaust_until(&mut self, until: Option<i64>) {
        self.exhausted_until = until;
    }

    pub fn set_anonymous_limit(&mut self, limit: u64) {
        self.anonymous_limit = limit;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spends_per_identity_and_resets_after_the_window() {
        let mut r = RateLimiter::default();
        let me = Identity::of_token("t1");
        assert_eq!(me, Identity::of_token("t1"));
        assert_ne!(me, Identity::of_token("t2"));
        let first = r.spend(me, 1000);
        assert_eq!(
            first,
            Snapshot {
                limit: 5000,
                remaining: 4999,
                used: 1,
                reset: 4600
            }
        );
        assert_eq!(r.spend(me, 1001).used, 2);
        assert_eq!(r.peek(me, 1002).used, 2, "peeking is free");
        assert_eq!(
            r.peek(Identity::Anonymous, 1002).used,
            0,
            "separate budgets"
        );
        assert_eq!(r.spend(me, 4600).used, 1, "a new window");
        assert_eq!(r.peek(me, 4601).reset, 8200);
    }

    #[test]
    fn runs_dry_then_refuses_until_reset() {
        let mut r = RateLimiter::default();
        r.set_anonymous_limit(2);
        let anon = Identity::Anonymous;
        assert!(r.refused(anon, 10).is_none());
        r.spend(anon, 10);
        let last = r.spend(anon, 11);
        assert_eq!((last.remaining, last.used), (0, 2));
        let refused = r.refused(anon, 12).expect("out of requests");
        assert_eq!(refused.reset, 3610);
        assert!(r.refused(anon, 3610).is_none(), "window over");
    }

    #[test]
    fn exhaustion_switch_applies_to_everyone_until_its_time() {
        let mut r = RateLimiter::default();
        let me = Identity::of_token("t");
        r.spend(me, 100);
        r.exhaust_until(Some(500));
        let s = r.refused(me, 200).expect("exhausted");
        assert_eq!((s.remaining, s.used, s.reset), (0, 5000, 500));
        assert!(r.refused(Identity::Anonymous, 200).is_some());
        assert_eq!(r.spend(me, 200).remaining, 0);
        assert!(r.refused(me, 500).is_none());
        assert_eq!(r.peek(me, 500).used, 1, "the real budget was left alone");
    }
}
