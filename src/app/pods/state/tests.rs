use super::*;
use crate::kube::pod_summary::Health;

pub fn pod(ns: &str, name: &str, status: &str) -> PodSummary {
    PodSummary {
        namespace: ns.into(),
        name: name.into(),
        status: status.into(),
        health: crate::kube::pod_summary::health_of(status, 1, 1),
        ready: u32::from(status == "Running"),
        total: 1,
        restarts: 0,
        last_restart: None,
        created: None,
        image_tag: "v1".into(),
        node: None,
        pod_ip: None,
        uid: format!("uid-{name}").into(),
        owner: None,
        containers: Vec::new().into(),
        conditions: Vec::new().into(),
    }
}

fn state() -> PodsState {
    let mut s = PodsState::new(vec!["dev".into(), "prod".into()]);
    s.relist(
        "dev",
        vec![pod("dev", "b", "Running"), pod("dev", "a", "Pending")],
    );
    s.relist("prod", vec![pod("prod", "c", "Running")]);
    s.refresh();
    s
}

fn rows(s: &PodsState) -> Vec<Row> {
    s.rows_from(0, usize::MAX)
}

fn selected(s: &PodsState) -> Option<String> {
    s.selected_pod()
        .map(|p| format!("{}/{}", p.namespace, p.name))
}

#[test]
fn rows_group_pods_by_namespace_in_name_order() {
    let s = state();
    assert_eq!(
        rows(&s),
        &[
            Row::Group(0),
            Row::Pod(0, 0),
            Row::Pod(0, 1),
            Row::Group(1),
            Row::Pod(1, 0)
        ]
    );
    assert_eq!(s.counts(0), GroupCounts { ready: 1, total: 2 });
    assert_eq!(
        selected(&s).as_deref(),
        Some("dev/a"),
        "cursor starts on the first pod, not a header"
    );
}

#[test]
fn moving_skips_group_headers_and_stops_at_the_ends() {
    let mut s = state();
    s.move_by(1);
    s.move_by(1);
    assert_eq!(selected(&s).as_deref(), Some("prod/c"));
    s.move_by(1);
    assert_eq!(selected(&s).as_deref(), Some("prod/c"));
    s.move_to_top();
    assert_eq!(selected(&s).as_deref(), Some("dev/a"));
    s.move_to_bottom();
    assert_eq!(selected(&s).as_deref(), Some("prod/c"));
    s.move_by(-10);
    assert_eq!(selected(&s).as_deref(), Some("dev/a"));
}

#[test]
fn selection_follows_the_pod_when_rows_shift() {
    let mut s = state();
    s.move_by(1); // dev/b
    s.apply(pod("dev", "0-first", "Running"));
    s.refresh();
    assert_eq!(selected(&s).as_deref(), Some("dev/b"));
}

#[test]
fn deleting_the_selected_pod_keeps_the_cursor_nearby() {
    let mut s = state();
    s.move_by(1); // dev/b
    s.delete("dev", "b");
    s.refresh();
    assert_eq!(selected(&s).as_deref(), Some("prod/c"));
}

#[test]
fn identical_updates_change_nothing() {
    let mut s = state();
    assert!(!s.apply(pod("dev", "a", "Pending")));
    assert!(s.apply(pod("dev", "a", "Running")));
    assert!(
        !s.apply(pod("other-ns", "x", "Running")),
        "unwatched namespaces are ignored"
    );
}

#[test]
fn filter_matches_name_status_and_tag_case_insensitively() {
    let mut s = state();
    s.set_filter("PEND");
    assert_eq!(rows(&s), &[Row::Group(0), Row::Pod(0, 0), Row::Group(1)]);
    assert_eq!(selected(&s).as_deref(), Some("dev/a"));
    s.set_filter("zzz");
    assert_eq!(s.selected_pod(), None);
    s.set_filter("");
    assert_eq!(rows(&s).len(), 5);
    assert_eq!(s.row_count(), 5);
}

#[test]
fn filter_matches_the_namespace_and_namespace_slash_name() {
    let mut s = state();
    s.set_filter("PROD");
    assert_eq!(rows(&s), &[Row::Group(0), Row::Group(1), Row::Pod(1, 0)]);
    assert_eq!(selected(&s).as_deref(), Some("prod/c"));
    s.set_filter("dev/b");
    assert_eq!(rows(&s), &[Row::Group(0), Row::Pod(0, 1), Row::Group(1)]);
}

#[test]
fn relist_replaces_the_namespace_atomically() {
    let mut s = state();
    assert!(s.is_synced(0));
    s.relist("dev", vec![pod("dev", "z", "Running")]);
    s.refresh();
    assert_eq!(s.counts(0), GroupCounts { ready: 1, total: 1 });
    assert!(s.find("dev", "a").is_none());
    assert_eq!(s.find("dev", "z").map(|p| p.health), Some(Health::Healthy));
}

mod model {
    //! The incremental rows and counts against the obvious recount, over random changes.
    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        Apply(usize, u8, bool),
        Delete(usize, u8),
        Relist(usize, Vec<u8>),
        Filter(&'static str),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..2usize, 0..20u8, any::<bool>()).prop_map(|(ns, n, r)| Op::Apply(ns, n, r)),
            2 => (0..2usize, 0..20u8).prop_map(|(ns, n)| Op::Delete(ns, n)),
            1 => (0..2usize, proptest::collection::vec(0..20u8, 0..8)).prop_map(|(ns, v)| Op::Relist(ns, v)),
            1 => prop_oneof![Just(""), Just("1"), Just("prod/"), Just("zzz")].prop_map(Op::Filter),
        ]
    }

    const NS: [&str; 2] = ["dev", "prod"];

    fn named(ns: usize, n: u8, running: bool) -> PodSummary {
        pod(
            NS[ns],
            &format!("p{n:02}"),
            if running { "Running" } else { "Pending" },
        )
    }

    proptest! {
        #[test]
        fn rows_and_counts_match_a_recount(ops in proptest::collection::vec(op(), 0..40)) {
            let mut s = PodsState::new(NS.iter().map(|n| n.to_string()).collect());
            for op in ops {
                match op {
                    Op::Apply(ns, n, r) => { s.apply(named(ns, n, r)); }
                    Op::Delete(ns, n) => { s.delete(NS[ns], &format!("p{n:02}")); }
                    Op::Relist(ns, v) => { s.relist(NS[ns], v.into_iter().map(|n| named(ns, n, true)).collect()); }
                    Op::Filter(f) => s.set_filter(f),
                }
                s.refresh();
                let mut expected = Vec::new();
                for ns in 0..NS.len() {
                    expected.push(Row::Group(ns));
                    let count = s.counts(ns).total;
                    for idx in 0..count {
                        let p = s.pod(ns, idx);
                        let text = format!("{}/{} {} {}", p.namespace, p.name, p.status, p.image_tag);
                        if text.to_lowercase().contains(s.filter()) {
                            expected.push(Row::Pod(ns, idx));
                        }
                    }
                    let ready = (0..count).filter(|&i| s.pod(ns, i).is_ready()).count();
                    prop_assert_eq!(s.counts(ns).ready, ready);
                }
                prop_assert_eq!(rows(&s), expected);
                prop_assert!(s.selected_pod().is_some() == rows(&s).iter().any(|r| matches!(r, Row::Pod(..))));
                prop_assert!(matches!(s.row(s.cursor()), Some(Row::Pod(..))) || s.selected_pod().is_none());
            }
        }
    }
}
