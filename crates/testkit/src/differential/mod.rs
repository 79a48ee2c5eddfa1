//! The differential check of the sandbox against the real API server: one recorded sequence of
//! requests (`sequence`) is sent to both (`side`), the answers are normalised (`normalise`) and
//! compared (`compare`), and every difference not on the test's allow-list fails it.

pub mod compare;
pub mod normalise;
pub mod sequence;
pub mod side;

use serde_json::Value;

/// Accept header for server-side tables, as kubectl sends it.
pub const TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
pub const JSON: &str = "application/json";
pub const MERGE: &str = "application/merge-patch+json";
pub const STRATEGIC: &str = "application/strategic-merge-patch+json";

/// What a step does besides one plain request.
#[derive(Clone)]
pub enum Kind {
    Request,
    /// Opens a watch on `path`, waits for `ready` to see the stream is live (e.g. the
    /// initial-events-end bookmark; `None` starts at once), sends `trigger`, then reads events
    /// until one satisfies `until` (bounded time). The compared body is the events read.
    Watch {
        ready: Option<fn(&Value) -> bool>,
        trigger: Option<Box<Step>>,
        until: fn(&Value) -> bool,
    },
}

#[derive(Clone)]
pub struct Step {
    /// Short and unique; the allow-list and the report name steps by it.
    pub name: &'static str,
    pub method: reqwest::Method,
    /// May hold `{var}`, replaced by what an earlier step captured on the same side.
    pub path: String,
    pub accept: &'static str,
    pub content_type: &'static str,
    pub body: Option<Value>,
    /// Sent as the restricted identity: the test bed's read-only ServiceAccount; on the sandbox
    /// a denial of (verb, resource) in the step's namespace, lifted after the step.
    pub denied: Option<(&'static str, &'static str, &'static str)>,
    /// (var, JSON pointer into the raw answer) to remember for later steps.
    pub capture: Vec<(&'static str, &'static str)>,
    /// A JSON pointer to a name the server generated; its random part is normalised away.
    pub generated: Option<&'static str>,
    /// Keeps only the part of the answer both servers are expected to share (discovery lists
    /// far more on a real server than the sandbox serves).
    pub project: Option<fn(Value) -> Value>,
    /// Test bed only, before the step: poll this path until it answers 200 (e.g. the namespace's
    /// default ServiceAccount, without which the real server refuses pods).
    pub bed_wait: Option<String>,
    pub kind: Kind,
}

impl Step {
    pub fn new(name: &'static str, method: reqwest::Method, path: impl Into<String>) -> Self {
        Step {
            name,
            method,
            path: path.into(),
            accept: JSON,
            content_type: JSON,
            body: None,
            denied: None,
            capture: Vec::new(),
            generated: None,
            project: None,
            bed_wait: None,
            kind: Kind::Request,
        }
    }

    pub fn get(name: &'static str, path: impl Into<String>) -> Self {
        Self::new(name, reqwest::Method::GET, path)
    }

    pub fn post(name: &'static str, path: impl Into<String>, body: Value) -> Self {
        Self::new(name, reqwest::Method::POST, path).body(body)
    }

    pub fn put(name: &'static str, path: impl Into<String>, body: Value) -> Self {
        Self::new(name, reqwest::Method::PUT, path).body(body)
    }

    pub fn patch(
        name: &'static str,
        path: impl Into<String>,
        ct: &'static str,
        body: Value,
    ) -> Self {
        let mut s = Self::new(name, reqwest::Method::PATCH, path).body(body);
        s.content_type = ct;
        s
    }

    pub fn delete(name: &'static str, path: impl Into<String>) -> Self {
        Self::new(name, reqwest::Method::DELETE, path)
    }

    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    pub fn table(mut self) -> Self {
        self.accept = TABLE;
        self
    }

    pub fn denied(mut self, verb: &'static str, resource: &'static str, ns: &'static str) -> Self {
        self.denied = Some((verb, resource, ns));
        self
    }

    pub fn capture(mut self, var: &'static str, pointer: &'static str) -> Self {
        self.capture.push((var, pointer));
        self
    }

    pub fn generated(mut self, pointer: &'static str) -> Self {
        self.generated = Some(pointer);
        self
    }

    pub fn project(mut self, f: fn(Value) -> Value) -> Self {
        self.project = Some(f);
        self
    }

    pub fn bed_wait(mut self, path: impl Into<String>) -> Self {
        self.bed_wait = Some(path.into());
        self
    }

    pub fn watch(
        mut self,
        ready: Option<fn(&Value) -> bool>,
        trigger: Option<Step>,
        until: fn(&Value) -> bool,
    ) -> Self {
        self.kind = Kind::Watch {
            ready,
            trigger: trigger.map(Box::new),
            until,
        };
        self
    }
}

/// One side's answer to a step.
#[derive(Clone, Debug)]
pub struct Reply {
    pub code: u16,
    pub body: Value,
}
