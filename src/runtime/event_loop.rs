//! The one loop that owns the state: wait for an action, drain what else is queued, update,
//! and draw only when something changed — at most once per frame interval.

use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use tokio::sync::mpsc::Receiver;
use tokio::sync::watch;

use super::effects::EffectRunner;
use crate::app::{Action, AppState, update};
use crate::metrics::Metrics;
use crate::panes::cache::PaneCache;
use crate::panes::frame::draw_cached;
use crate::replay::recorder::Recorder;
use crate::theme::Theme;

/// At most one frame per interval, however fast watch events arrive. An event that lands just
/// after a frame starts waits this long, plus the timer's 1 ms grain and the next frame's own
/// work (~2 ms at 100,000 pods): 12 ms keeps that within one 60 Hz frame (16.7 ms), where a
/// 16 ms interval made the worst case 18 ms. Under constant churn that is ~80 frames/s.
const MIN_FRAME_INTERVAL: Duration = Duration::from_millis(12);
/// Bound the work between two frames so input stays responsive under an event flood.
const MAX_ACTIONS_PER_BATCH: usize = 4096;

/// What the loop does with each action: live, `update` and the effect runner (and the
/// recorder's tap, with `--record`); on replay, the player (`replay::player`).
pub trait Driver {
    fn handle(&mut self, state: &mut AppState, action: Action);
    /// When the driver wants to act with no action queued (a replay's next recorded event).
    fn wake_at(&self) -> Option<Instant> {
        None
    }
    fn wake(&mut self, _state: &mut AppState) {}
    /// After a batch of actions: a good moment to write what was recorded.
    fn batch_done(&mut self, _state: &mut AppState) {}
}

/// The live app: effects run for real; `recorder` taps what enters from outside.
pub struct Live<'a> {
    pub effects: &'a mut EffectRunner,
    pub recorder: Option<Recorder>,
}

impl Driver for Live<'_> {
    fn handle(&mut self, state: &mut AppState, action: Action) {
        let Some(recorder) = self.recorder.as_mut() else {
            for effect in update(state, action) {
                self.effects.run(effect);
            }
            return;
        };
        let tap = recorder.before(state, &action);
        let effects = update(state, action);
        recorder.after(state, tap, &effects);
        for effect in effects {
            self.effects.run(effect);
        }
    }

    fn batch_done(&mut self, state: &mut AppState) {
        if let Some(recorder) = self.recorder.as_mut() {
            recorder.flush(state);
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn run(
    terminal: &mut DefaultTerminal,
    state: &mut AppState,
    theme: &Theme,
    rx: &mut Receiver<Action>,
    driver: &mut dyn Driver,
    metrics: &mut Metrics,
    stop: &mut watch::Receiver<Option<i32>>,
) -> std::io::Result<()> {
    let mut undrawn_events: Vec<Instant> = Vec::new();
    let mut last_frame: Option<Instant> = None;
    let mut panes = PaneCache::new();
    loop {
        if state.dirty {
            let due = last_frame.map_or(Instant::now(), |t| t + MIN_FRAME_INTERVAL);
            if Instant::now() >= due {
                // Frames are paced from their start, so an event that lands just after one
                // waits at most one interval, not an interval plus that frame's own work.
                let frame_start = Instant::now();
                state.prepare_frame();
                let started = Instant::now();
                if state.show_app_log {
                    tui_logger::move_events();
                }
                terminal.draw(|frame| draw_cached(frame, state, theme, &mut panes))?;
                let done = Instant::now();
                metrics.frame_time.record(done - started);
                for received in undrawn_events.drain(..) {
                    metrics.event_drawn(done - received);
                }
                metrics.frame_drawn(done, state.pods.all_synced());
                state.dirty = false;
                last_frame = Some(frame_start);
            }
        }
        let due = last_frame.map_or(Instant::now(), |t| t + MIN_FRAME_INTERVAL);
        let wake = driver.wake_at();
        // A signal wins over queued actions: the way out must not wait behind a flood.
        // While a frame is pending, actions wait in the queue until it is due and are then
        // taken in one batch, before that frame is drawn: nothing they change could be seen
        // sooner, and under churn this wakes the loop once a frame instead of once an event.
        let next = tokio::select! {
            biased;
            _ = stop.changed() => return Ok(()),
            action = rx.recv(), if !state.dirty => action,
            _ = tokio::time::sleep_until(due.into()), if state.dirty => match rx.try_recv() {
                Ok(action) => Some(action),
                // Nothing queued (or every sender gone, which the next wait sees): draw.
                Err(_) => continue,
            },
            _ = tokio::time::sleep_until(wake.unwrap_or(due).into()), if wake.is_some() => {
                panes.invalidate();
                driver.wake(state);
                if state.should_quit {
                    return Ok(());
                }
                continue;
            }
        };
        let Some(first) = next else { return Ok(()) };
        let mut action = Some(first);
        let mut handled = 0;
        while let Some(a) = action.take() {
            if let Some(received) = a.received_at() {
                undrawn_events.push(received);
            }
            // Only pod events leave the other panes as they were; a runbook waiting on pods
            // may move on with one, though (`runbook::update::poll_wait`).
            let pods_only = a.changes_only_pods() && !runbook_waits(state);
            driver.handle(state, a);
            if !pods_only || runbook_waits(state) {
                panes.invalidate();
            }
            handled += 1;
            if state.should_quit {
                return Ok(());
            }
            if handled < MAX_ACTIONS_PER_BATCH {
                action = rx.try_recv().ok();
            }
        }
        driver.batch_done(state);
        // Latency marks of events that changed nothing are not frames anyone waits for.
        if !state.dirty {
            undrawn_events.clear();
        }
    }
}

fn runbook_waits(state: &AppState) -> bool {
    state.runbook.as_ref().is_some_and(|r| r.is_running())
}
