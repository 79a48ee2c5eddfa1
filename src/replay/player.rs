//! Plays a recording through the same `update` the live app uses. Recorded events are applied
//! in order, at the recorded pace (scaled by `--speed`), and stop before each step's start
//! (a *gate*) until the presenter runs the step; runbook keys recorded there are given again,
//! so the runbook runs as it did. Effects that would touch the world are dropped: their
//! answers (command output, mutation results) are in the recording.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::reader::Recording;
use super::record::{Event, Line, Presented};
use crate::app::action::Action;
use crate::app::confirm_policy::ConfirmPolicy;
use crate::app::gate;
use crate::app::gitops::state::GitopsState;
use crate::app::messages::Flash;
use crate::app::runbook::state::{RunbookState, Waiting};
use crate::app::runbook::update as update_runbook;
use crate::app::state::Overlay;
use crate::app::{AppState, update};
use crate::keymap::Keymap;
use crate::runbook::model::Runbook;

/// Where playback stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clock {
    /// Line `pos` is due at `anchor + (its ms - anchor_ms) / speed`.
    Playing {
        anchor: Instant,
        anchor_ms: u64,
    },
    Paused {
        at_ms: u64,
    },
}

pub struct Player {
    pub recording: Recording,
    runbook: Option<Runbook>,
    keymap: Keymap,
    pub speed: f64,
    /// The next line to apply.
    pub pos: usize,
    pub clock: Clock,
    /// The pod log the presenter opened here: the recorded streams of that container, and
    /// the stream id the app's log view expects.
    pub(super) open_log: Option<(HashSet<u64>, u64)>,
}

/// Bounds the work of one wake-up so keys stay responsive while a long gap is caught up.
const MAX_LINES_PER_WAKE: usize = 2048;

impl Player {
    pub fn new(recording: Recording, keymap: Keymap, speed: f64) -> Result<Player, Vec<String>> {
        let runbook = match &recording.header.runbook {
            Some(rb) => Some(
                crate::runbook::parse(std::path::Path::new(&rb.path), &rb.source).map_err(
                    |errors| {
                        errors
                            .iter()
                            .map(|e| format!("recorded runbook: {e}"))
                            .collect::<Vec<_>>()
                    },
                )?,
            ),
            None => None,
        };
        Ok(Player {
            recording,
            runbook,
            keymap,
            speed,
            pos: 0,
            clock: Clock::Playing {
                anchor: Instant::now(),
                anchor_ms: 0,
            },
            open_log: None,
        })
    }

    /// The state the live app had when the recording began.
    pub fn fresh_state(&self, size: (u16, u16)) -> AppState {
        let h = &self.recording.header;
        let mut state = AppState::new(
            format!("{} (replay)", h.context),
            h.namespaces.clone(),
            self.keymap.clone(),
            h.started,
        );
        state.size = size;
        state.read_only = h.read_only;
        // The recorded runbook's changes were confirmed live; here they change nothing.
        state.confirm = ConfirmPolicy::parse(&["none".to_string()]);
        state.gitops = GitopsState::new(h.project.clone());
        state.ci = crate::app::ci::state::CiState::new(h.ci_source.clone());
        state.runbook = self.runbook.clone().map(|runbook| {
            let mut rb = RunbookState::new(runbook);
            if let Some(progress) = &h.progress {
                progress.restore(&mut rb);
            }
            rb
        });
        state.notices = self.recording.notes.clone();
        state
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.recording.lines.len()
    }

    /// The next line starts a step: playback waits for the presenter.
    pub fn at_gate(&self) -> bool {
        matches!(self.recording.lines.get(self.pos), Some(Line::Presenter(e)) if e.what.is_gate())
            || matches!(
                (self.recording.lines.get(self.pos), self.recording.lines.get(self.pos + 1)),
                (Some(Line::Screen(_)), Some(Line::Presenter(e))) if e.what.is_gate()
            )
    }

    /// The step the next gate starts, if any is ahead.
    pub fn next_gate_step(&self) -> Option<usize> {
        self.recording.lines[self.pos..]
            .iter()
            .find_map(|l| match l {
                Line::Presenter(e) if e.what.is_gate() => e.step,
                _ => None,
            })
    }

    fn ms_of(&self, index: usize) -> u64 {
        match &self.recording.lines[index] {
            Line::Header(_) => 0,
            Line::Event(e) => e.ms,
            Line::Presenter(e) => e.ms,
            Line::Screen(e) => e.ms,
            Line::LogOpened(e) => e.ms,
        }
    }

    /// When the next line is due, if playback is running towards it.
    pub fn due(&self) -> Option<Instant> {
        let Clock::Playing { anchor, anchor_ms } = self.clock else {
            return None;
        };
        if self.at_end() || self.at_gate() {
            return None;
        }
        let ahead = self.ms_of(self.pos).saturating_sub(anchor_ms) as f64 / self.speed;
        Some(anchor + Duration::from_secs_f64(ahead / 1000.0))
    }

    /// Applies every line due by `now`, up to the next gate.
    pub fn play_due(&mut self, state: &mut AppState, now: Instant) {
        for _ in 0..MAX_LINES_PER_WAKE {
            match self.due() {
                Some(due) if due <= now => self.apply_next(state),
                _ => return,
            }
        }
    }

