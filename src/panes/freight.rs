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
use super::{pane_block, pane_title};
use crate::app::state::AppState;
use crate::kargo::summary::{FreightSummary, short};
use crate::theme::{Role, Theme};
use crate::ui::format::{fit, human_age};
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let g = &state.gitops;
    let mut title = pane_title(PaneId::Freight, theme);
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
    let stage_width = stages
        .iter()
        .map(|s| s.len())
        .max()
        .unwrap_or(3)
        .clamp(3, 6);
    // Marks right after the alias: they are what the pane is for, so they go last when narrow
    // only after the commit text (the fill column) and the image/age columns.
    let stage_block = stages.len() * (stage_width + 1);
    let columns = vec![
        fixed("ALIAS", 14),
        Column {
            title: "",
            width: table::Width::Fixed(stage_block.saturating_sub(1)),
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
                    stage_marks(f, &stages, stage_width, theme, selected && focused),
                );
            }
            line
        },
    );
    // The stage names over their mark columns, right-aligned with the header line.
    let widths = table::widths(&columns, inner.width as usize);
    if widths[1] > 0 {
        let x = inner.x + widths[0] as u16;
        let heads: String = stages.iter().map(|s| fit(s, stage_width) + " ").collect();
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
    width: usize,
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
            Span::styled(fit(&text, width) + " ", style)
        })
        .collect()
}
