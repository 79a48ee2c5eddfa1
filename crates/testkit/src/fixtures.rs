//! Hand-written pods shaped like the sandbox's (and a real cluster's), with a fixed clock.

use std::time::Instant;

use k8s_openapi::jiff::{Timestamp, ToSpan};
use showrunner::app::action::{PodChange, PodsUpdate};
use showrunner::app::{Action, AppState, update};
use showrunner::keymap::Keymap;
use showrunner::kube::pod_summary::{ConditionSummary, ContainerSummary, PodSummary, health_of};

pub fn now() -> Timestamp {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

pub fn pod(
    ns: &str,
    name: &str,
    status: &str,
    ready: u32,
    restarts: u32,
    age_secs: i64,
    tag: &str,
) -> PodSummary {
    let created = now() - age_secs.seconds();
    let container = |n: &str| ContainerSummary {
        name: n.into(),
        image: format!(
            "ghcr.io/showrunner-demo/{}:{tag}",
            name.split('-').next().unwrap_or(name)
        ),
        ready: ready > 0,
        restarts,
        state: if status == "Running" {
            "Running".into()
        } else {
            format!("Waiting: {status}")
        },
        last_state: (restarts > 0).then(|| "Terminated: Error (exit 1)".into()),
    };
    PodSummary {
        namespace: ns.into(),
        name: name.into(),
        status: status.into(),
        health: health_of(status, ready, 1),
        ready,
        total: 1,
        restarts,
        last_restart: (restarts > 0).then(|| now() - 90.seconds()),
        created: Some(created),
        image_tag: tag.into(),
        node: Some("sandbox-node".into()),
        pod_ip: Some("10.42.0.7".into()),
        uid: format!("uid-{name}").into(),
        owner: None,
        containers: vec![container(if name.starts_with("frontend") {
            "web"
        } else {
            "app"
        })]
        .into(),
        conditions: vec![
            ConditionSummary {
                kind: "PodScheduled".into(),
                status: "True".into(),
                reason: String::new(),
                message: String::new(),
            },
            ConditionSummary {
                kind: "Ready".into(),
                status: if ready > 0 { "True" } else { "False" }.into(),
                reason: if ready > 0 {
                    String::new()
                } else {
                    "ContainersNotReady".into()
                },
                message: String::new(),
            },
        ]
        .into(),
    }
}

pub fn relist(state: &mut AppState, ns: &str, pods: Vec<PodSummary>) {
    update(
        state,
        Action::Pods(PodsUpdate {
            namespace: ns.into(),
            change: PodChange::Relisted(pods),
            received: Instant::now(),
        }),
    );
}

/// The demo's three namespaces as the sandbox shows them a few minutes after start.
pub fn demo_state(width: u16, height: u16) -> AppState {
    let mut state = AppState::new(
        "sandbox".into(),
        vec!["dev".into(), "stg".into(), "prod".into()],
        Keymap::defaults(),
        now(),
    );
    state.size = (width, height);
    relist(
        &mut state,
        "dev",
        vec![
            pod(
                "dev",
                "backend-6f7c9d8b5-2xkqp",
                "Running",
                1,
                0,
                300,
                "a1b2c3d",
            ),
            pod(
                "dev",
                "backend-6f7c9d8b5-9hj4w",
                "Running",
                1,
                0,
                290,
                "a1b2c3d",
            ),
            pod(
                "dev",
                "frontend-7d9f6c5b8-mz2rt",
                "Running",
                1,
                0,
                3600,
                "1.4.2",
            ),
        ],
    );
    relist(
        &mut state,
        "stg",
        vec![
            pod(
                "stg",
                "backend-5c8d7f6a4-qq8zn",
                "CrashLoopBackOff",
                0,
                4,
                420,
                "e4f5a6b",
            ),
            pod(
                "stg",
                "backend-5c8d7f6a4-t7v2m",
                "ContainerCreating",
                0,
                0,
                5,
                "e4f5a6b",
            ),
            pod(
                "stg",
                "frontend-7d9f6c5b8-k2l9d",
                "Running",
                1,
                0,
                7200,
                "1.4.2",
            ),
        ],
    );
    relist(
        &mut state,
        "prod",
        vec![
            pod(
                "prod",
                "backend-4b7c6e5d3-8wnfx",
                "Running",
                1,
                0,
                86_400 * 3,
                "9f8e7d6",
            ),
            pod(
                "prod",
                "backend-4b7c6e5d3-p5r6s",
                "Running",
                1,
                1,
                86_400 * 3,
                "9f8e7d6",
            ),
            pod(
                "prod",
                "frontend-7d9f6c5b8-c4x8j",
                "Running",
                1,
                0,
                86_400 * 9,
                "1.4.2",
            ),
        ],
    );
    super::gitops::load_demo(&mut state);
    super::ci::load_demo(&mut state);
    state.prepare_frame();
    state
}

/// Draws the whole screen into a test backend, as a frame would show it.
pub fn render(state: &mut AppState) -> String {
    state.prepare_frame();
    let size = state.size;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1)).unwrap();
    terminal
        .draw(|f| {
            showrunner::panes::frame::draw(f, state, &showrunner::theme::Theme::default_theme())
        })
        .unwrap();
    terminal.backend().to_string()
}
