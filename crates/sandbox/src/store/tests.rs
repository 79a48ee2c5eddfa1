//! Store behaviour: resourceVersions, no-op updates, generation, history window and 410.

use serde_json::json;

use super::{ChangeKind, Store};
use crate::registry::{NAMESPACES, PODS};

fn store_with_ns(history: usize) -> std::sync::Arc<Store> {
    let s = Store::new(history, 64);
    s.create(&NAMESPACES, json!({"metadata": {"name": "dev"}}))
        .unwrap();
    s
}

fn pod(name: &str) -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "dev"}, "spec": {"x": 1}})
}

fn rv(obj: &serde_json::Value) -> u64 {
    obj["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn rv_grows_and_noop_updates_do_not_bump() {
    let s = store_with_ns(100);
    let a = s.create(&PODS, pod("a")).unwrap();
    assert_eq!(a["metadata"]["generation"], 1);
    let same = s.update(&PODS, "dev", "a", |cur| Ok(cur.clone())).unwrap();
    assert_eq!(rv(&same), rv(&a));
    let b = s
        .update(&PODS, "dev", "a", |cur| {
            let mut n = cur.clone();
            n["metadata"]["labels"] = json!({"k": "v"});
            Ok(n)
        })
        .unwrap();
    assert!(rv(&b) > rv(&a));
    assert_eq!(
        b["metadata"]["generation"], 1,
        "metadata changes keep generation"
    );
    let c = s
        .update(&PODS, "dev", "a", |cur| {
            let mut n = cur.clone();
            n["spec"]["x"] = json!(2);
            Ok(n)
        })
        .unwrap();
    assert_eq!(c["metadata"]["generation"], 2);
    assert_eq!(c["metadata"]["uid"], a["metadata"]["uid"]);
}

#[test]
fn create_conflicts_and_namespace_check() {
    let s = store_with_ns(100);
    s.create(&PODS, pod("a")).unwrap();
    assert_eq!(s.create(&PODS, pod("a")).unwrap_err().code, 409);
    let mut other = pod("b");
    other["metadata"]["namespace"] = json!("nope");
    assert_eq!(s.create(&PODS, other).unwrap_err().code, 404);
    let generated = s
        .create(
            &PODS,
            json!({"metadata": {"generateName": "web-", "namespace": "dev"}}),
        )
        .unwrap();
    let name = generated["metadata"]["name"].as_str().unwrap();
    assert!(name.starts_with("web-") && name.len() == 9, "{name}");
}

#[test]
fn resource_version_precondition() {
    let s = store_with_ns(100);
    s.create(&PODS, pod("a")).unwrap();
    let err = s
        .update(&PODS, "dev", "a", |cur| {
            let mut n = cur.clone();
            n["metadata"]["resourceVersion"] = json!("1");
            n["spec"]["x"] = json!(3);
            Ok(n)
        })
        .unwrap_err();
    assert_eq!(err.code, 409);
    assert_eq!(err.reason, "Conflict");
}

#[test]
fn history_replays_and_expires() {
    let s = store_with_ns(3);
    let start = s.current_rv();
    for n in ["a", "b"] {
        s.create(&PODS, pod(n)).unwrap();
    }
    let sub = s.since(start).unwrap();
    assert_eq!(sub.initial.len(), 2);
    assert!(sub.initial.iter().all(|c| c.kind == ChangeKind::Added));
    s.delete(&PODS, "dev", "a", None, None).unwrap();
    s.create(&PODS, pod("c")).unwrap();
    assert_eq!(
        s.since(start).err().map(|e| e.code),
        Some(410),
        "window of 3 lost the first change"
    );
    assert!(s.since(s.current_rv()).is_ok());
    assert_eq!(
        s.since(s.current_rv() + 5).err().map(|e| e.code),
        Some(410),
        "future RVs are expired too"
    );
    let now = s.current_rv();
    s.expire_history();
    assert_eq!(s.since(now).err().map(|e| e.code), Some(410));
}

#[tokio::test]
async fn snapshot_then_live_changes_without_gaps() {
    let s = store_with_ns(100);
    s.create(&PODS, pod("a")).unwrap();
    let mut sub = s.snapshot(&PODS, Some("dev"));
    assert_eq!(sub.initial.len(), 1);
    s.create(&PODS, pod("b")).unwrap();
    let ch = sub.rx.recv().await.unwrap();
    assert_eq!(ch.kind, ChangeKind::Added);
    assert_eq!(ch.object.value()["metadata"]["name"], "b");
    assert!(ch.rv > sub.rv);
    let gone = s.delete(&PODS, "dev", "b", None, None).unwrap();
    let ch = sub.rx.recv().await.unwrap();
    assert_eq!((ch.kind, ch.rv), (ChangeKind::Deleted, rv(&gone)));
}

#[test]
fn list_pages_in_key_order() {
    let s = store_with_ns(100);
    for n in ["c", "a", "b"] {
        s.create(&PODS, pod(n)).unwrap();
    }
    let p1 = s.list(&PODS, Some("dev"), None, 2, &|_| true);
    let names: Vec<_> = p1
        .items
        .iter()
        .map(|o| o.value()["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["a", "b"]);
    let p2 = s.list(&PODS, Some("dev"), p1.next.as_ref(), 2, &|_| true);
    assert_eq!(p2.items.len(), 1);
    assert!(p2.next.is_none());
    assert!(
        s.list(&PODS, Some("other"), None, 10, &|_| true)
            .items
            .is_empty()
    );
}

#[test]
fn terminating_namespaces_accept_no_new_objects() {
    let s = store_with_ns(100);
    s.update(&NAMESPACES, "", "dev", |cur| {
        let mut n = cur.clone();
        n["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:00:00Z");
        Ok(n)
    })
    .unwrap();
    let err = s.create(&PODS, pod("late")).unwrap_err();
    assert_eq!(err.code, 403);
    assert!(
        err.message.contains("because it is being terminated"),
        "{}",
        err.message
    );
}

#[test]
fn continue_tokens_outlive_watch_history_until_compaction() {
    let s = store_with_ns(3);
    let listed = s.current_rv();
    for i in 0..10 {
        s.create(&PODS, pod(&format!("p{i}"))).unwrap();
    }
    assert_eq!(s.history_len(), 3, "watch history is bounded by count");
    assert_eq!(
        s.since(listed).err().map(|e| e.code),
        Some(410),
        "a watch from the list's RV is too old"
    );
    assert!(
        s.check_continue(listed).is_ok(),
        "but a continue token from it is still good, as on etcd before compaction"
    );
    assert_eq!(
        s.check_continue(s.current_rv() + 1).err().map(|e| e.code),
        Some(410),
        "tokens from the future are refused"
    );
    s.expire_history();
    let err = s.check_continue(listed).unwrap_err();
    assert_eq!((err.code, err.reason), (410, "Expired"));
    assert!(
        err.message.contains("continue parameter is too old"),
        "{}",
        err.message
    );
}

#[test]
fn continue_tokens_expire_after_the_retention() {
    let s = Store::with_retention(100, 64, std::time::Duration::from_millis(50));
    s.create(&NAMESPACES, json!({"metadata": {"name": "dev"}}))
        .unwrap();
    let listed = s.current_rv();
    std::thread::sleep(std::time::Duration::from_millis(2));
    s.create(&PODS, pod("soon")).unwrap();
    assert!(s.check_continue(listed).is_ok());
    std::thread::sleep(std::time::Duration::from_millis(120));
    s.create(&PODS, pod("later")).unwrap();
    assert_eq!(s.check_continue(listed).err().map(|e| e.code), Some(410));
    assert_eq!(
        s.history_len(),
        1,
        "history older than the retention is dropped, not only refused"
    );
    let now = s.current_rv();
    std::thread::sleep(std::time::Duration::from_millis(120));
    assert!(
        s.check_continue(now).is_ok(),
        "an RV still current when the window began stays good, as after etcd's compaction"
    );
}

#[test]
fn a_stored_object_reads_back_as_written() {
    let s = store_with_ns(100);
    let made = s.create(&PODS, pod("a")).unwrap();
    let stored = s.get(&PODS, "dev", "a").unwrap();
    assert_eq!(stored.value(), made);
    assert_eq!(
        serde_json::to_string(&*stored).unwrap(),
        serde_json::to_string(&made).unwrap(),
        "get/list/watch send the bytes of the object as written"
    );
    let ch = s.since(rv(&made) - 1).unwrap().initial;
    assert_eq!(ch[0].object.value(), made, "and so does the history");
}

/// Old versions are freed once history lets go of them: memory follows the bounds.
#[test]
fn history_frees_old_versions_by_count_and_by_age() {
    let touch = |s: &Store, i: i64| {
        s.update(&PODS, "dev", "a", |cur| {
            let mut n = cur.clone();
            n["status"] = json!({"i": i});
            Ok(n)
        })
        .unwrap();
    };
    let s = store_with_ns(10);
    s.create(&PODS, pod("a")).unwrap();
    let first = std::sync::Arc::downgrade(&s.get(&PODS, "dev", "a").unwrap());
    for i in 0..5 {
        touch(&s, i);
    }
    assert!(first.upgrade().is_some(), "still in history");
    for i in 5..20 {
        touch(&s, i);
    }
    assert!(first.upgrade().is_none(), "freed past the count bound");
    assert_eq!(s.history_len(), 10);

    let s = Store::with_retention(1000, 64, std::time::Duration::from_millis(50));
    s.create(&NAMESPACES, json!({"metadata": {"name": "dev"}}))
        .unwrap();
    s.create(&PODS, pod("a")).unwrap();
    let first = std::sync::Arc::downgrade(&s.get(&PODS, "dev", "a").unwrap());
    // Apart by more than a mark interval (retention / 300), so the window's edge can fall
    // between them.
    std::thread::sleep(std::time::Duration::from_millis(2));
    touch(&s, 0);
    std::thread::sleep(std::time::Duration::from_millis(120));
    touch(&s, 1);
    touch(&s, 2);
    assert!(first.upgrade().is_none(), "freed past the age bound");
}
