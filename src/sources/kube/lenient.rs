//! One object of a list or watch, decoded on its own: a single object the app's model cannot
//! read is kept as its identity and the reason, instead of failing the whole list (which would
//! blank a pane for one odd object).
//!
//! The object's text is taken as it is (`RawValue`: one copy, no tree) and decoded from that
//! into the model, so each object is parsed once. Only the identity of an unreadable one is
//! parsed a second time.

use std::borrow::Cow;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Resource;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

#[derive(Debug, Clone)]
pub struct Lenient<K> {
    decoded: Result<K, Unreadable>,
}

#[derive(Debug, Clone)]
struct Unreadable {
    metadata: ObjectMeta,
    error: String,
}

impl<K: Resource> Lenient<K> {
    /// The object, or `namespace/name` and why the model cannot read it.
    pub fn into_result(self) -> Result<K, (String, String)> {
        self.decoded
            .map_err(|u| (qualified_name(&u.metadata), u.error))
    }
}

fn qualified_name(meta: &ObjectMeta) -> String {
    match (&meta.namespace, &meta.name) {
        (Some(ns), Some(n)) => format!("{ns}/{n}"),
        (None, Some(n)) => n.clone(),
        _ => "(unnamed)".into(),
    }
}

/// Just enough of any object to name it and to resume a watch after it.
#[derive(Deserialize)]
struct Identity {
    #[serde(default)]
    metadata: IdentityMeta,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct IdentityMeta {
    name: Option<String>,
    namespace: Option<String>,
    resource_version: Option<String>,
}

impl<'de, K: DeserializeOwned> Deserialize<'de> for Lenient<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let decoded = serde_json::from_str::<K>(raw.get()).map_err(|e| {
            let id = serde_json::from_str::<Identity>(raw.get());
            id.map(|id| Unreadable {
                metadata: ObjectMeta {
                    name: id.metadata.name,
                    namespace: id.metadata.namespace,
                    resource_version: id.metadata.resource_version,
                    ..ObjectMeta::default()
                },
                error: e.to_string(),
            })
        });
        match decoded {
            Ok(k) => Ok(Lenient { decoded: Ok(k) }),
            Err(Ok(unreadable)) => Ok(Lenient {
                decoded: Err(unreadable),
            }),
            // Not even an object with metadata: the stream itself is broken.
            Err(Err(e)) => Err(D::Error::custom(e)),
        }
    }
}

impl<K> Resource for Lenient<K>
where
    K: Resource<DynamicType = ()>,
{
    type DynamicType = ();
    /// Dynamic so the watcher can build the wrapper's `Api` in `K`'s scope, whichever it is.
    type Scope = kube::core::DynamicResourceScope;
    fn kind(_: &()) -> Cow<'_, str> {
        K::kind(&())
    }
    fn group(_: &()) -> Cow<'_, str> {
        K::group(&())
    }
    fn version(_: &()) -> Cow<'_, str> {
        K::version(&())
    }
    fn plural(_: &()) -> Cow<'_, str> {
        K::plural(&())
    }
    fn meta(&self) -> &ObjectMeta {
        match &self.decoded {
            Ok(k) => k.meta(),
            Err(u) => &u.metadata,
        }
    }
    fn meta_mut(&mut self) -> &mut ObjectMeta {
        match &mut self.decoded {
            Ok(k) => k.meta_mut(),
            Err(u) => &mut u.metadata,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kube::pod_wire::Pod;

    use super::*;

    fn read(text: &str) -> Result<Pod, (String, String)> {
        serde_json::from_str::<Lenient<Pod>>(text)
            .unwrap()
            .into_result()
    }

    #[test]
    fn a_readable_object_is_decoded_whole() {
        let pod = read(
            r#"{"metadata": {"name": "web", "namespace": "dev", "resourceVersion": "3"},
                "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]},
                "status": {"phase": "Running"}}"#,
        )
        .unwrap();
        assert_eq!(pod.metadata.resource_version.as_deref(), Some("3"));
        assert_eq!(
            pod.spec.unwrap().containers[0].image.as_deref(),
            Some("nginx:1.27")
        );
        assert_eq!(pod.status.unwrap().phase.as_deref(), Some("Running"));
    }

    #[test]
    fn an_unreadable_object_is_named_and_keeps_its_resource_version() {
        let lenient: Lenient<Pod> = serde_json::from_str(
            r#"{"metadata": {"name": "bad", "namespace": "dev", "resourceVersion": "9"},
                "spec": {"containers": "not a list"}}"#,
        )
        .unwrap();
        assert_eq!(lenient.meta().resource_version.as_deref(), Some("9"));
        let (name, error) = lenient.into_result().unwrap_err();
        assert_eq!(name, "dev/bad");
        assert!(error.contains("invalid type"), "{error}");
    }

    #[test]
    fn one_bad_item_does_not_fail_the_list() {
        let list: kube::core::ObjectList<Lenient<Pod>> = serde_json::from_str(
            r#"{"apiVersion": "v1", "kind": "PodList", "metadata": {"resourceVersion": "10"},
                "items": [{"metadata": {"name": "a", "namespace": "dev"}},
                          {"metadata": {"name": "b", "namespace": "dev"}, "status": 7}]}"#,
        )
        .unwrap();
        let results: Vec<_> = list.items.into_iter().map(Lenient::into_result).collect();
        assert!(results[0].is_ok());
        assert_eq!(results[1].as_ref().unwrap_err().0, "dev/b");
    }

    #[test]
    fn watch_events_carry_lenient_objects() {
        let event: kube::core::WatchEvent<Lenient<Pod>> = serde_json::from_str(
            r#"{"type": "MODIFIED", "object": {"metadata": {"name": "a", "resourceVersion": "11"}}}"#,
        )
        .unwrap();
        let kube::core::WatchEvent::Modified(obj) = event else {
            panic!("{event:?}")
        };
        assert_eq!(obj.meta().resource_version.as_deref(), Some("11"));
    }
}
