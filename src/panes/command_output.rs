//! The output pane while it shows the runbook's last command: the command, whether it runs or
//! how it ended, and its output with the tool's own colours.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::logs::visible_range;
use super::pane_block;
use crate::app::runbook::state::{CommandOutcome, RunbookState};
use crate::app::state::AppState;
use crate::theme::{Role, Theme};
use crate::ui::ansi;
use crate::ui::format::{human_duration, truncate};
use crate::ui::text::sanitize;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    rb: &RunbookState,
    state: &AppState,
    theme: &Theme,
    focused: bool,
) {
    let mut title = vec![Span::raw("output ─ ")];
    if let Some(header) = &rb.command {
        title.push(match &header.outcome {
            None => Span::styled(
                format!(
                    "● running {}",
                    human_duration(state.now.as_second() - header.started.as_second())
                ),
                theme.fg(Role::Progressing),
            ),
            Some(CommandOutcome::Exited { code: 0, took }) => Span::styled(
                format!("✓ exit 0 in {}", human_duration(took.as_secs() as i64)),
                theme.fg(Role::Healthy),
            ),
            Some(CommandOutcome::Exited { code, took }) => Span::styled(
                format!(
                    "✗ exit {code} after {}",
                    human_duration(took.as_secs() as i64)
                ),
                theme.fg(Role::Error),
            ),
            Some(CommandOutcome::TimedOut { after }) => Span::styled(
                format!(
                    "✗ timed out after {}",
                    human_duration(after.as_secs() as i64)
                ),
                theme.fg(Role::Error),
            ),
            Some(CommandOutcome::Killed) => Span::styled("■ killed", theme.fg(Role::Warning)),
            Some(CommandOutcome::Failed(why)) => {
                Span::styled(format!("✗ {why}"), theme.fg(Role::Error))
            }
        });
        let first_line = header.command.lines().next().unwrap_or("");
        let more = if header.command.lines().count() > 1 {
            " …"
        } else {
            ""
        };
        title.push(Span::styled(
            format!(" ─ $ {}{more}", truncate(first_line, 60)),
            theme.fg(Role::Accent),
        ));
    }
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    // The command itself first, as a terminal would echo it.
    if let Some(header) = &rb.command {
        for l in header.command.lines() {
            lines.push(Line::styled(
                format!("$ {l}"),
                theme.fg(Role::Muted).add_modifier(Modifier::BOLD),
            ));
        }
    }
    let height = (inner.height as usize).saturating_sub(lines.len()).max(1);
    for i in visible_range(&rb.output, height, inner.width as usize) {
        let raw = rb.output.line(i);
        lines.push(match ansi::parse(raw) {
            Some(runs) => Line::from(
                runs.into_iter()
                    .map(|(text, style)| Span::styled(text, theme.base().patch(style)))
                    .collect::<Vec<_>>(),
            ),
            None => Line::styled(sanitize(raw), theme.fg(Role::Text)),
        });
    }
    // Keep the newest lines in view when the echo and the output together overflow.
    let overflow = lines.len().saturating_sub(inner.height as usize);
    let lines = lines.split_off(overflow.min(lines.len()));
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.base())
            .wrap(Wrap { trim: false }),
        inner,
    );
}
