//! `~/.config/showrunner/config.toml`: defaults for the run flags, and per kubeconfig context
//! overrides (`[context.prod-eu] read-only = true`). Each key is checked on its own: a mistake is
//! a located problem and that key is skipped, every other key still applies.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use super::ConfigError;
use super::suggest;
use super::toml_doc::{DeTable, DeValue, Doc, kind};

pub const FILE_NAME: &str = "config.toml";

/// The keys a section may set, as written in the file (the flags' names).
pub const KEYS: [&str; 6] = [
    "theme",
    "namespaces",
    "confirm-for",
    "argocd-namespace",
    "ci-branch",
    "read-only",
];

/// A value from the file and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

/// One section's settings: the top of the file, or one `[context.NAME]`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Settings {
    pub theme: Option<At<String>>,
    pub namespaces: Option<At<Vec<String>>>,
    pub confirm_for: Option<At<Vec<String>>>,
    pub argocd_namespace: Option<At<String>>,
    pub ci_branch: Option<At<String>>,
    pub read_only: Option<At<bool>>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ConfigFile {
    /// The path as shown in messages.
    pub path: String,
    pub defaults: Settings,
    pub contexts: BTreeMap<String, Settings>,
}

impl ConfigFile {
    pub fn context(&self, name: &str) -> Option<&Settings> {
        self.contexts.get(name)
    }
}

/// `<config_dir>/config.toml` if it exists, with every problem found in it.
pub fn load(config_dir: Option<&Path>) -> (Option<ConfigFile>, Vec<ConfigError>) {
    let Some(path) = config_dir.map(|d| d.join(FILE_NAME)).filter(|p| p.exists()) else {
        return (None, Vec::new());
    };
    let display = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(src) => {
            let mut problems = Vec::new();
            let file = parse(&display, &src, &mut problems);
            (Some(file), problems)
        }
        Err(e) => (
            None,
            vec![ConfigError {
                file: display,
                line: 1,
                column: 1,
                message: format!("cannot read the config file: {e}"),
            }],
        ),
    }
}

pub fn parse(file: &str, src: &str, problems: &mut Vec<ConfigError>) -> ConfigFile {
    let (doc, top) = Doc::parse(file, src, problems);
    let mut config = ConfigFile {
        path: file.to_string(),
        ..ConfigFile::default()
    };
    let mut top_keys = KEYS.to_vec();
    top_keys.push("context");
    for (key, value) in doc.entries(&top) {
        if key.get_ref() == "context" {
            config.contexts = contexts(&doc, value, problems);
        } else if KEYS.contains(&key.get_ref().as_ref()) {
            set(&doc, &mut config.defaults, key, value, problems);
        } else {
            problems.push(doc.error(
                key.span(),
                format!(
                    "unknown key `{}`: {}",
                    key.get_ref(),
                    suggest::expected(key.get_ref(), &top_keys)
                ),
            ));
        }
    }
    problems.sort_by_key(|p| (p.line, p.column));
    config
}

fn contexts(
    doc: &Doc,
    value: &Spanned<DeValue>,
    problems: &mut Vec<ConfigError>,
) -> BTreeMap<String, Settings> {
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(doc.error(
            value.span(),
            format!(
                "`context` must be a table of contexts ([context.NAME]), not {}",
                kind(value.get_ref())
            ),
        ));
        return BTreeMap::new();
    };
    let mut contexts = BTreeMap::new();
    for (name, section) in doc.entries(table) {
        let DeValue::Table(entries) = section.get_ref() else {
            problems.push(doc.error(
                name.span(),
                format!(
                    "`context.{}` must be a table ([context.{}] with keys under it), not {}",
                    name.get_ref(),
                    name.get_ref(),
                    kind(section.get_ref())
                ),
            ));
            continue;
        };
        contexts.insert(
            name.get_ref().to_string(),
            section_settings(doc, name.get_ref(), entries, problems),
        );
    }
    contexts
}

fn section_settings(
    doc: &Doc,
    context: &str,
    table: &DeTable,
    problems: &mut Vec<ConfigError>,
) -> Settings {
    let mut settings = Settings::default();
    for (key, value) in doc.entries(table) {
        if KEYS.contains(&key.get_ref().as_ref()) {
            set(doc, &mut settings, key, value, problems);
        } else {
            problems.push(doc.error(
                key.span(),
                format!(
                    "unknown key `{}` in [context.{context}]: {}",
                    key.get_ref(),
                    suggest::expected(key.get_ref(), &KEYS)
                ),
            ));
        }
    }
    settings
}

