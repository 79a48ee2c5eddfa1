use serde_json::json;

use super::*;

fn pod(v: serde_json::Value) -> Pod {
    serde_json::from_value(v).expect("valid pod fixture")
}

fn running(name: &str, restarts: i32) -> serde_json::Value {
    json!({"name": name, "image": "img", "imageID": "", "ready": true, "restartCount": restarts,
           "state": {"running": {"startedAt": "2026-11-22T08:00:00Z"}}})
}

fn with_containers(phase: &str, statuses: serde_json::Value) -> Pod {
    let n = statuses.as_array().map_or(1, |a| a.len().max(1));
    let containers: Vec<_> = (0..n).map(|i| json!({"name": format!("c{i}")})).collect();
    pod(json!({
        "metadata": {"name": "p"},
        "spec": {"containers": containers},
        "status": {"phase": phase, "containerStatuses": statuses,
                   "conditions": [{"type": "Ready", "status": "True"}]}
    }))
}

#[test]
fn running_pod_counts_ready_containers() {
    let s = derive(&with_containers(
        "Running",
        json!([running("c0", 0), running("c1", 2)]),
    ));
    assert_eq!(
        (s.reason.as_str(), s.ready, s.total, s.restarts),
        ("Running", 2, 2, 2)
    );
}

#[test]
fn pending_pod_without_statuses_shows_phase() {
    let p = pod(
        json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
                       "status": {"phase": "Pending"}}),
    );
    let s = derive(&p);
    assert_eq!((s.reason.as_str(), s.ready, s.total), ("Pending", 0, 1));
}

#[test]
fn waiting_reason_wins_over_phase() {
    for reason in ["ContainerCreating", "CrashLoopBackOff", "ImagePullBackOff"] {
        let st = json!([{"name": "c0", "image": "i", "imageID": "", "ready": false, "restartCount": 4,
                         "state": {"waiting": {"reason": reason}},
                         "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                                      "finishedAt": "2026-11-22T07:59:00Z"}}}]);
        let s = derive(&with_containers("Running", st));
        assert_eq!(s.reason, reason);
        assert_eq!(s.restarts, 4);
        assert_eq!(s.ready, 0);
        assert_eq!(s.last_restart.unwrap().to_string(), "2026-11-22T07:59:00Z");
    }
}

#[test]
fn terminated_without_reason_shows_exit_code_or_signal() {
    let st = json!([{"name": "c0", "image": "i", "imageID": "", "ready": false, "restartCount": 0,
                     "state": {"terminated": {"exitCode": 3}}}]);
    assert_eq!(derive(&with_containers("Failed", st)).reason, "ExitCode:3");
    let st = json!([{"name": "c0", "image": "i", "imageID": "", "ready": false, "restartCount": 0,
                     "state": {"terminated": {"exitCode": 137, "signal": 9}}}]);
    assert_eq!(derive(&with_containers("Failed", st)).reason, "Signal:9");
}

#[test]
fn completed_and_error_come_from_terminated_reason() {
    let st = json!([{"name": "c0", "image": "i", "imageID": "", "ready": false, "restartCount": 0,
                     "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]);
    assert_eq!(
        derive(&with_containers("Succeeded", st)).reason,
        "Completed"
    );
    let st = json!([{"name": "c0", "image": "i", "imageID": "", "ready": false, "restartCount": 0,
                     "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]);
    assert_eq!(derive(&with_containers("Failed", st)).reason, "Error");
}

#[test]
fn completed_container_next_to_a_running_one_reads_running() {
    let st = json!([
        {"name": "c0", "image": "i", "imageID": "", "ready": false, "restartCount": 0,
         "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
        running("c1", 0)
    ]);
    assert_eq!(derive(&with_containers("Running", st)).reason, "Running");
}

#[test]
fn deletion_timestamp_means_terminating_unless_finished() {
    let mut p = with_containers("Running", json!([running("c0", 0)]));
    p.metadata.deletion_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
        "2026-11-22T08:00:00Z".parse().unwrap(),
    ));
    assert_eq!(derive(&p).reason, "Terminating");
    p.status.as_mut().unwrap().phase = Some("Succeeded".into());
    assert_ne!(derive(&p).reason, "Terminating");
}

#[test]
fn init_containers_show_progress_and_failures() {
    let base = |init_status: serde_json::Value| {
        pod(json!({
            "metadata": {"name": "p"},
            "spec": {"initContainers": [{"name": "i0"}, {"name": "i1"}], "containers": [{"name": "c0"}]},
            "status": {"phase": "Pending", "initContainerStatuses": init_status,
                       "containerStatuses": [{"name": "c0", "image": "i", "imageID": "", "ready": false,
                                              "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}
        }))
    };
    let done = json!({"name": "i0", "image": "i", "imageID": "", "ready": true, "restartCount": 0,
                      "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}});
    let running_init = json!({"name": "i1", "image": "i", "imageID": "", "ready": false, "restartCount": 0,
                              "state": {"running": {}}});
    assert_eq!(
        derive(&base(json!([done.clone(), running_init]))).reason,
        "Init:1/2"
    );
    let crashing = json!({"name": "i1", "image": "i", "imageID": "", "ready": false, "restartCount": 2,
                          "state": {"waiting": {"reason": "CrashLoopBackOff"}}});
    let s = derive(&base(json!([done.clone(), crashing])));
    assert_eq!(
        (s.reason.as_str(), s.restarts),
        ("Init:CrashLoopBackOff", 2)
    );
    let failed = json!({"name": "i1", "image": "i", "imageID": "", "ready": false, "restartCount": 0,
                        "state": {"terminated": {"exitCode": 2}}});
    assert_eq!(
        derive(&base(json!([done, failed]))).reason,
        "Init:ExitCode:2"
    );
}

#[test]
fn sidecar_init_containers_count_as_containers() {
    let p = pod(json!({
        "metadata": {"name": "p"},
        "spec": {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}], "containers": [{"name": "c0"}]},
        "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
                   "initContainerStatuses": [{"name": "proxy", "image": "i", "imageID": "", "ready": true,
                                              "started": true, "restartCount": 1, "state": {"running": {}}}],
                   "containerStatuses": [running("c0", 0)]}
    }));
    let s = derive(&p);
    assert_eq!(
        (s.reason.as_str(), s.ready, s.total, s.restarts),
        ("Running", 2, 2, 1)
    );
}

#[test]
fn pod_reason_such_as_evicted_replaces_phase() {
    let p = pod(
        json!({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
                       "status": {"phase": "Failed", "reason": "Evicted"}}),
    );
    assert_eq!(derive(&p).reason, "Evicted");
}
