//! Plays a planned run into `CiRuns`: live on the world's clock (`run`), or at past times
//! (`replay`, for seeding). Both go through `apply`, so a seeded run and a live one differ
//! only in their timestamps.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tokio::time::{Instant, sleep_until};

use super::World;
use super::ci::{CiRuns, Conclusion, Status, Step};
use super::ci_steps::{Event, Planned, STEPS};
use super::images::{BACKEND_IMAGE, Commit, ImageBuild};
use crate::git::REMOTE_URL;
use crate::git::facts::CommitFacts;
use crate::meta;
use crate::rng;

pub struct Target<'a> {
    pub ci: &'a CiRuns,
    pub world: &'a World,
    pub run_id: u64,
    pub job_id: u64,
    pub facts: &'a CommitFacts,
}

/// The build CI pushes for `facts` at `at`.
pub fn image_build(facts: &CommitFacts, at: Timestamp) -> ImageBuild {
    ImageBuild {
        repo: BACKEND_IMAGE.into(),
        tag: facts.short().into(),
        digest: facts.digest(),
        commit: Commit {
            id: facts.sha.clone(),
            // Kargo keeps a commit's subject line, not its body.
            message: facts.subject().into(),
            author: facts.author.0.clone(),
            branch: "main".into(),
            repo_url: REMOTE_URL.into(),
        },
        broken: facts.broken,
        pushed_at: meta::format_time(at),
    }
}

pub fn apply(t: &Target, event: &Event, now: Timestamp) {
    match event {
        Event::Line(text) => return t.ci.append_log(t.job_id, now, text),
        Event::Publish => {
            t.world.images.publish(image_build(t.facts, now));
            return;
        }
        _ => {}
    }
    let job_id = t.job_id;
    t.ci.update(t.run_id, |run| {
        let Some(job) = run.jobs.iter_mut().find(|j| j.id == job_id) else {
            return;
        };
        match event {
            Event::StartJob => {
                job.status = Status::InProgress;
                job.started_at = now;
                let n = 2 + rng::below(18);
                job.runner = Some((n as u64, format!("GitHub Actions {n}")));
                job.steps = STEPS
                    .iter()
                    .enumerate()
                    .map(|(i, name)| Step {
                        name: (*name).into(),
                        number: i as u32 + 1,
                        status: Status::Queued,
                        conclusion: None,
                        started_at: None,
                        completed_at: None,
                    })
                    .collect();
                run.status = Status::InProgress;
                run.updated_at = now;
            }
            Event::StartStep(i) => {
                if let Some(s) = job.steps.get_mut(*i) {
                    s.status = Status::InProgress;
                    s.started_at = Some(now);
                }
            }
            Event::EndStep(i, c) => {
                if let Some(s) = job.steps.get_mut(*i) {
                    s.status = Status::Completed;
                    s.conclusion = Some(*c);
                    s.completed_at = Some(now);
                }
            }
            Event::SkipStep(i) => {
                if let Some(s) = job.steps.get_mut(*i) {
                    s.status = Status::Completed;
                    s.conclusion = Some(Conclusion::Skipped);
                    s.started_at = Some(now);
                    s.completed_at = Some(now);
                }
            }
            Event::EndJob(c) => {
                job.status = Status::Completed;
                job.conclusion = Some(*c);
                job.completed_at = Some(now);
                run.status = Status::Completed;
                run.conclusion = Some(*c);
                run.updated_at = now;
            }
            Event::Line(_) | Event::Publish => {}
        }
    });
}

/// Plays `plan` live: each event when the world's clock says so, stamped with the real time.
pub async fn run(
    world: Arc<World>,
    ci: Arc<CiRuns>,
    ids: (u64, u64),
    facts: CommitFacts,
    plan: Vec<Planned>,
) {
    let start = Instant::now();
    let target = Target {
        ci: &ci,
        world: &world,
        run_id: ids.0,
        job_id: ids.1,
        facts: &facts,
    };
    for p in &plan {
        sleep_until(start + world.clock.scaled(p.at)).await;
        apply(&target, &p.event, Timestamp::now());
    }
}

/// Plays `plan` instantly as if the run had been created at `created`.
pub fn replay(target: &Target, plan: &[Planned], created: Timestamp) {
    for p in plan {
        let at = created + SignedDuration::from_secs_f64(p.at);
        apply(target, &p.event, at);
    }
}

/// How long a plan takes, unscaled.
pub fn duration(plan: &[Planned]) -> f64 {
    plan.last().map_or(0.0, |p| p.at)
}
