//! The CI feature: GitHub Actions runs, jobs and the job log, and the local git repository
//! (`state`); following a commit's run for the runbook (`follow`); poller events and keys
//! (`update`).

pub mod follow;
pub mod state;
pub mod update;
