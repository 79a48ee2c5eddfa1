//! showrunner's own log (tracing → tui-logger), toggled by a key, so a presenter can see why
//! something failed without leaving the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use tui_logger::{TuiLoggerLevelOutput, TuiLoggerWidget};

use super::pane_block;
use crate::keymap::{Command, Keymap};
use crate::theme::{Role, Theme};

pub fn render(frame: &mut Frame, area: Rect, keymap: &Keymap, theme: &Theme) {
    let title = vec![Span::raw(format!(
        "showrunner log ({} hides)",
        keymap.describe_keys(Command::ToggleAppLog)
    ))];
    let widget = TuiLoggerWidget::default()
        .block(pane_block(title, false, theme))
        .output_separator(' ')
        .output_timestamp(Some("%H:%M:%S".into()))
        .output_level(Some(TuiLoggerLevelOutput::Abbreviated))
        .output_target(false)
        .output_file(false)
        .output_line(false)
        .style(theme.base())
        .style_error(theme.fg(Role::Error))
        .style_warn(theme.fg(Role::Warning))
        .style_info(theme.fg(Role::Text))
        .style_debug(theme.fg(Role::Muted))
        .style_trace(theme.fg(Role::Muted));
    frame.render_widget(widget, area);
}
