//! What a colour means (`Role`) and a resolved theme's styles; panes ask for a role, never for
//! a colour.

use ratatui::style::{Color, Modifier, Style};

/// What a colour means on screen. Panes pick roles; themes map roles to colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Background,
    Text,
    Muted,
    Accent,
    Title,
    Header,
    Border,
    BorderFocused,
    SelectionFg,
    SelectionBg,
    Healthy,
    Progressing,
    Degraded,
    Unknown,
    Warning,
    Error,
    StatusBarFg,
    StatusBarBg,
}

impl Role {
    pub const ALL: [Role; 18] = [
        Role::Background,
        Role::Text,
        Role::Muted,
        Role::Accent,
        Role::Title,
        Role::Header,
        Role::Border,
        Role::BorderFocused,
        Role::SelectionFg,
        Role::SelectionBg,
        Role::Healthy,
        Role::Progressing,
        Role::Degraded,
        Role::Unknown,
        Role::Warning,
        Role::Error,
        Role::StatusBarFg,
        Role::StatusBarBg,
    ];

    /// The key used in theme files.
    pub fn key(self) -> &'static str {
        match self {
            Role::Background => "background",
            Role::Text => "text",
            Role::Muted => "muted",
            Role::Accent => "accent",
            Role::Title => "title",
            Role::Header => "header",
            Role::Border => "border",
            Role::BorderFocused => "border_focused",
            Role::SelectionFg => "selection_fg",
            Role::SelectionBg => "selection_bg",
            Role::Healthy => "healthy",
            Role::Progressing => "progressing",
            Role::Degraded => "degraded",
            Role::Unknown => "unknown",
            Role::Warning => "warning",
            Role::Error => "error",
            Role::StatusBarFg => "status_bar_fg",
            Role::StatusBarBg => "status_bar_bg",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A resolved theme: one colour per role, or none at all when `NO_COLOR` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub(super) colors: [Color; Role::ALL.len()],
    pub(super) no_color: bool,
}

impl Theme {
    pub fn new(name: impl Into<String>, colors: [Color; Role::ALL.len()]) -> Self {
        Self {
            name: name.into(),
            colors,
            no_color: false,
        }
    }

    pub fn color(&self, role: Role) -> Color {
        if self.no_color {
            Color::Reset
        } else {
            self.colors[role as usize]
        }
    }

    /// Foreground style of a role on the theme background.
    pub fn fg(&self, role: Role) -> Style {
        Style::default().fg(self.color(role))
    }

    pub fn base(&self) -> Style {
        Style::default()
            .fg(self.color(Role::Text))
            .bg(self.color(Role::Background))
    }

    /// Selection stays visible without colour by falling back to reverse video.
    pub fn selection(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
                .fg(self.color(Role::SelectionFg))
                .bg(self.color(Role::SelectionBg))
                .add_modifier(Modifier::BOLD)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Role::BorderFocused).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Role::Border)
        }
    }

    pub fn status_bar(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
                .fg(self.color(Role::StatusBarFg))
                .bg(self.color(Role::StatusBarBg))
        }
    }

    /// Drops every colour (https://no-color.org); modifiers still carry emphasis.
    pub fn without_color(mut self) -> Self {
        self.no_color = true;
        self
    }
}
