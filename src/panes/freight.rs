//! Freight, newest first: alias, images, commit, age, and per stage whether it runs there (●),
//! was verified there (✓) or is approved for it (A). Only visible rows are built, so a few
//! hundred freight cost the same as ten.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::gitops_common::kargo_note;
use super::table::{self, Column, fill, fixed};
use super::{pane_block, pane_title_fit};
use crate::app::state::AppState;
use crate::kargo::summary::{FreightSummary, short};
use crate::theme::{Role, Theme};
use crate::ui::format::{fit, human_age};
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let g = &state.gitops;
    let mut title = pane_title_fit(PaneId::Freight, area.width, theme);
    title.push(Span::styled(
        " ─ ● here ✓ verified A approved",
        theme.fg(Role::Muted),
    ));
    title.extend(kargo_note(state, theme));
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let names = g.freight_list.keys();
    if names.is_empty() {
        let text = if g.project.is_none() {
            "No Kargo project yet."
        } else {
            "No freight yet: it appears when a warehouse discovers a new artifact."
        };
        frame.render_widget(Paragraph::new(text).style(theme.fg(Role::Muted)), inner);
        return;
    }
    let stages = g.stage_names();
    let marks = MarkLayout::for_width(&stages, inner.width as usize);
    // Marks right after the alias: they are what the pane is for, so the alias gives up width
    // for them, and the image, age and commit columns go first when narrow.
    let columns = vec![
        fixed("ALIAS", marks.alias),
        Column {
            title: "",
            width: table::Width::Fixed(marks.width(stages.len())),
        },
        fixed("IMAGE", 8),
        fixed("AGE", 5),
        fill("COMMIT"),
    ];
    let focused_row = g.freight_list.cursor();
    table::render_rows(
        frame,
        inner,
        &columns,
        names.len(),
        g.freight_list.offset,
        theme,
        |i, widths| {
            let f = g.freight_named(&names[i]);
            let Some(f) = f else { return Line::raw("") };
            let selected = i == focused_row;
            let mut line = table::row(
                cells(f, state, theme),
                widths,
                selected && focused,
                selected && !focused,
                theme,
            );
            if widths[1] > 0 {
                // Column 1 is the (empty) placeholder cell for the marks: replace it with them.
                line.spans.splice(
                    1..2,
                    stage_marks(f, &stages, marks, theme, selected && focused),
                );
            }
            line
        },
    );
    // The stage names over their mark columns, right-aligned with the header line.
    let widths = table::widths(&columns, inner.width as usize);
    if widths[1] > 0 {
        let x = inner.x + widths[0] as u16;
        let heads: String = stages
            .iter()
            .map(|s| fit(s, marks.cell) + marks.gap)
            .collect();
        let head = Paragraph::new(Line::styled(
            heads,
            theme.fg(Role::Header).add_modifier(Modifier::BOLD),
        ));
        frame.render_widget(
            head,
            Rect::new(x, inner.y, inner.width.saturating_sub(x - inner.x), 1),
        );
    }
}

/// How wide the per-stage marks and the alias are: one cell per stage, as wide as the longest
/// stage name (3 to 6), with a space between cells unless the pane is too narrow for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MarkLayout {
    cell: usize,
    gap: &'static str,
    alias: usize,
}

impl MarkLayout {
    const ALIAS: usize = 14;
    /// Below this the alias is unreadable; the marks then drop (the table drops them first).
    const ALIAS_MIN: usize = 6;
    /// With less room than this for the alias, the gaps between cells go (a cell of 4 or
    /// more already ends in a space: the marks are 3 wide).
    const ALIAS_ROOMY: usize = 10;

    fn for_width(stages: &[String], inner: usize) -> MarkLayout {
        let cell = stages
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(3)
            .clamp(3, 6);
        let mut layout = MarkLayout {
            cell,
            gap: " ",
            alias: Self::ALIAS,
        };
        // The alias column and the marks column each take one separating space.
        let room = |l: &MarkLayout| inner.saturating_sub(l.width(stages.len()) + 2);
        if room(&layout) < Self::ALIAS_ROOMY && cell > 3 {
            layout.gap = "";
        }
        layout.alias = room(&layout).clamp(Self::ALIAS_MIN, Self::ALIAS);
        layout
    }

    /// The marks' width, without the table's separating space after them.
    fn width(&self, stages: usize) -> usize {
        (stages * (self.cell + self.gap.len())).saturating_sub(self.gap.len())
    }
}

fn cells(f: &FreightSummary, state: &AppState, theme: &Theme) -> Vec<(String, Style)> {
    // Image tags, or chart versions for freight that carries charts only.
    let tags: Vec<String> = if f.images.is_empty() {
        f.charts.iter().map(|c| c.version.clone()).collect()
    } else {
        f.images.iter().map(|i| i.tag.clone()).collect()
    };
    let commit = f
        .commit
        .as_ref()
        .map(|(id, msg)| format!("{} {msg}", short(id)))
        .unwrap_or_default();
    vec![
        (
            f.alias.clone(),
            theme.fg(Role::Text).add_modifier(Modifier::BOLD),
        ),
        (String::new(), theme.base()),
        (tags.join(","), theme.fg(Role::Accent)),
        (human_age(f.created, state.now), theme.fg(Role::Muted)),
        (commit, theme.fg(Role::Text)),
    ]
}

fn stage_marks<'a>(
    f: &FreightSummary,
    stages: &[String],
    marks: MarkLayout,
    theme: &Theme,
    highlighted: bool,
) -> Vec<Span<'a>> {
    stages
        .iter()
        .map(|stage| {
            let here = f.status.currently_in.contains_key(stage);
            let verified = f.status.verified_in.contains_key(stage);
            let approved = f.status.approved_for.contains_key(stage);
            let text = format!(
                "{}{}{}",
                if here { "●" } else { " " },
                if verified { "✓" } else { " " },
                if approved { "A" } else { " " }
            );
            let role = if here {
                Role::Accent
            } else if verified {
                Role::Healthy
            } else {
                Role::Progressing
            };
            let style = if highlighted {
                theme.selection()
            } else {
                theme.fg(role).add_modifier(Modifier::BOLD)
            };
            Span::styled(fit(&text, marks.cell) + marks.gap, style)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::MarkLayout;

    fn stages() -> Vec<String> {
        ["dev", "stg", "prod"].map(String::from).to_vec()
    }

    #[test]
    fn wide_panes_keep_the_full_alias_and_spaced_marks() {
        let l = MarkLayout::for_width(&stages(), 60);
        assert_eq!((l.cell, l.gap, l.alias), (4, " ", 14));
        assert_eq!(l.width(3), 14);
    }

    #[test]
    fn narrow_panes_shrink_the_alias_and_close_the_gaps_so_the_marks_stay() {
        // The freight pane at 80×24 is 22 columns inside.
        let l = MarkLayout::for_width(&stages(), 22);
        assert_eq!((l.gap, l.alias), ("", 8));
        assert_eq!(
            l.alias + 1 + l.width(3) + 1,
            22,
            "alias, marks and their separators fill it"
        );
    }
}
