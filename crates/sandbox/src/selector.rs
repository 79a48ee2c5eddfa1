//! Label and field selectors, parsed once per request and evaluated per object.

use serde_json::Value;

use super::error::ApiError;
use super::meta;

/// What selectors read of an object: a parsed `Value`, or a stored `Object` (whose labels are
/// indexed, and whose fields are parsed only for a field selector that names them).
pub trait Selectable {
    fn label(&self, key: &str) -> Option<&str>;
    /// The value at a dotted path, as a field selector compares it ("" when absent or null).
    fn field_text(&self, path: &[String]) -> String;
}

pub(crate) fn text_at(mut cur: Option<&Value>, path: &[String]) -> String {
    for seg in path {
        cur = cur.and_then(|v| v.get(seg));
    }
    match cur {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

impl Selectable for Value {
    fn label(&self, key: &str) -> Option<&str> {
        meta::label(self, key)
    }

    fn field_text(&self, path: &[String]) -> String {
        text_at(Some(self), path)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Req {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelSelector(Vec<Req>);

/// Splits on commas that are not inside `( )`.
fn split_top(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn values(list: &str, whole: &str) -> Result<Vec<String>, ApiError> {
    let inner = list
        .trim()
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .ok_or_else(|| bad_label(whole))?;
    Ok(inner
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect())
}

fn bad_label(s: &str) -> ApiError {
    ApiError::bad_request(format!(
        "unable to parse requirement: invalid label selector: {s:?}"
    ))
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
}

impl LabelSelector {
    pub fn parse(s: &str) -> Result<Self, ApiError> {
        let mut reqs = Vec::new();
        for part in split_top(s) {
            let req = if let Some(key) = part.strip_prefix('!') {
                Req::NotExists(key.trim().to_string())
            } else if let Some((k, v)) = part.split_once("!=") {
                Req::NotEq(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                Req::Eq(k.trim().into(), v.trim().into())
            } else if let Some((k, rest)) = part.split_once(" notin ") {
                Req::NotIn(k.trim().into(), values(rest, part)?)
            } else if let Some((k, rest)) = part.split_once(" in ") {
                Req::In(k.trim().into(), values(rest, part)?)
            } else {
                Req::Exists(part.to_string())
            };
            let key = match &req {
                Req::Eq(k, _) | Req::NotEq(k, _) | Req::In(k, _) | Req::NotIn(k, _) => k,
                Req::Exists(k) | Req::NotExists(k) => k,
            };
            if !valid_key(key) {
                return Err(bad_label(s));
            }
            reqs.push(req);
        }
        Ok(LabelSelector(reqs))
    }

    pub fn matches(&self, obj: &(impl Selectable + ?Sized)) -> bool {
        self.0.iter().all(|r| {
            let get = |k: &str| obj.label(k);
            match r {
                Req::Eq(k, v) => get(k) == Some(v.as_str()),
                Req::NotEq(k, v) => get(k) != Some(v.as_str()),
                Req::In(k, vs) => get(k).is_some_and(|l| vs.iter().any(|v| v == l)),
                Req::NotIn(k, vs) => get(k).is_none_or(|l| vs.iter().all(|v| v != l)),
                Req::Exists(k) => get(k).is_some(),
                Req::NotExists(k) => get(k).is_none(),
            }
        })
    }
}

/// `metadata.name=x,status.phase!=Running`: equality on any dotted path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldSelector(Vec<(Vec<String>, bool, String)>);

impl FieldSelector {
    pub fn parse(s: &str) -> Result<Self, ApiError> {
        let mut reqs = Vec::new();
        for part in split_top(s) {
            let (path, eq, value) = if let Some((k, v)) = part.split_once("!=") {
                (k, false, v)
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                (k, true, v)
            } else {
                return Err(ApiError::bad_request(format!(
                    "invalid selector: '{s}'; can't understand '{part}'"
                )));
            };
            let path = path.trim().split('.').map(String::from).collect();
            reqs.push((path, eq, value.trim().to_string()));
        }
        Ok(FieldSelector(reqs))
    }

    pub fn matches(&self, obj: &(impl Selectable + ?Sized)) -> bool {
        self.0
            .iter()
            .all(|(path, eq, want)| (obj.field_text(path) == *want) == *eq)
    }
}

/// Both selectors of a request.
#[derive(Debug, Clone, Default)]
pub struct Selectors {
    pub labels: LabelSelector,
    pub fields: FieldSelector,
}

impl Selectors {
    pub fn matches(&self, obj: &(impl Selectable + ?Sized)) -> bool {
        self.labels.matches(obj) && self.fields.matches(obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Object;
    use serde_json::json;

    fn pod() -> Value {
        json!({"metadata": {"name": "a", "namespace": "dev", "labels": {"app": "web", "tier": "fe"}},
               "spec": {"nodeName": "n1"}, "status": {"phase": "Running", "restarts": 2}})
    }

    #[test]
    fn label_operators() {
        let p = pod();
        for (sel, want) in [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app in (web, api)", true),
            ("app notin (web)", false),
            ("missing notin (x)", true),
            ("tier", true),
            ("!tier", false),
            ("!missing", true),
            ("app=web,tier=fe", true),
            ("app=web,tier=be", false),
            ("", true),
        ] {
            let sel_ = LabelSelector::parse(sel).unwrap();
            assert_eq!(sel_.matches(&p), want, "{sel}");
            assert_eq!(
                sel_.matches(&Object::new(&p)),
                want,
                "{sel} on the stored form"
            );
        }
    }

    #[test]
    fn label_parse_errors() {
        assert!(LabelSelector::parse("app in web").is_err());
        assert!(LabelSelector::parse("a b=c").is_err());
    }

    #[test]
    fn field_paths() {
        let p = pod();
        for (sel, want) in [
            ("metadata.name=a", true),
            ("metadata.namespace==dev", true),
            ("status.phase!=Running", false),
            ("spec.nodeName=n1,metadata.name=b", false),
            ("status.restarts=2", true),
            ("spec.missing=", true),
        ] {
            let sel_ = FieldSelector::parse(sel).unwrap();
            assert_eq!(sel_.matches(&p), want, "{sel}");
            assert_eq!(
                sel_.matches(&Object::new(&p)),
                want,
                "{sel} on the stored form"
            );
        }
        assert!(FieldSelector::parse("nonsense").is_err());
    }
}
