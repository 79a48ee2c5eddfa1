//! Test hooks: make the API server misbehave in the ways real clusters do (RBAC denials,
//! throttling, server errors, slowness), and count requests served.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::Method;

use super::error::ApiError;
use crate::resource::Res;

#[derive(Debug, Clone)]
struct Denial {
    verb: String,
    plural: String,
    namespace: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Injected {
    Status(u16),
    Delay(Duration),
}

#[derive(Debug, Clone)]
struct Rule {
    method: Option<Method>,
    path_contains: String,
    action: Injected,
    remaining: usize,
}

#[derive(Debug, Default)]
struct Faults {
    denials: Mutex<Vec<Denial>>,
    rules: Mutex<Vec<Rule>>,
    requests: AtomicU64,
}

/// Cheap to clone; all clones steer the same sandbox.
#[derive(Debug, Clone, Default)]
pub struct FaultHandle(Arc<Faults>);

impl FaultHandle {
    /// Answers `verb` on `plural` (in `namespace`, or everywhere if `None`) with an RBAC 403.
    /// Subresources are named as RBAC names them: `deny("get", "pods/log", ..)`.
    pub fn deny(&self, verb: &str, plural: &str, namespace: Option<&str>) {
        lock(&self.0.denials).push(Denial {
            verb: verb.into(),
            plural: plural.into(),
            namespace: namespace.map(String::from),
        });
    }

    /// Lifts every denial `deny` made.
    pub fn clear_denials(&self) {
        lock(&self.0.denials).clear();
    }

    /// Answers the next `times` requests whose path contains `path_contains` (and whose method
    /// is `method`, if given) with `status` (429 carries `Retry-After: 1`).
    pub fn respond(&self, method: Option<Method>, path_contains: &str, status: u16, times: usize) {
        self.push(method, path_contains, Injected::Status(status), times);
    }

    /// Holds the next `times` matching requests for `delay` before serving them normally.
    pub fn delay(
        &self,
        method: Option<Method>,
        path_contains: &str,
        delay: Duration,
        times: usize,
    ) {
        self.push(method, path_contains, Injected::Delay(delay), times);
    }

    fn push(&self, method: Option<Method>, path_contains: &str, action: Injected, times: usize) {
        lock(&self.0.rules).push(Rule {
            method,
            path_contains: path_contains.into(),
            action,
            remaining: times,
        });
    }

    /// Removes every denial and pending rule.
    pub fn clear(&self) {
        lock(&self.0.denials).clear();
        lock(&self.0.rules).clear();
    }

    /// Requests received since start (including faulted ones).
    pub fn requests_served(&self) -> u64 {
        self.0.requests.load(Ordering::Relaxed)
    }

    pub(crate) fn count_request(&self) {
        self.0.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// The injected behaviour for this request, consuming one use of the first matching rule.
    pub(crate) fn take(&self, method: &Method, path_and_query: &str) -> Option<Injected> {
        let mut rules = lock(&self.0.rules);
        let i = rules.iter().position(|r| {
            r.remaining > 0
                && r.method.as_ref().is_none_or(|m| m == method)
                && path_and_query.contains(&r.path_contains)
        })?;
        rules[i].remaining -= 1;
        let action = rules[i].action.clone();
        if rules[i].remaining == 0 {
            rules.remove(i);
        }
        Some(action)
    }

    pub(crate) fn check(
        &self,
        verb: &str,
        res: Res,
        sub: Option<&str>,
        name: Option<&str>,
        namespace: Option<&str>,
    ) -> Result<(), ApiError> {
        let resource = match sub {
            Some(sub) => format!("{}/{sub}", res.plural),
            None => res.plural.to_string(),
        };
        let denied = lock(&self.0.denials).iter().any(|d| {
            d.verb == verb
                && d.plural == resource
                && d.namespace
                    .as_deref()
                    .is_none_or(|ns| Some(ns) == namespace)
        });
        if denied {
            let name = name.filter(|_| sub.is_none());
            Err(ApiError::forbidden(
                res, &resource, name, verb, namespace, "sandbox",
            ))
        } else {
            Ok(())
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::PODS;

    #[test]
    fn rules_are_consumed_and_denials_scoped() {
        let f = FaultHandle::default();
        f.respond(Some(Method::GET), "/pods", 429, 2);
        assert!(f.take(&Method::POST, "/api/v1/pods").is_none());
        assert!(matches!(
            f.take(&Method::GET, "/api/v1/pods"),
            Some(Injected::Status(429))
        ));
        assert!(f.take(&Method::GET, "/api/v1/pods").is_some());
        assert!(f.take(&Method::GET, "/api/v1/pods").is_none());

        f.deny("list", "pods", Some("prod"));
        let err = f
            .check("list", &PODS, None, None, Some("prod"))
            .unwrap_err();
        assert_eq!(err.code, 403);
        assert_eq!(
            err.message,
            "pods is forbidden: User \"sandbox\" cannot list resource \"pods\" in API group \"\" in the namespace \"prod\""
        );
        assert!(f.check("list", &PODS, None, None, Some("dev")).is_ok());
        assert!(f.check("watch", &PODS, None, None, Some("prod")).is_ok());
        f.deny("get", "pods/log", None);
        assert!(f.check("get", &PODS, None, Some("p"), Some("dev")).is_ok());
        let err = f
            .check("get", &PODS, Some("log"), Some("p"), Some("dev"))
            .unwrap_err();
        assert_eq!(
            err.message,
            "pods/log is forbidden: User \"sandbox\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"dev\""
        );
    }
}
