//! Where each pane goes. A pure function of the terminal size and the focus/zoom state, used
//! both to draw and by reducers that need a pane's height (paging, keeping the cursor visible).

use ratatui::layout::{Constraint, Layout, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaneId {
    Runbook,
    Pipeline,
    Freight,
    Pods,
    Ci,
    Output,
}

impl PaneId {
    /// Tab order: the reading order of the screen.
    pub const ALL: [PaneId; 6] = [
        PaneId::Runbook,
        PaneId::Pipeline,
        PaneId::Freight,
        PaneId::Pods,
        PaneId::Ci,
        PaneId::Output,
    ];

    pub fn next(self) -> PaneId {
        let i = PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0);
        PaneId::ALL[(i + 1) % PaneId::ALL.len()]
    }

    pub fn prev(self) -> PaneId {
        let i = PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0);
        PaneId::ALL[(i + PaneId::ALL.len() - 1) % PaneId::ALL.len()]
    }

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Runbook => "runbook",
            PaneId::Pipeline => "pipeline",
            PaneId::Freight => "freight",
            PaneId::Pods => "pods",
            PaneId::Ci => "CI",
            PaneId::Output => "output",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutInput {
    pub area: Rect,
    pub focus: PaneId,
    pub zoomed: bool,
    pub show_app_log: bool,
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

/// Below this width the runbook column would squeeze the pods table; it moves into the bottom row.
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
    let panes = if input.zoomed {
        vec![(input.focus, main)]
    } else if main.width >= WIDE {
        wide(main)
    } else {
        narrow(main)
    };
    ScreenLayout {
        panes,
        app_log,
        status,
    }
}

fn pipeline_height(main: Rect) -> u16 {
    if main.height >= 36 { 6 } else { 3 }
}

fn wide(main: Rect) -> Vec<(PaneId, Rect)> {
    let left_width = (main.width * 22 / 100).clamp(26, 44);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Min(0)]).areas(main);
    let [pipeline, middle, bottom] = Layout::vertical([
        Constraint::Length(pipeline_height(main)),
        Constraint::Percentage(55),
        Constraint::Min(0),
    ])
    .areas(right);
    let [freight, pods] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Min(0)]).areas(middle);
    let [ci, output] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Min(0)]).areas(bottom);
    vec![
        (PaneId::Runbook, left),
        (PaneId::Pipeline, pipeline),
        (PaneId::Freight, freight),
        (PaneId::Pods, pods),
        (PaneId::Ci, ci),
        (PaneId::Output, output),
    ]
}

fn narrow(main: Rect) -> Vec<(PaneId, Rect)> {
    let [pipeline, middle, bottom] = Layout::vertical([
        Constraint::Length(pipeline_height(main)),
        Constraint::Percentage(55),
        Constraint::Min(0),
    ])
    .areas(main);
    let [runbook, pods] =
        Layout::horizontal([Constraint::Percentage(32), Constraint::Min(0)]).areas(middle);
    let [freight, ci, output] = Layout::horizontal([
        Constraint::Percentage(30),
        Constraint::Percentage(30),
        Constraint::Min(0),
    ])
    .areas(bottom);
    vec![
        (PaneId::Runbook, runbook),
        (PaneId::Pipeline, pipeline),
        (PaneId::Freight, freight),
        (PaneId::Pods, pods),
        (PaneId::Ci, ci),
        (PaneId::Output, output),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(w: u16, h: u16) -> LayoutInput {
        LayoutInput {
            area: Rect::new(0, 0, w, h),
            focus: PaneId::Pods,
            zoomed: false,
            show_app_log: false,
        }
    }

    #[test]
    fn every_pane_is_placed_inside_the_screen_at_any_size() {
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
    fn zoom_gives_the_focused_pane_everything_but_the_status_line() {
        let l = compute(LayoutInput {
            zoomed: true,
            ..input(80, 24)
        });
        assert_eq!(l.panes, vec![(PaneId::Pods, Rect::new(0, 0, 80, 23))]);
        assert_eq!(l.status, Rect::new(0, 23, 80, 1));
    }

    #[test]
    fn wide_screens_keep_the_runbook_column_on_the_left() {
        let l = compute(input(160, 48));
        let runbook = l.rect(PaneId::Runbook).unwrap();
        assert_eq!((runbook.x, runbook.y, runbook.height), (0, 0, 47));
        assert!(l.rect(PaneId::Pods).unwrap().width >= 70);
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
    fn focus_cycles_through_all_panes() {
        let mut p = PaneId::Runbook;
        for _ in 0..PaneId::ALL.len() {
            p = p.next();
        }
        assert_eq!(p, PaneId::Runbook);
        assert_eq!(PaneId::Runbook.prev(), PaneId::Output);
    }
}
