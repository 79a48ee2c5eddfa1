use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::runbook::state::RunbookState;
use crate::app::state::{OutputKind, Overlay};
use crate::app::update::update;
use crate::runbook::model::{
    Block, Builtin as RA, BuiltinLine, CommandBlock, FreightRef, Runbook, Shell, Step,
    WaitCondition,
};
use crate::sources::writes::Done;
use crate::sources::writes::mutation::Mutation;
use crate::ui::layout::PaneId;

pub(crate) fn command(script: &str) -> Block {
    Block::Command(CommandBlock {
        shell: Shell::Sh,
        script: script.into(),
        timeout: Duration::from_secs(30),
        line: 1,
    })
}

pub(crate) fn actions(list: Vec<RA>) -> Block {
    Block::Builtins(
        list.into_iter()
            .map(|builtin| BuiltinLine {
                source: format!("{builtin:?}"),
                builtin,
                line: 1,
            })
            .collect(),
    )
}

pub(crate) fn step(title: &str, blocks: Vec<Block>, fallback: Vec<Block>) -> Step {
    Step {
        title: title.into(),
        line: 1,
        notes: vec!["say hello".into()],
        blocks,
        fallback,
        schedule: None,
    }
}

pub(crate) fn with_runbook(steps: Vec<Step>) -> AppState {
    let mut s = crate::app::gitops::update::tests::state();
    s.runbook = Some(RunbookState::new(Runbook {
        path: PathBuf::from("talk.md"),
        title: "Talk".into(),
        project: Some("p".into()),
        namespaces: vec![],
        repo: None,
        github: None,
        duration: None,
        steps,
    }));
    s
}

fn key(s: &mut AppState, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    let e = update(s, Action::Key(KeyEvent::new(code, mods)));
    s.prepare_frame();
    e
}

fn run_key(s: &mut AppState) -> Vec<Effect> {
    key(s, KeyCode::F(5), KeyModifiers::NONE)
}

fn status(s: &AppState, i: usize) -> StepStatus {
    s.runbook.as_ref().unwrap().steps[i].status.clone()
}

fn exited(s: &mut AppState, run: u64, code: i32) -> Vec<Effect> {
    update(
        s,
        Action::CommandExited {
            run,
            outcome: CommandOutcome::Exited {
                code,
                took: Duration::from_millis(10),
            },
        },
    )
}

#[test]
fn nothing_runs_until_the_run_key_then_commands_run_in_order() {
    let mut s = with_runbook(vec![
        step(
            "merge",
            vec![command("git merge x"), command("git log -1")],
            vec![],
        ),
        step("next", vec![], vec![]),
    ]);
    assert_eq!(status(&s, 0), StepStatus::Pending);
    let effects = run_key(&mut s);
    assert!(
        matches!(&effects[..], [Effect::RunCommand { run: 1, script, .. }] if script == "git merge x")
    );
    assert_eq!(status(&s, 0), StepStatus::Running);
    assert_eq!(s.output, OutputKind::Command);
    update(
        &mut s,
        Action::CommandOutput {
            run: 1,
            lines: vec!["\u{1b}[32mMerge made\u{1b}[0m".into()],
        },
    );
    assert_eq!(s.runbook.as_ref().unwrap().output.len(), 1);
    let effects = exited(&mut s, 1, 0);
    assert!(
        matches!(&effects[..], [Effect::RunCommand { run: 2, .. }]),
        "second block after the first succeeds"
    );
    exited(&mut s, 2, 0);
    assert_eq!(status(&s, 0), StepStatus::Done);
    assert_eq!(
        s.runbook.as_ref().unwrap().current,
        1,
        "moves on, but does not run the next step"
    );
    assert!(s.runbook.as_ref().unwrap().talk_started.is_some());
}

#[test]
fn a_failing_command_fails_the_step_with_its_exit_code_and_can_be_retried_or_skipped() {
    let mut s = with_runbook(vec![
        step("s", vec![command("false")], vec![command("echo fallback")]),
        step("t", vec![], vec![]),
    ]);
    run_key(&mut s);
    exited(&mut s, 1, 2);
    assert_eq!(status(&s, 0), StepStatus::Failed("exit code 2".into()));
    assert_eq!(s.flash.as_ref().unwrap().text, "step 1 failed: exit code 2");
    let rb = s.runbook.as_ref().unwrap();
    assert_eq!(
        rb.recovery_keys(&s.keymap, false).as_deref(),
        Some("f5 retry · f6 skip · f4 fallback")
    );
    let retry = run_key(&mut s);
    assert!(matches!(&retry[..], [Effect::RunCommand { run: 2, .. }]));
    exited(&mut s, 2, 1);
    let fallback = key(&mut s, KeyCode::F(4), KeyModifiers::NONE);
    assert!(
        matches!(&fallback[..], [Effect::RunCommand { script, .. }] if script == "echo fallback")
    );
    exited(&mut s, 3, 0);
    assert_eq!(status(&s, 0), StepStatus::Done);
}

