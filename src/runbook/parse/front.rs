//! The YAML front matter between `---` lines: title, project, namespaces, repo, github, talk
//! duration and schedule. Unknown keys and bad values are located in the runbook file.

use std::time::Duration;

use serde_saphyr::Spanned;

use super::builtins::{bad_duration, parse_duration};
use super::yaml_node::Node;
use crate::config::{ConfigError, suggest};
use crate::runbook::model::{Schedule, Step};

#[derive(Debug, Default)]
pub struct Front {
    pub title: Option<String>,
    pub project: Option<String>,
    pub namespaces: Vec<String>,
    pub repo: Option<String>,
    pub github: Option<String>,
    pub duration: Option<Duration>,
    schedule: Vec<ScheduleEntry>,
}

const FIELDS: [&str; 7] = [
    "title",
    "project",
    "namespaces",
    "repo",
    "github",
    "duration",
    "schedule",
];
const SCHEDULE_FIELDS: [&str; 3] = ["step", "at", "for"];

/// A 1-based line and column in the runbook file.
type Pos = (usize, usize);

#[derive(Debug)]
struct ScheduleEntry {
    step: (StepRef, Pos),
    at: (String, Pos),
    length: (String, Pos),
}

#[derive(Debug)]
enum StepRef {
    Number(usize),
    Title(String),
}

/// Returns the front matter and the byte offset where the Markdown body starts.
pub fn parse(file: &str, source: &str, errors: &mut Vec<ConfigError>) -> (Front, usize) {
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        return (Front::default(), 0);
    };
    let header_len = source.len() - rest.len();
    let mut offset = 0;
    let mut close = None;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, after)) = close else {
        errors.push(at(
            file,
            1,
            1,
            "unterminated front matter: expected a closing `---` line",
        ));
        return (Front::default(), source.len());
    };
    let yaml = &rest[..yaml_end];
    let mut front = Front::default();
    if !yaml.trim().is_empty() {
        // Repeated keys reach `Fields`, which reports each with its position, among the rest.
        let mut options = serde_saphyr::Options::default();
        options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
        match serde_saphyr::from_str_with_options::<Spanned<Node>>(yaml, options) {
            Ok(root) => Fields { file, errors }.fill(&mut front, &root),
            Err(e) => {
                let (line, column) = e
                    .location()
                    .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
                errors.push(at(file, line + 1, column, yaml_message(&e.to_string())));
            }
        }
    }
    (front, header_len + after)
}

/// Checks the front matter field by field, so every mistake is reported in one run.
struct Fields<'a> {
    file: &'a str,
    errors: &'a mut Vec<ConfigError>,
}

