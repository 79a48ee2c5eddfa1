//! The simulated node: every pod gets a task that walks it through scheduling, image pull and
//! start (emitting the events a real node emits), writes its logs, crashes it in a loop when
//! the crash rule says so, and removes it after a short grace once it is being deleted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Notify;

use super::crash;
use super::events::Source;
use super::log_line::LogKey;
use super::loglines::Profile;
use super::podstatus;
use super::quietlog::QuietLog;
use super::{World, informer};
use crate::meta;
use crate::registry::PODS;
use crate::store::{ChangeKind, Object};

/// Pod uid → wake-up for its task (deletion requested or pod gone).
type Tracked = Arc<Mutex<HashMap<String, Arc<Notify>>>>;

pub async fn run(world: Arc<World>) {
    let tracked: Tracked = Arc::default();
    let wake = |uid: &str| {
        if let Some(n) = tracked.lock().unwrap_or_else(|e| e.into_inner()).get(uid) {
            n.notify_one();
        }
    };
    let adopt = |pod: &Object| {
        let status = pod.field("status");
        let phase = status.as_ref().and_then(|s| s.get("phase")?.as_str());
        if phase == Some("Succeeded") || phase == Some("Failed") {
            return;
        }
        let uid = pod.uid().to_string();
        let notify = Arc::new(Notify::new());
        let mut map = tracked.lock().unwrap_or_else(|e| e.into_inner());
        if map.contains_key(&uid) {
            return;
        }
        map.insert(uid.clone(), notify.clone());
        let (w, t, w2) = (world.clone(), tracked.clone(), world.clone());
        let (ns, name) = (pod.namespace().to_string(), pod.name().to_string());
        let (ns2, name2) = (ns.clone(), name.clone());
        world.spawn(async move {
            PodTask {
                w,
                ns,
                name,
                uid: uid.clone(),
                stop: notify,
            }
            .run()
            .await;
            t.lock().unwrap_or_else(|e| e.into_inner()).remove(&uid);
            // The informer may have missed the deletion (after falling behind); a pod of the
            // same name but another uid is a new pod whose logs must stay.
            if w2.store.get(&PODS, &ns2, &name2).is_none() {
                w2.logs.remove_pod(&ns2, &name2);
            }
        });
    };
    informer(
        &world.store,
        &PODS,
        adopt,
        |change| {
            if !std::ptr::eq(change.res, &PODS) {
                return;
            }
            match change.kind {
                ChangeKind::Added => adopt(&change.object),
                ChangeKind::Modified if change.object.is_terminating() => wake(change.object.uid()),
                ChangeKind::Modified => {}
                ChangeKind::Deleted => {
                    wake(change.object.uid());
                    world
                        .logs
                        .remove_pod(change.object.namespace(), change.object.name());
                }
            }
        },
        || {
            // Deletions may have been missed: every task re-checks its pod (spurious wakes are
            // harmless, see `PodTask::stopping`).
            for n in tracked.lock().unwrap_or_else(|e| e.into_inner()).values() {
                n.notify_one();
            }
        },
    )
    .await;
}

struct PodTask {
    w: Arc<World>,
    ns: String,
    name: String,
    uid: String,
    stop: Arc<Notify>,
}

enum Step {
    Continue,
    Stop,
}

impl PodTask {
    fn current(&self) -> Option<Value> {
        self.w
            .store
            .read(&PODS, &self.ns, &self.name)
            .filter(|p| meta::uid(p) == self.uid)
    }

    /// The pod is gone or being deleted: the only reasons a task stops early.
    fn stopping(&self) -> bool {
        self.w
            .store
            .get(&PODS, &self.ns, &self.name)
            .filter(|p| p.uid() == self.uid)
            .is_none_or(|p| p.is_terminating())
    }

