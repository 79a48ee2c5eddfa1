//! The GitHub token reaches GitHub but never a log line, an error message or a Debug print.
//!
//! In the `token` binary, with a global subscriber: tracing caches whether a call site is enabled
//! when it is first hit, so a concurrent test without a subscriber could switch the client's own
//! log line off for the whole process and make the capture check below fail for no real reason.

use std::io::Write;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use serde_json::json;
use showrunner::sources::github::client::GithubClient;
use showrunner::sources::github::token::Token;
use wiremock::matchers::header_exists;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "ghp_TopSecretToken1234567890";

/// A writer the test can read back: everything the app logs while the client works.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_token_reaches_github_but_no_log_line_and_no_error() {
    crate::set_up_environment();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    // reqwest and hyper-rustls log through the `log` crate: bridge it so their lines are checked too.
    let _ = tracing_log::LogTracer::init();
    let server = MockServer::start().await;
    Mock::given(header_exists("authorization"))
        .respond_with(|req: &Request| {
            // Echo what a careless server might: the token must still not surface anywhere.
            let auth = req
                .headers
                .get("authorization")
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            ResponseTemplate::new(500)
                .set_body_json(json!({"message": format!("boom")}))
                .insert_header("x-debug", auth.as_str())
        })
        .mount(&server)
        .await;
    let mut c = GithubClient::new(
        &server.uri(),
        Token::new(SECRET),
        Arc::new(AtomicU64::new(0)),
    )
    .unwrap();
    let errors = [
        c.runs("o", "r", None, 30).await.unwrap_err(),
        c.job_log("o", "r", 1).await.unwrap_err(),
    ];
    let logged = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The capture works (the client's own request line is there), so an absent token means something.
    assert!(
        logged.contains("GitHub request"),
        "nothing captured:\n{logged}"
    );
    assert!(!logged.contains(SECRET), "token in logs:\n{logged}");
    for e in &errors {
        assert!(!format!("{e} {e:?}").contains(SECRET));
    }
    assert!(!format!("{:?}", Token::new(SECRET).unwrap()).contains(SECRET));
}
