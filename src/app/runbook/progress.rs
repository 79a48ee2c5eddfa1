//! A talk's progress as it survives a restart: each step's state and where a stopped one goes
//! on, the step the presenter is on, and the talk timer. `update` hands a changed snapshot to
//! the effect runner, which writes it (`runtime::session` reads it back at the next start).

use k8s_openapi::jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::app::effect::Effect;
use crate::app::runbook::state::{Phase, ResumeAt, RunbookState, StepStatus};
use crate::app::state::AppState;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub current: usize,
    /// Seconds since the epoch.
    pub talk_started: Option<i64>,
    pub steps: Vec<SavedStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedStep {
    /// `pending`, `done`, `skipped`, `failed` or `cancelled`.
    pub status: String,
    /// Why it failed or what was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<SavedResume>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedResume {
    pub fallback: bool,
    pub block: usize,
    pub action: usize,
}

/// What goes in the file: the progress and the step titles it belongs to, so that progress
/// saved for another version of the runbook is not applied to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRun {
    pub titles: Vec<String>,
    #[serde(flatten)]
    pub progress: Progress,
}

/// Why the process stopped in the middle of a step, as the step shows it after a restart.
pub const INTERRUPTED: &str = "interrupted: showrunner stopped while it ran";

impl Progress {
    pub fn of(rb: &RunbookState) -> Progress {
        let steps = rb
            .steps
            .iter()
            .enumerate()
            .map(|(i, run)| {
                // A step running now is saved as stopped where it is: if the process ends here
                // (quit, crash, closed window), that is what happened to it.
                let running = rb.cursor.as_ref().filter(|c| c.step == i);
                let (status, why, resume) = match (&run.status, running) {
                    (_, Some(cursor)) => (
                        "failed",
                        Some(INTERRUPTED.into()),
                        Some(rb.stop_point(cursor)),
                    ),
                    (StepStatus::Pending | StepStatus::Running | StepStatus::Paused(_), None) => {
                        ("pending", None, None)
                    }
                    (StepStatus::Done, None) => ("done", None, None),
                    (StepStatus::Skipped, None) => ("skipped", None, None),
                    (StepStatus::Failed(why), None) => ("failed", Some(why.clone()), run.resume),
                    (StepStatus::Cancelled(why), None) => {
                        ("cancelled", Some(why.clone()), run.resume)
                    }
                };
                SavedStep {
                    status: status.into(),
                    why,
                    resume: resume.map(|r| SavedResume {
                        fallback: r.phase == Phase::Fallback,
                        block: r.block,
                        action: r.action,
                    }),
                }
            })
            .collect();
        Progress {
            current: rb.current,
            talk_started: rb.talk_started.map(|t| t.as_second()),
            steps,
        }
    }

    /// Puts saved progress back on a freshly loaded runbook of the same steps.
    pub fn restore(&self, rb: &mut RunbookState) {
        for (run, saved) in rb.steps.iter_mut().zip(&self.steps) {
            let why = saved.why.clone().unwrap_or_default();
            run.status = match saved.status.as_str() {
                "done" => StepStatus::Done,
                "skipped" => StepStatus::Skipped,
                "failed" => StepStatus::Failed(why),
                "cancelled" => StepStatus::Cancelled(why),
                _ => StepStatus::Pending,
            };
            run.resume = saved.resume.map(|r| ResumeAt {
                phase: if r.fallback {
                    Phase::Fallback
                } else {
                    Phase::Main
                },
                block: r.block,
                action: r.action,
            });
        }
        rb.current = self.current.min(rb.steps.len().saturating_sub(1));
        rb.talk_started = self
            .talk_started
            .and_then(|s| Timestamp::from_second(s).ok());
        rb.saved = Some(self.clone());
    }

    pub fn done(&self) -> usize {
        self.steps.iter().filter(|s| s.status == "done").count()
    }
}

/// After every update: the effect that saves the progress, when it changed since last saved.
pub fn save_if_changed(state: &mut AppState) -> Option<Effect> {
    let rb = state.runbook.as_mut()?;
    let path = rb.progress_file.clone()?;
    let progress = Progress::of(rb);
    if rb.saved.as_ref() == Some(&progress) {
        return None;
    }
    rb.saved = Some(progress.clone());
    Some(Effect::SaveProgress {
        path,
        run: SavedRun {
            titles: rb.runbook.steps.iter().map(|s| s.title.clone()).collect(),
            progress,
        },
    })
}