/// Checks one known key's value and stores it; a bad value is reported and left unset.
fn set(
    doc: &Doc,
    settings: &mut Settings,
    key: &Spanned<toml::de::DeString>,
    value: &Spanned<DeValue>,
    problems: &mut Vec<ConfigError>,
) {
    let name = key.get_ref().as_ref();
    let (line, column) = doc.position(key.span());
    fn located<T>(value: T, line: usize, column: usize) -> At<T> {
        At {
            value,
            line,
            column,
        }
    }
    match name {
        "theme" => {
            settings.theme = doc
                .string(name, value, problems)
                .and_then(|s| non_empty(doc, name, value, s, problems))
                .map(|v| located(v, line, column))
        }
        "ci-branch" => {
            settings.ci_branch = doc
                .string(name, value, problems)
                .and_then(|s| non_empty(doc, name, value, s, problems))
                .map(|v| located(v, line, column))
        }
        "argocd-namespace" => {
            settings.argocd_namespace = doc
                .string(name, value, problems)
                .and_then(|s| namespace(doc, name, value.span(), s, problems))
                .map(|v| located(v, line, column))
        }
        "namespaces" => {
            settings.namespaces = list(doc, name, value, problems)
                .and_then(|items| {
                    let checked: Vec<Option<String>> = items
                        .iter()
                        .map(|(s, span)| namespace(doc, name, span.clone(), s, problems))
                        .collect();
                    checked.into_iter().collect::<Option<Vec<String>>>()
                })
                .map(|v| located(v, line, column))
        }
        "confirm-for" => {
            settings.confirm_for = list(doc, name, value, problems)
                .and_then(|items| confirm_for(doc, value.span(), items, problems))
                .map(|v| located(v, line, column))
        }
        "read-only" => match value.get_ref() {
            DeValue::Boolean(b) => settings.read_only = Some(located(*b, line, column)),
            other => problems.push(doc.error(
                value.span(),
                format!("`read-only` must be true or false, not {}", kind(other)),
            )),
        },
        _ => unreachable!("only KEYS reach set"),
    }
}

fn non_empty(
    doc: &Doc,
    key: &str,
    value: &Spanned<DeValue>,
    s: &str,
    problems: &mut Vec<ConfigError>,
) -> Option<String> {
    if s.trim().is_empty() {
        problems.push(doc.error(value.span(), format!("`{key}` is empty")));
        return None;
    }
    Some(s.to_string())
}

/// `["dev", "stg"]` or `"dev,stg"`, as the flags take them; each item with its span.
fn list(
    doc: &Doc,
    key: &str,
    value: &Spanned<DeValue>,
    problems: &mut Vec<ConfigError>,
) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    let items = match value.get_ref() {
        DeValue::String(s) => s
            .split(',')
            .map(|item| (item.trim().to_string(), value.span()))
            .collect(),
        DeValue::Array(array) => {
            let mut items = Vec::new();
            for item in array {
                items.push((doc.string(key, item, problems)?.to_string(), item.span()));
            }
            items
        }
        other => {
            problems.push(doc.error(
                value.span(),
                format!(
                    "`{key}` must be a list of names ([\"dev\", \"stg\"]), not {}",
                    kind(other)
                ),
            ));
            return None;
        }
    };
    Some(items)
}

/// A Kubernetes namespace name (RFC 1123 label): what the API would refuse is caught here.
fn namespace(
    doc: &Doc,
    key: &str,
    span: std::ops::Range<usize>,
    name: &str,
    problems: &mut Vec<ConfigError>,
) -> Option<String> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Some(name.to_string())
    } else {
        problems.push(doc.error(
            span,
            format!(
                "`{key}`: \"{name}\" is not a namespace name: expected lowercase letters, digits \
                 and `-` (at most 63)"
            ),
        ));
        None
    }
}

/// `all` and `none` stand alone; anything else is a list of environment names.
fn confirm_for(
    doc: &Doc,
    span_of_list: std::ops::Range<usize>,
    items: Vec<(String, std::ops::Range<usize>)>,
    problems: &mut Vec<ConfigError>,
) -> Option<Vec<String>> {
    if items.is_empty() {
        problems.push(doc.error(
            span_of_list.clone(),
            "`confirm-for` is empty: write \"none\" for no confirmations",
        ));
        return None;
    }
    if let Some((_, span)) = items.iter().find(|(s, _)| s.is_empty()) {
        problems.push(doc.error(span.clone(), "`confirm-for` has an empty name"));
        return None;
    }
    let word = items
        .iter()
        .find(|(s, _)| s == "all" || s == "none")
        .filter(|_| items.len() > 1);
    if let Some((s, span)) = word {
        problems.push(doc.error(
            span.clone(),
            format!("`confirm-for`: `{s}` stands alone, not in a list of environments"),
        ));
        return None;
    }
    Some(items.into_iter().map(|(s, _)| s).collect())
}

#[cfg(test)]
mod tests;
