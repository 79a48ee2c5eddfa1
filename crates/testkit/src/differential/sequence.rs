//! The recorded sequence: the requests the app and kubectl make, in a namespace the sequence
//! creates itself (the same name on both sides), on kinds both servers serve and that no
//! controller on either side touches between two steps (services, events, Kargo and Argo CD
//! objects outside the sandbox's simulated project; pods only as create answers).

use reqwest::Method;
use serde_json::{Value, json};

use super::{MERGE, STRATEGIC, Step};

pub const NS: &str = "sr-diff";

fn ns(path: &str) -> String {
    path.replace("NS", NS)
}

const CORE: &str = "/api/v1/namespaces/NS";
const KARGO: &str = "/apis/kargo.akuity.io/v1alpha1/namespaces/NS";
const ARGO: &str = "/apis/argoproj.io/v1alpha1/namespaces/NS";
const FREIGHT: &str = "0123456789abcdef0123456789abcdef01234567";

fn pod(name: &str) -> Value {
    json!({"metadata": {"name": name, "labels": {"app": "web"}},
           "spec": {"containers": [{"name": "app", "image": "ghcr.io/showrunner-demo/backend:1.0"}]}})
}

fn event(name: &str, message: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Event",
           "metadata": {"name": name, "labels": {"diff": "yes"}},
           "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": NS, "apiVersion": "v1"},
           "reason": "Checked", "message": message, "type": "Normal", "count": 1,
           "source": {"component": "differential"},
           "firstTimestamp": "2026-11-22T10:00:00Z", "lastTimestamp": "2026-11-22T10:00:00Z"})
}

fn steps_of_stage() -> Value {
    json!([{"uses": "git-clone", "config": {"repoURL": "https://github.com/showrunner-demo/gitops.git",
                                            "checkout": [{"branch": "env/dev", "path": "./out"}]}},
           {"uses": "git-push", "config": {"path": "./out"}}])
}

fn promotion(name: &str, steps: Option<Value>) -> Value {
    let mut p = json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Promotion",
                       "metadata": {"name": name}, "spec": {"stage": "dev", "freight": FREIGHT}});
    if let Some(s) = steps {
        p["spec"]["steps"] = s;
    }
    p
}

/// Discovery answers, reduced to the groups and resources the sandbox serves.
fn only_groups(mut v: Value) -> Value {
    const SERVED: &[&str] = &["apps", "kargo.akuity.io", "argoproj.io"];
    if let Some(groups) = v.get_mut("groups").and_then(Value::as_array_mut) {
        groups.retain(|g| SERVED.contains(&g["name"].as_str().unwrap_or("")));
        groups.sort_by_key(|g| g["name"].as_str().unwrap_or("").to_string());
    }
    v
}

fn only_resources(mut v: Value) -> Value {
    const SERVED: &[&str] = &[
        "namespaces",
        "pods",
        "pods/log",
        "pods/status",
        "services",
        "events",
        "deployments",
        "deployments/scale",
        "deployments/status",
        "replicasets",
        "replicasets/status",
        "freights",
        "freights/status",
        "stages",
        "stages/status",
        "promotions",
        "promotions/status",
        "warehouses",
        "warehouses/status",
        "applications",
    ];
    if let Some(list) = v.get_mut("resources").and_then(Value::as_array_mut) {
        list.retain(|r| SERVED.contains(&r["name"].as_str().unwrap_or("")));
        for r in list.iter_mut().filter_map(Value::as_object_mut) {
            // A hash of the storage version's schema: the sandbox has none to hash.
            r.remove("storageVersionHash");
            // Order carries no meaning in discovery (a CRD's verbs come in its own order).
            if let Some(Value::Array(verbs)) = r.get_mut("verbs") {
                verbs.sort_by_key(|v| v.as_str().unwrap_or("").to_string());
            }
        }
        list.sort_by_key(|r| r["name"].as_str().unwrap_or("").to_string());
    }
    v
}

