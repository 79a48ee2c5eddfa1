//! `showrunner replay FILE --check`: plays the whole recording without a terminal, running each
//! step where it was run, and compares the screen at every step's start with the one the live
//! app had then (the status line and clocks aside). A rehearsal checked at home replays the
//! same at the venue.

use super::player::Player;
use super::reader::Recording;
use super::record::Line;
use super::screen::{self, Screen};
use crate::keymap::Keymap;

/// A step's start: the step, the live screen, the replayed screen.
pub type Boundary = (Option<usize>, Screen, Screen);

pub struct Report {
    /// Every step's start, in order.
    pub boundaries: Vec<Boundary>,
}

pub fn check(recording: &Recording, keymap: &Keymap) -> Result<Report, Vec<String>> {
    replay_screens(recording, keymap).map(|boundaries| Report { boundaries })
}

/// The recorded and the replayed screen at every step boundary.
pub fn replay_screens(
    recording: &Recording,
    keymap: &Keymap,
) -> Result<Vec<Boundary>, Vec<String>> {
    let theme = crate::theme::load(None, None, false).theme;
    let mut player = Player::new(
        Recording {
            header: recording.header.clone(),
            lines: recording.lines.clone(),
            notes: Vec::new(),
        },
        keymap.clone(),
        1.0,
    )?;
    let mut state = player.fresh_state((160, 48));
    let mut out = Vec::new();
    while !player.at_end() {
        if let Some(Line::Screen(entry)) = player.recording.lines.get(player.pos) {
            let live = entry.what.clone();
            state.size = (live.width, live.height);
            let replayed = screen::capture(&mut state, &theme);
            out.push((entry.step, live, replayed));
        }
        player.apply_next(&mut state);
    }
    Ok(out)
}

/// The rows compared: all but the status line, clocks blanked.
pub fn comparable(screen: &Screen) -> Vec<String> {
    let keep = screen.rows.len().saturating_sub(1);
    screen.rows[..keep]
        .iter()
        .map(|r| screen::normalise(r))
        .collect()
}

impl Report {
    pub fn identical(&self) -> usize {
        self.boundaries
            .iter()
            .filter(|(_, live, replayed)| comparable(live) == comparable(replayed))
            .count()
    }

    pub fn all_identical(&self) -> bool {
        self.identical() == self.boundaries.len()
    }

    pub fn summary(&self) -> String {
        format!(
            "{} step starts, {} identical to the live screen",
            self.boundaries.len(),
            self.identical()
        )
    }

    /// For each boundary that differs, the first rows that do, live above replayed.
    pub fn differences(&self) -> String {
        let mut out = String::new();
        for (step, live, replayed) in &self.boundaries {
            let (l, r) = (comparable(live), comparable(replayed));
            if l == r {
                continue;
            }
            let step = step.map_or("?".into(), |s| (s + 1).to_string());
            out.push_str(&format!("step {step}:\n"));
            for (row, (a, b)) in l
                .iter()
                .zip(r.iter())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .take(5)
            {
                out.push_str(&format!(
                    "  row {row:>2} live    |{a}\n  row {row:>2} replay  |{b}\n"
                ));
            }
        }
        out
    }
}
