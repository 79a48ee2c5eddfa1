//! The presenter's keys on a replay: the run key plays the step, space pauses, the step keys
//! move to another step's start, every other key does what it does live on the replayed state
//! — except keys that would change something, which say so and do nothing.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::player::{Clock, Player};
use crate::app::messages::Flash;
use crate::app::state::InputTarget;
use crate::app::{Action, AppState, update};
use crate::keymap::{Command, Key};
use crate::runtime::event_loop::Driver;
use crate::ui::layout::PaneId;

pub const NOTHING_CHANGED: &str = "replay: nothing is changed";

pub struct Replay {
    pub player: Player,
    context: String,
}

impl Replay {
    pub fn new(player: Player) -> Replay {
        let context = player.recording.header.context.clone();
        Replay { player, context }
    }

    fn on_key(&mut self, state: &mut AppState, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if let Some(input) = &state.input {
            if input.target == InputTarget::JumpToStep && key.code == KeyCode::Enter {
                let text = state.input.take().map(|i| i.text).unwrap_or_default();
                match text.trim().parse::<usize>() {
                    Ok(n) if n >= 1 => self.move_to(state, n - 1),
                    _ => state.flash = Some(Flash::info(format!("no step {text} to jump to"))),
                }
                state.dirty = true;
                return;
            }
            return self.pass_on(state, key);
        }
        if key.code == KeyCode::Char(' ') && key.modifiers == KeyModifiers::NONE {
            return self.toggle_pause(state);
        }
        let command =
            Key::from_event(&key).and_then(|k| state.keymap.command(&state.key_chain(), k));
        let current = state.runbook.as_ref().map(|r| r.current);
        match command {
            // Nothing runs on a replay, so there is nothing to lose by quitting: no question.
            Some(Command::Quit) => state.should_quit = true,
            Some(Command::RunStep | Command::RunHere | Command::Fallback) => self.play(state),
            Some(Command::NextStep | Command::SkipStep) => {
                self.move_to(state, current.unwrap_or(0) + 1)
            }
            Some(Command::PrevStep) => self.move_to(state, current.unwrap_or(0).saturating_sub(1)),
            Some(
                Command::DeletePod
                | Command::PromoteIntoStage
                | Command::RefreshNode
                | Command::PromoteFreight
                | Command::ApproveFreight
                | Command::AbortPromotion
                | Command::SyncApp
                | Command::HardRefreshApp
                | Command::RollbackApp
                | Command::KillCommand
                | Command::TalkTimer,
            ) => {
                state.flash = Some(Flash::info(NOTHING_CHANGED));
                state.dirty = true;
            }
            _ => {
                let runbook_focused = state.focus == PaneId::Runbook;
                self.pass_on(state, key);
                let moved = state.runbook.as_ref().map(|r| r.current);
                if runbook_focused
                    && moved != current
                    && let Some(step) = moved
                {
                    self.move_to(state, step);
                }
            }
        }
    }

    fn pass_on(&mut self, state: &mut AppState, key: KeyEvent) {
        let effects = update(state, Action::Key(key));
        self.player.run_effects(state, effects);
    }

    /// The run key: past the gate if playback is there (or only the quiet after a step is
    /// left before it); a step still playing goes on.
    fn play(&mut self, state: &mut AppState) {
        let step_running = state
            .runbook
            .as_ref()
            .and_then(|r| r.cursor.as_ref())
            .is_some_and(|c| c.waiting != crate::app::runbook::state::Waiting::Pause);
        state.dirty = true;
        if self.player.at_gate() || (!step_running && self.player.next_gate_step().is_some()) {
            self.player.catch_up(state);
            self.player.pass_gate(state);
            return;
        }
        if step_running {
            state.flash = Some(Flash::info(
                "replay: this step is still playing (space pauses, > skips to the next)",
            ));
        } else {
            state.flash = Some(Flash::info("replay: that was the last recorded step"));
            self.player.resume(Instant::now());
        }
    }

    fn toggle_pause(&mut self, state: &mut AppState) {
        let now = Instant::now();
        match self.player.clock {
            Clock::Playing { .. } => self.player.pause(now),
            Clock::Paused { .. } => self.player.resume(now),
        }
        state.dirty = true;
    }

    fn move_to(&mut self, state: &mut AppState, step: usize) {
        let wanted = step + 1;
        match self.player.seek(state, step) {
            Some(reached) if reached == step => {
                state.flash = Some(Flash::info(format!(
                    "replay: at the start of step {wanted} — press F5 to play it"
                )))
            }
            Some(reached) => {
                state.flash = Some(Flash::info(format!(
                    "replay: step {wanted} was not run in the recording; at step {}",
                    reached + 1
                )))
            }
            None => {
                state.flash = Some(Flash::info(format!(
                    "replay: step {wanted} was not run in the recording; at the end"
                )))
            }
        }
    }

    /// Says in the status line where the tape is (the context's place, next to "sandbox").
    fn show_clock(&self, state: &mut AppState) {
        let mode = if self.player.at_end() {
            "■ end".to_string()
        } else if self.player.at_gate() {
            match self.player.next_gate_step() {
                Some(step) => format!("■ F5: step {}", step + 1),
                None => "■".to_string(),
            }
        } else {
            match self.player.clock {
                Clock::Paused { .. } => "‖ paused".to_string(),
                Clock::Playing { .. } => format!("▶ {}×", self.player.speed),
            }
        };
        let label = format!("{} (replay {mode})", self.context);
        if state.context_label != label {
            state.context_label = label;
            state.dirty = true;
        }
    }
}

impl Driver for Replay {
    fn handle(&mut self, state: &mut AppState, action: Action) {
        match action {
            Action::Key(key) | Action::KeyAt { key, .. } => self.on_key(state, key),
            Action::Resize { width, height } => {
                update(state, Action::Resize { width, height });
            }
            // Nothing else comes from this process on replay: the recording is the world.
            _ => {}
        }
        self.show_clock(state);
    }

    fn wake_at(&self) -> Option<Instant> {
        self.player.due()
    }

    fn wake(&mut self, state: &mut AppState) {
        self.player.play_due(state, Instant::now());
        self.show_clock(state);
    }
}
