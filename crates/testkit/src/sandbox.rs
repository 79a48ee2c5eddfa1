//! Shared by the sandbox integration tests: start a fast sandbox in a temp dir, talk raw HTTP
//! to it, and wait for eventual conditions with generous deadlines.

use std::future::Future;
use std::time::Duration;

use serde_json::Value;
use showrunner_sandbox::{Sandbox, SandboxOptions};

pub struct TestSandbox {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
    pub base: String,
    // Kept alive for the kubeconfig; removed when the test ends.
    pub dir: tempfile::TempDir,
}

pub fn options(dir: &tempfile::TempDir) -> SandboxOptions {
    let mut opts = SandboxOptions::new(dir.path());
    opts.speed = 20.0;
    opts
}

pub async fn start() -> TestSandbox {
    start_with(|_| {}).await
}

pub async fn start_with(tweak: impl FnOnce(&mut SandboxOptions)) -> TestSandbox {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut opts = options(&dir);
    tweak(&mut opts);
    let sandbox = Sandbox::start(opts).await.expect("sandbox starts");
    let base = sandbox.base_url();
    let http = reqwest::Client::builder().build().expect("http client");
    TestSandbox {
        sandbox,
        http,
        base,
        dir,
    }
}

impl TestSandbox {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET as JSON; returns status and body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let resp = self.http.get(self.url(path)).send().await.expect("request");
        let code = resp.status().as_u16();
        (code, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: &Value,
    ) -> (u16, Value) {
        let resp = self
            .http
            .request(method, self.url(path))
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .await
            .expect("request");
        let code = resp.status().as_u16();
        (code, resp.json().await.unwrap_or(Value::Null))
    }

    pub fn kube(&self) -> kube::Client {
        kube::Client::try_from(self.sandbox.kube_config()).expect("kube client")
    }
}

/// Polls `check` every 50 ms until it returns `Some`, failing after `secs` seconds.
pub async fn eventually<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Reads a watch (or log) stream line by line until `done` says stop or `secs` pass.
pub async fn read_lines(
    resp: reqwest::Response,
    secs: u64,
    mut done: impl FnMut(&str) -> bool,
) -> Vec<String> {
    use futures::StreamExt;
    let mut stream = resp.bytes_stream();
    let mut buf = Vec::new();
    let mut lines = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let chunk = match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(Some(Ok(c))) => c,
            _ => return lines,
        };
        buf.extend_from_slice(&chunk);
        while let Some(i) = buf.iter().position(|b| *b == b'\n') {
            let line = String::from_utf8_lossy(&buf[..i]).to_string();
            buf.drain(..=i);
            let stop = done(&line);
            lines.push(line);
            if stop {
                return lines;
            }
        }
    }
}

pub fn name(obj: &Value) -> &str {
    obj["metadata"]["name"].as_str().unwrap_or("")
}

pub fn pod_manifest(name: &str, ns: &str) -> Value {
    serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"app": "test"}},
        "spec": {"containers": [{"name": "app", "image": "ghcr.io/showrunner-demo/backend:test"}]},
    })
}

/// A CI build as the CI simulation publishes it.
pub fn build(tag: &str, message: &str, broken: bool) -> showrunner_sandbox::ImageBuild {
    use showrunner_sandbox::{BACKEND_IMAGE, Commit, ImageBuild};
    ImageBuild {
        repo: BACKEND_IMAGE.into(),
        tag: tag.into(),
        digest: format!("sha256:{tag}"),
        commit: Commit {
            id: format!("{tag}{}", "0".repeat(33)),
            message: message.into(),
            author: "Test".into(),
            branch: "main".into(),
            repo_url: "https://github.com/showrunner-demo/app.git".into(),
        },
        broken,
        pushed_at: "2026-11-22T10:00:00Z".into(),
    }
}
