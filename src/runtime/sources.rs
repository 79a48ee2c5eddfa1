//! Starting the non-Kubernetes sources: the local git repository watcher and the GitHub
//! Actions poller, from flags or what can be worked out (the origin remote, the sandbox).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use tokio::sync::mpsc::{Sender, UnboundedSender};
use tokio::task::JoinHandle;

use crate::app::Action;
use crate::sources::git::repo;
use crate::sources::github::client::GithubClient;
use crate::sources::github::poller::{self, CiCommand, CiTarget};
use crate::sources::github::token;

pub const GITHUB_API: &str = "https://api.github.com";

/// Where CI and git come from.
pub struct CiConfig {
    pub repo_path: PathBuf,
    pub github_repo: Option<String>,
    pub github_url: String,
    pub branch: Option<String>,
    /// The sandbox needs no token; live GitHub gets one if the environment has it.
    pub discover_token: bool,
}

pub struct CiHandles {
    pub tasks: Vec<JoinHandle<()>>,
    /// "owner/repo", or why there is no CI pane content.
    pub source: Result<String, String>,
    pub commands: Option<UnboundedSender<CiCommand>>,
}

pub async fn start(config: CiConfig, requests: Arc<AtomicU64>, tx: &Sender<Action>) -> CiHandles {
    let mut tasks = vec![crate::sources::git::watch::spawn(
        config.repo_path.clone(),
        tx.clone(),
    )];
    let slug = config.github_repo.clone().or_else(|| {
        let summary = repo::read(&config.repo_path).ok()?;
        let (owner, name) = repo::github_slug(summary.origin_url.as_deref()?)?;
        Some(format!("{owner}/{name}"))
    });
    let Some(slug) = slug else {
        let why = "No GitHub repository: pass --github-repo OWNER/NAME, or run from a clone whose origin is on GitHub.";
        return CiHandles {
            tasks,
            source: Err(why.into()),
            commands: None,
        };
    };
    let Some((owner, name)) = slug
        .split_once('/')
        .map(|(o, n)| (o.to_string(), n.to_string()))
    else {
        return CiHandles {
            tasks,
            source: Err(format!("--github-repo expects OWNER/NAME, got \"{slug}\"")),
            commands: None,
        };
    };
    let token = if config.discover_token {
        token::discover(&config.github_url).await
    } else {
        None
    };
    if let Some((_, from)) = &token {
        tracing::info!(source = from.describe(), "GitHub token found");
    }
    let client = match GithubClient::new(&config.github_url, token.map(|(t, _)| t), requests) {
        Ok(c) => c,
        Err(e) => {
            return CiHandles {
                tasks,
                source: Err(e.to_string()),
                commands: None,
            };
        }
    };
    let target = CiTarget {
        owner,
        repo: name,
        branch: config.branch,
    };
    let (task, commands) = poller::spawn(client, target, tx.clone());
    tasks.push(task);
    CiHandles {
        tasks,
        source: Ok(slug),
        commands: Some(commands),
    }
}
