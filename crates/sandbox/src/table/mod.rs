//! Server-side `Table` output (what `kubectl get` asks for with `Accept: ...;as=Table`).

pub mod columns;
pub mod infra;
pub mod pod;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::meta;
// kubectl's AGE column, the same function the panes use, so the two never disagree.
use super::resource::{Cell, Res};
use showrunner_model::human::human_duration;

/// What each row carries besides its cells (`includeObject`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IncludeObject {
    None,
    #[default]
    Metadata,
    Object,
}

impl IncludeObject {
    pub fn parse(s: Option<&str>) -> Self {
        match s {
            Some("None") => IncludeObject::None,
            Some("Object") => IncludeObject::Object,
            _ => IncludeObject::Metadata,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableFormat {
    /// "v1" or "v1beta1" of meta.k8s.io, echoed back as asked.
    pub version: &'static str,
    pub include: IncludeObject,
}

pub fn column_definitions(res: Res) -> Value {
    res.columns
        .iter()
        .map(|c| {
            // A CRD's creationTimestamp column is typed `date` by the server.
            let kind = match c.cell {
                Cell::Age if !res.is_built_in() => "date",
                _ => c.kind,
            };
            json!({"name": c.name, "type": kind, "format": c.format,
                   "description": c.description, "priority": c.priority})
        })
        .collect()
}

pub fn row(res: Res, obj: &Value, now: Timestamp, include: IncludeObject) -> Value {
    let cells: Vec<Value> = res
        .columns
        .iter()
        .map(|c| match cell(c.cell, obj, now) {
            // A CRD column whose JSONPath finds nothing is null; built-in printers print "".
            Value::String(s) if s.is_empty() && !res.is_built_in() => Value::Null,
            v => v,
        })
        .collect();
    let object = match include {
        IncludeObject::None => Value::Null,
        IncludeObject::Object => obj.clone(),
        IncludeObject::Metadata => json!({
            "kind": "PartialObjectMetadata",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": obj.get("metadata").cloned().unwrap_or_default(),
        }),
    };
    if object.is_null() {
        json!({"cells": cells})
    } else {
        json!({"cells": cells, "object": object})
    }
}

/// A whole table; `list_meta` is the ListMeta (resourceVersion, continue).
pub fn table(
    res: Res,
    objs: impl Iterator<Item = Value>,
    list_meta: Value,
    fmt: TableFormat,
) -> Value {
    let now = Timestamp::now();
    json!({
        "kind": "Table",
        "apiVersion": format!("meta.k8s.io/{}", fmt.version),
        "metadata": list_meta,
        "columnDefinitions": column_definitions(res),
        "rows": objs.map(|o| row(res, &o, now, fmt.include)).collect::<Vec<_>>(),
    })
}

fn cell(cell: Cell, obj: &Value, now: Timestamp) -> Value {
    match cell {
        Cell::Name => json!(meta::name(obj)),
        Cell::Age => json!(since(obj.pointer("/metadata/creationTimestamp"), now)),
        Cell::Path(path) => {
            // `.status.history[0].name` → `/status/history/0/name`
            let ptr = path.replace('[', ".").replace(']', "").replace('.', "/");
            match obj.pointer(&ptr) {
                Some(Value::Null) | None => json!(""),
                Some(v) => v.clone(),
            }
        }
        Cell::Func(f) => f(obj, now),
    }
}

/// Age of a timestamp field, `<unknown>` when absent, as kubectl prints it.
pub fn since(t: Option<&Value>, now: Timestamp) -> String {
    match meta::parse_time(t) {
        Some(t) => human_duration(now.as_second() - t.as_second()),
        None => "<unknown>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{DEPLOYMENTS, NAMESPACES};

    #[test]
    fn namespace_and_deployment_rows() {
        let now: Timestamp = "2026-01-01T00:10:00Z".parse().unwrap();
        let ns = json!({"metadata": {"name": "dev", "creationTimestamp": "2026-01-01T00:00:00Z"},
                        "status": {"phase": "Active"}});
        let r = row(&NAMESPACES, &ns, now, IncludeObject::None);
        assert_eq!(r, json!({"cells": ["dev", "Active", "10m"]}));
        let d = json!({"metadata": {"name": "web", "creationTimestamp": "2026-01-01T00:09:00Z"},
                       "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "a", "image": "i:1"}]}},
                                "selector": {"matchLabels": {"app": "web"}}},
                       "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}});
        let r = row(&DEPLOYMENTS, &d, now, IncludeObject::Metadata);
        assert_eq!(
            r["cells"],
            json!(["web", "2/3", 3, 2, "60s", "a", "i:1", "app=web"])
        );
        assert_eq!(r["object"]["kind"], "PartialObjectMetadata");
    }
}
