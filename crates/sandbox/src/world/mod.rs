//! The simulated cluster behind the API: controllers that react to store changes the way
//! kube-controller-manager and a kubelet would, on a clock scaled by `speed`.

pub mod ci;
pub mod ci_docker;
pub mod ci_log;
pub mod ci_output;
pub mod ci_runner;
pub mod ci_script;
pub mod ci_seed;
pub mod ci_steps;
pub mod ci_tools;
pub mod ci_watch;
pub mod crash;
pub mod deletion;
pub mod deployment;
pub mod deployment_fields;
pub mod deploystatus;
pub mod events;
pub mod images;
pub mod kubelet;
pub mod load;
pub mod log_line;
pub mod logbook;
pub mod loglines;
pub mod podstatus;
pub mod quietlog;
pub mod replicaset;
pub mod seed;
#[cfg(test)]
mod tests;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use self::events::EventRecorder;
use self::logbook::LogBook;
use self::loglines::LogWriter;
use super::registry::Registry;
use super::resource::Res;
use super::rng;
use super::store::{Change, Store};

/// Simulated time: every base delay is divided by `speed`.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub speed: f64,
}

impl Clock {
    pub fn scaled(&self, base_secs: f64) -> Duration {
        let speed = if self.speed.is_finite() && self.speed > 0.0 {
            self.speed
        } else {
            1.0
        };
        Duration::from_secs_f64((base_secs / speed).clamp(0.0, 86_400.0))
    }

    /// A scaled delay uniformly between `lo` and `hi` seconds, for realistic jitter.
    pub fn between(&self, lo: f64, hi: f64) -> Duration {
        self.scaled(lo + (hi - lo) * rng::unit())
    }
}

pub struct World {
    pub store: Arc<Store>,
    pub registry: Registry,
    pub logs: Arc<LogBook>,
    pub writer: Arc<LogWriter>,
    pub events: EventRecorder,
    pub clock: Clock,
    /// Images (full reference or just the tag) whose containers crash after starting.
    /// Changeable while running: the GitOps simulation learns the broken image's tag late.
    pub crash_images: std::sync::RwLock<Vec<String>>,
    pub cancel: CancellationToken,
    /// What CI pushed; the Warehouse simulation discovers freight from it.
    pub images: images::ImageRegistry,
}

impl World {
    pub fn crash_images(&self) -> Vec<String> {
        self.crash_images
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Runs `fut` until the sandbox shuts down.
    pub fn spawn(&self, fut: impl Future<Output = ()> + Send + 'static) {
        let cancel = self.cancel.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = cancel.cancelled() => {}
                _ = fut => {}
            }
        });
    }
}

/// The informer loop every controller uses: the current objects of `primary` first, then
/// every change in the store; after falling behind, `on_resync` and a fresh snapshot (changes
/// missed meanwhile, deletions included, are only visible through that snapshot).
pub async fn informer(
    store: &Store,
    primary: Res,
    mut on_object: impl FnMut(&crate::store::Object),
    mut on_change: impl FnMut(&Change),
    mut on_resync: impl FnMut(),
) {
    let mut first = true;
    loop {
        if !std::mem::take(&mut first) {
            on_resync();
        }
        let sub = store.snapshot(primary, None);
        let mut rx = sub.rx;
        // Consumed, not kept while following changes: the snapshot would pin every object
        // version it held (100,000 seed pods under load) long after they were replaced.
        for obj in sub.initial {
            on_object(&obj);
        }
        loop {
            match rx.recv().await {
                Ok(change) => on_change(&change),
                Err(RecvError::Lagged(_)) => break,
                Err(RecvError::Closed) => return,
            }
        }
    }
}
