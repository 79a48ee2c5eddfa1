use std::time::Duration;

use super::*;
use crate::runbook::model::{CommitRef, FreightRef};
use crate::runbook::model::{DEFAULT_WAIT, WaitCondition};
use crate::ui::layout::PaneId;

fn ok(line: &str) -> Builtin {
    parse_line(line).unwrap_or_else(|e| panic!("{line}: {e:?}"))
}

fn first_error(line: &str) -> (usize, String) {
    let e = parse_line(line).unwrap_err();
    (e[0].column, e[0].message.clone())
}

#[test]
fn every_action_form_parses() {
    assert_eq!(
        ok("promote freight=latest stage=stg"),
        Builtin::Promote {
            freight: FreightRef::Latest,
            stage: "stg".into()
        }
    );
    assert_eq!(
        ok("approve freight=fierce-owl stage=prod"),
        Builtin::Approve {
            freight: FreightRef::Alias("fierce-owl".into()),
            stage: "prod".into()
        }
    );
    assert_eq!(
        ok("promote stage=dev freight=head"),
        Builtin::Promote {
            freight: FreightRef::Head,
            stage: "dev".into()
        }
    );
    assert_eq!(
        ok("abort stage=stg"),
        Builtin::Abort {
            stage: "stg".into()
        }
    );
    assert_eq!(
        ok("sync app=stg-app"),
        Builtin::Sync {
            app: "stg-app".into()
        }
    );
    assert_eq!(
        ok("refresh warehouse=backend"),
        Builtin::Refresh {
            kind: RefreshKind::Warehouse,
            name: "backend".into()
        }
    );
    assert_eq!(
        ok("refresh app=dev-app"),
        Builtin::Refresh {
            kind: RefreshKind::App,
            name: "dev-app".into()
        }
    );
    assert_eq!(
        ok("rollback app=prod-app"),
        Builtin::Rollback {
            app: "prod-app".into(),
            to: None
        }
    );
    assert_eq!(
        ok("rollback app=prod-app to=4"),
        Builtin::Rollback {
            app: "prod-app".into(),
            to: Some(4)
        }
    );
    assert_eq!(ok("focus ci"), Builtin::Focus(PaneId::Ci));
    assert_eq!(ok("zoom pods"), Builtin::Zoom(PaneId::Pods));
    assert_eq!(
        ok("open ci commit=head"),
        Builtin::OpenRun {
            commit: CommitRef::Head
        }
    );
    assert_eq!(
        ok("open ci commit=A1B2C3D"),
        Builtin::OpenRun {
            commit: CommitRef::Sha("a1b2c3d".into())
        }
    );
    assert_eq!(ok("pause"), Builtin::Pause { message: None });
    assert_eq!(
        ok("pause \"Questions?\""),
        Builtin::Pause {
            message: Some("Questions?".into())
        }
    );
}

#[test]
fn every_wait_condition_parses_with_its_timeout() {
    let wait = |line: &str| match ok(line) {
        Builtin::Wait { condition, timeout } => (condition, timeout),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        wait("wait stage=dev healthy freight=head timeout=120s"),
        (
            WaitCondition::StageHealthy {
                stage: "dev".into(),
                freight: Some(FreightRef::Head)
            },
            Duration::from_secs(120)
        )
    );
    assert_eq!(
        wait("wait stage=dev unhealthy").0,
        WaitCondition::StageUnhealthy {
            stage: "dev".into()
        }
    );
    assert_eq!(
        wait("wait freight=head discovered").0,
        WaitCondition::FreightDiscovered {
            commit: CommitRef::Head
        }
    );
    assert_eq!(wait("wait freight=head discovered").1, DEFAULT_WAIT);
    assert_eq!(
        wait("wait commit=A1B2C3D discovered").0,
        WaitCondition::FreightDiscovered {
            commit: CommitRef::Sha("a1b2c3d".into())
        }
    );
    assert_eq!(
        wait("wait promotion stage=stg succeeded timeout=5m").0,
        WaitCondition::PromotionFinished {
            stage: "stg".into(),
            succeeded: true
        }
    );
    assert_eq!(
        wait("wait promotion stage=stg finished").0,
        WaitCondition::PromotionFinished {
            stage: "stg".into(),
            succeeded: false
        }
    );
    assert_eq!(
        wait("wait app=stg-app synced healthy").0,
        WaitCondition::App {
            app: "stg-app".into(),
            synced: true,
            healthy: true
        }
    );
    assert_eq!(
        wait("wait app=stg-app healthy").0,
        WaitCondition::App {
            app: "stg-app".into(),
            synced: false,
            healthy: true
        }
    );
    assert_eq!(
        wait("wait ci commit=head succeeded timeout=10m").0,
        WaitCondition::CiFinished {
            commit: CommitRef::Head,
            succeeded: true
        }
    );
}

