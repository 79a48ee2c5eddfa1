//! The promotion pipeline, left to right: warehouse → dev → stg → prod (branches stack in a
//! column). Each stage shows its freight, health, verification, auto-promotion, the promotion
//! in flight with its step, or the last failure — and, in words, a failed verification and the
//! rollback it caused. Shrinks to one line per stage when short.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::gitops_common::{health_icon, health_role, kargo_note};
use super::{pane_block, pane_title};
use crate::app::state::AppState;
use crate::kargo::graph::Node;
use crate::kargo::summary::{FreightSummary, PromotionSummary, StageSummary, short};
use crate::theme::{Role, Theme};
use crate::ui::format::truncate;
use crate::ui::layout::PaneId;

const ARROW: &str = " ─▶ ";

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let g = &state.gitops;
    let mut title = pane_title(PaneId::Pipeline, theme);
    if let Some(project) = &g.project {
        title.push(Span::raw(" ─ "));
        title.push(Span::styled(project.clone(), theme.fg(Role::Accent)));
        if g.project_names().len() > 1 {
            title.push(Span::styled(
                format!(" ({} projects)", g.project_names().len()),
                theme.fg(Role::Muted),
            ));
        }
    }
    title.extend(kargo_note(state, theme));
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if g.graph.layers.is_empty() {
        let text = match &g.project {
            None => "No Kargo project found: pass --project NAME, or create a Project.",
            Some(_) => "No stages in this project yet.",
        };
        frame.render_widget(Paragraph::new(text).style(theme.fg(Role::Muted)), inner);
        return;
    }
    let layers = g.graph.layers.len();
    let arrows = ARROW.len() * (layers - 1);
    let column_width = (inner.width as usize).saturating_sub(arrows) / layers;
    let tallest = g.graph.layers.iter().map(Vec::len).max().unwrap_or(1);
    let rows_per_node = (inner.height as usize / tallest).max(1);
    let selected = if focused { g.pipeline.selected() } else { None };
    for (col, layer) in g.graph.layers.iter().enumerate() {
        let x = inner.x + (col * (column_width + ARROW.len())) as u16;
        for (row, node) in layer.iter().enumerate() {
            let y = inner.y + (row * rows_per_node) as u16;
            if y >= inner.y + inner.height {
                break;
            }
            let height = (rows_per_node as u16).min(inner.y + inner.height - y);
            let rect = Rect::new(x, y, column_width as u16, height);
            let lines = node_lines(
                node,
                state,
                theme,
                rows_per_node,
                column_width,
                selected == Some(node),
            );
            frame.render_widget(Paragraph::new(lines).style(theme.base()), rect);
            let has_upstream = !g.graph.upstream_of(node).is_empty();
            if col > 0 && has_upstream {
                let arrow = Rect::new(x - ARROW.len() as u16, y, ARROW.len() as u16, 1);
                frame.render_widget(
                    Paragraph::new(Span::styled(ARROW, theme.fg(Role::Muted))),
                    arrow,
                );
            }
        }
    }
}

fn node_lines<'a>(
    node: &Node,
    state: &AppState,
    theme: &Theme,
    rows: usize,
    width: usize,
    selected: bool,
) -> Vec<Line<'a>> {
    let title_style = |base: Style| {
        if selected {
            theme.selection()
        } else {
            base.add_modifier(Modifier::BOLD)
        }
    };
    match node {
        Node::Warehouse(name) => {
            let count = state
                .gitops
                .freight
                .in_namespace(state.gitops.project())
                .filter(|f| f.origin.name == *name)
                .count();
            let mut lines = vec![Line::styled(
                truncate(&format!("⌂ {name}"), width),
                title_style(theme.fg(Role::Title)),
            )];
            lines.push(Line::styled(
                truncate(&format!("{count} freight"), width),
                theme.fg(Role::Muted),
            ));
            if let Some(newest) = state
                .gitops
                .freight_in_order()
                .find(|f| f.origin.name == *name)
            {
                lines.push(Line::styled(
                    truncate(&format!("newest {}", newest.alias), width),
                    theme.fg(Role::Muted),
                ));
            }
            compact(lines, rows, width)
        }
        Node::Stage(name) => match state.gitops.stage(name) {
            Some(stage) => stage_lines(stage, state, theme, rows, width, title_style),
            None => vec![Line::raw(name.clone())],
        },
    }
}