#[test]
fn kill_key_kills_the_running_command_and_fails_the_step() {
    let mut s = with_runbook(vec![step("s", vec![command("sleep 100")], vec![])]);
    run_key(&mut s);
    let effects = key(&mut s, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(effects, vec![Effect::KillCommand { run: 1 }]);
    update(
        &mut s,
        Action::CommandExited {
            run: 1,
            outcome: CommandOutcome::Killed,
        },
    );
    assert_eq!(
        status(&s, 0),
        StepStatus::Failed("killed by the presenter".into())
    );
}

#[test]
fn actions_go_through_the_mutation_gate_and_waits_end_when_the_state_holds() {
    let promote = RA::Promote {
        freight: FreightRef::Latest,
        stage: "dev".into(),
    };
    let wait = RA::Wait {
        condition: WaitCondition::StageHealthy {
            stage: "dev".into(),
            freight: None,
        },
        timeout: Duration::from_secs(60),
    };
    let mut s = with_runbook(vec![step(
        "promote",
        vec![actions(vec![RA::Zoom(PaneId::Pipeline), promote, wait])],
        vec![],
    )]);
    let effects = run_key(&mut s);
    assert_eq!(s.focus, PaneId::Pipeline);
    assert!(s.zoomed);
    let Some(Effect::Mutate(m @ Mutation::Promote { .. })) = effects.first() else {
        panic!("{effects:?}")
    };
    let summary = m.summary();
    let effects = update(
        &mut s,
        Action::Mutated {
            summary,
            result: Ok(Done::message("promotion dev.1 created")),
        },
    );
    assert!(effects.is_empty());
    // dev has no health in the fixture: the wait waits.
    assert!(matches!(
        s.runbook.as_ref().unwrap().cursor.as_ref().unwrap().waiting,
        Waiting::Condition { .. }
    ));
    let healthy = crate::kargo::summary::StageSummary {
        health: Some("Healthy".into()),
        ..s.gitops.stage("dev").unwrap().clone()
    };
    update(
        &mut s,
        Action::Stages(crate::sources::kube::update::Update {
            namespace: "p".into(),
            change: crate::sources::kube::update::Change::Applied(Box::new(healthy)),
            received: std::time::Instant::now(),
        }),
    );
    assert_eq!(status(&s, 0), StepStatus::Done);
}

#[test]
fn protected_stages_ask_first_and_a_no_fails_the_step() {
    let mut s = with_runbook(vec![step(
        "to stg",
        vec![actions(vec![RA::Promote {
            freight: FreightRef::Latest,
            stage: "stg".into(),
        }])],
        vec![],
    )]);
    assert!(run_key(&mut s).is_empty());
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    key(&mut s, KeyCode::Char('n'), KeyModifiers::NONE);
    // Not a failure: nothing changed, and the run key asks again.
    assert!(
        matches!(status(&s, 0), StepStatus::Cancelled(why) if why.starts_with("cancelled: promote")),
        "{:?}",
        status(&s, 0)
    );
    let flash = s.flash.clone().unwrap();
    assert_eq!(flash.kind, crate::app::messages::FlashKind::Info);
    assert!(
        flash.text.contains("nothing changed; f5 to try again"),
        "{flash:?}"
    );
    assert!(run_key(&mut s).is_empty());
    assert!(
        matches!(s.overlay, Some(Overlay::Confirm(_))),
        "asked again"
    );
}

#[test]
fn read_only_fails_mutating_steps_with_the_reason() {
    let mut s = with_runbook(vec![step(
        "sync",
        vec![actions(vec![RA::Sync {
            app: "stg-app".into(),
        }])],
        vec![],
    )]);
    s.read_only = true;
    run_key(&mut s);
    assert!(
        matches!(status(&s, 0), StepStatus::Failed(why) if why.starts_with("read-only: refused to sync stg-app"))
    );

    let mut s = with_runbook(vec![step(
        "merge",
        vec![command("git merge feature/x\ngit push")],
        vec![],
    )]);
    s.read_only = true;
    assert!(run_key(&mut s).is_empty(), "no process may start");
    assert_eq!(
        status(&s, 0),
        StepStatus::Failed(
            "read-only: refused to run `git merge feature/x` (started with --read-only)".into()
        )
    );
}

#[test]
fn an_action_that_cannot_resolve_says_why() {
    let mut s = with_runbook(vec![step(
        "p",
        vec![actions(vec![RA::Promote {
            freight: FreightRef::Head,
            stage: "dev".into(),
        }])],
        vec![],
    )]);
    run_key(&mut s);
    assert_eq!(
        status(&s, 0),
        StepStatus::Failed("the repository's HEAD is not known yet".into())
    );
}

#[test]
fn waits_time_out_on_the_clock() {
    let wait = RA::Wait {
        condition: WaitCondition::App {
            app: "nope".into(),
            synced: true,
            healthy: true,
        },
        timeout: Duration::from_secs(30),
    };
    let mut s = with_runbook(vec![step("w", vec![actions(vec![wait])], vec![])]);
    run_key(&mut s);
    let later = k8s_openapi::jiff::Timestamp::from_second(s.now.as_second() + 31).unwrap();
    update(&mut s, Action::Tick(later));
    assert!(
        matches!(status(&s, 0), StepStatus::Failed(why) if why.starts_with("gave up waiting for nope to be Synced and Healthy after 30s"))
    );
}

#[test]
fn pause_stops_until_the_run_key() {
    let mut s = with_runbook(vec![step(
        "p",
        vec![
            actions(vec![RA::Pause {
                message: Some("Questions?".into()),
            }]),
            command("echo after"),
        ],
        vec![],
    )]);
    run_key(&mut s);
    assert_eq!(status(&s, 0), StepStatus::Paused(Some("Questions?".into())));
    let effects = run_key(&mut s);
    assert!(matches!(&effects[..], [Effect::RunCommand { script, .. }] if script == "echo after"));
}

#[test]
fn navigation_moves_between_steps_only_when_idle_and_previews_the_named_pane() {
    let mut s = with_runbook(vec![
        step("a", vec![command("sleep 1")], vec![]),
        step("b", vec![actions(vec![RA::Zoom(PaneId::Ci)])], vec![]),
    ]);
    key(&mut s, KeyCode::Char('>'), KeyModifiers::NONE);
    assert_eq!(s.runbook.as_ref().unwrap().current, 1);
    assert_eq!(
        (s.focus, s.zoomed),
        (PaneId::Ci, true),
        "the step's pane is shown before it runs"
    );
    key(&mut s, KeyCode::Char(':'), KeyModifiers::NONE);
    key(&mut s, KeyCode::Char('1'), KeyModifiers::NONE);
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.runbook.as_ref().unwrap().current, 0, "jumped to step 1");
    run_key(&mut s);
    key(&mut s, KeyCode::Char('>'), KeyModifiers::NONE);
    assert_eq!(
        s.runbook.as_ref().unwrap().current,
        0,
        "no moving while a step runs"
    );
}

