//! The Warehouse: each image CI pushes becomes Freight after a short (scaled) discovery delay,
//! named by content, with a generated alias, its image and its commit. A build that crashes at
//! run time (the talk's `feature/error`) is handed to the kubelet's crash rule here, the moment
//! it enters the system. Refresh annotations are acknowledged as Kargo does.

use serde_json::{Value, json};

use super::objects::{list, modify};
use super::seed::{alias, freight_name, freight_object};
use super::{GitopsSim, PROJECT, WAREHOUSE};
use crate::meta;
use crate::registry::gitops::{FREIGHTS, STAGES, WAREHOUSES};
use crate::resource::Res;
use crate::world::World;
use showrunner_model::kargo::models::REFRESH_ANNOTATION;

/// How long after a push the warehouse notices it (its poll interval, shortened for the demo).
const DISCOVERY_SECS: f64 = 3.0;

pub fn reconcile(w: &World, sim: &GitopsSim) {
    discover(w, sim);
    for res in [&WAREHOUSES, &STAGES] {
        acknowledge_refresh(w, res);
    }
}

fn discover(w: &World, sim: &GitopsSim) {
    let existing = list(&w.store, &FREIGHTS, PROJECT);
    let mut taken: Vec<String> = existing
        .iter()
        .filter_map(|f| f.get("alias").and_then(Value::as_str).map(String::from))
        .collect();
    for build in w.images.builds() {
        if build.broken {
            let mut crash = w.crash_images.write().unwrap_or_else(|e| e.into_inner());
            if !crash.contains(&build.tag) {
                crash.push(build.tag.clone());
            }
        }
        let name = freight_name(&build);
        if existing.iter().any(|f| meta::name(f) == name) {
            continue;
        }
        if sim.elapsed(&format!("build/{}", build.tag)) < w.clock.scaled(DISCOVERY_SECS) {
            continue;
        }
        let alias = alias(&name, &taken);
        taken.push(alias.clone());
        let created = meta::now_rfc3339();
        match w
            .store
            .create(&FREIGHTS, freight_object(&build, &alias, &created))
        {
            Ok(_) => {
                tracing::info!(freight = %alias, tag = %build.tag, "warehouse discovered new freight");
                let _ = modify(&w.store, &WAREHOUSES, PROJECT, WAREHOUSE, |wh| {
                    meta::set_path(wh, &["status", "lastFreightID"], json!(name));
                    meta::set_path(
                        wh,
                        &["status", "discoveredArtifacts", "discoveredAt"],
                        json!(created),
                    );
                });
            }
            Err(e) => tracing::warn!(error = %e.message, "warehouse could not create freight"),
        }
    }
}

/// `kargo.akuity.io/refresh: <token>` → `status.lastHandledRefresh: <token>`.
fn acknowledge_refresh(w: &World, res: Res) {
    for obj in list(&w.store, res, PROJECT) {
        let token = obj
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(REFRESH_ANNOTATION))
            .and_then(Value::as_str);
        let handled = obj
            .pointer("/status/lastHandledRefresh")
            .and_then(Value::as_str);
        if let Some(token) = token.filter(|t| Some(*t) != handled) {
            let token = token.to_string();
            let _ = modify(&w.store, res, PROJECT, meta::name(&obj), |o| {
                meta::set_path(o, &["status", "lastHandledRefresh"], json!(token))
            });
        }
    }
}
