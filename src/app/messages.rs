//! The message history: every answer the status line gave (flashes) and every start-up
//! notice, kept so that one cut off by a narrow terminal, or replaced by the next key's
//! answer, can be read again in full (`m`, as k9s and lazygit keep theirs).

use std::collections::VecDeque;

use k8s_openapi::jiff::Timestamp;

/// Enough for a whole talk's worth of refusals and step results; older ones go first.
pub const KEEP: usize = 200;

/// The status line's answer to the last thing done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub kind: FlashKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Info,
    Success,
    Error,
}

impl Flash {
    pub fn info(text: impl Into<String>) -> Flash {
        Flash {
            text: text.into(),
            kind: FlashKind::Info,
        }
    }

    pub fn success(text: impl Into<String>) -> Flash {
        Flash {
            text: text.into(),
            kind: FlashKind::Success,
        }
    }

    pub fn error(text: impl Into<String>) -> Flash {
        Flash {
            text: text.into(),
            kind: FlashKind::Error,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Success,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// When it was last shown.
    pub at: Timestamp,
    pub text: String,
    pub kind: MessageKind,
    /// How many times in a row it was shown (a key pressed again gets the same answer).
    pub count: usize,
}

#[derive(Debug, Clone, Default)]
pub struct MessageLog {
    entries: VecDeque<Message>,
}

impl MessageLog {
    pub fn record(&mut self, at: Timestamp, text: &str, kind: MessageKind) {
        if let Some(last) = self.entries.back_mut()
            && last.text == text
            && last.kind == kind
        {
            last.count += 1;
            last.at = at;
            return;
        }
        if self.entries.len() == KEEP {
            self.entries.pop_front();
        }
        self.entries.push_back(Message {
            at,
            text: text.to_string(),
            kind,
            count: 1,
        });
    }

    pub fn record_flash(&mut self, at: Timestamp, flash: &Flash) {
        let kind = match flash.kind {
            FlashKind::Info => MessageKind::Info,
            FlashKind::Success => MessageKind::Success,
            FlashKind::Error => MessageKind::Error,
        };
        self.record(at, &flash.text, kind);
    }

    /// Start-up problems (theme, keymap, runbook repo): warnings, all of them kept.
    pub fn record_notices(&mut self, at: Timestamp, notices: &[String]) {
        for notice in notices {
            self.record(at, notice, MessageKind::Warning);
        }
    }

    pub fn newest_first(&self) -> impl Iterator<Item = &Message> {
        self.entries.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + s).unwrap()
    }

    #[test]
    fn a_repeated_message_is_counted_not_duplicated() {
        let mut log = MessageLog::default();
        log.record(at(0), "no match", MessageKind::Info);
        log.record(at(5), "no match", MessageKind::Info);
        log.record(at(6), "step 1 done", MessageKind::Success);
        let all: Vec<_> = log.newest_first().collect();
        assert_eq!(all.len(), 2);
        assert_eq!(
            (all[1].text.as_str(), all[1].count, all[1].at),
            ("no match", 2, at(5))
        );
        assert_eq!(all[0].text, "step 1 done");
    }

    #[test]
    fn the_oldest_go_first_when_full() {
        let mut log = MessageLog::default();
        for i in 0..KEEP + 3 {
            log.record(at(i as i64), &format!("m{i}"), MessageKind::Info);
        }
        assert_eq!(log.len(), KEEP);
        assert_eq!(log.newest_first().last().unwrap().text, "m3");
        assert_eq!(
            log.newest_first().next().unwrap().text,
            format!("m{}", KEEP + 2)
        );
    }

    #[test]
    fn notices_are_warnings_each_kept() {
        let mut log = MessageLog::default();
        log.record_notices(at(0), &["a".into(), "b".into(), "c".into()]);
        assert_eq!(log.len(), 3);
        assert!(log.newest_first().all(|m| m.kind == MessageKind::Warning));
    }
}
