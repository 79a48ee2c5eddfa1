use serde_json::json;

use super::*;

fn req(v: serde_json::Value) -> Vec<FreightRequest> {
    serde_json::from_value(v).unwrap()
}

fn names(layer: &[Node]) -> Vec<&str> {
    layer.iter().map(Node::name).collect()
}

#[test]
fn linear_pipeline_reads_warehouse_dev_stg_prod() {
    let dev = req(
        json!([{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": {"direct": true}}]),
    );
    let stg = req(
        json!([{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": {"stages": ["dev"]}}]),
    );
    let prod = req(
        json!([{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": {"stages": ["stg"]}}]),
    );
    let g = derive(
        [
            ("prod", prod.as_slice()),
            ("dev", dev.as_slice()),
            ("stg", stg.as_slice()),
        ],
        ["backend"],
    );
    let layers: Vec<Vec<&str>> = g.layers.iter().map(|l| names(l)).collect();
    assert_eq!(
        layers,
        vec![vec!["backend"], vec!["dev"], vec!["stg"], vec!["prod"]]
    );
    assert_eq!(g.stages().collect::<Vec<_>>(), ["dev", "stg", "prod"]);
    assert_eq!(
        g.upstream_of(&Node::Stage("stg".into())),
        vec![&Node::Stage("dev".into())]
    );
    assert_eq!(
        g.downstream_of(&Node::Warehouse("backend".into())),
        vec![&Node::Stage("dev".into())]
    );
}

#[test]
fn branches_share_a_column_and_joins_wait_for_the_longest_path() {
    let w = json!({"kind": "Warehouse", "name": "w"});
    let dev = req(json!([{"origin": w, "sources": {"direct": true}}]));
    let qa_a = req(json!([{"origin": w, "sources": {"stages": ["dev"]}}]));
    let qa_b = req(json!([{"origin": w, "sources": {"stages": ["dev"]}}]));
    let uat = req(json!([{"origin": w, "sources": {"stages": ["qa-b"]}}]));
    let prod = req(
        json!([{"origin": w, "sources": {"stages": ["qa-a", "uat"], "availabilityStrategy": "All"}}]),
    );
    let g = derive(
        [
            ("dev", dev.as_slice()),
            ("qa-a", qa_a.as_slice()),
            ("qa-b", qa_b.as_slice()),
            ("uat", uat.as_slice()),
            ("prod", prod.as_slice()),
        ],
        [],
    );
    let layers: Vec<Vec<&str>> = g.layers.iter().map(|l| names(l)).collect();
    assert_eq!(
        layers,
        vec![
            vec!["w"],
            vec!["dev"],
            vec!["qa-a", "qa-b"],
            vec!["uat"],
            vec!["prod"]
        ]
    );
}

#[test]
fn unknown_upstream_and_unrequested_warehouses_still_show() {
    let stg = req(
        json!([{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": {"stages": ["hidden"]}}]),
    );
    let g = derive([("stg", stg.as_slice())], ["backend", "frontend"]);
    let layers: Vec<Vec<&str>> = g.layers.iter().map(|l| names(l)).collect();
    assert_eq!(layers, vec![vec!["backend", "frontend"], vec!["stg"]]);
}

#[test]
fn a_cycle_does_not_hang() {
    let w = json!({"kind": "Warehouse", "name": "w"});
    let a = req(json!([{"origin": w, "sources": {"stages": ["b"]}}]));
    let b = req(json!([{"origin": w, "sources": {"stages": ["a"]}}]));
    let g = derive([("a", a.as_slice()), ("b", b.as_slice())], ["w"]);
    assert_eq!(g.layers.iter().flatten().count(), 3);
}
