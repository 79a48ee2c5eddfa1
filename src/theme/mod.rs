//! Colours by role. Theme files (`themes/*.toml`) are parsed strictly (unknown keys reported, every
//! error located, the valid rest kept) and resolved into styles; panes ask for a role, never for a
//! colour.

mod files;
mod parse;
mod style;

use std::path::{Path, PathBuf};

pub use files::{DEFAULT_THEME, EMBEDDED};
pub use parse::{ParsedTheme, parse_theme};
pub use style::{Role, Theme};

impl Theme {
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
