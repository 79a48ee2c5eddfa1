//! Re-reads the repository when git changes it (a commit, a merge, a checkout), so a merge run
//! from the runbook shows at once. File notifications on `.git` (HEAD, packed-refs) and
//! `.git/refs`, debounced; no polling.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc::unbounded_channel;
use tokio::task::JoinHandle;

use super::repo;
use crate::sources::sink::Sink;

/// The repository as read now, or why it could not be read.
#[derive(Debug, Clone)]
pub struct RepoRead(pub Result<repo::RepoSummary, String>);

/// Changes closer together than this are one refresh (a merge touches many refs).
const DEBOUNCE: Duration = Duration::from_millis(150);

pub fn spawn(path: PathBuf, sink: impl Sink<RepoRead>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let send = |result: Result<repo::RepoSummary, String>| sink.send(RepoRead(result));
        let first = read_blocking(&path).await;
        let git_dir = match &first {
            Ok(_) => git2::Repository::discover(&path)
                .ok()
                .map(|r| r.path().to_path_buf()),
            Err(_) => None,
        };
        if !send(first).await {
            return;
        }
        let Some(git_dir) = git_dir else { return };
        let (events_tx, mut events) = unbounded_channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok() {
                let _ = events_tx.send(());
            }
        });
        let mut watcher = match watcher {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "cannot watch the git repository; the git pane will not refresh");
                return;
            }
        };
        for (dir, mode) in [
            (git_dir.clone(), RecursiveMode::NonRecursive),
            (git_dir.join("refs"), RecursiveMode::Recursive),
        ] {
            if let Err(e) = watcher.watch(&dir, mode) {
                tracing::warn!(error = %e, dir = %dir.display(), "cannot watch");
            }
        }
        let mut last: Option<repo::RepoSummary> = None;
        while events.recv().await.is_some() {
            tokio::time::sleep(DEBOUNCE).await;
            while events.try_recv().is_ok() {}
            let result = read_blocking(&path).await;
            if let Ok(summary) = &result {
                if last.as_ref() == Some(summary) {
                    continue;
                }
                last = Some(summary.clone());
            }
            if !send(result).await {
                return;
            }
        }
        drop(watcher);
    })
}

async fn read_blocking(path: &Path) -> Result<repo::RepoSummary, String> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || repo::read(&path))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}
