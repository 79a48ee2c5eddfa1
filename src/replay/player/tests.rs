use std::time::{Duration, Instant};

use k8s_openapi::jiff::Timestamp;

use super::*;
use crate::app::runbook::state::StepStatus;
use crate::replay::record::{Entry, Header, RecordedRunbook};

const TALK: &str =
    "# T\n\n## One\n\n```showrunner\nfocus pods\n```\n\n## Two\n\n```showrunner\nzoom ci\n```\n";

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_796_000_000 + second).unwrap()
}

fn event(ms: u64, what: Event) -> Line {
    Line::Event(Entry {
        ms,
        step: Some(0),
        what,
    })
}

fn run(ms: u64, step: usize) -> Line {
    Line::Presenter(Entry {
        ms,
        step: Some(step),
        what: Presented::RunStep,
    })
}

fn player() -> Player {
    let recording = Recording {
        header: Header {
            format: crate::replay::record::FORMAT,
            started: at(0),
            context: "sandbox".into(),
            namespaces: vec!["dev".into()],
            project: None,
            ci_source: Err("none".into()),
            runbook: Some(RecordedRunbook {
                path: "talk.md".into(),
                source: TALK.into(),
            }),
            progress: None,
            read_only: false,
        },
        lines: vec![
            event(0, Event::Tick(at(0))),
            run(1000, 0),
            event(1500, Event::Tick(at(1))),
            run(3000, 1),
            event(3500, Event::Tick(at(3))),
        ],
        notes: Vec::new(),
    };
    Player::new(recording, Keymap::defaults(), 1.0).unwrap()
}

fn statuses(state: &AppState) -> Vec<StepStatus> {
    let rb = state.runbook.as_ref().unwrap();
    rb.steps.iter().map(|s| s.status.clone()).collect()
}

#[test]
fn playback_stops_before_a_step_until_it_is_run() {
    let mut p = player();
    let mut state = p.fresh_state((160, 48));
    p.play_due(&mut state, Instant::now() + Duration::from_secs(60));
    assert_eq!((p.pos, p.at_gate(), p.due()), (1, true, None));
    assert_eq!(state.now, at(0));
    assert_eq!(statuses(&state), [StepStatus::Pending, StepStatus::Pending]);

    p.pass_gate(&mut state);
    assert_eq!(statuses(&state), [StepStatus::Done, StepStatus::Pending]);
    // The next event is due as far after the run key as it was recorded: 500 ms.
    let due = p.due().unwrap();
    let ahead = due.saturating_duration_since(Instant::now());
    assert!(ahead > Duration::from_millis(400) && ahead <= Duration::from_millis(500));
}

#[test]
fn a_pause_holds_the_tape_and_the_clock() {
    let mut p = player();
    let mut state = p.fresh_state((160, 48));
    p.catch_up(&mut state);
    p.pass_gate(&mut state);
    p.pause(Instant::now());
    assert_eq!(p.due(), None);
    p.play_due(&mut state, Instant::now() + Duration::from_secs(60));
    assert_eq!(state.now, at(0), "nothing played while paused");
    p.resume(Instant::now());
    p.play_due(&mut state, Instant::now() + Duration::from_secs(60));
    assert_eq!(state.now, at(1));
    assert!(p.at_gate());
}

#[test]
fn seeking_rebuilds_the_state_as_it_was_when_the_step_started() {
    let mut p = player();
    let mut state = p.fresh_state((160, 48));
    p.catch_up(&mut state);
    assert_eq!(p.seek(&mut state, 1), Some(1));
    assert_eq!((p.pos, p.at_gate()), (3, true));
    assert_eq!(statuses(&state), [StepStatus::Done, StepStatus::Pending]);
    assert_eq!(state.now, at(1));
    assert_eq!(state.runbook.as_ref().unwrap().current, 1);
    // Back to the first step: nothing has run yet.
    assert_eq!(p.seek(&mut state, 0), Some(0));
    assert_eq!(statuses(&state), [StepStatus::Pending, StepStatus::Pending]);
    assert_eq!(p.seek(&mut state, 5), None, "no step 6 was recorded");
    assert!(p.at_end());
}
