//! Not a test: `cargo test --test sandbox serve_for_manual_testing -- --ignored --nocapture`
//! runs a sandbox in the foreground for trying kubectl by hand. SANDBOX_PORT, SANDBOX_SPEED,
//! SANDBOX_PODS, SANDBOX_CHURN, SANDBOX_CRASH_IMAGES and SANDBOX_DIR configure it.

use showrunner_sandbox::{SandboxOptions, run_standalone};

fn env<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs until interrupted; for manual testing"]
async fn serve_for_manual_testing() {
    let dir: std::path::PathBuf = env(
        "SANDBOX_DIR",
        std::env::temp_dir().join("showrunner-sandbox"),
    );
    let mut opts = SandboxOptions::new(dir);
    opts.port = env("SANDBOX_PORT", 0);
    opts.speed = env("SANDBOX_SPEED", 1.0);
    opts.extra_pods = env("SANDBOX_PODS", 0);
    opts.churn = env("SANDBOX_CHURN", 0.0);
    if let Ok(images) = std::env::var("SANDBOX_CRASH_IMAGES") {
        opts.crash_images = images.split(',').map(String::from).collect();
    }
    run_standalone(opts).await.expect("sandbox runs");
}
