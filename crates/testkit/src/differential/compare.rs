//! Differences between two normalised answers, as JSON paths with both values, and the
//! allow-list that says which of them are acceptable and why.

use serde_json::Value;

use super::Reply;

#[derive(Debug)]
pub struct Difference {
    pub step: &'static str,
    /// `code` for the status code, otherwise `.a.b[0].c` into the body.
    pub path: String,
    pub sandbox: Value,
    pub testbed: Value,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: sandbox {} / testbed {}",
            self.step,
            self.path,
            short(&self.sandbox),
            short(&self.testbed)
        )
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s
    }
}

/// An acceptable difference: the step (or `*`), a path prefix into the answer, and why.
pub struct Allowed {
    pub step: &'static str,
    pub path: &'static str,
    pub why: &'static str,
}

impl Allowed {
    /// `path` covers itself and everything below it; `*` in it stands for any one index or key.
    pub fn covers(&self, d: &Difference) -> bool {
        (self.step == "*" || self.step == d.step) && glob_prefix(self.path, &d.path)
    }
}

fn glob_prefix(pattern: &str, path: &str) -> bool {
    if pattern.is_empty() {
        return true;
    }
    let mut rest = path;
    let mut parts = pattern.split('*').peekable();
    while let Some(part) = parts.next() {
        let Some(after) = rest.strip_prefix(part) else {
            return false;
        };
        rest = after;
        if parts.peek().is_some() {
            // `*` eats one index or key: up to the next `]`, `.` or `[`.
            let end = rest.find([']', '.', '[']).unwrap_or(rest.len());
            rest = &rest[end..];
        }
    }
    rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
}

pub fn differences(step: &'static str, sandbox: &Reply, testbed: &Reply) -> Vec<Difference> {
    let mut out = Vec::new();
    if sandbox.code != testbed.code {
        out.push(Difference {
            step,
            path: "code".into(),
            sandbox: sandbox.code.into(),
            testbed: testbed.code.into(),
        });
    }
    diff(step, "", &sandbox.body, &testbed.body, &mut out);
    out
}

fn diff(step: &'static str, path: &str, a: &Value, b: &Value, out: &mut Vec<Difference>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(a), Some(b)) => diff(step, &p, a, b, out),
                    (a, b) => out.push(Difference {
                        step,
                        path: p,
                        sandbox: a.cloned().unwrap_or(Value::from("<absent>")),
                        testbed: b.cloned().unwrap_or(Value::from("<absent>")),
                    }),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (a, b)) in x.iter().zip(y).enumerate() {
                diff(step, &format!("{path}[{i}]"), a, b, out);
            }
        }
        (a, b) if a != b => out.push(Difference {
            step,
            path: if path.is_empty() {
                ".".into()
            } else {
                path.into()
            },
            sandbox: a.clone(),
            testbed: b.clone(),
        }),
        _ => {}
    }
}
