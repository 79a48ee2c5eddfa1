//! Column layout shared by the list panes: fixed columns keep their width, one `Fill` column
//! takes what is left, and a selected row is drawn in one style so it stays readable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::theme::{Role, Theme};
use crate::ui::format::fit;

#[derive(Debug, Clone, Copy)]
pub enum Width {
    Fixed(usize),
    Fill,
    /// A fill column that keeps this much: fixed columns on its right are dropped for it.
    FillAtLeast(usize),
}

pub struct Column {
    pub title: &'static str,
    pub width: Width,
}

pub const fn fixed(title: &'static str, width: usize) -> Column {
    Column {
        title,
        width: Width::Fixed(width),
    }
}

pub const fn fill(title: &'static str) -> Column {
    Column {
        title,
        width: Width::Fill,
    }
}

pub const fn fill_at_least(title: &'static str, min: usize) -> Column {
    Column {
        title,
        width: Width::FillAtLeast(min),
    }
}

fn is_fill(c: &Column) -> bool {
    matches!(c.width, Width::Fill | Width::FillAtLeast(_))
}

/// Widths including one space of separation; fixed columns that do not fit are dropped from
/// the right, except the first.
pub fn widths(columns: &[Column], total: usize) -> Vec<usize> {
    let mut out: Vec<usize> = columns
        .iter()
        .map(|c| match c.width {
            Width::Fixed(w) => w + 1,
            Width::Fill | Width::FillAtLeast(_) => 0,
        })
        .collect();
    let keep = columns
        .iter()
        .find_map(|c| match c.width {
            Width::FillAtLeast(min) => Some(min),
            _ => None,
        })
        .unwrap_or(0);
    let room = total.saturating_sub(keep);
    while out.iter().sum::<usize>() > room && out.iter().filter(|w| **w > 0).count() > 1 {
        if let Some(last) = out.iter().rposition(|w| *w > 0) {
            out[last] = 0;
        }
    }
    let used: usize = out.iter().sum();
    if let Some(fill) = columns.iter().position(is_fill) {
        out[fill] = total.saturating_sub(used);
    }
    out
}

pub fn header<'a>(columns: &[Column], widths: &[usize], theme: &Theme) -> Line<'a> {
    let text: String = columns
        .iter()
        .zip(widths)
        .filter(|(_, w)| **w > 0)
        .map(|(c, w)| fit(c.title, *w))
        .collect();
    Line::styled(text, theme.fg(Role::Header).add_modifier(Modifier::BOLD))
}

/// One row from (text, role) cells; `highlighted` draws it as the focused selection.
pub fn row<'a>(
    cells: Vec<(String, Style)>,
    widths: &[usize],
    highlighted: bool,
    underlined: bool,
    theme: &Theme,
) -> Line<'a> {
    let spans: Vec<Span> = cells
        .into_iter()
        .zip(widths)
        .filter(|(_, w)| **w > 0)
        .map(|((text, style), w)| {
            let style = if highlighted {
                theme.selection()
            } else {
                style
            };
            Span::styled(fit(&text, w.saturating_sub(1)) + " ", style)
        })
        .collect();
    let line = Line::from(spans);
    if highlighted {
        line.style(theme.selection())
    } else if underlined {
        line.style(Style::default().add_modifier(Modifier::UNDERLINED))
    } else {
        line
    }
}

/// Draws header + the visible slice of rows built by `build` (called only for visible rows).
pub fn render_rows<'a>(
    frame: &mut Frame,
    inner: Rect,
    columns: &[Column],
    count: usize,
    offset: usize,
    theme: &Theme,
    mut build: impl FnMut(usize, &[usize]) -> Line<'a>,
) {
    let widths = widths(columns, inner.width as usize);
    let body = inner.height.saturating_sub(1) as usize;
    let offset = offset.min(count.saturating_sub(body.max(1)));
    let mut lines = vec![header(columns, &widths, theme)];
    lines.extend((offset..(offset + body).min(count)).map(|i| build(i, &widths)));
    frame.render_widget(Paragraph::new(lines).style(theme.base()), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_takes_the_rest_and_narrow_drops_right_columns() {
        let cols = [fixed("A", 5), fill("B"), fixed("C", 3)];
        assert_eq!(widths(&cols, 20), vec![6, 10, 4]);
        assert_eq!(widths(&cols, 8), vec![6, 2, 0]);
        assert_eq!(
            widths(&cols, 3),
            vec![6, 0, 0],
            "the first column always stays"
        );
    }

    #[test]
    fn a_fill_at_least_column_keeps_its_room_before_columns_on_the_right() {
        let cols = [
            fixed("A", 5),
            fixed("B", 5),
            fixed("C", 5),
            fill_at_least("M", 8),
        ];
        assert_eq!(widths(&cols, 30), vec![6, 6, 6, 12]);
        assert_eq!(widths(&cols, 20), vec![6, 6, 0, 8], "C goes so M keeps 8");
    }
}
