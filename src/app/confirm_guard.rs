//! A confirmation is accepted only by a key pressed after it opened, with time to read it: a
//! key already on its way (a double Enter, a second F5 on a runbook step that asks) must not
//! say yes to a question nobody saw. Time comes in with the actions — when a key was read,
//! when a watch event arrived — and never from the clock, so `update` stays pure.

use std::time::{Duration, Instant};

use crate::app::action::Action;

/// How long after a confirmation opens its accept keys are ignored: longer than a double
/// press or key repeat, shorter than anyone takes to read the question. Cancel is never held.
pub const SETTLE: Duration = Duration::from_millis(300);

#[derive(Debug, Default, Clone)]
pub struct ConfirmGuard {
    /// When the action being handled happened; None when it carries no time (tests, command
    /// results), and such a key counts as late enough.
    current: Option<Instant>,
    /// The latest time any action carried. An overlay opened by an action without a time
    /// opened no earlier than this, so the hold is at most shorter, never longer.
    latest: Option<Instant>,
    /// When the open confirmation opened, as far as the actions tell.
    opened: Option<Instant>,
}

impl ConfirmGuard {
    /// Called with every action before it is handled.
    pub fn observe(&mut self, action: &Action) {
        self.current = match action {
            Action::KeyAt { read, .. } => Some(*read),
            other => other.received_at(),
        };
        if let Some(at) = self.current {
            self.latest = Some(self.latest.map_or(at, |latest| latest.max(at)));
        }
    }

    /// A confirmation opens while handling the current action.
    pub fn opened(&mut self) {
        self.opened = self.current.or(self.latest);
    }

    /// Whether the action being handled comes late enough to accept the open confirmation.
    pub fn accepts(&self) -> bool {
        match (self.opened, self.current) {
            (Some(opened), Some(at)) => at.saturating_duration_since(opened) >= SETTLE,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key_at(read: Instant) -> Action {
        Action::KeyAt {
            key: KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            read,
        }
    }

    #[test]
    fn keys_within_the_settle_time_or_read_before_opening_are_held() {
        let t0 = Instant::now();
        let mut g = ConfirmGuard::default();
        g.observe(&key_at(t0 + Duration::from_millis(10)));
        g.opened();
        g.observe(&key_at(t0));
        assert!(!g.accepts(), "read before the overlay opened");
        g.observe(&key_at(t0 + Duration::from_millis(200)));
        assert!(!g.accepts());
        g.observe(&key_at(t0 + Duration::from_millis(310)));
        assert!(g.accepts());
    }

    #[test]
    fn keys_without_a_time_count_as_late_enough() {
        let mut g = ConfirmGuard::default();
        g.observe(&key_at(Instant::now()));
        g.opened();
        g.observe(&Action::Key(KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        )));
        assert!(g.accepts());
    }
}
