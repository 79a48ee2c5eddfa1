use super::*;

fn pod(status: Value) -> Value {
    json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}, "status": status})
}

fn reason(p: &Value) -> String {
    summarize(p).reason
}

#[test]
fn pending_unscheduled_shows_phase() {
    assert_eq!(reason(&pod(json!({"phase": "Pending"}))), "Pending");
}

#[test]
fn waiting_reasons_win_over_phase() {
    let p = pod(json!({"phase": "Pending", "containerStatuses": [
        {"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}));
    assert_eq!(reason(&p), "ContainerCreating");
    assert_eq!(ready_cell(&p, Timestamp::now()), json!("0/1"));
}

#[test]
fn running_and_ready() {
    let p = pod(json!({"phase": "Running", "containerStatuses": [
        {"name": "app", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}]}));
    let s = summarize(&p);
    assert_eq!(
        (s.ready, s.total, s.reason.as_str(), s.restarts),
        (1, 1, "Running", 0)
    );
}

#[test]
fn crashloop_with_restart_age() {
    let p = pod(json!({"phase": "Running", "containerStatuses": [
        {"name": "app", "ready": false, "restartCount": 3,
         "state": {"waiting": {"reason": "CrashLoopBackOff"}},
         "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2026-01-01T00:00:00Z"}}}]}));
    assert_eq!(reason(&p), "CrashLoopBackOff");
    let now: Timestamp = "2026-01-01T00:00:30Z".parse().unwrap();
    assert_eq!(restarts_cell(&p, now), json!("3 (30s ago)"));
}

#[test]
fn terminated_reasons_and_exit_codes() {
    let t = |term: Value| {
        pod(json!({"phase": "Running", "containerStatuses": [
        {"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": term}}]}))
    };
    assert_eq!(
        reason(&t(json!({"exitCode": 0, "reason": "Completed"}))),
        "Completed"
    );
    assert_eq!(
        reason(&t(json!({"exitCode": 1, "reason": "Error"}))),
        "Error"
    );
    assert_eq!(reason(&t(json!({"exitCode": 2}))), "ExitCode:2");
    assert_eq!(reason(&t(json!({"exitCode": 2, "signal": 9}))), "Signal:9");
}

#[test]
fn init_containers_progress() {
    let mut p = json!({"metadata": {"name": "p"},
        "spec": {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "app"}]},
        "status": {"phase": "Pending", "initContainerStatuses": [
            {"name": "i1", "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
            {"name": "i2", "restartCount": 0, "state": {"running": {}}}]}});
    assert_eq!(reason(&p), "Init:1/2");
    p["status"]["initContainerStatuses"][1]["state"] =
        json!({"waiting": {"reason": "ImagePullBackOff"}});
    assert_eq!(reason(&p), "Init:ImagePullBackOff");
    p["status"]["initContainerStatuses"][1]["state"] = json!({"terminated": {"exitCode": 3}});
    assert_eq!(reason(&p), "Init:ExitCode:3");
}

#[test]
fn deletion_timestamp_means_terminating_unless_terminal() {
    let mut p = pod(json!({"phase": "Running"}));
    p["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:00:00Z");
    assert_eq!(reason(&p), "Terminating");
    p["status"]["phase"] = json!("Succeeded");
    assert_eq!(reason(&p), "Succeeded");
}

#[test]
fn completed_with_running_sibling_is_running_or_notready() {
    let mut p = json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
        "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [
            {"name": "a", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
            {"name": "b", "ready": true, "restartCount": 0, "state": {"running": {}}}]}});
    assert_eq!(reason(&p), "NotReady");
    p["status"]["conditions"][0]["status"] = json!("True");
    assert_eq!(reason(&p), "Running");
}