#[test]
fn after_an_approval_the_step_waits_until_the_watch_shows_it() {
    let mut s = with_runbook(vec![step(
        "approve",
        vec![actions(vec![RA::Approve {
            freight: FreightRef::Latest,
            stage: "dev".into(),
        }])],
        vec![],
    )]);
    let effects = run_key(&mut s);
    let Some(Effect::Mutate(m @ Mutation::Approve { freight, .. })) = effects.first() else {
        panic!("{effects:?}")
    };
    let (summary, name) = (m.summary(), freight.clone());
    update(
        &mut s,
        Action::Mutated {
            summary,
            result: Ok(Done::message("approved")),
        },
    );
    // The API said yes, but a promote judged on the watch state now would still be refused.
    assert_eq!(status(&s, 0), StepStatus::Running);
    let mut approved = s.gitops.freight_named(&name).unwrap().clone();
    approved
        .status
        .approved_for
        .insert("dev".into(), Default::default());
    update(
        &mut s,
        Action::Freight(crate::sources::kube::update::Update {
            namespace: "p".into(),
            change: crate::sources::kube::update::Change::Applied(Box::new(approved)),
            received: std::time::Instant::now(),
        }),
    );
    assert_eq!(status(&s, 0), StepStatus::Done);
}

/// A stage fed by two warehouses runs one freight of each: waiting for the second origin's
/// freight ends when the stage runs it, not only for the first origin's.
#[test]
fn wait_for_freight_of_a_second_origin_sees_it_running() {
    use crate::app::runbook::resolve::{Check, check};
    use crate::kargo::summary::{FreightSummary, StageSummary};
    use crate::sources::kube::update::{Change, Update};
    let mut s = with_runbook(vec![]);
    let stage = StageSummary::from_stage(
        &serde_json::from_value(serde_json::json!({
            "metadata": {"name": "multi", "namespace": "p"},
            "status": {"health": {"status": "Healthy"}, "freightHistory": [{"items": {
                "Warehouse/apps": {"name": "img1"},
                "Warehouse/charts": {"name": "chart1"}
            }}]}
        }))
        .unwrap(),
    );
    let chart = FreightSummary::from_freight(
        &serde_json::from_value(serde_json::json!({
            "metadata": {"name": "chart1", "namespace": "p", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "alias": "charty", "origin": {"kind": "Warehouse", "name": "charts"},
            "charts": [{"repoURL": "oci://r/podinfo", "version": "6.5.0"}]
        }))
        .unwrap(),
    );
    fn apply<S>(summary: S) -> Update<S> {
        Update {
            namespace: "p".into(),
            change: Change::Applied(Box::new(summary)),
            received: std::time::Instant::now(),
        }
    }
    update(&mut s, Action::Stages(apply(stage)));
    update(&mut s, Action::Freight(apply(chart)));
    s.prepare_frame();
    let wait = WaitCondition::StageHealthy {
        stage: "multi".into(),
        freight: Some(FreightRef::Alias("charty".into())),
    };
    assert_eq!(check(&s, &wait), Check::Holds);
}
