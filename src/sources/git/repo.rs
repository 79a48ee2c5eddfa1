//! What the git pane shows of a local repository, read with git2: branch, HEAD, ahead/behind
//! its upstream, recent commits (like `git log --oneline -10`) and local branches.

use std::path::Path;

use git2::{BranchType, Repository};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RepoSummary {
    pub path: String,
    /// None on a detached HEAD.
    pub branch: Option<String>,
    pub head: Option<CommitSummary>,
    /// (upstream name, ahead, behind)
    pub upstream: Option<(String, usize, usize)>,
    pub recent: Vec<CommitSummary>,
    pub branches: Vec<String>,
    pub origin_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommitSummary {
    pub id: String,
    pub subject: String,
    pub author: String,
    /// Unix seconds of the commit.
    pub time: i64,
    /// Merge commits show differently in the log.
    pub parents: usize,
}

impl CommitSummary {
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

const RECENT: usize = 10;

pub fn read(path: &Path) -> Result<RepoSummary, String> {
    let repo = Repository::discover(path)
        .map_err(|e| format!("not a git repository ({}): {}", path.display(), e.message()))?;
    let workdir = repo.workdir().unwrap_or(repo.path()).display().to_string();
    let head = repo.head().ok();
    let branch = head
        .as_ref()
        .filter(|h| h.is_branch())
        .and_then(|h| h.shorthand().ok().map(String::from));
    let head_commit = head.as_ref().and_then(|h| h.peel_to_commit().ok());
    let upstream = branch.as_deref().and_then(|name| {
        let local = repo.find_branch(name, BranchType::Local).ok()?;
        let up = local.upstream().ok()?;
        let up_name = up.name().ok().flatten()?.to_string();
        let (ahead, behind) = repo
            .graph_ahead_behind(local.get().target()?, up.get().target()?)
            .ok()?;
        Some((up_name, ahead, behind))
    });
    let mut recent = Vec::new();
    if let Some(commit) = &head_commit {
        let mut walk = repo.revwalk().map_err(|e| e.message().to_string())?;
        walk.push(commit.id())
            .map_err(|e| e.message().to_string())?;
        for oid in walk.take(RECENT).flatten() {
            if let Ok(c) = repo.find_commit(oid) {
                recent.push(summarize(&c));
            }
        }
    }
    let mut branches: Vec<String> = repo
        .branches(Some(BranchType::Local))
        .map(|it| {
            it.flatten()
                .filter_map(|(b, _)| b.name().ok().flatten().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    branches.sort();
    let origin_url = repo
        .find_remote("origin")
        .ok()
        .and_then(|r| r.url().ok().map(String::from));
    Ok(RepoSummary {
        path: workdir,
        branch,
        head: head_commit.as_ref().map(summarize),
        upstream,
        recent,
        branches,
        origin_url,
    })
}

fn summarize(c: &git2::Commit<'_>) -> CommitSummary {
    CommitSummary {
        id: c.id().to_string(),
        subject: c.summary().ok().flatten().unwrap_or("").to_string(),
        author: c.author().name().ok().unwrap_or("").to_string(),
        time: c.time().seconds(),
        parents: c.parent_count(),
    }
}

/// `owner/repo` of a GitHub remote, from the https, ssh and scp-like URL forms.
pub fn github_slug(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let path = if let Some(rest) = url.strip_prefix("git@") {
        rest.split_once(':')?.1
    } else {
        let after_scheme = url.split_once("://")?.1;
        after_scheme.split_once('/')?.1
    };
    let path = path.trim_end_matches('/').trim_end_matches(".git");
    let mut parts = path.split('/').filter(|p| !p.is_empty());
    let (owner, repo) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some((owner.to_string(), repo.to_string()))
}

#[cfg(test)]
mod tests;
