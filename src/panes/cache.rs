//! Panes that nothing changed since the last frame are copied, not drawn again.
//!
//! Under pod churn nearly every frame is drawn for the pods pane alone, yet every pane was
//! drawn each time: at 100,000 pods drawing was a third of the app's CPU, and the Kargo
//! panes, which pod churn does not change, a tenth. The event loop knows what reached the
//! state between two frames: when it was only pod changes, it keeps the cache, and every pane
//! that does not show pods is copied cell by cell from the frame before
//! (`frame::draw_cached`). Anything else (a key, a tick, a watch event of another kind, a
//! resize) clears it, so a pane is never older than its inputs.

use ratatui::Frame;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use crate::ui::layout::PaneId;

/// What a pane's cells depend on besides the state: where it is and whether it has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    pane: PaneId,
    area: Rect,
    focused: bool,
}

/// `Clone` only so a test can show what keeping a cache too long would draw.
#[derive(Debug, Default, Clone)]
pub struct PaneCache {
    entries: Vec<(Place, Vec<Cell>)>,
    /// Panes drawn / copied since start (for tests).
    drawn: u64,
    copied: u64,
}

impl PaneCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Something other than pods changed: every pane is drawn again at the next frame.
    pub fn invalidate(&mut self) {
        self.entries.clear();
    }

    pub fn drawn(&self) -> u64 {
        self.drawn
    }

    pub fn copied(&self) -> u64 {
        self.copied
    }

    /// Draws `pane` with `render`, or copies its cells from the last frame if it was drawn
    /// there at the same place and nothing invalidated the cache since.
    pub fn draw(
        &mut self,
        frame: &mut Frame,
        pane: PaneId,
        area: Rect,
        focused: bool,
        render: impl FnOnce(&mut Frame),
    ) {
        let place = Place {
            pane,
            area: area.intersection(frame.buffer_mut().area),
            focused,
        };
        if let Some((_, cells)) = self.entries.iter().find(|(p, _)| *p == place) {
            paste(frame.buffer_mut(), place.area, cells);
            self.copied += 1;
            return;
        }
        render(frame);
        self.drawn += 1;
        let cells = copy(frame.buffer_mut(), place.area);
        self.entries.retain(|(p, _)| p.pane != pane);
        self.entries.push((place, cells));
    }
}

/// Each row of `area` as a range of the buffer's cells.
fn rows(buf: &Buffer, area: Rect) -> impl Iterator<Item = std::ops::Range<usize>> + use<> {
    let whole = buf.area;
    (area.top()..area.bottom()).map(move |y| {
        let start = (y - whole.y) as usize * whole.width as usize + (area.x - whole.x) as usize;
        start..start + area.width as usize
    })
}

fn copy(buf: &Buffer, area: Rect) -> Vec<Cell> {
    rows(buf, area)
        .flat_map(|r| buf.content[r].iter().cloned())
        .collect()
}

fn paste(buf: &mut Buffer, area: Rect, cells: &[Cell]) {
    let width = area.width as usize;
    for (row, range) in rows(buf, area).enumerate() {
        buf.content[range].clone_from_slice(&cells[row * width..(row + 1) * width]);
    }
}
