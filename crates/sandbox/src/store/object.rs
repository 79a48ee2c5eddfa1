//! One stored object version, kept compact: each top-level field as its serialised JSON (what
//! get, list and watch send anyway), plus the metadata that selectors, owners and controllers
//! look up without parsing it. As a `serde_json::Value` a pod costs about 27 KB (a map node per
//! object, a heap string per key); as its JSON about 3 KB.
//!
//! The fields are kept in the order a `Value`'s map serialises them (sorted keys), so the bytes
//! served are exactly those of serialising the `Value` the object was made from. Writers and
//! controllers that need the whole object parse it back with `value()`.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::selector::{Selectable, text_at};

/// An owner reference, as far as controllers and garbage collection look at it.
#[derive(Debug)]
struct Owner {
    kind: Box<str>,
    name: Box<str>,
    uid: Box<str>,
    controller: bool,
}

#[derive(Debug)]
pub struct Object {
    /// Top-level fields in serialisation order, each as compact JSON.
    fields: Box<[(Box<str>, Box<RawValue>)]>,
    name: Box<str>,
    namespace: Box<str>,
    uid: Box<str>,
    resource_version: Box<str>,
    labels: Box<[(Box<str>, Box<str>)]>,
    owners: Box<[Owner]>,
    terminating: bool,
}

fn text(v: Option<&Value>) -> Box<str> {
    v.and_then(Value::as_str).unwrap_or("").into()
}

impl Object {
    /// The stored form of `obj` (a JSON object; anything else is stored as an empty one).
    pub fn new(obj: &Value) -> Object {
        let empty = Map::new();
        let map = obj.as_object().unwrap_or(&empty);
        let fields = map
            .iter()
            .map(|(k, v)| {
                // Serialising a `Value` cannot fail: its keys are strings, its numbers finite.
                let raw = serde_json::value::to_raw_value(v).expect("a Value serialises");
                (k.as_str().into(), raw)
            })
            .collect();
        let md = map.get("metadata");
        let at = |key: &str| md.and_then(|m| m.get(key));
        let labels = at("labels")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.as_str().into(), v.as_str()?.into())))
            .collect();
        let owners = at("ownerReferences")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|r| Owner {
                kind: text(r.get("kind")),
                name: text(r.get("name")),
                uid: text(r.get("uid")),
                controller: r.get("controller").and_then(Value::as_bool) == Some(true),
            })
            .collect();
        Object {
            fields,
            name: text(at("name")),
            namespace: text(at("namespace")),
            uid: text(at("uid")),
            resource_version: text(at("resourceVersion")),
            labels,
            owners,
            terminating: at("deletionTimestamp").is_some_and(|v| !v.is_null()),
        }
    }

    /// The whole object, parsed (for writers and controllers).
    pub fn value(&self) -> Value {
        let map = self
            .fields
            .iter()
            .map(|(k, raw)| (k.to_string(), parse(raw)))
            .collect();
        Value::Object(map)
    }

    /// One top-level field, parsed (`spec`, `status`, …).
    pub fn field(&self, key: &str) -> Option<Value> {
        self.fields
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, raw)| parse(raw))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn uid(&self) -> &str {
        &self.uid
    }

    pub fn resource_version(&self) -> &str {
        &self.resource_version
    }

    /// A label's value, if it is set (and a string).
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| &**v)
    }

    pub fn is_terminating(&self) -> bool {
        self.terminating
    }

    /// The controller owner of `kind`, as (name, uid).
    pub fn controller(&self, kind: &str) -> Option<(&str, &str)> {
        self.owners
            .iter()
            .find(|o| o.controller && &*o.kind == kind)
            .map(|o| (&*o.name, &*o.uid))
    }

    pub fn owner_uids(&self) -> impl Iterator<Item = &str> {
        self.owners.iter().map(|o| &*o.uid)
    }

    /// The object as a list item of a built-in kind: without `kind` and `apiVersion`, as
    /// kube-apiserver sends them.
    pub fn without_type(&self) -> WithoutType<'_> {
        WithoutType(self)
    }

    fn serialize_fields<S: Serializer>(
        &self,
        s: S,
        keep: impl Fn(&str) -> bool,
    ) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_map(None)?;
        for (k, raw) in self.fields.iter().filter(|(k, _)| keep(k)) {
            out.serialize_entry(&**k, &**raw)?;
        }
        out.end()
    }
}

