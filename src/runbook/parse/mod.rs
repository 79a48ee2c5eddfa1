//! Markdown runbook → validated `Runbook`. Every problem is collected with its position
//! (`file:line:col: what was expected`); a file with any problem yields no runbook.

mod body;
pub mod builtins;
mod front;
mod yaml_node;

use std::path::Path;

use crate::config::ConfigError;
use crate::runbook::model::Runbook;

pub fn parse(path: &Path, source: &str) -> Result<Runbook, Vec<ConfigError>> {
    let file = path.display().to_string();
    let mut errors = Vec::new();
    let (front, body_start) = front::parse(&file, source, &mut errors);
    let parsed = body::parse(&file, source, body_start, &mut errors);
    let title = front.title.clone().or(parsed.title.clone());
    if title.is_none() && errors.is_empty() {
        errors.push(ConfigError {
            file: file.clone(),
            line: 1,
            column: 1,
            message: "no title: expected `title:` in the front matter or a `# Title` heading"
                .into(),
        });
    }
    if parsed.steps.is_empty() && errors.is_empty() {
        errors.push(ConfigError {
            file: file.clone(),
            line: 1,
            column: 1,
            message: "no steps: expected `## Step title` headings".into(),
        });
    }
    let mut steps = parsed.steps;
    front::apply_schedule(&file, source, &front, &mut steps, &mut errors);
    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line, e.column));
        return Err(errors);
    }
    Ok(Runbook {
        path: path.to_path_buf(),
        title: title.unwrap_or_default(),
        project: front.project,
        namespaces: front.namespaces,
        repo: front.repo,
        github: front.github,
        duration: front.duration,
        steps,
    })
}

/// Reads and parses a runbook file; an unreadable file is one located error.
pub fn load(path: &Path) -> Result<Runbook, Vec<ConfigError>> {
    match std::fs::read_to_string(path) {
        Ok(source) => parse(path, &source),
        Err(e) => Err(vec![ConfigError {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: format!("cannot read the runbook: {e}"),
        }]),
    }
}

#[cfg(test)]
mod tests;
