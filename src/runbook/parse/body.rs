//! The Markdown body: `## ` headings start steps; prose becomes the speaker's notes; fenced
//! `sh`/`bash` blocks are commands and `showrunner` blocks hold built-in actions.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::builtins::{self, bad_duration, parse_duration};
use crate::config::ConfigError;
use crate::config::error::line_col;
use crate::runbook::model::{
    Block, BuiltinLine, CommandBlock, DEFAULT_COMMAND_TIMEOUT, Shell, Step,
};

pub struct Body {
    pub title: Option<String>,
    pub steps: Vec<Step>,
}

struct Walk<'a> {
    file: &'a str,
    source: &'a str,
    errors: &'a mut Vec<ConfigError>,
    title: Option<String>,
    steps: Vec<Step>,
    /// Text of the heading or paragraph being read.
    text: String,
    heading: Option<HeadingLevel>,
    list_depth: usize,
}

pub fn parse(file: &str, source: &str, start: usize, errors: &mut Vec<ConfigError>) -> Body {
    let mut walk = Walk {
        file,
        source,
        errors,
        title: None,
        steps: Vec::new(),
        text: String::new(),
        heading: None,
        list_depth: 0,
    };
    let body = &source[start..];
    let mut code: Option<(String, usize)> = None;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let at = start + range.start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                walk.flush_note();
                walk.heading = Some(level);
            }
            Event::End(TagEnd::Heading(level)) => {
                let text = std::mem::take(&mut walk.text).trim().to_string();
                walk.heading = None;
                match level {
                    HeadingLevel::H1 if walk.title.is_none() && walk.steps.is_empty() => {
                        walk.title = Some(text)
                    }
                    HeadingLevel::H2 => {
                        let (line, _) = line_col(source, at);
                        walk.steps.push(Step {
                            title: text,
                            line,
                            notes: Vec::new(),
                            blocks: Vec::new(),
                            fallback: Vec::new(),
                            schedule: None,
                        });
                    }
                    _ => walk.note(text),
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                walk.flush_note();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, at));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, fence)) = code.take() {
                    let content = std::mem::take(&mut walk.text);
                    walk.code_block(&info, fence, &content);
                }
            }
            Event::Start(Tag::Item) => {
                walk.flush_note();
                walk.text
                    .push_str(&"  ".repeat(walk.list_depth.saturating_sub(1)));
                walk.text.push_str("• ");
            }
            Event::Start(Tag::List(_)) => {
                walk.flush_note();
                walk.list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                walk.flush_note();
                walk.list_depth = walk.list_depth.saturating_sub(1);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                walk.flush_note()
            }
            Event::Text(t) | Event::Code(t) => walk.text.push_str(&t),
            // A soft break is just where the author wrapped the line: the pane re-wraps prose.
            Event::SoftBreak => walk.text.push(' '),
            Event::HardBreak => walk.text.push('\n'),
            _ => {}
        }
    }
    walk.flush_note();
    Body {
        title: walk.title,
        steps: walk.steps,
    }
}

impl Walk<'_> {
    fn note(&mut self, text: String) {
        if let Some(step) = self.steps.last_mut() {
            step.notes
                .extend(text.lines().map(|l| l.trim_end().to_string()));
        }
    }

    fn flush_note(&mut self) {
        if self.heading.is_some() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        let trimmed = text.trim();
        if !trimmed.is_empty() && trimmed != "•" {
            self.note(text.trim_end().to_string());
        }
    }

    fn error(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.errors.push(ConfigError {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        });
    }

    fn code_block(&mut self, info: &str, fence: usize, content: &str) {
        let (fence_line, fence_col) = line_col(self.source, fence);
        let mut words = info.split_whitespace();
        let language = words.next().unwrap_or("");
        let shell = match language {
            "sh" => Some(Shell::Sh),
            "bash" => Some(Shell::Bash),
            "showrunner" => None,
            _ if !self.steps.is_empty() && looks_runnable(language) => {
                // A presenter who wrote ```shell or ```showruner expects it to run on stage.
                self.error(
                    fence_line,
                    fence_col + 3,
                    format!(
                        "```{language} blocks are not run: expected sh, bash or showrunner (or text to show it as a note)"
                    ),
                );
                return;
            }
            _ => {
                // Any other block (yaml, json, text…) is shown with the notes, never run.
                self.note(content.trim_end().to_string());
                return;
            }
        };
        if self.steps.is_empty() {
            self.error(
                fence_line,
                fence_col,
                format!(
                    "```{language} block before the first step: put it under a `## Step` heading"
                ),
            );
            return;
        }
        let info_col = |word: &str| fence_col + 3 + info.find(word).unwrap_or(0);
        let mut fallback = false;
        let mut timeout = DEFAULT_COMMAND_TIMEOUT;
        for word in words {
            match word.split_once('=') {
                None if word == "fallback" => fallback = true,
                Some(("timeout", v)) if shell.is_some() => match parse_duration(v) {
                    Some(d) => timeout = d,
                    None => self.error(
                        fence_line,
                        info_col(word) + "timeout=".len(),
                        bad_duration(v, "timeout"),
                    ),
                },
                _ => {
                    let expected = if shell.is_some() {
                        "timeout=DURATION or fallback"
                    } else {
                        "fallback"
                    };
                    self.error(
                        fence_line,
                        info_col(word),
                        format!("unknown option `{word}` for ```{language}: expected {expected}"),
                    );
                }
            }
        }
        let block = match shell {
            Some(shell) => {
                if content.trim().is_empty() {
                    self.error(
                        fence_line,
                        fence_col,
                        format!("empty ```{language} block: expected a command"),
                    );
                    return;
                }
                Block::Command(CommandBlock {
                    shell,
                    script: content.to_string(),
                    timeout,
                    line: fence_line,
                })
            }
            None => Block::Builtins(self.action_lines(fence_line, content)),
        };
        let step = self.steps.last_mut().expect("a step exists");
        if fallback {
            step.fallback.push(block)
        } else {
            step.blocks.push(block)
        }
    }

    fn action_lines(&mut self, fence_line: usize, content: &str) -> Vec<BuiltinLine> {
        let mut lines = Vec::new();
        for (i, raw) in content.lines().enumerate() {
            let text = raw.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let line = fence_line + 1 + i;
            // Columns count from the file's line, which may be indented (a fence in a list).
            let file_line = self.source.lines().nth(line - 1).unwrap_or(raw);
            let indent = file_line
                .find(text)
                .map_or(0, |b| file_line[..b].chars().count());
            match builtins::parse_line(text) {
                Ok(builtin) => lines.push(BuiltinLine {
                    builtin,
                    line,
                    source: text.to_string(),
                }),
                Err(errors) => {
                    for e in errors {
                        self.error(line, indent + e.column + 1, e.message);
                    }
                }
            }
        }
        lines
    }
}

/// Fence languages that read as "run this": other shells' names and near-misses of ours.
fn looks_runnable(language: &str) -> bool {
    const SHELLS: [&str; 8] = [
        "shell",
        "zsh",
        "fish",
        "console",
        "shell-session",
        "sh-session",
        "bsh",
        "bahs",
    ];
    SHELLS.contains(&language)
        || (language.len() > 6 && differs_by_at_most_two(language, "showrunner"))
}

/// A cheap edit distance bound (Levenshtein ≤ 2) for catching typos of a long word.
fn differs_by_at_most_two(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()] <= 2
}