/// Raw values were made by serialising a `Value`, so they parse back.
fn parse(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_fields(s, |_| true)
    }
}

pub struct WithoutType<'a>(&'a Object);

impl Serialize for WithoutType<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_fields(s, |k| k != "kind" && k != "apiVersion")
    }
}

/// Selectors read a stored object without parsing it: labels from the kept metadata, a field
/// from its own top-level JSON.
impl Selectable for Object {
    fn label(&self, key: &str) -> Option<&str> {
        Object::label(self, key)
    }

    fn field_text(&self, path: &[String]) -> String {
        let [top, rest @ ..] = path else {
            return String::new();
        };
        match (top.as_str(), rest) {
            ("metadata", [f]) if f == "name" => self.name().to_string(),
            ("metadata", [f]) if f == "namespace" => self.namespace().to_string(),
            _ => text_at(self.field(top).as_ref(), rest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod() -> Value {
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-1", "namespace": "dev", "uid": "u1", "resourceVersion": "7",
                         "labels": {"app": "web", "n": 3},
                         "ownerReferences": [
                             {"kind": "ReplicaSet", "name": "web-abc", "uid": "rs1", "controller": true},
                             {"kind": "Thing", "name": "t", "uid": "t1"}]},
            "spec": {"containers": [{"name": "app", "image": "x:1", "ports": [{"containerPort": 80}]}]},
            "status": {"phase": "Running", "ratio": 0.25, "ok": true, "none": null,
                       "msg": "quote \" backslash \\ tab \t é ☃"}
        })
    }

    #[test]
    fn an_object_reads_back_identical_to_what_was_written() {
        let v = pod();
        let o = Object::new(&v);
        assert_eq!(o.value(), v);
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            serde_json::to_string(&v).unwrap(),
            "the bytes served are those of the Value"
        );
        assert_eq!(serde_json::to_value(&o).unwrap(), v);
        assert_eq!(o.field("status"), v.get("status").cloned());
        assert_eq!(o.field("nope"), None);
    }

    #[test]
    fn metadata_is_indexed_without_parsing() {
        let o = Object::new(&pod());
        assert_eq!(
            (o.name(), o.namespace(), o.uid(), o.resource_version()),
            ("web-1", "dev", "u1", "7")
        );
        assert_eq!(o.label("app"), Some("web"));
        assert_eq!(o.label("n"), None, "only string labels, as meta::label");
        assert_eq!(o.controller("ReplicaSet"), Some(("web-abc", "rs1")));
        assert_eq!(o.controller("Thing"), None, "not a controller reference");
        assert_eq!(o.owner_uids().collect::<Vec<_>>(), ["rs1", "t1"]);
        assert!(!o.is_terminating());
        let mut gone = pod();
        gone["metadata"]["deletionTimestamp"] = json!("2026-12-01T00:00:00Z");
        assert!(Object::new(&gone).is_terminating());
    }

    #[test]
    fn list_items_of_built_in_kinds_go_without_their_type() {
        let o = Object::new(&pod());
        let mut want = pod();
        let m = want.as_object_mut().unwrap();
        m.remove("kind");
        m.remove("apiVersion");
        assert_eq!(
            serde_json::to_string(&o.without_type()).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
    }

    #[test]
    fn fields_are_kept_as_compact_json() {
        let v = pod();
        let json = serde_json::to_string(&v).unwrap().len();
        let o = Object::new(&v);
        let raw: usize = o.fields.iter().map(|(k, r)| k.len() + r.get().len()).sum();
        assert!(
            raw <= json,
            "{raw} bytes of fields for {json} bytes of JSON"
        );
    }
}
