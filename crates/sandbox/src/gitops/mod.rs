//! Kargo and Argo CD in the sandbox (their kinds are in `registry::gitops`): the Promotion admission webhook, and the
//! simulated controllers (warehouse, promotions, stages, Argo CD applications) that play the
//! talk's story on the sandbox clock. Everything the TUI sees goes through the API, in the real
//! objects' shapes.

pub mod argocd;
pub mod objects;
pub mod promotions;
pub mod repo;
pub mod seed;
pub mod stages;
pub mod warehouse;
pub mod webhook;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use self::repo::GitopsRepo;
use super::world::World;

pub const PROJECT: &str = "kargo-demo";
pub const ARGOCD_NS: &str = "argocd";
pub const WAREHOUSE: &str = "backend";
pub const GITOPS_REPO: &str = "https://github.com/showrunner-demo/gitops.git";
pub const APP_REPO: &str = "https://github.com/showrunner-demo/app.git";

pub fn app_for(stage: &str) -> String {
    format!("{stage}-app")
}

/// What the simulated controllers remember between passes: the GitOps repository's history,
/// when things started (precise, unlike the seconds in object timestamps), and auto-promotion
/// holds after a rollback.
#[derive(Default)]
pub struct GitopsSim {
    pub repo: GitopsRepo,
    timers: Mutex<HashMap<String, Instant>>,
    holds: Mutex<HashSet<(String, String)>>,
}

impl GitopsSim {
    /// Time since `key` was first seen (starting its clock now if it is new).
    pub fn elapsed(&self, key: &str) -> Duration {
        let mut timers = self.timers.lock().unwrap_or_else(|e| e.into_inner());
        timers
            .entry(key.to_string())
            .or_insert_with(Instant::now)
            .elapsed()
    }

    pub fn reset(&self, key: &str) {
        self.timers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }

    /// Forgets every timer under `prefix` (e.g. all of a stage's health timers).
    pub fn reset_prefix(&self, prefix: &str) {
        self.timers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|k, _| !k.starts_with(prefix));
    }

    pub fn hold(&self, stage: &str, freight: &str) {
        self.holds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((stage.into(), freight.into()));
    }

    pub fn is_held(&self, stage: &str, freight: &str) -> bool {
        self.holds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&(stage.into(), freight.into()))
    }
}

/// One pass of every controller, often (scaled by speed), cheap with a handful of objects.
pub async fn run(w: Arc<World>, sim: Arc<GitopsSim>) {
    loop {
        let tick = w.clock.scaled(0.25).max(Duration::from_millis(20));
        tokio::time::sleep(tick).await;
        warehouse::reconcile(&w, &sim);
        argocd::reconcile(&w, &sim);
        promotions::reconcile(&w, &sim);
        stages::reconcile(&w, &sim);
    }
}
