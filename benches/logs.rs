//! A 100,000-line CI job log: parse throughput (target ≥ 50 MB/s) and one frame of the log
//! view at 160×48 (target ≤ 2 ms), folded and unfolded.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use showrunner::app::AppState;
use showrunner::app::state::OutputKind;
use showrunner::job_log::parse::Parser;
use showrunner::job_log::view::JobLogView;
use showrunner::keymap::Keymap;
use showrunner::panes::frame::draw;
use showrunner::theme::Theme;
use showrunner::ui::layout::PaneId;

/// Realistic shape: a group per step, echoed commands in colour, test output, some warnings.
fn big_log(lines: usize) -> String {
    let mut log = String::with_capacity(lines * 90);
    log.push('\u{feff}');
    let mut n = 0;
    let mut step = 0;
    while n < lines {
        let ts = |n: usize| {
            format!(
                "2026-11-22T{:02}:{:02}:{:02}.{:07}Z",
                9 + n / 3_600_000 % 10,
                n / 60_000 % 60,
                n / 1000 % 60,
                n % 10_000_000
            )
        };
        log.push_str(&format!("{} ##[group]Run step {step}\n{} \u{1b}[36;1mpytest -q tests/{step}\u{1b}[0m\n{} ##[endgroup]\n", ts(n), ts(n + 1), ts(n + 2)));
        n += 3;
        for i in 0..200 {
            let line = match i % 50 {
                7 => format!("{} ##[warning]deprecated call in module_{i}.py", ts(n)),
                13 => format!(
                    "{} \u{1b}[32mPASSED\u{1b}[0m tests/test_users.py::test_case_{i}",
                    ts(n)
                ),
                _ => format!(
                    "{} collected item {i} of step {step}: tests/test_module_{i}.py::test_function_{i} ok",
                    ts(n)
                ),
            };
            log.push_str(&line);
            log.push('\n');
            n += 1;
        }
        step += 1;
    }
    log
}

fn benches(c: &mut Criterion) {
    let log = big_log(100_000);
    let mut group = c.benchmark_group("job_log");
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("parse_100k_lines", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            Parser::default().feed(log.as_bytes(), true, &mut out);
            out.len()
        })
    });
    group.finish();

    let mut state = AppState::new(
        "sandbox".into(),
        vec!["dev".into()],
        Keymap::defaults(),
        "2026-11-22T10:00:00Z".parse().unwrap(),
    );
    state.size = (160, 48);
    let mut view = JobLogView::new(1, "build".into());
    view.set_log(log.as_bytes(), true);
    state.ci.log = Some(view);
    state.output = OutputKind::JobLog;
    state.focus_pane(PaneId::Output);
    state.zoomed = true;
    state.prepare_frame();
    let theme = Theme::default_theme();
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("job_log_frame_160x48_folded", |b| {
        b.iter(|| {
            terminal.clear().unwrap();
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
    if let Some(v) = state.ci.log.as_mut() {
        v.set_all_expanded(true);
        v.to_top();
        v.move_by(50_000);
    }
    state.prepare_frame();
    c.bench_function("job_log_frame_160x48_unfolded_middle", |b| {
        b.iter(|| {
            terminal.clear().unwrap();
            terminal.draw(|f| draw(f, &state, &theme)).unwrap();
        })
    });
}

criterion_group!(log_benches, benches);
criterion_main!(log_benches);
