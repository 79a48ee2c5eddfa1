//! The three patch formats the API server accepts. Strategic merge is approximated: merge-patch
//! semantics, lists of objects merged by their `name` (or another usual merge key), and the
//! `$`-directives kubectl sends dropped or honoured where simple. That covers what
//! `kubectl apply` sends for Deployments and Pods.

use serde_json::{Map, Value};

use super::error::ApiError;

/// RFC 7386 JSON Merge Patch.
pub fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(t) = target else { return };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

const MERGE_KEYS: &[&str] = &[
    "name",
    "containerPort",
    "mountPath",
    "type",
    "ip",
    "topologyKey",
];

fn merge_key(items: &[Value]) -> Option<&'static str> {
    MERGE_KEYS.iter().copied().find(|key| {
        !items.is_empty()
            && items
                .iter()
                .all(|i| i.get(*key).is_some_and(|v| !v.is_null()))
    })
}

/// Approximate strategic merge patch (see module docs).
pub fn strategic(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if p.get("$patch").and_then(Value::as_str) == Some("replace") {
        let mut replaced = patch.clone();
        strip_directives(&mut replaced);
        *target = replaced;
        return;
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(t) = target else { return };
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        match v {
            Value::Null => {
                t.remove(k);
            }
            Value::Object(o) if o.get("$patch").and_then(Value::as_str) == Some("delete") => {
                t.remove(k);
            }
            Value::Array(items) => {
                let merged = match t.get_mut(k) {
                    Some(Value::Array(cur)) => merge_list(cur, items),
                    _ => None,
                };
                if merged.is_none() {
                    let mut list = v.clone();
                    strip_directives(&mut list);
                    t.insert(k.clone(), list);
                }
            }
            _ => strategic(t.entry(k.clone()).or_insert(Value::Null), v),
        }
    }
}

/// Merges `patch` into `cur` by merge key; `None` if the lists are not keyed (then replace).
/// The order is apimachinery's `mergeSortedSlice`: the patch's items in the patch's order and
/// the items only the server has in the server's order, interleaved so that a server-only item
/// comes first only when both are in the original list and it was before there.
fn merge_list(cur: &mut Vec<Value>, patch: &[Value]) -> Option<()> {
    let key = merge_key(patch)?;
    if !cur.iter().all(|i| i.get(key).is_some()) {
        return None;
    }
    let original: Vec<Value> = cur.iter().map(|c| c[key].clone()).collect();
    let in_patch = |id: &Value| patch.iter().any(|p| p.get(key) == Some(id));
    let mut server_only: Vec<Value> = cur.iter().filter(|c| !in_patch(&c[key])).cloned().collect();
    let mut patched = Vec::new();
    for item in patch {
        if item.get("$patch").and_then(Value::as_str) == Some("delete") {
            continue;
        }
        let mut merged = match cur.iter().find(|c| c.get(key) == item.get(key)) {
            Some(c) => {
                let mut m = c.clone();
                strategic(&mut m, item);
                m
            }
            None => item.clone(),
        };
        strip_directives(&mut merged);
        patched.push(merged);
    }
    let index = |v: &Value| original.iter().position(|o| Some(o) == v.get(key));
    let mut out = Vec::with_capacity(server_only.len() + patched.len());
    let (mut l, mut r) = (
        server_only.drain(..).peekable(),
        patched.into_iter().peekable(),
    );
    loop {
        let take_left = match (l.peek(), r.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => matches!((index(a), index(b)), (Some(i), Some(j)) if i < j),
        };
        out.extend(if take_left { l.next() } else { r.next() });
    }
    *cur = out;
    Some(())
}

fn strip_directives(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| !k.starts_with('$'));
            m.values_mut().for_each(strip_directives);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_directives),
        _ => {}
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn pointer_parts(path: &str) -> Result<Vec<String>, ApiError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| ApiError::bad_request(format!("invalid JSON pointer {path:?}")))?;
    Ok(rest.split('/').map(unescape).collect())
}

fn bad_path(path: &str) -> ApiError {
    ApiError::new(
        422,
        "Invalid",
        format!(
            "the server rejected our request due to an error in our request: doc is missing path: {path:?}"
        ),
    )
}