    /// Sleeps, unless deletion is requested first.
    async fn wait(&self, d: Duration) -> Step {
        let deadline = tokio::time::Instant::now() + d;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => return Step::Continue,
                _ = self.stop.notified() => if self.stopping() { return Step::Stop },
            }
        }
    }

    fn update(&self, f: impl FnOnce(&mut Value)) -> Option<Value> {
        self.w
            .store
            .update(&PODS, &self.ns, &self.name, |cur| {
                if meta::uid(cur) != self.uid {
                    return Err(crate::error::ApiError::not_found(&PODS, &self.name));
                }
                let mut next = cur.clone();
                f(&mut next);
                Ok(next)
            })
            .ok()
    }

    fn event(
        &self,
        pod: &Value,
        source: Source,
        kind: &str,
        reason: &str,
        msg: &str,
        container: Option<&str>,
    ) {
        if meta::label(pod, super::load::LOAD_LABEL).is_some() {
            return; // load pods stay quiet so churn measures the API, not event spam
        }
        let fp = container.map(|c| format!("spec.containers{{{c}}}"));
        self.w
            .events
            .record(&self.w.store, pod, source, kind, reason, msg, fp.as_deref());
    }

    async fn run(self) {
        if let Step::Continue = self.start().await {
            self.live().await;
        }
        self.terminate().await;
    }

    /// Pending → scheduled → ContainerCreating → Running, skipping what is already done.
    async fn start(&self) -> Step {
        let Some(pod) = self.current() else {
            return Step::Stop;
        };
        if meta::is_terminating(&pod) {
            return Step::Stop;
        }
        if podstatus::is_running(&pod) {
            self.start_logs(&pod, false);
            return Step::Continue;
        }
        if meta::str_at(&pod, &["spec", "nodeName"])
            .unwrap_or("")
            .is_empty()
        {
            if let Step::Stop = self.wait(self.w.clock.between(0.2, 0.4)).await {
                return Step::Stop;
            }
            let Some(pod) = self.update(podstatus::scheduled) else {
                return Step::Stop;
            };
            let msg = format!(
                "Successfully assigned {}/{} to {}",
                self.ns,
                self.name,
                podstatus::NODE
            );
            self.event(&pod, Source::Scheduler, "Normal", "Scheduled", &msg, None);
        }
        if let Step::Stop = self.wait(self.w.clock.between(0.05, 0.15)).await {
            return Step::Stop;
        }
        let Some(pod) = self.update(podstatus::creating) else {
            return Step::Stop;
        };
        for (c, image) in podstatus::containers(&pod) {
            self.event(
                &pod,
                Source::Kubelet,
                "Normal",
                "Pulling",
                &format!("Pulling image \"{image}\""),
                Some(&c),
            );
        }
        let pull = self.w.clock.between(0.8, 1.8);
        if let Step::Stop = self.wait(pull).await {
            return Step::Stop;
        }
        for (c, image) in podstatus::containers(&pod) {
            let ms = pull.as_millis();
            let msg = format!(
                "Successfully pulled image \"{image}\" in {ms}ms ({ms}ms including waiting). Image size: 52428800 bytes."
            );
            self.event(&pod, Source::Kubelet, "Normal", "Pulled", &msg, Some(&c));
            self.event(
                &pod,
                Source::Kubelet,
                "Normal",
                "Created",
                &format!("Created container {c}"),
                Some(&c),
            );
            self.event(
                &pod,
                Source::Kubelet,
                "Normal",
                "Started",
                &format!("Started container {c}"),
                Some(&c),
            );
        }
        let Some(pod) = self.update(|p| podstatus::running(p, &meta::now_rfc3339())) else {
            return Step::Stop;
        };
        self.start_logs(&pod, true);
        Step::Continue
    }

    fn start_logs(&self, pod: &Value, fresh: bool) {
        for (c, image) in podstatus::containers(pod) {
            let key = (self.ns.clone(), self.name.clone(), c);
            self.start_log(key, &image, fresh);
        }
    }

    /// A container's log as it starts: a quiet worker's made on demand, anyone else's start-up
    /// lines, then lines written on its profile's schedule.
    fn start_log(&self, key: LogKey, image: &str, fresh: bool) {
        let profile = Profile::for_image(image);
        if profile == Profile::Worker {
            self.start_quiet_log(key, fresh);
            return;
        }
        let log = self.w.logs.start(key.clone(), profile.max_lines());
        profile.startup(image).into_iter().for_each(|l| log.push(l));
        self.w.writer.schedule(key, profile, self.w.clock);
    }

    /// Running until deletion; a crashing container exits, backs off and restarts meanwhile.
    async fn live(&self) {
        let Some(pod) = self.current() else { return };
        let rules = self.w.crash_images();
        let crashing: Vec<String> = podstatus::containers(&pod)
            .into_iter()
            .filter(|(_, image)| crash::pod_crashes(&pod, image, &rules))
            .map(|(c, _)| c)
            .collect();
        // Not kept while waiting: 100,000 tasks each holding a parsed pod (about 27 KB) would
        // be the memory the compact store saves.
        drop(pod);
        let Some(container) = crashing.first() else {
            while !self.stopping() {
                self.stop.notified().await;
            }
            return;
        };
        let mut restarts = 0u32;
        loop {
            if let Step::Stop = self.wait(self.w.clock.between(1.5, 3.0)).await {
                return;
            }
            let key = (self.ns.clone(), self.name.clone(), container.clone());
            if let Some(log) = self.w.logs.current(&key) {
                Profile::Api
                    .crash_lines()
                    .into_iter()
                    .for_each(|l| log.push(l));
            }
            self.w.logs.stop(&key);
            restarts += 1;
            let backoff = crash::backoff(restarts);
            let Some(pod) = self.update(|p| podstatus::crashed(p, container, 1, backoff as u64))
            else {
                return;
            };
            let msg = format!(
                "Back-off restarting failed container {container} in pod {}_{}({})",
                self.name, self.ns, self.uid
            );
            self.event(
                &pod,
                Source::Kubelet,
                "Warning",
                "BackOff",
                &msg,
                Some(container),
            );
            if let Step::Stop = self.wait(self.w.clock.scaled(backoff)).await {
                return;
            }
            let Some(pod) = self.update(|p| podstatus::restarted(p, container)) else {
                return;
            };
            self.event(
                &pod,
                Source::Kubelet,
                "Normal",
                "Started",
                &format!("Started container {container}"),
                Some(container),
            );
            let image = podstatus::containers(&pod)
                .into_iter()
                .find(|(c, _)| c == container)
                .map(|(_, i)| i)
                .unwrap_or_default();
            self.start_log(key, &image, true);
        }
    }

    /// A quiet worker's log is made on demand (`quietlog`): nothing is stored per line.
    fn start_quiet_log(&self, key: LogKey, fresh: bool) {
        let made = QuietLog::new(&key, jiff::Timestamp::now(), fresh, self.w.clock);
        self.w.writer.schedule_made(key.clone(), &made);
        self.w
            .logs
            .start_made(key, Profile::Worker.max_lines(), made);
    }

    /// Stops containers and removes the pod once its (shortened, scaled) grace has passed.
    async fn terminate(&self) {
        let Some(pod) = self.current() else { return };
        if !meta::is_terminating(&pod) {
            // Woken without a deletion (e.g. the pod was replaced): nothing to do.
            return;
        }
        for (c, image) in podstatus::containers(&pod) {
            self.event(
                &pod,
                Source::Kubelet,
                "Normal",
                "Killing",
                &format!("Stopping container {c}"),
                Some(&c),
            );
            if let Some(log) = self
                .w
                .logs
                .current(&(self.ns.clone(), self.name.clone(), c))
            {
                Profile::for_image(&image)
                    .shutdown_lines()
                    .into_iter()
                    .for_each(|l| log.push(l));
            }
        }
        let grace =
            meta::i64_at(&pod, &["metadata", "deletionGracePeriodSeconds"]).unwrap_or(30) as f64;
        // Demo apps exit promptly on SIGTERM; a second or so, never more than the grace.
        let _ = tokio::time::timeout(
            self.w
                .clock
                .between(0.5, 1.5)
                .min(self.w.clock.scaled(grace)),
            self.stop.notified(),
        )
        .await;
        let _ = self
            .w
            .store
            .delete(&PODS, &self.ns, &self.name, Some(&self.uid), None);
        self.w.logs.remove_pod(&self.ns, &self.name);
    }
}
