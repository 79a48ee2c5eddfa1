//! The real kubectl, pointed at a test sandbox.

use tokio::process::Command;

use super::TestSandbox;

pub fn kubectl(sb: &TestSandbox) -> Command {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("kubectl").is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "kubectl is not on PATH; these tests need the real kubectl (CI installs it)"
    );
    let mut cmd = Command::new("kubectl");
    cmd.env("KUBECONFIG", sb.sandbox.kubeconfig_path())
        .arg(format!(
            "--cache-dir={}",
            sb.dir.path().join("cache").display()
        ))
        .kill_on_drop(true);
    cmd
}

/// Runs kubectl to completion; panics with its stderr if it fails.
pub async fn run(sb: &TestSandbox, args: &[&str]) -> String {
    let out = kubectl(sb).args(args).output().await.expect("kubectl runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "kubectl {args:?} failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn header(table: &str) -> Vec<&str> {
    table
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect()
}
