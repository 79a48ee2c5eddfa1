//! Frame cost with a big cluster in state. Targets (issue: foundation): a 160×48 frame with
//! 10,000 pods ≤ 2 ms; rebuilding rows after a batch of watch events stays well under a frame.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use k8s_openapi::jiff::{Timestamp, ToSpan};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use showrunner::app::action::{PodChange, PodsUpdate};
use showrunner::app::{Action, AppState, update};
use showrunner::keymap::Keymap;
use showrunner::kube::pod_summary::{ContainerSummary, PodSummary, health_of};
use showrunner::theme::Theme;
use showrunner::ui::draw::draw;

const NAMESPACES: [&str; 3] = ["dev", "stg", "prod"];

fn now() -> Timestamp {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn pod(ns: &str, i: usize) -> PodSummary {
    let status = [
        "Running",
        "Running",
        "Running",
        "Pending",
        "CrashLoopBackOff",
    ][i % 5];
    let ready = u32::from(status == "Running");
    PodSummary {
        namespace: ns.into(),
        name: format!("load-{i:05}-7d9f6c5b8-x{:04x}", i * 7919 % 65536),
        status: status.into(),
        health: health_of(status, ready, 1),
        ready,
        total: 1,
        restarts: (i % 7) as u32,
        last_restart: (!i.is_multiple_of(7)).then(|| now() - 300.seconds()),
        created: Some(now() - (i as i64 * 13).seconds()),
        image_tag: "a1b2c3d".into(),
        node: Some("sandbox-node".into()),
        pod_ip: Some("10.42.0.7".into()),
        uid: format!("uid-{i}"),
        owner: None,
        containers: vec![ContainerSummary {
            name: "app".into(),
            image: "ghcr.io/showrunner-demo/load:a1b2c3d".into(),
            ready: ready > 0,
            restarts: (i % 7) as u32,
            state: "Running".into(),
            last_state: None,
        }],
        conditions: Vec::new(),
    }
}

fn state_with(pods: usize) -> AppState {
    let mut state = AppState::new(
        "sandbox".into(),
        NAMESPACES.map(String::from).to_vec(),
        Keymap::defaults(),
        now(),
    );
    state.size = (160, 48);
    for (n, ns) in NAMESPACES.iter().enumerate() {
        let list = (0..pods)
            .filter(|i| i % 3 == n)
            .map(|i| pod(ns, i))
            .collect();
        let change = PodChange::Relisted(list);
        update(
            &mut state,
            Action::Pods(PodsUpdate {
                namespace: ns.to_string(),
                change,
                received: Instant::now(),
            }),
        );
    }
    state.prepare_frame();
    state
}

fn render_benches(c: &mut Criterion) {
    let theme = Theme::default_theme();
    let mut state = state_with(10_000);
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("frame_160x48_10k_pods", |b| {
        b.iter(|| {
            // Force a full repaint each time: the diff would otherwise make repeat frames free.
            terminal.clear().unwrap();
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });

    let mut zoomed = state_with(10_000);
    zoomed.zoomed = true;
    c.bench_function("frame_160x48_10k_pods_zoomed", |b| {
        b.iter(|| {
            terminal.clear().unwrap();
            terminal.draw(|f| draw(f, &zoomed, &theme)).unwrap();
        })
    });

    // The work one batch of churn costs before a frame: 50 modified pods, then the rebuild.
    let mut i = 0usize;
    c.bench_function("apply_50_changes_and_rebuild_10k", |b| {
        b.iter(|| {
            for _ in 0..50 {
                i += 1;
                let mut p = pod(NAMESPACES[i % 3], (i * 31) % 10_000 / 3 * 3 + i % 3);
                p.restarts = (i % 100) as u32;
                let change = PodChange::Applied(Box::new(p));
                update(
                    &mut state,
                    Action::Pods(PodsUpdate {
                        namespace: NAMESPACES[i % 3].into(),
                        change,
                        received: Instant::now(),
                    }),
                );
            }
            state.prepare_frame();
        })
    });
}

criterion_group!(benches, render_benches);
criterion_main!(benches);
