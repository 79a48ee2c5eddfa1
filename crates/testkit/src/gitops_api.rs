//! Reading the sandbox's Kargo objects and pods over HTTP, as the GitOps integration tests do.

use serde_json::Value;

use super::TestSandbox;

pub const PROJECT: &str = "kargo-demo";

/// GET that must answer 200.
pub async fn get_ok(sb: &TestSandbox, path: &str) -> Value {
    let (code, body) = sb.get(path).await;
    assert_eq!(code, 200, "{path}: {body}");
    body
}

/// The path of a Kargo object in the demo project.
pub fn kargo(plural: &str, name: &str) -> String {
    format!("/apis/kargo.akuity.io/v1alpha1/namespaces/{PROJECT}/{plural}/{name}")
}

/// The freight a Stage object runs (first entry of its freight history).
pub fn current(stage: &Value) -> String {
    stage["status"]["freightHistory"][0]["items"]
        .as_object()
        .and_then(|m| m.values().next())
        .and_then(|f| f["name"].as_str())
        .unwrap_or("")
        .to_string()
}

/// Images of the namespace's backend pods that are not terminating.
pub async fn backend_images(sb: &TestSandbox, ns: &str) -> Vec<String> {
    let path = format!("/api/v1/namespaces/{ns}/pods?labelSelector=app%3Dbackend");
    let pods = get_ok(sb, &path).await;
    pods["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
        .filter_map(|p| {
            p["spec"]["containers"][0]["image"]
                .as_str()
                .map(String::from)
        })
        .collect()
}
