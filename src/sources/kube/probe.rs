//! When to ask the API server whether a failed watch can start again. A watch that resumes
//! after an error emits nothing until something changes, so the watcher asks directly.

use std::time::Duration;

/// Unreachable servers are asked often: the demo's cluster usually comes back within seconds,
/// and stale rows should not outlive its return by more than this.
const UNREACHABLE_MAX: Duration = Duration::from_secs(2);
/// A server that answers but refuses (403, 404) is not fixed by asking often.
const REFUSED_MAX: Duration = Duration::from_secs(30);
const FIRST: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct Probe {
    at: Option<tokio::time::Instant>,
    delay: Duration,
}

impl Probe {
    pub fn armed(&self) -> bool {
        self.at.is_some()
    }

    pub fn arm(&mut self) {
        if self.at.is_none() {
            self.delay = FIRST;
            self.at = Some(tokio::time::Instant::now() + self.delay);
        }
    }

    /// The server still refuses (`refused`) or still cannot be reached.
    pub fn backoff(&mut self, refused: bool) {
        let max = if refused {
            REFUSED_MAX
        } else {
            UNREACHABLE_MAX
        };
        self.delay = (self.delay * 2).min(max);
        self.at = Some(tokio::time::Instant::now() + self.delay);
    }

    pub fn disarm(&mut self) {
        self.at = None;
    }

    pub async fn wait(&self) {
        match self.at {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    }
}
