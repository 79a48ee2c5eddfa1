//! Pods grouped by namespace, `kubectl get pods` columns, live. Only the visible rows are
//! built, so 10,000 pods draw as fast as 10.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{health_role, pane_block};
use crate::app::pods::state::Row;
use crate::app::state::{AppState, InputTarget};
use crate::kube::pod_summary::PodSummary;
use crate::sources::kube::update::SourceStatus;
use crate::theme::{Role, Theme};
use crate::ui::format::{fit, human_age, middle_truncate, restarts};
use crate::ui::scroll;

const READY_W: usize = 6;

/// Column widths including one trailing space each; `image == 0` hides the column and
/// `compact_restarts` drops the "(5m ago)" part.
struct Columns {
    name: usize,
    status: usize,
    restarts: usize,
    compact_restarts: bool,
    age: usize,
    image: usize,
}

impl Columns {
    fn total(&self) -> usize {
        self.name + READY_W + self.status + self.restarts + self.age + self.image
    }
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let block = pane_block(title(state, theme), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let pods = &state.pods;
    let body_height = inner.height.saturating_sub(1) as usize;
    let offset = scroll::follow(pods.offset, pods.cursor(), body_height, pods.row_count());
    let visible = pods.rows_from(offset, body_height);
    let cols = columns(&visible, state, inner.width as usize);

    let mut lines = Vec::with_capacity(body_height + 1);
    lines.push(header(&cols, theme));
    for (i, row) in visible.iter().enumerate() {
        let selected = offset + i == pods.cursor();
        lines.push(match *row {
            Row::Group(ns) => group_line(state, ns, theme),
            Row::Pod(ns, idx) => {
                pod_line(pods.pod(ns, idx), &cols, state, theme, selected, focused)
            }
        });
    }
    if pods.total_pods() > 0 && pods.nothing_matches() {
        lines.push(Line::styled(
            format!("  no pod matches \"{}\"", pods.filter()),
            theme.fg(Role::Muted),
        ));
    }
    frame.render_widget(Paragraph::new(lines).style(theme.base()), inner);
}

fn title<'a>(state: &'a AppState, theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = super::pane_title(crate::ui::layout::PaneId::Pods, theme);
    for (ns, name) in state.pods.namespaces().iter().enumerate() {
        let counts = state.pods.counts(ns);
        let role = if !state.pods.is_synced(ns) {
            Role::Muted
        } else if counts.ready == counts.total {
            Role::Healthy
        } else {
            Role::Progressing
        };
        spans.push(Span::raw(if ns == 0 { " ─ " } else { " " }));
        spans.push(Span::styled(
            format!("{name} ({}/{})", counts.ready, counts.total),
            theme.fg(role),
        ));
    }
    let note = match state.pods_source_problem() {
        Some((ns, SourceStatus::Reconnecting { .. })) => Some(format!(" ─ reconnecting… ({ns})")),
        Some((ns, SourceStatus::Resyncing)) => Some(format!(" ─ resyncing… ({ns})")),
        _ => None,
    };
    if let Some(note) = note {
        spans.push(Span::styled(note, theme.fg(Role::Warning)));
    }
    match &state.input {
        Some(input) if input.target == InputTarget::PodFilter => {
            spans.push(Span::styled(
                format!(" ─ /{}▏", input.text),
                theme.fg(Role::Accent),
            ));
        }
        _ if !state.pods.filter().is_empty() => {
            spans.push(Span::styled(
                format!(" ─ filter: {}", state.pods.filter()),
                theme.fg(Role::Accent),
            ));
        }
        _ => {}
    }
    spans
}

/// Widths from the visible rows only. When space runs out: the image column goes first, then
/// the "(ago)" of restarts, then status and age narrow, and the name takes what is left.
fn columns(visible: &[Row], state: &AppState, width: usize) -> Columns {
    let pods = || {
        visible.iter().filter_map(|r| match *r {
            Row::Pod(ns, idx) => Some(state.pods.pod(ns, idx)),
            Row::Group(_) => None,
        })
    };
    let widest = |f: &dyn Fn(&PodSummary) -> usize| pods().map(f).max().unwrap_or(0);
    let mut cols = Columns {
        name: widest(&|p| p.name.width()).max(4) + 3,
        status: widest(&|p| p.status.width()).clamp(6, 24) + 1,
        restarts: widest(&|p| restarts(p.restarts, p.last_restart, state.now).width()).max(8) + 1,
        compact_restarts: false,
        age: 7,
        image: widest(&|p| p.image_tag.width()).clamp(5, 20),
    };
    let steps: [&dyn Fn(&mut Columns); 4] = [
        &|c| c.image = 0,
        &|c| {
            c.compact_restarts = true;
            c.restarts = 4;
        },
        &|c| c.age = 6,
        &|c| c.status = c.status.min(11),
    ];
    for step in steps {
        if cols.total() <= width {
            break;
        }
        step(&mut cols);
    }
    if cols.total() > width {
        cols.name = width.saturating_sub(cols.total() - cols.name).max(8);
    }
    cols
}