fn stage_lines<'a>(
    stage: &StageSummary,
    state: &AppState,
    theme: &Theme,
    rows: usize,
    width: usize,
    title_style: impl Fn(Style) -> Style,
) -> Vec<Line<'a>> {
    let g = &state.gitops;
    let health = g.stage_health(stage);
    let promotion = stage
        .current_promotion
        .as_deref()
        .and_then(|p| g.promotion(p))
        .filter(|p| !p.is_terminal());
    let (icon, role) = match promotion {
        Some(_) => ("◐", Role::Progressing),
        None => (health_icon(&health), health_role(&health)),
    };
    let auto = if stage.auto_promotion { " (auto)" } else { "" };
    // One entry per origin: a stage fed by several warehouses runs one freight of each.
    let freight_text = if stage.current.is_empty() {
        "no freight".to_string()
    } else {
        stage
            .current
            .iter()
            .map(|(_, name)| match g.freight_named(name) {
                Some(f) => freight_text(f),
                None => short(name).to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let story = verification_story(stage, state, promotion);
    let status_line = match (promotion, &stage.last_failure) {
        (Some(p), _) => {
            let step = p.progress().unwrap_or_else(|| p.phase.clone());
            let verb = if p.rollback {
                "rolling back"
            } else {
                "promoting"
            };
            Line::styled(
                truncate(&format!("{verb} {step}"), width),
                theme.fg(Role::Progressing).add_modifier(Modifier::BOLD),
            )
        }
        (None, Some(failure)) if health != "Healthy" => Line::styled(
            truncate(&format!("✗ {failure}"), width),
            theme.fg(Role::Degraded),
        ),
        _ => {
            let verification = match stage.verification.as_deref() {
                Some("Successful") => " · ✓ verified".to_string(),
                // The story below says it in full.
                Some(_) if story.is_some() => String::new(),
                Some(phase) => format!(" · verification {phase}"),
                None => String::new(),
            };
            Line::styled(
                truncate(&format!("{health}{verification}"), width),
                theme.fg(role),
            )
        }
    };
    let title = Line::from(vec![
        Span::styled(
            format!("{icon} "),
            if rows > 1 {
                theme.fg(role)
            } else {
                title_style(theme.fg(role))
            },
        ),
        Span::styled(stage.name.clone(), title_style(theme.fg(Role::Title))),
        Span::styled(auto.to_string(), theme.fg(Role::Accent)),
    ]);
    let freight_line = Line::styled(truncate(&freight_text, width), theme.fg(Role::Text));
    let mut lines = vec![title];
    match story {
        Some((story, story_role)) => {
            let story: Vec<Line<'a>> = wrap_words(&story, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.fg(story_role)))
                .collect();
            // The story names the freight the stage runs: on a short node the freight line
            // gives way first, then the status line, so the story is never cut.
            let room = rows.saturating_sub(1 + story.len());
            if room >= 2 {
                lines.push(freight_line);
            }
            if room >= 1 {
                lines.push(status_line);
            }
            lines.extend(story);
        }
        None => lines.extend([freight_line, status_line]),
    }
    if let Some(issue) = stage.health_issues.first() {
        lines.push(Line::styled(truncate(issue, width), theme.fg(Role::Muted)));
    }
    compact(lines, rows, width)
}

/// What verification and the auto-rollback did to the stage, in words: the failure while the
/// broken freight is still in, the rollback while it runs, and both once it is done — until the
/// next promotion. None when there is nothing of the kind to say.
fn verification_story(
    stage: &StageSummary,
    state: &AppState,
    running: Option<&PromotionSummary>,
) -> Option<(String, Role)> {
    let g = &state.gitops;
    let alias = |name: &str| {
        g.freight_named(name)
            .map_or_else(|| short(name).to_string(), |f| f.alias.clone())
    };
    let current = stage.current_freight.as_deref()?;
    let current_failed = matches!(stage.verification.as_deref(), Some("Failed" | "Error"));
    match running {
        Some(p) if p.rollback => Some((
            if current_failed {
                format!(
                    "verification failed on {} → rolling back to {}",
                    alias(current),
                    alias(&p.freight)
                )
            } else {
                format!("rolling back to {}", alias(&p.freight))
            },
            Role::Progressing,
        )),
        Some(_) => None,
        None if current_failed => Some((
            format!("verification failed on {}", alias(current)),
            Role::Degraded,
        )),
        None => {
            let bad = stage.replaced_failed.as_deref()?;
            let rolled_back = stage
                .last_promotion
                .as_deref()
                .and_then(|p| g.promotion(p))
                .is_some_and(|p| p.rollback);
            rolled_back.then(|| {
                (
                    format!(
                        "verification failed on {} → rolled back to {}",
                        alias(bad),
                        alias(current)
                    ),
                    Role::Warning,
                )
            })
        }
    }
}

/// Words into lines of at most `width` columns; a word longer than a line is cut.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.is_empty() || line.width() + 1 + word.width() <= width;
        if !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| truncate(&l, width)).collect()
}