    /// Applies everything up to the next gate at once (the presenter is ahead of the tape).
    pub fn catch_up(&mut self, state: &mut AppState) {
        while !self.at_end() && !self.at_gate() {
            self.apply_next(state);
        }
    }

    /// Passes the gate ahead: the step starts as it did live, and plays from here.
    pub fn pass_gate(&mut self, state: &mut AppState) {
        while self.at_gate() {
            self.apply_next(state);
            if matches!(
                self.recording.lines.get(self.pos - 1),
                Some(Line::Presenter(_))
            ) {
                break;
            }
        }
        let anchor_ms = self.ms_of(self.pos.saturating_sub(1));
        self.clock = Clock::Playing {
            anchor: Instant::now(),
            anchor_ms,
        };
    }

    pub fn pause(&mut self, now: Instant) {
        if let Clock::Playing { anchor, anchor_ms } = self.clock {
            let played = now.saturating_duration_since(anchor).as_secs_f64() * 1000.0 * self.speed;
            self.clock = Clock::Paused {
                at_ms: anchor_ms + played as u64,
            };
        }
    }

    pub fn resume(&mut self, now: Instant) {
        if let Clock::Paused { at_ms } = self.clock {
            self.clock = Clock::Playing {
                anchor: now,
                anchor_ms: at_ms,
            };
        }
    }

    /// Rebuilds the state from the start of the recording up to the gate of `step` (the
    /// moment it was started live), or the first recorded step after it.
    pub fn seek(&mut self, state: &mut AppState, step: usize) -> Option<usize> {
        let (size, app_log) = (state.size, state.show_app_log);
        *state = self.fresh_state(size);
        state.show_app_log = app_log;
        self.pos = 0;
        self.open_log = None;
        let mut reached = None;
        while !self.at_end() {
            if self.at_gate() {
                match self.next_gate_step() {
                    Some(s) if s >= step => {
                        reached = Some(s);
                        break;
                    }
                    _ => {}
                }
            }
            self.apply_next(state);
        }
        self.clock = Clock::Paused {
            at_ms: if self.at_end() {
                self.ms_of(self.pos.saturating_sub(1))
            } else {
                self.ms_of(self.pos)
            },
        };
        if let Some(s) = reached {
            update_runbook::select_step(state, s);
        }
        state.dirty = true;
        reached
    }

    /// Applies line `pos` and moves on.
    pub fn apply_next(&mut self, state: &mut AppState) {
        let line = self.recording.lines[self.pos].clone();
        self.pos += 1;
        match line {
            Line::Header(_) | Line::Screen(_) => {}
            Line::LogOpened(_) => {}
            Line::Event(entry) => {
                let Some(action) = self.replayed(entry.what) else {
                    return;
                };
                let effects = update(state, action);
                self.run_effects(state, effects);
            }
            Line::Presenter(entry) => {
                if let Some(step) = entry.step {
                    update_runbook::select_step(state, step);
                }
                self.present(state, entry.what);
            }
        }
        self.settle_confirmation(state);
        // Live, a frame is drawn between most actions, and drawing rebuilds the derived views
        // (the freight order a `wait` reads): do the same here, with or without a screen.
        state.prepare_frame();
    }

    /// A runbook key, as `update` would take it from the keyboard.
    fn present(&mut self, state: &mut AppState, presented: Presented) {
        state.dirty = true;
        state.flash = None;
        state.notices.clear();
        if presented == Presented::Cancel {
            let summary = state
                .runbook
                .as_ref()
                .and_then(|r| r.cursor.as_ref())
                .and_then(|c| match &c.waiting {
                    Waiting::Mutation { summary, .. } => Some(summary.clone()),
                    _ => None,
                });
            if let Some(summary) = summary {
                state.flash = Some(Flash::info(format!("cancelled: {summary}")));
                update_runbook::on_cancelled(state, &summary);
            }
            return;
        }
        let effects = update_runbook::on_command(state, presented.command());
        self.run_effects(state, effects);
    }

    /// A recorded event as this replay's state must see it; pod log lines only for the log
    /// the presenter opened here (recorded stream ids mean nothing to this state).
    pub(super) fn replayed(&self, event: Event) -> Option<Action> {
        let event = match event {
            Event::LogLines { stream, lines } => {
                let (recorded, shown) = self.open_log.as_ref()?;
                recorded.contains(&stream).then_some(Event::LogLines {
                    stream: *shown,
                    lines,
                })?
            }
            Event::LogEnded { .. } => return None,
            other => other,
        };
        match event.into_action(Instant::now()) {
            Ok(action) => Some(action),
            Err(why) => {
                tracing::warn!("replay: skipped a recorded event: {why}");
                None
            }
        }
    }

    /// The runbook's own change asks for confirmation even with none required (a rollback):
    /// it was answered live, so it is answered here.
    fn settle_confirmation(&mut self, state: &mut AppState) {
        let Some(Overlay::Confirm(m)) = &state.overlay else {
            return;
        };
        let runbooks = state.runbook.as_ref().and_then(|r| r.cursor.as_ref()).is_some_and(
            |c| matches!(&c.waiting, Waiting::Mutation { summary, .. } if *summary == m.summary()),
        );
        if runbooks && let Some(Overlay::Confirm(m)) = state.overlay.take() {
            let effects = gate::start(state, m);
            self.run_effects(state, effects);
        }
    }
}

#[cfg(test)]
mod tests;
