//! Where each pane goes. The screen has six slots; some slots hold several panes as tabs
//! (freight / promotions / applications, CI / git). Placement is a pure function of the terminal
//! size and the focus/zoom state, used both to draw and by reducers that need a pane's height.

use ratatui::layout::{Constraint, Layout, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaneId {
    Runbook,
    Pipeline,
    Freight,
    Promotions,
    Applications,
    Pods,
    Ci,
    Git,
    Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Left,
    Top,
    MiddleLeft,
    MiddleRight,
    BottomLeft,
    BottomRight,
}

impl Slot {
    /// Focus order: the reading order of the screen.
    pub const ALL: [Slot; 6] = [
        Slot::Left,
        Slot::Top,
        Slot::MiddleLeft,
        Slot::MiddleRight,
        Slot::BottomLeft,
        Slot::BottomRight,
    ];

    /// The panes a slot can show, in tab order.
    pub fn panes(self) -> &'static [PaneId] {
        match self {
            Slot::Left => &[PaneId::Runbook],
            Slot::Top => &[PaneId::Pipeline],
            Slot::MiddleLeft => &[PaneId::Freight, PaneId::Promotions, PaneId::Applications],
            Slot::MiddleRight => &[PaneId::Pods],
            Slot::BottomLeft => &[PaneId::Ci, PaneId::Git],
            Slot::BottomRight => &[PaneId::Output],
        }
    }

    pub fn index(self) -> usize {
        Slot::ALL
            .iter()
            .position(|s| *s == self)
            .expect("slot listed")
    }
}

impl PaneId {
    pub const ALL: [PaneId; 9] = [
        PaneId::Runbook,
        PaneId::Pipeline,
        PaneId::Freight,
        PaneId::Promotions,
        PaneId::Applications,
        PaneId::Pods,
        PaneId::Ci,
        PaneId::Git,
        PaneId::Output,
    ];

    pub fn slot(self) -> Slot {
        Slot::ALL
            .into_iter()
            .find(|s| s.panes().contains(&self))
            .expect("every pane has a slot")
    }

    /// The name used on screen and in runbooks (`focus freight`, `zoom pods`).
    pub fn name(self) -> &'static str {
        match self {
            PaneId::Runbook => "runbook",
            PaneId::Pipeline => "pipeline",
            PaneId::Freight => "freight",
            PaneId::Promotions => "promotions",
            PaneId::Applications => "applications",
            PaneId::Pods => "pods",
            PaneId::Ci => "ci",
            PaneId::Git => "git",
            PaneId::Output => "output",
        }
    }

    pub fn from_name(name: &str) -> Option<PaneId> {
        PaneId::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Which pane each slot shows: the tab state of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tabs([PaneId; 6]);

impl Default for Tabs {
    fn default() -> Self {
        Tabs(Slot::ALL.map(|s| s.panes()[0]))
    }
}

impl Tabs {
    pub fn shown(&self, slot: Slot) -> PaneId {
        self.0[slot.index()]
    }

    pub fn show(&mut self, pane: PaneId) {
        self.0[pane.slot().index()] = pane;
    }

    /// The next (or previous) pane of the same slot, wrapping around.
    pub fn cycle(&mut self, slot: Slot, forward: bool) -> PaneId {
        let panes = slot.panes();
        let i = panes
            .iter()
            .position(|p| *p == self.shown(slot))
            .unwrap_or(0);
        let next = if forward {
            (i + 1) % panes.len()
        } else {
            (i + panes.len() - 1) % panes.len()
        };
        self.0[slot.index()] = panes[next];
        panes[next]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutInput {
    pub area: Rect,
    pub tabs: Tabs,
    pub focus: Slot,
    pub zoomed: bool,
    pub show_app_log: bool,
    /// Without a runbook (`--no-runbook`, live mode) its slot is not placed: the others get
    /// its width.
    pub runbook: bool,
    /// Rows the runbook step's command output wants under a zoomed pane (its echo, its lines
    /// and the border): a step that zooms a pane and runs a command shows both.
    pub step_output: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLayout {
    pub panes: Vec<(PaneId, Rect)>,
    pub app_log: Option<Rect>,
    pub status: Rect,
}

impl ScreenLayout {
    pub fn rect(&self, pane: PaneId) -> Option<Rect> {
        self.panes.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r)
    }

    /// Rows available for content inside a bordered pane (0 when hidden).
    pub fn inner_height(&self, pane: PaneId) -> usize {
        self.rect(pane)
            .map_or(0, |r| r.height.saturating_sub(2) as usize)
    }
}

/// Below this width the runbook column would squeeze the pods table; it moves under it.
const WIDE: u16 = 110;

pub fn compute(input: LayoutInput) -> ScreenLayout {
    let area = input.area;
    let [main, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let (main, app_log) = if input.show_app_log && main.height >= 12 {
        let log_height = (main.height / 3).clamp(5, 12);
        let [m, l] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(log_height)]).areas(main);
        (m, Some(l))
    } else {
        (main, None)
    };
    let slots = if input.zoomed {
        zoom(main, input.focus, input.step_output)
    } else if main.width >= WIDE {
        wide(main, input.runbook)
    } else {
        narrow(main, input.runbook)
    };
    let panes = slots
        .into_iter()
        .map(|(slot, rect)| (input.tabs.shown(slot), rect))
        .collect();
    ScreenLayout {
        panes,
        app_log,
        status,
    }
}

/// The step's output shares a zoom only when the screen has room for both.
const SHARED_ZOOM_MIN_HEIGHT: u16 = 12;
/// A strip smaller than this shows the echo and too little output to be worth it.
const STEP_OUTPUT_MIN: u16 = 5;

/// The zoomed slot fills the screen; the step's command output, if any, takes a full-width
/// strip below it (full width so a `kubectl get` table does not wrap), sized to its lines but
/// never more than half the screen.
fn zoom(main: Rect, focus: Slot, step_output: Option<u16>) -> Vec<(Slot, Rect)> {
    let wanted = match step_output {
        Some(rows) if focus != Slot::BottomRight && main.height >= SHARED_ZOOM_MIN_HEIGHT => rows,
        _ => return vec![(focus, main)],
    };
    let rows = wanted.clamp(STEP_OUTPUT_MIN, main.height / 2);
    let [zoomed, output] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(rows)]).areas(main);
    vec![(focus, zoomed), (Slot::BottomRight, output)]
}

