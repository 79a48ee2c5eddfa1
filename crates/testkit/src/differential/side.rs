//! One server under comparison, spoken to in raw HTTP: the sandbox (plain HTTP, denials as
//! injected faults) or the test bed (TLS with its CA, bearer tokens from its kubeconfigs).

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use base64::Engine;
use futures::StreamExt;
use serde_json::Value;
use showrunner_sandbox::FaultHandle;

use super::{Kind, Reply, Step};

pub struct Side {
    pub label: &'static str,
    base: String,
    http: reqwest::Client,
    token: Option<String>,
    reader_token: Option<String>,
    faults: Option<FaultHandle>,
    /// What earlier steps captured, by name.
    pub vars: HashMap<String, String>,
    /// Names this server generated, normalised in every later answer.
    pub generated: Vec<String>,
}

/// (server, CA PEM, bearer token) of a kubeconfig the test bed wrote.
fn kubeconfig(path: &Path) -> (String, Vec<u8>, String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_saphyr::from_str(&text).expect("kubeconfig is YAML");
    let cluster = &doc["clusters"][0]["cluster"];
    let ca = base64::engine::general_purpose::STANDARD
        .decode(cluster["certificate-authority-data"].as_str().unwrap_or(""))
        .expect("CA is base64");
    let token = doc["users"][0]["user"]["token"].as_str().unwrap_or("");
    let server = cluster["server"].as_str().unwrap_or("");
    (server.to_string(), ca, token.to_string())
}

impl Side {
    pub fn sandbox(base: &str, faults: FaultHandle) -> Side {
        Side {
            label: "sandbox",
            base: base.trim_end_matches('/').to_string(),
            http: reqwest::Client::new(),
            token: None,
            reader_token: None,
            faults: Some(faults),
            vars: HashMap::new(),
            generated: Vec::new(),
        }
    }

    pub fn testbed(admin: &Path, reader: &Path) -> Side {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let (server, ca, token) = kubeconfig(admin);
        let (_, _, reader_token) = kubeconfig(reader);
        let http = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&ca).expect("CA is PEM"))
            .build()
            .expect("https client");
        Side {
            label: "testbed",
            base: server,
            http,
            token: Some(token),
            reader_token: Some(reader_token),
            faults: None,
            vars: HashMap::new(),
            generated: Vec::new(),
        }
    }

    fn expand(&self, path: &str) -> String {
        let mut out = path.to_string();
        for (k, v) in &self.vars {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }

    async fn send_raw(&self, step: &Step, as_reader: bool) -> reqwest::Response {
        let url = format!("{}{}", self.base, self.expand(&step.path));
        let mut req = self
            .http
            .request(step.method.clone(), url)
            .header("accept", step.accept);
        let token = if as_reader {
            &self.reader_token
        } else {
            &self.token
        };
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = &step.body {
            req = req
                .header("content-type", step.content_type)
                .body(b.to_string());
        }
        req.send()
            .await
            .unwrap_or_else(|e| panic!("{} {}: {e}", self.label, step.name))
    }

    async fn wait_for(&self, path: &str) {
        let probe = Step::get("wait", path);
        for _ in 0..300 {
            if self.send_raw(&probe, false).await.status().is_success() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{}: {path} never answered 200", self.label);
    }

    /// Waits until a watch from resourceVersion 1 is refused, i.e. etcd compacted past it.
    pub async fn wait_until_compacted(&self) {
        let probe = Step::get(
            "compacted",
            "/api/v1/namespaces/default/pods?watch=1&resourceVersion=1&timeoutSeconds=1",
        );
        for _ in 0..120 {
            let text = self
                .send_raw(&probe, false)
                .await
                .text()
                .await
                .unwrap_or_default();
            if text
                .lines()
                .next()
                .is_some_and(|l| l.contains("\"code\":410"))
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        panic!("{}: etcd never compacted resourceVersion 1", self.label);
    }

    /// Runs one step and remembers what it captures.
    pub async fn run(&mut self, step: &Step) -> Reply {
        if let (Some(path), None) = (&step.bed_wait, &self.faults) {
            self.wait_for(path).await;
        }
        let reply = match &step.kind {
            Kind::Request => self.request(step).await,
            Kind::Watch {
                ready,
                trigger,
                until,
            } => self.watch(step, *ready, trigger.as_deref(), *until).await,
        };
        for (var, pointer) in &step.capture {
            let v = match reply.body.pointer(pointer) {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => continue,
            };
            self.vars.insert(var.to_string(), v);
        }
        if let Some(name) = step
            .generated
            .and_then(|p| reply.body.pointer(p))
            .and_then(Value::as_str)
        {
            self.generated.push(name.to_string());
        }
        reply
    }

    async fn request(&self, step: &Step) -> Reply {
        let denied = step.denied.zip(self.faults.as_ref());
        if let Some(((verb, resource, ns), faults)) = denied {
            faults.deny(verb, resource, Some(ns));
        }
        let resp = self.send_raw(step, step.denied.is_some()).await;
        if let Some((_, faults)) = denied {
            faults.clear_denials();
        }
        let code = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply { code, body }
    }

    async fn watch(
        &self,
        step: &Step,
        ready: Option<fn(&Value) -> bool>,
        trigger: Option<&Step>,
        until: fn(&Value) -> bool,
    ) -> Reply {
        let resp = self.send_raw(step, false).await;
        let code = resp.status().as_u16();
        let mut stream = resp.bytes_stream();
        let mut buf = Vec::new();
        let mut events = Vec::new();
        let mut waiting_ready = ready;
        if ready.is_none()
            && let Some(t) = trigger
        {
            self.request(t).await;
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        'read: loop {
            let chunk = match tokio::time::timeout_at(deadline, stream.next()).await {
                Ok(Some(Ok(c))) => c,
                _ => break,
            };
            buf.extend_from_slice(&chunk);
            while let Some(i) = buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = buf.drain(..=i).collect();
                let Ok(ev) = serde_json::from_slice::<Value>(&line) else {
                    continue;
                };
                if let Some(r) = waiting_ready
                    && r(&ev)
                {
                    waiting_ready = None;
                    if let Some(t) = trigger {
                        self.request(t).await;
                    }
                }
                let done = waiting_ready.is_none() && until(&ev);
                if !periodic_bookmark(&ev) {
                    events.push(ev);
                }
                if done {
                    break 'read;
                }
            }
        }
        Reply {
            code,
            body: Value::Array(events),
        }
    }
}

/// Bookmarks that only say "still here" come on each server's own clock, so they are not
/// compared; the one ending the initial events (`k8s.io/initial-events-end`) is.
fn periodic_bookmark(ev: &Value) -> bool {
    ev["type"] == "BOOKMARK"
        && ev
            .pointer("/object/metadata/annotations/k8s.io~1initial-events-end")
            .is_none()
}
