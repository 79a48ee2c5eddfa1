//! The STATUS column exactly as `kubectl get pods` prints it, ported from the API server's pod
//! printer (kubernetes `pkg/printers/internalversion/printers.go`, `printPod`), so the pane and
//! the terminal next to it never disagree.

use k8s_openapi::jiff::Timestamp;

use super::pod_wire::{Container, ContainerStatus, Pod, PodStatus};

/// What `kubectl get pods` shows for a pod, minus name and age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodDisplayStatus {
    pub reason: String,
    pub ready: u32,
    pub total: u32,
    pub restarts: u32,
    pub last_restart: Option<Timestamp>,
}

pub fn derive(pod: &Pod) -> PodDisplayStatus {
    let empty = PodStatus::default();
    let status = pod.status.as_ref().unwrap_or(&empty);
    let spec_init: &[Container] = pod
        .spec
        .as_ref()
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or(&[]);
    let mut total = pod.spec.as_ref().map_or(0, |s| s.containers.len()) as u32;
    let mut ready = 0u32;
    let mut restarts = 0u32;
    let mut last_restart: Option<Timestamp> = None;

    let phase = status.phase.clone().unwrap_or_default();
    let mut reason = match status.reason.as_deref() {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => phase.clone(),
    };
    let gated = status
        .conditions
        .iter()
        .flatten()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"));
    if gated {
        reason = "SchedulingGated".into();
    }
    total += spec_init.iter().filter(|c| is_sidecar(c)).count() as u32;

    let mut sidecar_restarts = 0u32;
    let mut initializing = false;
    let init_statuses = status.init_container_statuses.as_deref().unwrap_or(&[]);
    for (i, c) in init_statuses.iter().enumerate() {
        restarts += c.restart_count as u32;
        bump_last_restart(&mut last_restart, c);
        if spec_init.iter().any(|s| s.name == c.name && is_sidecar(s)) {
            sidecar_restarts += c.restart_count as u32;
            if c.started == Some(true) && c.ready {
                ready += 1;
            }
            continue;
        }
        let state = c.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting_reason = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_deref());
        match (terminated, waiting_reason) {
            (Some(t), _) if t.exit_code == 0 => continue,
            (Some(t), _) => {
                reason = match t.reason.as_deref() {
                    Some(r) if !r.is_empty() => format!("Init:{r}"),
                    _ if t.signal.unwrap_or(0) != 0 => {
                        format!("Init:Signal:{}", t.signal.unwrap_or(0))
                    }
                    _ => format!("Init:ExitCode:{}", t.exit_code),
                };
            }
            (None, Some(w)) if !w.is_empty() && w != "PodInitializing" => {
                reason = format!("Init:{w}")
            }
            _ => reason = format!("Init:{}/{}", i, spec_init.len()),
        }
        initializing = true;
        break;
    }

    let initialized = status
        .conditions
        .iter()
        .flatten()
        .any(|c| c.type_ == "Initialized" && c.status == "True");
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last_restart = None;
        let mut has_running = false;
        for c in status.container_statuses.iter().flatten().rev() {
            restarts += c.restart_count as u32;
            bump_last_restart(&mut last_restart, c);
            let state = c.state.as_ref();
            let waiting = state
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| w.reason.as_deref());
            let terminated = state.and_then(|s| s.terminated.as_ref());
            if let Some(w) = waiting.filter(|w| !w.is_empty()) {
                reason = w.to_string();
            } else if let Some(t) = terminated {
                reason = match t.reason.as_deref() {
                    Some(r) if !r.is_empty() => r.to_string(),
                    _ if t.signal.unwrap_or(0) != 0 => format!("Signal:{}", t.signal.unwrap_or(0)),
                    _ => format!("ExitCode:{}", t.exit_code),
                };
            } else if c.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready = status
                .conditions
                .iter()
                .flatten()
                .any(|c| c.type_ == "Ready" && c.status == "True");
            reason = if pod_ready {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }

    if pod.metadata.deletion_timestamp.is_some() {
        if status.reason.as_deref() == Some("NodeLost") {
            reason = "Unknown".into();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".into();
        }
    }
    PodDisplayStatus {
        reason,
        ready,
        total,
        restarts,
        last_restart,
    }
}

/// Init containers with `restartPolicy: Always` are sidecars: they count as regular containers.
fn is_sidecar(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

fn bump_last_restart(last: &mut Option<Timestamp>, c: &ContainerStatus) {
    let finished = c
        .last_state
        .as_ref()
        .and_then(|s| s.terminated.as_ref())
        .and_then(|t| t.finished_at.as_ref());
    if let Some(at) = finished
        && last.is_none_or(|l| l < at.0)
    {
        *last = Some(at.0);
    }
}

#[cfg(test)]
mod tests;
