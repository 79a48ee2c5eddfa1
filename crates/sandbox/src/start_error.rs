//! Why the sandbox could not start or keep running: a port, a file, the seed, the git repository.

use crate::error::ApiError;

/// Failure to start or run the sandbox itself.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot seed the simulated world: {0}")]
    Seed(ApiError),
    #[error("{0}")]
    Repo(#[from] crate::git::RepoError),
    #[error("signal handling failed: {0}")]
    Signal(std::io::Error),
}
