//! Theme TOML: `[colors]` maps role keys to colours. Keys left out are inherited from the theme
//! named by `base` (default `dark`), so a user theme can change just what it cares about.
//! Like the keymap, a mistake is reported with `file:line:col` and only that entry is skipped:
//! the valid colours and a valid `base` still apply.

use ratatui::style::Color;

use super::files::EMBEDDED;
use super::style::{Role, Theme};
use crate::config::ConfigError;
use crate::config::suggest;
use crate::config::toml_doc::{DeValue, Doc, kind};

/// A theme built from a file, and everything that was wrong with the file.
#[derive(Debug)]
pub struct ParsedTheme {
    pub theme: Theme,
    pub problems: Vec<ConfigError>,
}

/// Parses a theme file; roles it leaves out come from its `base` theme (default: the default theme).
pub fn parse_theme(file: &str, src: &str, name: &str) -> ParsedTheme {
    parse_over(file, src, name, None)
}

/// Parses the root theme, which inherits nothing: every role it omits stays `Reset`.
pub(super) fn parse_root_theme(file: &str, src: &str, name: &str) -> ParsedTheme {
    parse_over(file, src, name, Some([Color::Reset; Role::ALL.len()]))
}

const TOP_KEYS: [&str; 2] = ["base", "colors"];

fn parse_over(
    file: &str,
    src: &str,
    name: &str,
    root: Option<[Color; Role::ALL.len()]>,
) -> ParsedTheme {
    let mut problems = Vec::new();
    let (doc, top) = Doc::parse(file, src, &mut problems);
    // `base` first, wherever it is written: the colours are laid over it.
    let entries = doc.entries(&top);
    let base_entry = entries.iter().find(|(key, _)| key.get_ref() == "base");
    let base = base_entry.and_then(|(_, value)| {
        let base = doc.string("base", value, &mut problems)?;
        let theme = Theme::embedded(base);
        if theme.is_none() {
            let known: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
            problems.push(doc.error(
                value.span(),
                format!(
                    "unknown base theme \"{base}\": {}",
                    suggest::expected(base, &known)
                ),
            ));
        }
        theme
    });
    let mut colors = match (base, root) {
        (Some(base), _) => base.colors,
        (None, Some(root)) => root,
        (None, None) => Theme::default_theme().colors,
    };
    for (key, value) in entries {
        match key.get_ref().as_ref() {
            "base" => {}
            "colors" => match value.get_ref() {
                DeValue::Table(table) => {
                    for (role_key, colour) in doc.entries(table) {
                        set_role(&doc, role_key, colour, &mut colors, &mut problems);
                    }
                }
                other => problems.push(doc.error(
                    value.span(),
                    format!("`colors` must be a table ([colors]), not {}", kind(other)),
                )),
            },
            other => problems.push(doc.error(
                key.span(),
                format!(
                    "unknown field `{other}`: {}",
                    suggest::expected(other, &TOP_KEYS)
                ),
            )),
        }
    }
    problems.sort_by_key(|p| (p.line, p.column));
    ParsedTheme {
        theme: Theme::new(name, colors),
        problems,
    }
}

fn set_role(
    doc: &Doc,
    key: &toml::Spanned<toml::de::DeString>,
    value: &toml::Spanned<DeValue>,
    colors: &mut [Color; Role::ALL.len()],
    problems: &mut Vec<ConfigError>,
) {
    let Some(role) = Role::from_key(key.get_ref()) else {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        problems.push(doc.error(
            key.span(),
            format!(
                "unknown colour role `{}`: {}",
                key.get_ref(),
                suggest::expected(key.get_ref(), &known)
            ),
        ));
        return;
    };
    let Some(text) = doc.string(role.key(), value, problems) else {
        return;
    };
    match parse_color(text) {
        Some(colour) => colors[role as usize] = colour,
        None => problems.push(doc.error(
            value.span(),
            format!(
                "invalid colour \"{text}\" for `{}`: expected a colour name (e.g. red, lightblue, \
                 darkgray, reset), \"#rrggbb\" or an index 0-255",
                role.key()
            ),
        )),
    }
}

fn parse_color(s: &str) -> Option<Color> {
    let s = s.trim();
    if s.starts_with('#') && s.len() != 7 {
        return None;
    }
    s.parse::<Color>().ok()
}
