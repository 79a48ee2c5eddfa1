//! A token in showrunner's environment is inherited by every runbook command; `env` or
//! `set -x` would print it on the presenter's screen. Its value shows as `***`, as GitHub
//! Actions shows secrets. In the `token` binary: the token is in the process environment.

use std::time::Duration;

use showrunner::app::Action;
use showrunner::runbook::model::Shell;
use showrunner::runtime::commands::CommandRunner;
use tokio::sync::mpsc::channel;

/// Showrunner's inherited `GH_TOKEN` (`crate::set_up_environment`).
pub const SECRET: &str = "ghp_InheritedSecret0123456789abcdef";

#[tokio::test]
async fn an_inherited_token_shows_as_stars_in_command_output() {
    crate::set_up_environment();
    let dir = tempfile::tempdir().unwrap();
    let (tx, mut rx) = channel(256);
    let mut runner = CommandRunner::new(dir.path().to_path_buf(), Vec::new(), tx);
    let script = "env | grep '^GH_TOKEN='; set -x; curl_header=\"Authorization: Bearer $GH_TOKEN\"";
    runner.run(1, Shell::Sh, script.into(), Duration::from_secs(10));
    let mut lines = Vec::new();
    loop {
        let action = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the command ends in time")
            .expect("channel open");
        match action {
            Action::CommandOutput { lines: more, .. } => lines.extend(more),
            Action::CommandExited { .. } => break,
            _ => {}
        }
    }
    let all = lines.join("\n");
    assert!(!all.contains(SECRET), "the token shows:\n{all}");
    assert!(all.contains("GH_TOKEN=***"), "{all}");
    assert!(
        all.contains("Bearer ***"),
        "set -x traces it masked:\n{all}"
    );
}
