//! What may differ between two correct servers, replaced by placeholders before comparing:
//! identities and clocks (uid, resourceVersion, continue tokens, timestamps, ages), random
//! names and addresses, and the user a denial names.

use serde_json::Value;

/// Normalises `v` in place; `generated` are the names this server generated in this run.
pub fn normalise(v: &mut Value, generated: &[String]) {
    tables(v);
    walk(v, generated);
}

fn walk(v: &mut Value, generated: &[String]) {
    match v {
        Value::Object(map) => {
            // Field ownership of server-side apply: the sandbox does not implement it (it
            // refuses apply patches), and nothing in the app or in kubectl's output reads it.
            map.remove("managedFields");
            for (k, child) in map.iter_mut() {
                match (k.as_str(), &*child) {
                    ("uid", Value::String(_)) => *child = Value::from("<uid>"),
                    ("resourceVersion", Value::String(_)) => *child = Value::from("<rv>"),
                    ("continue", Value::String(s)) if !s.is_empty() => {
                        *child = Value::from("<continue>")
                    }
                    ("clusterIP", Value::String(s)) if s != "None" => *child = Value::from("<ip>"),
                    ("clusterIPs", Value::Array(a)) => *child = Value::from(vec!["<ip>"; a.len()]),
                    _ => walk(child, generated),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, generated)),
        Value::String(s) => *s = string(s, generated),
        _ => {}
    }
}

fn string(s: &str, generated: &[String]) -> String {
    if is_timestamp(s) {
        return "<time>".into();
    }
    let mut out = s.to_string();
    for name in generated {
        if let Some(prefix) = name.get(..name.len().saturating_sub(5)) {
            out = out.replace(name.as_str(), &format!("{prefix}<random>"));
        }
    }
    // The ServiceAccount admission plugin's token volume, `kube-api-access-` and 5 random.
    out = replace_after(&out, "kube-api-access-", 5, "<random>");
    // A denial names the user it refused; the identities of the two sides differ.
    if let Some(i) = out.find("User \"")
        && let Some(j) = out[i + 6..].find('"')
    {
        out.replace_range(i + 6..i + 6 + j, "<user>");
    }
    out
}

/// `prefix` followed by `n` lowercase alphanumerics becomes `prefix` + `with`, everywhere.
fn replace_after(s: &str, prefix: &str, n: usize, with: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(prefix) {
        let after = &rest[i + prefix.len()..];
        let random = after.len() >= n
            && after.as_bytes()[..n]
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        out.push_str(&rest[..i + prefix.len()]);
        if random {
            out.push_str(with);
            rest = &after[n..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// RFC 3339 as Kubernetes writes times: `2026-12-01T08:23:13Z`, maybe with fractions.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b.ends_with(b"Z")
        && b[..4].iter().all(u8::is_ascii_digit)
        && s.parse::<jiff::Timestamp>().is_ok()
}

/// Table cells whose column is a date (AGE, LAST SEEN) print the time since, which depends
/// on when each server answered.
fn tables(v: &mut Value) {
    match v {
        Value::Object(map) if map.get("kind").and_then(Value::as_str) == Some("Table") => {
            let dates: Vec<usize> = map
                .get("columnDefinitions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .filter(|(_, c)| c["format"] == "date" || c["type"] == "date")
                .map(|(i, _)| i)
                .collect();
            let rows = map.get_mut("rows").and_then(Value::as_array_mut);
            for row in rows.into_iter().flatten() {
                for &i in &dates {
                    if let Some(cell) = row.pointer_mut(&format!("/cells/{i}")) {
                        *cell = Value::from("<age>");
                    }
                }
                // A service's CLUSTER-IP is allocated at random on each side.
                let cells = row.get_mut("cells").and_then(Value::as_array_mut);
                for cell in cells.into_iter().flatten() {
                    if cell
                        .as_str()
                        .is_some_and(|s| s.parse::<std::net::Ipv4Addr>().is_ok())
                    {
                        *cell = Value::from("<ip>");
                    }
                }
            }
        }
        Value::Object(map) => map.values_mut().for_each(tables),
        Value::Array(items) => items.iter_mut().for_each(tables),
        _ => {}
    }
}