fn pipeline_height(main: Rect) -> u16 {
    if main.height >= 36 { 6 } else { 3 }
}

fn wide(main: Rect, runbook: bool) -> Vec<(Slot, Rect)> {
    let left_width = if runbook {
        (main.width * 22 / 100).clamp(26, 44)
    } else {
        0
    };
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Min(0)]).areas(main);
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(pipeline_height(main)),
        Constraint::Percentage(55),
        Constraint::Min(0),
    ])
    .areas(right);
    let [middle_left, middle_right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Min(0)]).areas(middle);
    let [bottom_left, bottom_right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Min(0)]).areas(bottom);
    placed(
        runbook,
        [
            left,
            top,
            middle_left,
            middle_right,
            bottom_left,
            bottom_right,
        ],
    )
}

fn narrow(main: Rect, runbook: bool) -> Vec<(Slot, Rect)> {
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(pipeline_height(main)),
        Constraint::Percentage(55),
        Constraint::Min(0),
    ])
    .areas(main);
    let left_share = if runbook { 32 } else { 0 };
    let [left, middle_right] =
        Layout::horizontal([Constraint::Percentage(left_share), Constraint::Min(0)]).areas(middle);
    let [middle_left, bottom_left, bottom_right] = Layout::horizontal([
        Constraint::Percentage(30),
        Constraint::Percentage(30),
        Constraint::Min(0),
    ])
    .areas(bottom);
    placed(
        runbook,
        [
            left,
            top,
            middle_left,
            middle_right,
            bottom_left,
            bottom_right,
        ],
    )
}

