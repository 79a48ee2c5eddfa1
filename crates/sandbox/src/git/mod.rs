//! The sandbox's application repository: a real git repository on disk (git2) with the
//! talk's history and branches, where a presenter runs a real `git merge`. The CI simulator
//! (`world::ci_watch`) notices new commits on `main` and builds them.

pub mod facts;
pub mod files;
pub mod history;

use std::path::{Path, PathBuf};

use git2::Repository;

pub const OWNER: &str = "showrunner-demo";
pub const NAME: &str = "app";
pub const REMOTE_URL: &str = "https://github.com/showrunner-demo/app.git";
pub const MAIN_REF: &str = "refs/heads/main";
/// Local config key that marks a repository as the sandbox's own.
pub const MARKER_KEY: &str = "showrunner.sandbox";
#[cfg(test)]
pub const BRANCHES: [&str; 5] = [
    "feature/update-user",
    "feature/delete-user",
    "feature/error",
    "feature/fix",
    // Its test fails: merged, it makes a failed CI run on demand.
    "feature/paging",
];

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("cannot create the demo repository in {path}: {source}")]
    Git { path: PathBuf, source: git2::Error },
    #[error("cannot remove the previous demo repository {path}: {source}")]
    Reset {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot move the foreign directory {path} aside: {source}")]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// `<data_dir>/repo`, created afresh with the demo history at every start: the simulated
/// cluster lives in memory and starts from the beginning of the story, so the repository must
/// too (a rehearsal's merges kept would put the fixed build in stg and the broken one in
/// prod). Only a repository the sandbox made is deleted; anything else found there is moved
/// aside, never deleted.
pub fn ensure(data_dir: &Path) -> Result<PathBuf, RepoError> {
    let path = data_dir.join("repo");
    if path.exists() && is_ours(&path) {
        std::fs::remove_dir_all(&path).map_err(|source| RepoError::Reset {
            path: path.clone(),
            source,
        })?;
    } else if path.exists() {
        let aside = data_dir.join(format!(
            "repo.foreign-{}",
            jiff::Timestamp::now().as_second()
        ));
        std::fs::rename(&path, &aside).map_err(|source| RepoError::MoveAside {
            path: path.clone(),
            source,
        })?;
        tracing::warn!(
            "{} was not the sandbox's repository; moved it to {}",
            path.display(),
            aside.display()
        );
    }
    history::create(&path).map_err(|source| RepoError::Git {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Ours: a repository at exactly this path (not a parent's), marked by us, with a `main`.
fn is_ours(path: &Path) -> bool {
    let Ok(repo) = Repository::open(path) else {
        return false;
    };
    let marked = repo
        .config()
        .and_then(|c| c.get_bool(MARKER_KEY))
        .unwrap_or(false);
    marked && repo.refname_to_id(MAIN_REF).is_ok()
}

#[cfg(test)]
mod tests;
