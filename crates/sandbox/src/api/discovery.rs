//! Legacy (non-aggregated) discovery, generated from the registry. kubectl asks for
//! aggregated discovery first and falls back to these documents when the answer is not
//! `as=APIGroupDiscoveryList`.

use std::net::SocketAddr;

use serde_json::{Value, json};

use crate::registry::Registry;
use crate::resource::Res;

pub const GIT_VERSION: &str = "v1.32.0-showrunner-sandbox";

pub fn version() -> Value {
    json!({
        "major": "1", "minor": "32", "gitVersion": GIT_VERSION,
        "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.4", "compiler": "gc",
        "platform": "linux/amd64",
    })
}

pub fn api_versions(addr: SocketAddr) -> Value {
    json!({
        "kind": "APIVersions", "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": addr.to_string()}],
    })
}

fn group_versions(registry: &Registry, group: &str) -> Vec<Value> {
    registry
        .group_versions()
        .into_iter()
        .filter(|(g, _)| *g == group)
        .map(|(g, v)| json!({"groupVersion": format!("{g}/{v}"), "version": v}))
        .collect()
}

pub fn group(registry: &Registry, group: &str) -> Option<Value> {
    let versions = group_versions(registry, group);
    let preferred = versions.first()?.clone();
    Some(
        json!({"kind": "APIGroup", "apiVersion": "v1", "name": group, "versions": versions, "preferredVersion": preferred}),
    )
}

pub fn group_list(registry: &Registry) -> Value {
    let mut names: Vec<&str> = Vec::new();
    for (g, _) in registry.group_versions() {
        if !g.is_empty() && !names.contains(&g) {
            names.push(g);
        }
    }
    let groups: Vec<Value> = names
        .into_iter()
        .filter_map(|g| {
            let mut v = group(registry, g)?;
            let m = v.as_object_mut()?;
            m.remove("kind");
            m.remove("apiVersion");
            Some(v)
        })
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

fn resource_entry(res: Res) -> Value {
    let mut e = json!({
        "name": res.plural, "singularName": res.singular, "namespaced": res.namespaced,
        "kind": res.kind, "verbs": res.verbs,
    });
    if !res.short_names.is_empty() {
        e["shortNames"] = json!(res.short_names);
    }
    if !res.categories.is_empty() {
        e["categories"] = json!(res.categories);
    }
    e
}

pub fn resource_list(registry: &Registry, group: &str, version: &str) -> Value {
    let mut resources = Vec::new();
    for res in registry.in_group_version(group, version) {
        resources.push(resource_entry(res));
        if res.has_status_subresource {
            resources.push(json!({"name": format!("{}/status", res.plural), "singularName": "",
                "namespaced": res.namespaced, "kind": res.kind, "verbs": ["get", "patch", "update"]}));
        }
        for sub in res.subresources {
            let name = format!("{}/{sub}", res.plural);
            resources.push(match *sub {
                "scale" => json!({"name": name, "singularName": "", "namespaced": res.namespaced,
                    "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]}),
                _ => json!({"name": name, "singularName": "", "namespaced": res.namespaced,
                    "kind": res.kind, "verbs": ["get"]}),
            });
        }
    }
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    let mut list = json!({"kind": "APIResourceList", "groupVersion": gv, "resources": resources});
    if !group.is_empty() {
        // kube-apiserver's legacy /api/v1 list carries no apiVersion; group lists do.
        list["apiVersion"] = json!("v1");
    }
    list
}
