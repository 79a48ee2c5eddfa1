//! Frame cost with a big cluster in state. Targets: a 160×48 frame with 10,000 pods (issue:
//! foundation) and with 100,000 (issue 14) ≤ 2 ms; rebuilding rows after a batch of watch
//! events stays well under a frame. `scripts/perf.sh` measures the running app end to end.

use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use k8s_openapi::jiff::{Timestamp, ToSpan};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use showrunner::app::action::{PodChange, PodsUpdate};
use showrunner::app::{Action, AppState, update};
use showrunner::keymap::Keymap;
use showrunner::kube::pod_summary::{ContainerSummary, PodSummary, health_of};
use showrunner::panes::cache::PaneCache;
use showrunner::panes::frame::{draw, draw_cached};
use showrunner::theme::Theme;

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
        name: format!("load-{i:05}-7d9f6c5b8-x{:04x}", i * 7919 % 65536).into(),
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
        uid: format!("uid-{i}").into(),
        owner: None,
        containers: vec![ContainerSummary {
            name: "app".into(),
            image: "ghcr.io/showrunner-demo/load:a1b2c3d".into(),
            ready: ready > 0,
            restarts: (i % 7) as u32,
            state: "Running".into(),
            last_state: None,
        }]
        .into(),
        conditions: Vec::new().into(),
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
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    // 10k: the foundation issue's size; 100k over dev/stg/prod: issue 14's (≤ 2 ms a frame).
    for (pods, label) in [(10_000, "10k"), (100_000, "100k")] {
        let mut state = state_with(pods);
        c.bench_function(&format!("frame_160x48_{label}_pods"), |b| {
            b.iter(|| {
                // Force a full repaint each time: the diff would otherwise make repeat frames free.
                terminal.clear().unwrap();
                terminal.draw(|f| draw(f, &state, &theme)).unwrap();
            })
        });

        let mut zoomed = state_with(pods);
        zoomed.zoomed = true;
        c.bench_function(&format!("frame_160x48_{label}_pods_zoomed"), |b| {
            b.iter(|| {
                terminal.clear().unwrap();
                terminal.draw(|f| draw(f, &zoomed, &theme)).unwrap();
            })
        });

        // The work one batch of churn costs before a frame: 50 modified pods (500 changes/s
        // arrive about 8 to a 60 Hz frame; 50 is a burst), then the rebuild.
        let mut i = 0usize;
        c.bench_function(&format!("apply_50_changes_and_rebuild_{label}"), |b| {
            b.iter(|| {
                for _ in 0..50 {
                    i += 1;
                    let mut p = pod(NAMESPACES[i % 3], (i * 31) % pods / 3 * 3 + i % 3);
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
}

/// 50 stages (a warehouse, then dev, then 48 stages fanning out in two branches) and 500
/// freight, as the GitOps issue asks the pipeline and freight panes to stay smooth with.
fn gitops_state() -> AppState {
    use showrunner::app::gitops::state::GitopsState;
    use showrunner::kargo::summary::{FreightSummary, StageSummary};
    use showrunner::sources::kube::update::{Change, Update};
    use showrunner_model::kargo::models::{Freight, Stage};
    let mut state = AppState::new(
        "sandbox".into(),
        vec!["dev".into()],
        Keymap::defaults(),
        now(),
    );
    state.size = (160, 48);
    state.gitops = GitopsState::new(Some("p".into()));
    let stage = |name: String, sources: serde_json::Value| -> StageSummary {
        let s: Stage = serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "namespace": "p"},
            "spec": {"requestedFreight": [{"origin": {"kind": "Warehouse", "name": "w"}, "sources": sources}]},
            "status": {"health": {"status": "Healthy"}, "freightHistory": [{"items": {"Warehouse/w": {"name": "f0"}}}]}
        }))
        .unwrap();
        StageSummary::from_stage(&s)
    };
    let mut stages = vec![stage("dev".into(), serde_json::json!({"direct": true}))];
    for i in 0..49 {
        let upstream = if i < 2 {
            "dev".to_string()
        } else {
            format!("s{}", i - 2)
        };
        stages.push(stage(
            format!("s{i}"),
            serde_json::json!({"stages": [upstream]}),
        ));
    }
    let freight: Vec<FreightSummary> = (0..500)
        .map(|i| {
            let f: Freight = serde_json::from_value(serde_json::json!({
                "metadata": {"name": format!("f{i}"), "namespace": "p", "creationTimestamp": format!("2026-11-{:02}T10:00:00Z", 1 + i % 20)},
                "alias": format!("alias-{i}"), "origin": {"kind": "Warehouse", "name": "w"},
                "images": [{"repoURL": "r/backend", "tag": format!("{i:07x}")}],
                "commits": [{"id": format!("{i:040x}"), "message": "a change"}],
                "status": {"currentlyIn": {"dev": {}}, "verifiedIn": {"dev": {}, "s0": {}}}
            }))
            .unwrap();
            FreightSummary::from_freight(&f)
        })
        .collect();
    fn update_of<S>(change: Change<S>) -> Update<S> {
        Update {
            namespace: "p".into(),
            change,
            received: Instant::now(),
        }
    }
    update(
        &mut state,
        Action::Stages(update_of(Change::Relisted(stages))),
    );
    update(
        &mut state,
        Action::Freight(update_of(Change::Relisted(freight))),
    );
    state.prepare_frame();
    state
}

fn gitops_benches(c: &mut Criterion) {
    let theme = Theme::default_theme();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let mut state = gitops_state();
    c.bench_function("frame_160x48_500_freight_50_stages", |b| {
        b.iter(|| {
            terminal.clear().unwrap();
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
    // What the event loop draws under pod churn: the pods pane, and every other pane copied
    // from the frame before (`panes::cache`). Against the full frame above, the saving.
    let mut cache = PaneCache::new();
    let mut i = 0usize;
    c.bench_function(
        "frame_160x48_500_freight_50_stages_after_a_pod_change",
        |b| {
            b.iter(|| {
                i += 1;
                let mut p = pod("dev", i % 100);
                p.restarts = (i % 7) as u32;
                update(
                    &mut state,
                    Action::Pods(PodsUpdate {
                        namespace: "dev".into(),
                        change: PodChange::Applied(Box::new(p)),
                        received: Instant::now(),
                    }),
                );
                state.prepare_frame();
                terminal.clear().unwrap();
                terminal
                    .draw(|f| draw_cached(f, &state, &theme, &mut cache))
                    .unwrap();
            })
        },
    );
    for pane in [
        showrunner::ui::layout::PaneId::Pipeline,
        showrunner::ui::layout::PaneId::Freight,
    ] {
        state.focus_pane(pane);
        state.zoomed = true;
        state.prepare_frame();
        c.bench_function(
            &format!("frame_160x48_{}_zoomed_500_freight_50_stages", pane.name()),
            |b| {
                b.iter(|| {
                    terminal.clear().unwrap();
                    terminal.draw(|f| draw(f, &state, &theme)).unwrap();
                })
            },
        );
    }
}

criterion_group!(benches, render_benches, gitops_benches);
criterion_main!(benches);
