//! One CI run as a timeline: what happens how many (unscaled) seconds after the run was
//! created. The live runner sleeps through it on the world's clock; seeding replays it at
//! past times. One plan for both, so seeded runs look exactly like live ones.

use super::ci::Conclusion;
use super::ci_script;
use crate::git::facts::CommitFacts;
use crate::rng;

pub const JOB_NAME: &str = "build-and-push";
pub const STEPS: [&str; 11] = [
    "Set up job",
    "Checkout",
    "pyright",
    "pylint",
    "black",
    "snyk",
    "test",
    "build",
    "push",
    "Post Checkout",
    "Complete job",
];

/// Steps that run even after a failure, as the runner runs set-up and post steps.
pub fn always_runs(name: &str) -> bool {
    name == "Set up job" || name == "Complete job" || name.starts_with("Post ")
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A runner picked the job up; the steps appear, queued.
    StartJob,
    StartStep(usize),
    /// A log record (continuation lines after `\n`).
    Line(String),
    EndStep(usize, Conclusion),
    /// Not run because an earlier step failed.
    SkipStep(usize),
    /// The image is in the registry (end of `push`).
    Publish,
    EndJob(Conclusion),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// Unscaled seconds after the run was created.
    pub at: f64,
    pub event: Event,
}

/// The run for `facts`; `fail_at` names a step (case-insensitive) that fails instead.
pub fn plan(facts: &CommitFacts, fail_at: Option<&str>) -> Vec<Planned> {
    let jitter = 0.85 + 0.3 * rng::unit();
    let mut t = 2.0 + 3.0 * rng::unit();
    let mut out = Vec::new();
    let mut at = |t: f64, event| out.push(Planned { at: t, event });
    at(t, Event::StartJob);
    let mut failed = false;
    for (i, name) in STEPS.iter().enumerate() {
        if failed && !always_runs(name) {
            at(t, Event::SkipStep(i));
            continue;
        }
        let fail = !always_runs(name) && fail_at.is_some_and(|f| f.eq_ignore_ascii_case(name));
        at(t, Event::StartStep(i));
        let script = ci_script::step(name, facts, fail);
        for (dt, text) in script.lines {
            t += dt * jitter;
            at(t, Event::Line(text));
        }
        t += script.pending * jitter;
        if *name == "push" && !fail {
            at(t, Event::Publish);
        }
        let conclusion = if fail {
            Conclusion::Failure
        } else {
            Conclusion::Success
        };
        at(t, Event::EndStep(i, conclusion));
        t += 0.05;
        failed |= fail;
    }
    let conclusion = if failed {
        Conclusion::Failure
    } else {
        Conclusion::Success
    };
    at(t, Event::EndJob(conclusion));
    out
}