impl Fields<'_> {
    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(at(self.file, pos.0, pos.1, message));
    }

    fn fill(&mut self, front: &mut Front, root: &Spanned<Node>) {
        let Node::Map(entries) = &root.value else {
            self.error(
                pos(root),
                format!(
                    "front matter must be `key: value` lines, not {}",
                    root.value.kind()
                ),
            );
            return;
        };
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in entries {
            let Some(name) = self.key(key, &FIELDS, "in front matter", &mut seen) else {
                continue;
            };
            match name.as_str() {
                "title" => front.title = self.text(&name, value),
                "project" => front.project = self.text(&name, value),
                "repo" => front.repo = self.text(&name, value),
                "github" => front.github = self.github(value),
                "namespaces" => front.namespaces = self.names(&name, value).unwrap_or_default(),
                "duration" => {
                    front.duration = self
                        .text(&name, value)
                        .and_then(|d| self.duration(&d, pos(value), "duration"))
                }
                "schedule" => front.schedule = self.schedule(value),
                _ => unreachable!("only FIELDS get here"),
            }
        }
    }

    /// A known key's name; an unknown one (with a guess), a repeated one or a non-text one is
    /// reported and skipped.
    fn key(
        &mut self,
        key: &Spanned<Node>,
        known: &[&str],
        place: &str,
        seen: &mut Vec<String>,
    ) -> Option<String> {
        let Some(name) = key.value.as_text() else {
            self.error(
                pos(key),
                format!("a key {place} must be a name, not {}", key.value.kind()),
            );
            return None;
        };
        if !known.contains(&name.as_str()) {
            self.error(
                pos(key),
                format!(
                    "unknown field `{name}` {place}: {}",
                    suggest::expected(&name, known)
                ),
            );
            return None;
        }
        if seen.contains(&name) {
            self.error(pos(key), format!("`{name}` is given twice {place}"));
            return None;
        }
        seen.push(name.clone());
        Some(name)
    }

    fn text(&mut self, name: &str, value: &Spanned<Node>) -> Option<String> {
        let text = value.value.as_text();
        if text.is_none() {
            self.error(
                pos(value),
                format!("`{name}` must be text, not {}", value.value.kind()),
            );
        }
        text
    }

    fn github(&mut self, value: &Spanned<Node>) -> Option<String> {
        let github = self.text("github", value)?;
        let ok = github
            .split_once('/')
            .is_some_and(|(o, r)| !o.is_empty() && !r.is_empty() && !r.contains('/'));
        if !ok {
            self.error(
                pos(value),
                format!("bad github `{github}`: expected OWNER/NAME"),
            );
            return None;
        }
        Some(github)
    }

    /// `[dev, stg]`, or `dev, stg` as the -n flag takes it.
    fn names(&mut self, name: &str, value: &Spanned<Node>) -> Option<Vec<String>> {
        match &value.value {
            Node::Seq(items) => items.iter().map(|item| self.text(name, item)).collect(),
            Node::Str(list) => Some(list.split(',').map(|s| s.trim().to_string()).collect()),
            other => {
                self.error(
                    pos(value),
                    format!(
                        "`{name}` must be a list like [dev, stg], not {}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    fn duration(&mut self, text: &str, at: Pos, what: &str) -> Option<Duration> {
        let duration = parse_duration(text);
        if duration.is_none() {
            self.error(at, bad_duration(text, what));
        }
        duration
    }

    fn schedule(&mut self, value: &Spanned<Node>) -> Vec<ScheduleEntry> {
        let Node::Seq(items) = &value.value else {
            self.error(
                pos(value),
                format!(
                    "`schedule` must be a list of `- step: N` entries, not {}",
                    value.value.kind()
                ),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.schedule_entry(item))
            .collect()
    }

    fn schedule_entry(&mut self, item: &Spanned<Node>) -> Option<ScheduleEntry> {
        let Node::Map(entries) = &item.value else {
            self.error(
                pos(item),
                format!(
                    "a schedule entry must have step, at and for, not be {}",
                    item.value.kind()
                ),
            );
            return None;
        };
        let (mut step, mut at_, mut length) = (None, None, None);
        let mut seen = Vec::new();
        for (key, value) in entries {
            let Some(name) = self.key(key, &SCHEDULE_FIELDS, "in a schedule entry", &mut seen)
            else {
                continue;
            };
            let text = self.text(&name, value);
            match (name.as_str(), text) {
                ("step", Some(text)) => {
                    let step_ref = match value.value {
                        Node::Int(n) => StepRef::Number(usize::try_from(n).unwrap_or(0)),
                        _ => StepRef::Title(text),
                    };
                    step = Some((step_ref, pos(value)));
                }
                ("at", Some(text)) => at_ = Some((text, pos(value))),
                ("for", Some(text)) => length = Some((text, pos(value))),
                _ => {}
            }
        }
        let missing: Vec<&str> = [
            ("step", step.is_some()),
            ("at", at_.is_some()),
            ("for", length.is_some()),
        ]
        .into_iter()
        .filter(|(name, present)| !present && !seen.iter().any(|s| s == name))
        .map(|(name, _)| name)
        .collect();
        if !missing.is_empty() {
            self.error(
                pos(item),
                format!("schedule entry without {}", missing.join(", ")),
            );
        }
        Some(ScheduleEntry {
            step: step?,
            at: at_?,
            length: length?,
        })
    }
}

/// Attaches the schedule entries to the steps they name.
pub fn apply_schedule(
    file: &str,
    _source: &str,
    front: &Front,
    steps: &mut [Step],
    errors: &mut Vec<ConfigError>,
) {
    for entry in &front.schedule {
        let (l, c) = entry.step.1;
        let index = match &entry.step.0 {
            StepRef::Number(n) if *n >= 1 && *n <= steps.len() => Some(n - 1),
            StepRef::Number(n) => {
                errors.push(at(
                    file,
                    l,
                    c,
                    format!(
                        "schedule names step {n}, but the runbook has {}",
                        crate::ui::format::count(steps.len(), "step")
                    ),
                ));
                None
            }
            StepRef::Title(title) => {
                let matching: Vec<usize> = steps
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.title == *title)
                    .map(|(i, _)| i)
                    .collect();
                match matching.as_slice() {
                    [i] => Some(*i),
                    [] => {
                        errors.push(at(
                            file,
                            l,
                            c,
                            format!("schedule names step \"{title}\", but no step has that title"),
                        ));
                        None
                    }
                    _ => {
                        errors.push(at(file, l, c, format!("schedule names step \"{title}\", but several steps have that title: use its number")));
                        None
                    }
                }
            }
        };
        let mut fields = Fields { file, errors };
        let at_ = fields.duration(&entry.at.0, entry.at.1, "at");
        let length = fields.duration(&entry.length.0, entry.length.1, "for");
        if let (Some(i), Some(at_), Some(length)) = (index, at_, length) {
            steps[i].schedule = Some(Schedule { at: at_, length });
        }
    }
}

/// Where a node was written, as a position in the runbook file (the YAML starts on line 2,
/// after the opening `---`).
fn pos<T>(node: &Spanned<T>) -> Pos {
    let (line, column) = loc(&node.referenced);
    (line + 1, column)
}

fn loc(l: &serde_saphyr::Location) -> (usize, usize) {
    (l.line() as usize, l.column() as usize)
}

fn at(file: &str, line: usize, column: usize, message: impl Into<String>) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        line,
        column,
        message: message.into(),
    }
}

/// serde-saphyr's first line reads `error: line N column M: message`; keep the message, with
/// "front matter" named so the reader knows which part of the file it is about.
fn yaml_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first.split_once(": ") {
        Some((position, rest)) if position.starts_with("line ") => rest,
        _ => first,
    };
    format!("front matter: {message}")
}
