//! The quit key. Idle, it quits at once; in the middle of a talk (a step ran and the runbook is
//! not finished, or a command runs) it asks first and says what quitting costs, as lazygit's
//! `confirmOnQuit` does: one stray key must not end a talk.

use crate::app::runbook::state::Waiting;
use crate::app::state::{AppState, Overlay};

pub fn request(state: &mut AppState) {
    if state.runbook.as_ref().is_some_and(|rb| rb.is_under_way()) {
        state.overlay = Some(Overlay::ConfirmQuit);
        state.confirm_guard.opened();
    } else {
        state.should_quit = true;
    }
}

/// What quitting now stops, keeps and loses, one line each, for the question.
pub fn consequences(state: &AppState) -> Vec<String> {
    let Some(rb) = state.runbook.as_ref() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(cursor) = &rb.cursor {
        let doing = match &cursor.waiting {
            Waiting::Command { .. } => rb.command.as_ref().map(|c| {
                format!(
                    "kills `{}`, still running",
                    c.command.lines().next().unwrap_or("")
                )
            }),
            Waiting::Mutation { summary, .. } => Some(format!("leaves `{summary}` unanswered")),
            Waiting::Condition { description, .. } => {
                Some(format!("stops waiting for {description}"))
            }
            Waiting::Pause | Waiting::Nothing => None,
        };
        let step = cursor.step + 1;
        lines.push(match doing {
            Some(doing) => format!("Quitting stops step {step}: it {doing}."),
            None => format!("Quitting stops step {step}."),
        });
    }
    let done = rb
        .steps
        .iter()
        .filter(|s| s.status == crate::app::runbook::state::StepStatus::Done)
        .count();
    let total = rb.steps.len();
    // The label says which sandbox: the built-in one ends with this run, a kept one goes on.
    let kept = state.context_label == "sandbox (kept)";
    lines.push(match (&rb.progress_file, rb.resumes_on_restart || kept) {
        (Some(_), true) if kept => format!(
            "{done} of {total} steps are done. The sandbox keeps running: `showrunner --keep` \
             goes on from step {} with it as it is now.",
            rb.current + 1
        ),
        (Some(_), true) => format!(
            "{done} of {total} steps are done: that progress and the talk timer are saved, \
             and the next start goes on from step {}.",
            rb.current + 1
        ),
        _ => format!(
            "{done} of {total} steps are done. The sandbox is rebuilt at the next start: its \
             merges and promotions, and the step progress, start over (--keep keeps them)."
        ),
    });
    lines
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::app::runbook::state::StepStatus;
    use crate::app::state::{AppState, Overlay};
    use crate::app::update::update;
    use crate::app::{Action, Effect};

    fn press(s: &mut AppState, c: char) -> Vec<Effect> {
        update(
            s,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        )
    }

    fn talk() -> AppState {
        use crate::app::runbook::update::tests::{command, step, with_runbook};
        with_runbook(vec![
            step("one", vec![command("echo one")], vec![]),
            step("two", vec![command("echo two")], vec![]),
        ])
    }

    #[test]
    fn quit_is_at_once_before_the_talk_and_after_it() {
        let mut s = talk();
        press(&mut s, 'q');
        assert!(s.should_quit, "nothing ran yet");
        let mut s = talk();
        for run in &mut s.runbook.as_mut().unwrap().steps {
            run.status = StepStatus::Done;
        }
        press(&mut s, 'q');
        assert!(s.should_quit, "every step done");
    }

    #[test]
    fn quit_in_the_middle_asks_and_n_or_esc_stays() {
        let mut s = talk();
        s.runbook.as_mut().unwrap().steps[0].status = StepStatus::Done;
        press(&mut s, 'q');
        assert!(!s.should_quit);
        assert_eq!(s.overlay, Some(Overlay::ConfirmQuit));
        let text = super::consequences(&s).join(" ");
        assert!(text.contains("1 of 2 steps are done"), "{text}");
        assert!(text.contains("rebuilt at the next start"), "{text}");
        // Another q is not a yes: it is one of the cancel keys.
        press(&mut s, 'q');
        assert_eq!(s.overlay, None);
        assert!(!s.should_quit);
        assert_eq!(s.flash.as_ref().unwrap().text, "not quitting");
        press(&mut s, 'q');
        press(&mut s, 'y');
        assert!(s.should_quit);
    }

    #[test]
    fn quit_while_a_command_runs_names_it() {
        let mut s = talk();
        let effects = update(
            &mut s,
            Action::Key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)),
        );
        assert!(matches!(&effects[..], [Effect::RunCommand { .. }]));
        press(&mut s, 'q');
        assert_eq!(s.overlay, Some(Overlay::ConfirmQuit));
        let text = super::consequences(&s).join(" ");
        assert!(
            text.contains("Quitting stops step 1: it kills `echo one`, still running."),
            "{text}"
        );
    }
}
