//! CI's past, made at sandbox start before anything else is seeded: the demo repository,
//! and completed runs for the last commits of `main` whose images are pushed to
//! `world.images` — the Kargo seed builds its freight from those builds.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::Repository;
use jiff::{SignedDuration, Timestamp};

use super::World;
use super::ci::CiRuns;
use super::ci_runner::{self, Target};
use super::ci_steps::{self, JOB_NAME};
use crate::git::{self, RepoError, facts};

/// Runs seeded at start: the newest commits of `main` that have the workflow.
pub const SEEDED_RUNS: usize = 3;

pub struct CiSeed {
    pub repo_path: PathBuf,
    pub runs: Arc<CiRuns>,
}

pub fn seed(world: &World, data_dir: &Path) -> Result<CiSeed, RepoError> {
    let repo_path = git::ensure(data_dir)?;
    let runs = Arc::new(CiRuns::default());
    let git_err = |source| RepoError::Git {
        path: repo_path.clone(),
        source,
    };
    let repo = Repository::open(&repo_path).map_err(git_err)?;
    let mut commits = Vec::new();
    for id in facts::main_history(&repo, 50).map_err(git_err)? {
        let f = facts::read(&repo, id).map_err(git_err)?;
        if !f.has_workflow {
            break;
        }
        commits.push(f);
    }
    // Run numbers count every push since the workflow was added, as GitHub's would.
    let skipped = commits.len().saturating_sub(SEEDED_RUNS);
    commits.truncate(SEEDED_RUNS);
    commits.reverse();
    runs.skip_run_numbers(skipped as u64);
    let now = Timestamp::now();
    for f in commits {
        let plan = ci_steps::plan(&f, None);
        let length = SignedDuration::from_secs_f64(ci_runner::duration(&plan) + 5.0);
        // A push is noticed a few seconds after the commit, but a run seeded for a
        // commit made a minute ago (a rehearsal) must still have finished by now.
        let created = (f.time + SignedDuration::from_secs(12)).min(now - length);
        let (run_id, job_id) = runs.create(f.clone(), JOB_NAME, created);
        let target = Target {
            ci: &runs,
            world,
            run_id,
            job_id,
            facts: &f,
        };
        ci_runner::replay(&target, &plan, created);
    }
    Ok(CiSeed { repo_path, runs })
}
