//! The push trigger: watches `refs/heads/main` of the sandbox repository and starts a run
//! when it moves to a commit that has the workflow and no run yet, as GitHub does for a
//! push (one run for the pushed head, however many commits came with it). Reading one ref
//! every few hundred milliseconds costs a stat and a small read; no file watcher needed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use git2::{Oid, Repository};
use jiff::Timestamp;

use super::World;
use super::ci::CiRuns;
use super::ci_runner;
use super::ci_steps::{self, JOB_NAME};
use crate::git::MAIN_REF;
use crate::git::facts::{self, CommitFacts};

/// Real time: the trigger should feel instant whatever the speed.
const POLL: Duration = Duration::from_millis(250);

pub async fn run(world: Arc<World>, ci: Arc<CiRuns>, repo_path: PathBuf) {
    let mut repo = Repository::open(&repo_path).ok();
    let mut last = repo.as_ref().and_then(|r| r.refname_to_id(MAIN_REF).ok());
    let mut ticker = tokio::time::interval(POLL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if repo.is_none() {
            repo = Repository::open(&repo_path).ok();
        }
        let Some(r) = &repo else { continue };
        let Ok(id) = r.refname_to_id(MAIN_REF) else {
            // Reopened next time: a presenter may delete and recreate the directory.
            repo = None;
            continue;
        };
        if Some(id) == last {
            continue;
        }
        last = Some(id);
        match pushed(r, id, &ci) {
            Ok(Some(facts)) => start(&world, &ci, facts),
            Ok(None) => {}
            Err(e) => tracing::warn!("CI cannot read commit {id}: {e}"),
        }
    }
}

/// The facts of a new head that should get a run.
fn pushed(repo: &Repository, id: Oid, ci: &CiRuns) -> Result<Option<CommitFacts>, git2::Error> {
    if ci.has_run_for(&id.to_string()) {
        return Ok(None);
    }
    let facts = facts::read(repo, id)?;
    Ok(facts.has_workflow.then_some(facts))
}

/// Queues a run for `facts` and plays it in the background.
pub fn start(world: &Arc<World>, ci: &Arc<CiRuns>, facts: CommitFacts) {
    // A test that fails in the commit fails the run at `test`, as pytest would.
    let fail_at = (!facts.failing_tests.is_empty()).then_some("test");
    let plan = ci_steps::plan(&facts, fail_at);
    let ids = ci.create(facts.clone(), JOB_NAME, Timestamp::now());
    tracing::info!(
        "CI run {} started for {} ({})",
        ids.0,
        facts.short(),
        facts.subject()
    );
    world.spawn(ci_runner::run(world.clone(), ci.clone(), ids, facts, plan));
}