fn header<'a>(cols: &Columns, theme: &Theme) -> Line<'a> {
    let restarts = if cols.compact_restarts {
        "RST"
    } else {
        "RESTARTS"
    };
    let mut text = [
        ("NAME", cols.name),
        ("READY", READY_W),
        ("STATUS", cols.status),
        (restarts, cols.restarts),
        ("AGE", cols.age),
    ]
    .iter()
    .map(|(h, w)| fit(h, *w))
    .collect::<String>();
    if cols.image > 0 {
        text.push_str("IMAGE");
    }
    Line::styled(text, theme.fg(Role::Header).add_modifier(Modifier::BOLD))
}

fn group_line<'a>(state: &AppState, ns: usize, theme: &Theme) -> Line<'a> {
    let name = &state.pods.namespaces()[ns];
    let counts = state.pods.counts(ns);
    let mut spans = vec![Span::styled(
        format!("▾ {name}"),
        theme.fg(Role::Accent).add_modifier(Modifier::BOLD),
    )];
    let problem = state
        .sources
        .iter()
        .find_map(|(id, status)| match (id, status) {
            (
                crate::sources::kube::update::SourceId::Pods { namespace },
                SourceStatus::Reconnecting { error },
            ) if namespace == name => Some(error.as_str()),
            _ => None,
        });
    if let Some(error) = problem {
        spans.push(Span::styled(
            format!("  ⚠ {error}"),
            theme.fg(Role::Warning),
        ));
    } else if !state.pods.is_synced(ns) {
        spans.push(Span::styled("  loading…", theme.fg(Role::Muted)));
    } else if counts.total == 0 {
        spans.push(Span::styled("  no pods", theme.fg(Role::Muted)));
    } else {
        spans.push(Span::styled(
            format!("  {}/{} ready", counts.ready, counts.total),
            theme.fg(Role::Muted),
        ));
    }
    Line::from(spans)
}

fn pod_line<'a>(
    pod: &PodSummary,
    cols: &Columns,
    state: &AppState,
    theme: &Theme,
    selected: bool,
    focused: bool,
) -> Line<'a> {
    // A focused selection is drawn in one style: per-column colours on the selection
    // background would be unreadable on some themes.
    let highlighted = selected && focused;
    let style = |role: Role| {
        if highlighted {
            theme.selection()
        } else {
            theme.fg(role)
        }
    };
    let ready_role = if pod.ready == pod.total && pod.total > 0 {
        Role::Text
    } else {
        Role::Progressing
    };
    let restarts_role = if pod.restarts > 0 {
        Role::Warning
    } else {
        Role::Text
    };
    let restarts_text = if cols.compact_restarts {
        pod.restarts.to_string()
    } else {
        restarts(pod.restarts, pod.last_restart, state.now)
    };
    let mut spans = vec![
        Span::styled(
            fit(
                &format!("  {}", middle_truncate(&pod.name, cols.name - 3)),
                cols.name,
            ),
            style(Role::Text),
        ),
        Span::styled(
            fit(&format!("{}/{}", pod.ready, pod.total), READY_W),
            style(ready_role),
        ),
        Span::styled(
            fit(&pod.status, cols.status.saturating_sub(1)) + " ",
            style(health_role(pod.health)),
        ),
        Span::styled(fit(&restarts_text, cols.restarts), style(restarts_role)),
        Span::styled(
            fit(&human_age(pod.created, state.now), cols.age),
            style(Role::Muted),
        ),
    ];
    if cols.image > 0 {
        spans.push(Span::styled(
            fit(&pod.image_tag, cols.image),
            style(Role::Muted),
        ));
    }
    let line = Line::from(spans);
    match (selected, focused) {
        (true, true) => line.style(theme.selection()),
        (true, false) => line.style(Style::default().add_modifier(Modifier::UNDERLINED)),
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_says_which_namespace_is_resyncing() {
        use crate::sources::kube::update::SourceId;
        let theme = Theme::default_theme();
        let mut s = crate::app::gitops::update::tests::state();
        let ns = s.pods.namespaces()[0].clone();
        s.sources.insert(
            SourceId::Pods {
                namespace: ns.clone(),
            },
            SourceStatus::Resyncing,
        );
        let text: String = title(&s, &theme)
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        assert!(text.contains(&format!("resyncing… ({ns})")), "{text}");
    }
}
