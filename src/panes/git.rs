//! The local repository: branch, HEAD, ahead/behind its upstream, local branches and recent
//! commits (like `git log --oneline -10`), each with the state of its CI run when there is one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::gitops_common::health_role;
use super::{pane_block, pane_title_fit};
use crate::app::state::AppState;
use crate::github::models::state_of;
use crate::theme::{Role, Theme};
use crate::ui::format::human_duration;
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let mut title = pane_title_fit(PaneId::Git, area.width, theme);
    if let Some(repo) = &state.git.repo {
        title.push(Span::styled(
            format!(" ─ {}", repo_name(&repo.path)),
            theme.fg(Role::Muted),
        ));
    }
    let block = pane_block(title, focused, theme);
    let lines = match (&state.git.repo, &state.git.error) {
        (_, Some(error)) => vec![Line::styled(error.clone(), theme.fg(Role::Warning))],
        (None, None) => vec![Line::styled(
            "reading the repository…",
            theme.fg(Role::Muted),
        )],
        (Some(repo), None) => {
            let muted = theme.fg(Role::Muted);
            let mut head = vec![
                Span::styled("branch ", muted),
                Span::styled(
                    repo.branch.clone().unwrap_or_else(|| "(detached)".into()),
                    theme.fg(Role::Accent).add_modifier(Modifier::BOLD),
                ),
            ];
            if let Some((upstream, ahead, behind)) = &repo.upstream {
                head.push(Span::styled(
                    format!("  ↑{ahead} ↓{behind} {upstream}"),
                    muted,
                ));
            }
            if let Some(c) = &repo.head {
                head.push(Span::styled("   HEAD ", muted));
                head.push(Span::styled(c.short().to_string(), theme.fg(Role::Title)));
                head.push(Span::raw(format!(" {}", c.subject)));
            }
            let mut lines = vec![Line::from(head)];
            let mut branches = vec![Span::styled("branches ", muted)];
            for b in &repo.branches {
                let current = repo.branch.as_deref() == Some(b.as_str());
                branches.push(Span::styled(
                    format!("{}{b}  ", if current { "● " } else { "" }),
                    if current {
                        theme.fg(Role::Accent).add_modifier(Modifier::BOLD)
                    } else {
                        theme.fg(Role::Text)
                    },
                ));
            }
            lines.push(Line::from(branches));
            lines.push(Line::raw(""));
            for c in &repo.recent {
                let mut spans = vec![
                    Span::styled(format!("{} ", c.short()), theme.fg(Role::Title)),
                    Span::styled(
                        c.subject.clone(),
                        theme.fg(if c.parents > 1 {
                            Role::Accent
                        } else {
                            Role::Text
                        }),
                    ),
                    Span::styled(
                        format!("  {} ago", human_duration(state.now.as_second() - c.time)),
                        muted,
                    ),
                ];
                if let Some(run) = state.ci.run_for_commit(&c.id) {
                    let (icon, health) = state_of(run.status.as_deref(), run.conclusion.as_deref());
                    spans.push(Span::styled(
                        format!("  {icon} CI #{}", run.run_number),
                        theme.fg(health_role(health)),
                    ));
                }
                lines.push(Line::from(spans));
            }
            lines
        }
    };
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The repository's folder name: a full path would put the presenter's home directory (or a
/// temporary folder) on the projector, and says nothing the name does not.
fn repo_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches(['/', '\\']);
    trimmed
        .rsplit(['/', '\\'])
        .next()
        .filter(|name| !name.is_empty())
        .unwrap_or("repo")
}

#[cfg(test)]
mod tests {
    use super::repo_name;

    #[test]
    fn the_title_names_the_repository_folder_never_its_path() {
        assert_eq!(repo_name("/home/ana/talks/showrunner/"), "showrunner");
        assert_eq!(repo_name("/tmp/.tmpXy12/repo"), "repo");
        assert_eq!(repo_name("C:\\Users\\ana\\demo"), "demo");
        assert_eq!(repo_name("/"), "repo");
    }
}
