//! Theme TOML: `[colors]` maps role keys to colours. Keys left out are inherited from the theme
//! named by `base` (default `dark`), so a user theme can change just what it cares about.

use std::collections::BTreeMap;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use super::{Role, Theme};
use crate::config::ConfigError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    #[serde(default)]
    base: Option<Spanned<String>>,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// Parses a theme file; roles it leaves out come from its `base` theme (default: the default theme).
pub fn parse_theme(file: &str, src: &str, name: &str) -> Result<Theme, ConfigError> {
    parse_over(file, src, name, None)
}

/// Parses the root theme, which inherits nothing: every role it omits stays `Reset`.
pub(super) fn parse_root_theme(file: &str, src: &str, name: &str) -> Result<Theme, ConfigError> {
    parse_over(file, src, name, Some([Color::Reset; Role::ALL.len()]))
}

fn parse_over(
    file: &str,
    src: &str,
    name: &str,
    root: Option<[Color; Role::ALL.len()]>,
) -> Result<Theme, ConfigError> {
    let raw: RawTheme = toml::from_str(src).map_err(|e| ConfigError::from_toml(file, src, &e))?;
    let mut colors =
        match (&raw.base, root) {
            (Some(base), _) => Theme::embedded(base.get_ref())
                .ok_or_else(|| {
                    ConfigError::at_span(
                        file,
                        src,
                        base.span(),
                        format!(
                            "unknown base theme \"{}\": expected one of dark, light, high-contrast",
                            base.get_ref()
                        ),
                    )
                })?
                .colors,
            (None, Some(root)) => root,
            (None, None) => Theme::default_theme().colors,
        };
    for (key, value) in &raw.colors {
        let role = Role::from_key(key.get_ref()).ok_or_else(|| {
            let known: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
            ConfigError::at_span(
                file,
                src,
                key.span(),
                format!(
                    "unknown colour role `{}`: expected one of {}",
                    key.get_ref(),
                    known.join(", ")
                ),
            )
        })?;
        colors[role as usize] = parse_color(value.get_ref()).ok_or_else(|| {
            ConfigError::at_span(
                file,
                src,
                value.span(),
                format!(
                    "invalid colour \"{}\" for `{}`: expected a colour name (e.g. red, lightblue, \
                 darkgray, reset), \"#rrggbb\" or an index 0-255",
                    value.get_ref(),
                    role.key()
                ),
            )
        })?;
    }
    Ok(Theme::new(name, colors))
}

fn parse_color(s: &str) -> Option<Color> {
    let s = s.trim();
    if s.starts_with('#') && s.len() != 7 {
        return None;
    }
    s.parse::<Color>().ok()
}