fn api_versions(v: Value) -> Value {
    json!({"kind": v["kind"], "versions": v["versions"]})
}

fn is_initial_end(ev: &Value) -> bool {
    ev["type"] == "BOOKMARK"
        && ev.pointer("/object/metadata/annotations/k8s.io~1initial-events-end")
            == Some(&json!("true"))
}

fn is_modified(ev: &Value) -> bool {
    ev["type"] == "MODIFIED"
}

fn any_event(_: &Value) -> bool {
    true
}

pub fn sequence() -> Vec<Step> {
    let stage = json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Stage",
        "metadata": {"name": "dev"},
        "spec": {"requestedFreight": [{"origin": {"kind": "Warehouse", "name": "backend"},
                                       "sources": {"direct": true}}],
                 "promotionTemplate": {"spec": {"steps": steps_of_stage()}}}});
    let freight = json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Freight",
        "metadata": {"name": FREIGHT}, "alias": "tidy-fox",
        "origin": {"kind": "Warehouse", "name": "backend"},
        "images": [{"repoURL": "ghcr.io/showrunner-demo/backend", "tag": "1.0", "digest": "sha256:0a1b"}]});
    let app = json!({"apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": {"name": "web"},
        "spec": {"project": "default",
                 "source": {"repoURL": "https://github.com/showrunner-demo/gitops.git", "path": "env/dev", "targetRevision": "HEAD"},
                 "destination": {"server": "https://kubernetes.default.svc", "namespace": "dev"}}});
    let service = json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"generateName": "web-", "labels": {"app": "web"}},
        "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]}});
    let sa = ns("/api/v1/namespaces/NS/serviceaccounts/default");
    vec![
        // Discovery, as kubectl and kube-rs do it first.
        Step::get("discovery-api", "/api").project(api_versions),
        Step::get("discovery-apis", "/apis").project(only_groups),
        Step::get("discovery-core-v1", "/api/v1").project(only_resources),
        Step::get("discovery-apps-v1", "/apis/apps/v1").project(only_resources),
        Step::get("discovery-kargo", "/apis/kargo.akuity.io/v1alpha1").project(only_resources),
        Step::get("discovery-argocd", "/apis/argoproj.io/v1alpha1").project(only_resources),
        // The namespace everything else lives in.
        Step::post("create-namespace", "/api/v1/namespaces",
                   json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})),
        Step::post("create-namespace-again-409", "/api/v1/namespaces",
                   json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})),
        Step::get("get-namespace-missing-404", "/api/v1/namespaces/sr-diff-missing"),
        Step::patch("merge-patch-namespace", format!("/api/v1/namespaces/{NS}"), MERGE,
                    json!({"metadata": {"labels": {"purpose": "differential"}}})),
        // Pods: only the create answers, before the scheduler and kubelets move them on.
        Step::post("create-pod-without-kind", ns(&format!("{CORE}/pods")), pod("web-1")).bed_wait(sa),
        Step::post("create-pod-wrong-kind-400", ns(&format!("{CORE}/pods")),
                   json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web-2"}})),
        Step::post("create-pod-no-containers-422", ns(&format!("{CORE}/pods")),
                   json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-3"}, "spec": {"containers": []}})),
        Step::post("create-pod-bad-name-422", ns(&format!("{CORE}/pods")), pod("Web_4")),
        Step::post("create-pod-denied-403", ns(&format!("{CORE}/pods")), pod("web-5"))
            .denied("create", "pods", NS),
        Step::get("get-pod-missing-404", ns(&format!("{CORE}/pods/nope"))),
        // Services: generateName, strategic and merge patches, a stale precondition, tables.
        Step::post("create-service-generate-name", ns(&format!("{CORE}/services")), service)
            .generated("/metadata/name")
            .capture("svc", "/metadata/name"),
        Step::get("get-service", ns(&format!("{CORE}/services/{{svc}}")))
            .capture("svc_rv", "/metadata/resourceVersion"),
        Step::patch("strategic-merge-patch-service-ports", ns(&format!("{CORE}/services/{{svc}}")), STRATEGIC,
                    json!({"spec": {"ports": [{"name": "metrics", "port": 9090}]}})),
        Step::patch("merge-patch-service-labels", ns(&format!("{CORE}/services/{{svc}}")), MERGE,
                    json!({"metadata": {"labels": {"tier": "api"}}}))
            .capture("svc_rv2", "/metadata/resourceVersion"),
        Step::patch("merge-patch-stale-rv-409", ns(&format!("{CORE}/services/{{svc}}")), MERGE,
                    json!({"metadata": {"resourceVersion": "1", "labels": {"tier": "db"}}})),
        Step::get("get-service-table", ns(&format!("{CORE}/services/{{svc}}"))).table(),
        Step::get("watch-services-from-rv",
                  ns(&format!("{CORE}/services?watch=1&allowWatchBookmarks=true&resourceVersion={{svc_rv}}")))
            .watch(None, None, |ev| ev["object"]["metadata"]["labels"]["tier"] == "api"),
        Step::get("watch-service-change",
                  ns(&format!("{CORE}/services?watch=1&allowWatchBookmarks=true&resourceVersion={{svc_rv2}}")))
            .watch(None, Some(Step::patch("watch-trigger", ns(&format!("{CORE}/services/{{svc}}")), MERGE,
                                          json!({"metadata": {"labels": {"watched": "yes"}}}))), is_modified),
        // Events: paging with limit and continue, and as a table.
        Step::post("create-event-1", ns(&format!("{CORE}/events")), event("e1", "one")),
        Step::post("create-event-2", ns(&format!("{CORE}/events")), event("e2", "two")),
        Step::post("create-event-3", ns(&format!("{CORE}/events")), event("e3", "three")),
        Step::get("list-events-limit-2", ns(&format!("{CORE}/events?labelSelector=diff%3Dyes&limit=2")))
            .capture("continue", "/metadata/continue"),
        Step::get("list-events-continue", ns(&format!("{CORE}/events?labelSelector=diff%3Dyes&limit=2&continue={{continue}}"))),
        // A write between two pages: the token stays good on both; etcd serves the next page as
        // of the list's RV (the old message), the sandbox the current state (see ALLOWED).
        Step::patch("patch-event-between-pages", ns(&format!("{CORE}/events/e3")), MERGE,
                    json!({"message": "three, changed"})),
        Step::get("list-events-continue-after-a-write",
                  ns(&format!("{CORE}/events?labelSelector=diff%3Dyes&limit=2&continue={{continue}}"))),
        Step::get("list-events-table", ns(&format!("{CORE}/events?labelSelector=diff%3Dyes"))).table(),
        Step::delete("delete-event", ns(&format!("{CORE}/events/e3"))),
        // Kargo: a stage, freight approved through the status subresource, promotions.
        Step::post("create-stage", ns(&format!("{KARGO}/stages")), stage),
        Step::post("create-freight", ns(&format!("{KARGO}/freights")), freight),
        // A generateName is validated as a name once a suffix is added: "f." is refused (the
        // app once sent "stg." for promotions, which the sandbox let through).
        Step::post("create-freight-generate-name-dot-422", ns(&format!("{KARGO}/freights")),
                   json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Freight", "metadata": {"generateName": "f."},
                          "origin": {"kind": "Warehouse", "name": "backend"}}))
            .generated("/details/name"),
        Step::patch("status-patch-freight-approve", ns(&format!("{KARGO}/freights/{FREIGHT}/status")), MERGE,
                    json!({"status": {"approvedFor": {"stg": {"approvedAt": "2026-11-22T10:00:00Z"}}}})),
        Step::patch("merge-patch-freight-ignores-status", ns(&format!("{KARGO}/freights/{FREIGHT}")), MERGE,
                    json!({"metadata": {"labels": {"checked": "yes"}}, "status": {"approvedFor": {"prod": {}}}})),
        Step::patch("patch-freight-denied-403", ns(&format!("{KARGO}/freights/{FREIGHT}")), MERGE,
                    json!({"metadata": {"labels": {"checked": "no"}}}))
            .denied("patch", "freights", NS),
        Step::get("list-freight-table", ns(&format!("{KARGO}/freights"))).table(),
        Step::get("watch-list-freight",
                  ns(&format!("{KARGO}/freights?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan")))
            .watch(Some(is_initial_end), Some(Step::patch("watch-trigger", ns(&format!("{KARGO}/freights/{FREIGHT}")), MERGE,
                                                          json!({"metadata": {"labels": {"watched": "yes"}}}))), is_modified),
        Step::post("create-promotion-without-kind-400", ns(&format!("{KARGO}/promotions")),
                   json!({"metadata": {"name": "p0"}, "spec": {"stage": "dev", "freight": FREIGHT, "steps": steps_of_stage()}})),
        Step::post("create-promotion-kind-only-400", ns(&format!("{KARGO}/promotions")),
                   json!({"kind": "Promotion", "metadata": {"name": "p0"}, "spec": {"stage": "dev", "freight": FREIGHT, "steps": steps_of_stage()}})),
        Step::post("create-promotion-wrong-kind-422", ns(&format!("{KARGO}/promotions")),
                   json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Stage", "metadata": {"name": "p0"},
                          "spec": {"stage": "dev", "freight": FREIGHT, "steps": steps_of_stage()}})),
        Step::post("create-promotion", ns(&format!("{KARGO}/promotions")), promotion("dev.p1", Some(steps_of_stage()))),
        Step::get("get-promotion-missing-404", ns(&format!("{KARGO}/promotions/nope"))),
        Step::get("list-promotions-table", ns(&format!("{KARGO}/promotions"))).table(),
        // Last of the promotions: the sandbox admits it (see ALLOWED), so it would show in lists.
        Step::post("create-promotion-without-steps", ns(&format!("{KARGO}/promotions")), promotion("dev.p2", None)),
        // Argo CD: an application and the sync the app requests (a merge patch of .operation).
        Step::post("create-application", ns(&format!("{ARGO}/applications")), app),
        Step::patch("merge-patch-application-sync", ns(&format!("{ARGO}/applications/web")), MERGE,
                    json!({"operation": {"initiatedBy": {"username": "showrunner"},
                                         "info": [{"name": "Reason", "value": "sync requested from showrunner"}],
                                         "sync": {"syncStrategy": {"hook": {}}}}})),
        Step::get("get-application", ns(&format!("{ARGO}/applications/web"))),
        // Deletes.
        Step::delete("delete-service", ns(&format!("{CORE}/services/{{svc}}"))),
        Step::get("get-deleted-service-404", ns(&format!("{CORE}/services/{{svc}}"))),
        Step::delete("delete-freight", ns(&format!("{KARGO}/freights/{FREIGHT}"))),
        Step::delete("delete-namespace", format!("/api/v1/namespaces/{NS}")),
        Step::new("put-missing-namespace-404", Method::PUT, "/api/v1/namespaces/sr-diff-missing")
            .body(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "sr-diff-missing"}})),
    ]
}

/// Run against a test bed without watch cache whose etcd has compacted: a watch from an old
/// resourceVersion is refused with 410 Expired, in the stream.
pub fn expired() -> Vec<Step> {
    vec![
        Step::get(
            "watch-expired-rv-410",
            "/api/v1/namespaces/default/pods?watch=1&resourceVersion=1&allowWatchBookmarks=true",
        )
        .watch(None, None, any_event),
    ]
}
