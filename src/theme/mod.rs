//! Colours by role. Theme files (`themes/*.toml`) are parsed strictly (unknown keys reported, every
//! error located, the valid rest kept) and resolved into styles; panes ask for a role, never for a
//! colour.

mod parse;

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};

pub use parse::{ParsedTheme, parse_theme};

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
    colors: [Color; Role::ALL.len()],
    no_color: bool,
}

/// Themes shipped inside the binary, so a fresh clone and an installed binary look the same.
pub const EMBEDDED: [(&str, &str); 3] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

pub const DEFAULT_THEME: &str = "dark";

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

    pub fn embedded(name: &str) -> Option<Theme> {
        let (_, src) = EMBEDDED.iter().find(|(n, _)| *n == name)?;
        let file = format!("themes/{name}.toml");
        let parsed = if name == DEFAULT_THEME {
            parse::parse_root_theme(&file, src, name)
        } else {
            parse_theme(&file, src, name)
        };
        // Embedded themes are checked by a unit test, so a problem here is a build defect.
        debug_assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        Some(parsed.theme)
    }

    pub fn default_theme() -> Theme {
        Theme::embedded(DEFAULT_THEME).expect("default theme exists")
    }
}

/// The theme chosen on the command line, plus what was wrong with it.
pub struct LoadedTheme {
    pub theme: Theme,
    /// `file:line:col: …` for each mistake in the theme file (the rest of it still applies), or
    /// why the theme could not be used at all (then it is the default theme).
    pub warnings: Vec<String>,
}

/// Resolves `--theme NAME|PATH`: a path (contains `/` or ends in `.toml`), else
/// `<config>/themes/NAME.toml`, else an embedded theme. A file with mistakes keeps its valid
/// parts; a theme that cannot be found or read falls back to the default theme.
pub fn load(choice: Option<&str>, config_dir: Option<&Path>, no_color: bool) -> LoadedTheme {
    let (theme, warnings) = match choice {
        None => (Theme::default_theme(), Vec::new()),
        Some(choice) => match resolve(choice, config_dir) {
            Ok(parsed) => (
                parsed.theme,
                parsed.problems.iter().map(ToString::to_string).collect(),
            ),
            Err(warning) => (Theme::default_theme(), vec![warning]),
        },
    };
    let theme = if no_color {
        theme.without_color()
    } else {
        theme
    };
    LoadedTheme { theme, warnings }
}

fn resolve(choice: &str, config_dir: Option<&Path>) -> Result<ParsedTheme, String> {
    let looks_like_path = choice.contains('/') || choice.ends_with(".toml");
    let user_file = config_dir.map(|d| d.join("themes").join(format!("{choice}.toml")));
    let path: Option<PathBuf> = if looks_like_path {
        Some(PathBuf::from(choice))
    } else {
        user_file.filter(|p| p.is_file())
    };
    match path {
        Some(path) => {
            let display = path.display().to_string();
            let src = std::fs::read_to_string(&path)
                .map_err(|e| format!("theme {display}: {e}; using the default theme"))?;
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or(choice);
            Ok(parse_theme(&display, &src, name))
        }
        None => Theme::embedded(choice)
            .map(|theme| ParsedTheme {
                theme,
                problems: Vec::new(),
            })
            .ok_or_else(|| {
                let known: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown theme \"{choice}\": {}; using the default theme",
                    crate::config::suggest::expected(choice, &known)
                )
            }),
    }
}

/// `NO_COLOR` counts when present and non-empty, as the convention says.
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests;