#[test]
fn errors_point_at_the_offending_token() {
    assert_eq!(
        first_error("promot freight=latest stage=stg"),
        (0, "unknown action `promot`: did you mean `promote`? (expected one of promote, approve, abort, sync, refresh, rollback, wait, focus, zoom, open, pause)".into())
    );
    assert_eq!(
        first_error("promote freight=latest stag=stg"),
        (
            23,
            "unknown argument `stag` for promote: did you mean `stage=`? (expected freight, stage)"
                .into()
        )
    );
    assert_eq!(
        first_error("promote freight=latest"),
        (0, "promote needs stage=NAME".into())
    );
    assert_eq!(
        first_error("wait stage=dev healthy timeout=12x"),
        (
            23,
            "bad duration `12x` for timeout: expected a number with a unit up to 168h, like 30s, 5m or 1h30m"
                .into()
        )
    );
    assert_eq!(
        first_error("wait stage=dev healthy timeout=30").1,
        "bad duration `30` for timeout: expected a number with a unit up to 168h, like 30s, 5m or 1h30m"
    );
    assert!(first_error("zoom podz").1.starts_with(
        "unknown pane `podz`: did you mean `pods`? (expected one of runbook, pipeline, freight"
    ));
    assert_eq!(first_error("zoom podz").0, 5);
    assert_eq!(
        first_error("pause \"unclosed"),
        (6, "unclosed quote: expected a closing \"".into())
    );
    assert_eq!(
        first_error("refresh stage=a app=b").1,
        "refresh needs exactly one of stage=NAME, warehouse=NAME, app=NAME"
    );
    assert_eq!(
        first_error("rollback app=x to=last"),
        (15, "bad history id `last` for to: expected a number".into())
    );
    assert!(first_error("wait").1.starts_with("wait needs a condition"));
    assert_eq!(
        first_error("wait app=x").1,
        "wait app= needs `synced`, `healthy` or both"
    );
    assert_eq!(
        first_error("wait ci commit=xyz finished").1,
        "bad commit `xyz`: expected head or a commit SHA (7 to 40 hex digits)"
    );
    assert_eq!(
        first_error("sync app=a extra").1,
        "unexpected `extra` for sync: expected app"
    );
    assert_eq!(
        first_error("focus"),
        (0, "focus needs a pane, e.g. `focus pods`".into())
    );
    assert_eq!(
        first_error("open commit=head"),
        (
            0,
            "open needs what to open: `open ci commit=head|SHA`".into()
        )
    );
    assert_eq!(
        first_error("open ci"),
        (0, "open needs commit=head|SHA".into())
    );
    assert_eq!(
        first_error("open ci run=3").1,
        "unknown argument `run` for open: expected commit, ci"
    );
}

#[test]
fn all_problems_of_a_line_are_reported() {
    let errors = parse_line("promote freigth=x stag=y").unwrap_err();
    assert_eq!(errors.len(), 4, "{errors:?}");
}

#[test]
fn empty_values_repeated_keys_and_stray_freight_are_refused() {
    assert_eq!(
        parse_line("promote freight= stage=stg").unwrap_err(),
        vec![LineError {
            column: 8,
            message: "freight= needs a value: expected freight=VALUE".into()
        }]
    );
    assert_eq!(
        first_error("approve freight=head stage=stg stage=prod"),
        (31, "`stage=` given twice: expected it once".into())
    );
    assert_eq!(
        first_error("wait stage=dev unhealthy freight=head"),
        (
            25,
            "freight= goes with `healthy`: a stage turns unhealthy whatever it runs".into()
        )
    );
}

#[test]
fn durations_beyond_a_week_are_refused_without_panicking() {
    for timeout in ["169h", "99999999999999999999999999h", "1e400h"] {
        assert_eq!(
            first_error(&format!("wait stage=dev healthy timeout={timeout}")).1,
            format!(
                "bad duration `{timeout}` for timeout: expected a number with a unit up to 168h, like 30s, 5m or 1h30m"
            )
        );
    }
    assert!(parse_line("wait stage=dev healthy timeout=168h").is_ok());
}
