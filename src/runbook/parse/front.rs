//! The YAML front matter between `---` lines: title, project, namespaces, repo, github, talk
//! duration and schedule. Unknown keys and bad values are located in the runbook file.

use std::time::Duration;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::actions::{bad_duration, parse_duration};
use crate::config::ConfigError;
use crate::runbook::model::{Schedule, Step};

#[derive(Debug, Default)]
pub struct Front {
    pub title: Option<String>,
    pub project: Option<String>,
    pub namespaces: Vec<String>,
    pub repo: Option<String>,
    pub github: Option<String>,
    pub duration: Option<Duration>,
    schedule: Vec<RawSchedule>,
    /// Line of the first YAML line in the file (front matter starts after `---`).
    first_line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: Option<String>,
    project: Option<String>,
    namespaces: Option<Vec<String>>,
    repo: Option<String>,
    github: Option<Spanned<String>>,
    duration: Option<Spanned<String>>,
    schedule: Option<Vec<RawSchedule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    step: Spanned<StepRef>,
    at: Spanned<String>,
    #[serde(rename = "for")]
    length: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
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
    let mut front = Front {
        first_line: 2,
        ..Front::default()
    };
    if !yaml.trim().is_empty() {
        match serde_saphyr::from_str::<RawFront>(yaml) {
            Ok(raw) => fill(file, &mut front, raw, errors),
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

fn fill(file: &str, front: &mut Front, raw: RawFront, errors: &mut Vec<ConfigError>) {
    front.title = raw.title;
    front.project = raw.project;
    front.namespaces = raw.namespaces.unwrap_or_default();
    front.repo = raw.repo;
    if let Some(github) = raw.github {
        let ok = github
            .value
            .split_once('/')
            .is_some_and(|(o, r)| !o.is_empty() && !r.is_empty() && !r.contains('/'));
        if ok {
            front.github = Some(github.value);
        } else {
            let (l, c) = loc(&github.referenced);
            errors.push(at(
                file,
                l + 1,
                c,
                format!("bad github `{}`: expected OWNER/NAME", github.value),
            ));
        }
    }
    if let Some(d) = raw.duration {
        front.duration = spanned_duration(file, &d, "duration", errors);
    }
    front.schedule = raw.schedule.unwrap_or_default();
}

fn spanned_duration(
    file: &str,
    d: &Spanned<String>,
    what: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<Duration> {
    parse_duration(&d.value).or_else(|| {
        let (l, c) = loc(&d.referenced);
        errors.push(at(file, l + 1, c, bad_duration(&d.value, what)));
        None
    })
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
        let (l, c) = loc(&entry.step.referenced);
        let (l, c) = (l + front.first_line - 1, c);
        let index = match &entry.step.value {
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
        let at_ = spanned_duration(file, &entry.at, "at", errors);
        let length = spanned_duration(file, &entry.length, "for", errors);
        if let (Some(i), Some(at_), Some(length)) = (index, at_, length) {
            steps[i].schedule = Some(Schedule { at: at_, length });
        }
    }
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
    match message.strip_prefix("unknown field ") {
        Some(rest) => format!(
            "unknown field {} in front matter{}",
            rest.split(',').next().unwrap_or(rest),
            rest.split_once(',')
                .map(|(_, e)| format!(":{e}"))
                .unwrap_or_default()
        ),
        None => format!("front matter: {message}"),
    }
}