/// The slots in `Slot::ALL` order, without the runbook's when there is none.
fn placed(runbook: bool, rects: [Rect; 6]) -> Vec<(Slot, Rect)> {
    Slot::ALL
        .into_iter()
        .zip(rects)
        .filter(|(slot, _)| runbook || *slot != Slot::Left)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(w: u16, h: u16) -> LayoutInput {
        LayoutInput {
            area: Rect::new(0, 0, w, h),
            tabs: Tabs::default(),
            focus: Slot::MiddleRight,
            zoomed: false,
            show_app_log: false,
            runbook: true,
            step_output: None,
        }
    }

    #[test]
    fn every_slot_is_placed_inside_the_screen_at_any_size() {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (80, 24),
            (109, 30),
            (110, 30),
            (160, 48),
            (400, 120),
        ] {
            for zoomed in [false, true] {
                for show_app_log in [false, true] {
                    let l = compute(LayoutInput {
                        zoomed,
                        show_app_log,
                        ..input(w, h)
                    });
                    let screen = Rect::new(0, 0, w, h);
                    for (_, r) in &l.panes {
                        assert_eq!(screen.union(*r), screen, "{w}x{h} {r:?}");
                    }
                    assert_eq!(l.panes.len(), if zoomed { 1 } else { 6 });
                }
            }
        }
    }

    #[test]
    fn zoom_gives_the_focused_slot_everything_but_the_status_line() {
        let l = compute(LayoutInput {
            zoomed: true,
            ..input(80, 24)
        });
        assert_eq!(l.panes, vec![(PaneId::Pods, Rect::new(0, 0, 80, 23))]);
        assert_eq!(l.status, Rect::new(0, 23, 80, 1));
    }

    #[test]
    fn a_zoom_shares_the_screen_with_the_steps_output_below_it_at_full_width() {
        let zoomed = |w, h, rows| {
            compute(LayoutInput {
                zoomed: true,
                step_output: Some(rows),
                ..input(w, h)
            })
            .panes
        };
        assert_eq!(
            zoomed(160, 48, 7),
            vec![
                (PaneId::Pods, Rect::new(0, 0, 160, 40)),
                (PaneId::Output, Rect::new(0, 40, 160, 7)),
            ]
        );
        assert_eq!(
            zoomed(80, 24, 40)[1],
            (PaneId::Output, Rect::new(0, 12, 80, 11)),
            "never more than half the screen"
        );
        assert_eq!(zoomed(80, 24, 3)[1].1.height, 5, "a strip worth reading");
        assert_eq!(zoomed(80, 10, 7).len(), 1, "no room: the zoom alone");
        let output_zoomed = compute(LayoutInput {
            zoomed: true,
            focus: Slot::BottomRight,
            step_output: Some(7),
            ..input(80, 24)
        });
        assert_eq!(
            output_zoomed.panes,
            vec![(PaneId::Output, Rect::new(0, 0, 80, 23))]
        );
    }

    #[test]
    fn wide_screens_keep_the_runbook_column_on_the_left() {
        let l = compute(input(160, 48));
        let runbook = l.rect(PaneId::Runbook).unwrap();
        assert_eq!((runbook.x, runbook.y, runbook.height), (0, 0, 47));
        assert!(l.rect(PaneId::Pods).unwrap().width >= 70);
    }

    #[test]
    fn without_a_runbook_its_width_goes_to_the_other_panes() {
        for (w, h) in [(80, 24), (160, 48)] {
            let l = compute(LayoutInput {
                runbook: false,
                ..input(w, h)
            });
            assert!(l.rect(PaneId::Runbook).is_none(), "{w}x{h}");
            assert_eq!(l.panes.len(), 5);
            let with = compute(input(w, h));
            let pods = l.rect(PaneId::Pods).unwrap();
            assert!(
                pods.width > with.rect(PaneId::Pods).unwrap().width,
                "{w}x{h}"
            );
            assert_eq!(pods.x + pods.width, w);
            let pipeline = l.rect(PaneId::Pipeline).unwrap();
            assert_eq!((pipeline.x, pipeline.width), (0, w), "{w}x{h}");
        }
    }

    #[test]
    fn app_log_takes_a_strip_above_the_status_line() {
        let l = compute(LayoutInput {
            show_app_log: true,
            ..input(80, 24)
        });
        let log = l.app_log.unwrap();
        assert_eq!(log.y + log.height, 23);
    }

    #[test]
    fn tabs_choose_which_pane_a_slot_shows() {
        let mut tabs = Tabs::default();
        assert_eq!(tabs.shown(Slot::MiddleLeft), PaneId::Freight);
        assert_eq!(tabs.cycle(Slot::MiddleLeft, true), PaneId::Promotions);
        assert_eq!(tabs.cycle(Slot::MiddleLeft, false), PaneId::Freight);
        assert_eq!(tabs.cycle(Slot::MiddleLeft, false), PaneId::Applications);
        tabs.show(PaneId::Git);
        let l = compute(LayoutInput {
            tabs,
            ..input(160, 48)
        });
        assert!(l.rect(PaneId::Git).is_some());
        assert!(l.rect(PaneId::Ci).is_none());
        assert!(l.rect(PaneId::Applications).is_some());
    }

    #[test]
    fn every_pane_has_exactly_one_slot_and_a_runbook_name() {
        for pane in PaneId::ALL {
            assert_eq!(
                Slot::ALL
                    .iter()
                    .filter(|s| s.panes().contains(&pane))
                    .count(),
                1
            );
            assert_eq!(PaneId::from_name(pane.name()), Some(pane));
        }
    }
}