/// Splits off the last token and returns the parent container.
fn parent<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), ApiError> {
    let mut parts = pointer_parts(path)?;
    let last = parts.pop().ok_or_else(|| bad_path(path))?;
    let mut cur = doc;
    for p in &parts {
        cur = match cur {
            Value::Object(m) => m.get_mut(p),
            Value::Array(a) => p.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| bad_path(path))?;
    }
    Ok((cur, last))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), ApiError> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (p, last) = parent(doc, path)?;
    match p {
        Value::Object(m) => {
            m.insert(last, value);
        }
        Value::Array(a) if last == "-" => a.push(value),
        Value::Array(a) => {
            let i = last
                .parse::<usize>()
                .ok()
                .filter(|i| *i <= a.len())
                .ok_or_else(|| bad_path(path))?;
            a.insert(i, value);
        }
        _ => return Err(bad_path(path)),
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, ApiError> {
    let (p, last) = parent(doc, path)?;
    match p {
        Value::Object(m) => m.remove(&last),
        Value::Array(a) => last
            .parse::<usize>()
            .ok()
            .filter(|i| *i < a.len())
            .map(|i| a.remove(i)),
        _ => None,
    }
    .ok_or_else(|| bad_path(path))
}

fn get(doc: &Value, path: &str) -> Result<Value, ApiError> {
    let ptr = if path.is_empty() { "" } else { path };
    doc.pointer(ptr).cloned().ok_or_else(|| bad_path(path))
}

/// RFC 6902 JSON Patch; all-or-nothing because the caller applies it to a copy.
pub fn json_patch(doc: &mut Value, ops: &Value) -> Result<(), ApiError> {
    let ops = ops
        .as_array()
        .ok_or_else(|| ApiError::bad_request("a JSON patch must be an array of operations"))?;
    for op in ops {
        let field = |k: &str| op.get(k).and_then(Value::as_str);
        let path = field("path")
            .ok_or_else(|| ApiError::bad_request("JSON patch operation without \"path\""))?;
        let value = || {
            op.get("value")
                .cloned()
                .ok_or_else(|| ApiError::bad_request("JSON patch operation without \"value\""))
        };
        let from = || {
            field("from")
                .ok_or_else(|| ApiError::bad_request("JSON patch operation without \"from\""))
        };
        match field("op") {
            Some("add") => add(doc, path, value()?)?,
            Some("remove") => {
                remove(doc, path)?;
            }
            Some("replace") => {
                remove(doc, path)?;
                add(doc, path, value()?)?;
            }
            Some("move") => {
                let v = remove(doc, from()?)?;
                add(doc, path, v)?;
            }
            Some("copy") => {
                let v = get(doc, from()?)?;
                add(doc, path, v)?;
            }
            Some("test") => {
                if get(doc, path)? != value()? {
                    return Err(ApiError::new(
                        422,
                        "Invalid",
                        format!(
                            "the server rejected our request due to an error in our request: testing value {path:?} failed"
                        ),
                    ));
                }
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unexpected JSON patch operation {other:?}"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_rfc7386() {
        let mut t = json!({"a": "b", "c": {"d": "e", "f": "g"}, "l": [1, 2]});
        merge(&mut t, &json!({"a": "z", "c": {"f": null}, "l": [3]}));
        assert_eq!(t, json!({"a": "z", "c": {"d": "e"}, "l": [3]}));
        let mut scalar = json!("x");
        merge(&mut scalar, &json!({"k": 1}));
        assert_eq!(scalar, json!({"k": 1}));
    }

    #[test]
    fn strategic_merges_containers_by_name_and_drops_directives() {
        let mut t = json!({"spec": {"containers": [
            {"name": "app", "image": "a:1", "ports": [{"containerPort": 80}]},
            {"name": "side", "image": "s:1"}]}});
        strategic(
            &mut t,
            &json!({"spec": {
            "$setElementOrder/containers": [{"name": "app"}, {"name": "side"}],
            "containers": [{"name": "app", "image": "a:2"}, {"name": "side", "$patch": "delete"},
                           {"name": "new", "image": "n:1", "$retainKeys": ["x"]}]}}),
        );
        assert_eq!(
            t,
            json!({"spec": {"containers": [
            {"name": "app", "image": "a:2", "ports": [{"containerPort": 80}]},
            {"name": "new", "image": "n:1"}]}})
        );
    }

    #[test]
    fn strategic_replaces_unkeyed_lists() {
        let mut t = json!({"args": ["a", "b"], "m": {"x": 1}});
        strategic(
            &mut t,
            &json!({"args": ["c"], "m": {"$patch": "replace", "y": 2}}),
        );
        assert_eq!(t, json!({"args": ["c"], "m": {"y": 2}}));
    }

    #[test]
    fn json_patch_ops() {
        let mut d = json!({"a": {"b": [1, 2]}, "c": "x"});
        json_patch(
            &mut d,
            &json!([
                {"op": "add", "path": "/a/b/-", "value": 3},
                {"op": "add", "path": "/a/b/0", "value": 0},
                {"op": "replace", "path": "/c", "value": "y"},
                {"op": "copy", "from": "/c", "path": "/d"},
                {"op": "move", "from": "/d", "path": "/e~1f"},
                {"op": "remove", "path": "/a/b/1"},
                {"op": "test", "path": "/c", "value": "y"},
            ]),
        )
        .unwrap();
        assert_eq!(d, json!({"a": {"b": [0, 2, 3]}, "c": "y", "e/f": "y"}));
        assert!(json_patch(&mut d, &json!([{"op": "test", "path": "/c", "value": "n"}])).is_err());
        assert!(json_patch(&mut d, &json!([{"op": "remove", "path": "/nope"}])).is_err());
        assert!(json_patch(&mut d, &json!({"op": "add"})).is_err());
    }
}
