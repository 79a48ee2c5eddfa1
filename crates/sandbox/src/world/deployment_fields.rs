//! Reading a Deployment's fields as its controller does: the revision annotation, integers
//! that may be absent, and int-or-percent values (maxSurge, maxUnavailable).

use serde_json::Value;

use crate::meta;

/// The annotation on a Deployment and its ReplicaSets that numbers the rollouts.
pub const REVISION: &str = "deployment.kubernetes.io/revision";

/// An integer at `path`, 0 when absent.
pub(super) fn int(v: &Value, path: &[&str]) -> i64 {
    meta::i64_at(v, path).unwrap_or(0)
}

/// An int-or-percent of `total`; surge rounds up, unavailability down, as Kubernetes does.
pub(super) fn int_or_percent(v: Option<&Value>, total: i64, round_up: bool, default: i64) -> i64 {
    match v {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(default),
        Some(Value::String(s)) => match s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) {
            Some(p) if round_up => (p * total + 99) / 100,
            Some(p) => p * total / 100,
            None => default,
        },
        _ => default,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn int_or_percent_rounds_like_kubernetes() {
        assert_eq!(int_or_percent(Some(&json!("25%")), 3, true, 0), 1);
        assert_eq!(int_or_percent(Some(&json!("25%")), 3, false, 0), 0);
        assert_eq!(int_or_percent(Some(&json!(2)), 3, false, 0), 2);
        assert_eq!(int_or_percent(None, 3, false, 7), 7);
    }
}
