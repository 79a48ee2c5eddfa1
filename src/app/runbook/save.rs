//! Taking a talk's progress from the runbook state and putting it back: `update` hands a
//! changed snapshot to the effect runner after every change, which writes it; the next start
//! restores it.

use k8s_openapi::jiff::Timestamp;

use crate::app::effect::Effect;
use crate::app::runbook::progress::{INTERRUPTED, Progress, SavedResume, SavedRun, SavedStep};
use crate::app::runbook::state::{Phase, ResumeAt, RunbookState, StepStatus};
use crate::app::state::AppState;

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