/// Fits a node's lines into `rows`: with one row, title and freight share the line.
fn compact(mut lines: Vec<Line<'_>>, rows: usize, width: usize) -> Vec<Line<'_>> {
    if rows == 1 && lines.len() > 1 {
        let second = lines.remove(1);
        let first = &mut lines[0];
        first.spans.push(Span::raw(" "));
        first.spans.extend(second.spans);
        let text: String = first.spans.iter().map(|s| s.content.as_ref()).collect();
        if text.chars().count() > width {
            // Keep the title spans, cut the tail.
            let cut = truncate(&text, width);
            let style = first.spans.first().map(|s| s.style).unwrap_or_default();
            lines[0] = Line::styled(cut, style);
        }
    }
    lines.truncate(rows);
    lines
}

/// "a1b2 1.4.2 c0ffee1" for image freight (alias, tag, commit when it differs); otherwise the
/// alias and what the freight carries (chart version, or commit and message).
fn freight_text(f: &FreightSummary) -> String {
    let Some(image) = f.images.first() else {
        return format!("{} {}", f.alias, f.label());
    };
    let tag = image.tag.clone();
    let commit = f
        .commit
        .as_ref()
        .map(|(id, _)| short(id).to_string())
        .filter(|c| *c != tag)
        .unwrap_or_default();
    format!("{} {tag} {commit}", f.alias).trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn freight(extra: serde_json::Value) -> FreightSummary {
        let mut f =
            serde_json::json!({"metadata": {"name": "0123456789abcdef"}, "alias": "calm-owl"});
        f.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        FreightSummary::from_freight(&serde_json::from_value(f).unwrap())
    }

    #[test]
    fn freight_without_images_shows_what_it_carries() {
        let chart = freight(
            serde_json::json!({"charts": [{"repoURL": "oci://r/podinfo", "version": "6.5.0"}]}),
        );
        assert_eq!(freight_text(&chart), "calm-owl podinfo 6.5.0");
        let commit = freight(
            serde_json::json!({"commits": [{"id": "c0ffee123456", "message": "fix login"}]}),
        );
        assert_eq!(freight_text(&commit), "calm-owl c0ffee1 fix login");
        let image = freight(serde_json::json!({
            "images": [{"repoURL": "r/backend", "tag": "1.4.2"}],
            "commits": [{"id": "c0ffee123456", "message": "fix login"}]
        }));
        assert_eq!(freight_text(&image), "calm-owl 1.4.2 c0ffee1");
    }

    #[test]
    fn words_wrap_at_the_width_and_a_long_word_is_cut() {
        let story = "verification failed on nimble-moose → rolled back to swift-panda";
        assert_eq!(
            wrap_words(story, 27),
            [
                "verification failed on",
                "nimble-moose → rolled back",
                "to swift-panda"
            ]
        );
        assert_eq!(wrap_words(story, 80), [story]);
        assert_eq!(wrap_words("a extraordinarily", 6), ["a", "extra…"]);
        assert_eq!(wrap_words("", 6), Vec::<String>::new());
    }
}
