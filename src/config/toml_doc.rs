//! A TOML file read for reporting, not for serde: every key and value keeps its span and values
//! are checked one by one, so each mistake gets its own `file:line:col` and the valid entries
//! around it still count. After a syntax error the parser's guesses cascade (one missing `]`
//! makes five errors and can swallow the next key into a list), so only the first syntax error
//! is reported and only the entries written before it are used.

use std::ops::Range;

use toml::Spanned;
pub use toml::de::{DeTable, DeValue};

use super::ConfigError;
use super::error::line_col;

/// A user file being read: where errors point.
pub struct Doc<'a> {
    pub file: &'a str,
    pub src: &'a str,
    /// Byte offset of the first syntax error: nothing from there on is trusted.
    cutoff: usize,
}

type Entry<'t, 'a> = (
    &'t Spanned<toml::de::DeString<'a>>,
    &'t Spanned<DeValue<'a>>,
);

impl<'a> Doc<'a> {
    /// The document's top table and the reader for it; a syntax error becomes one problem.
    pub fn parse(
        file: &'a str,
        src: &'a str,
        problems: &mut Vec<ConfigError>,
    ) -> (Doc<'a>, DeTable<'a>) {
        let (table, errors) = DeTable::parse_recoverable(src);
        let first = errors
            .iter()
            .min_by_key(|e| e.span().map_or(0, |s| s.start));
        let cutoff = match first {
            Some(e) => {
                let error = ConfigError::from_toml(file, src, e);
                problems.push(ConfigError {
                    message: format!("{}; the file is read up to this point only", error.message),
                    ..error
                });
                e.span().map_or(0, |s| s.start)
            }
            None => usize::MAX,
        };
        (Doc { file, src, cutoff }, table.into_inner())
    }

    /// A table's entries in the order they appear in the file (the table itself is sorted by
    /// key), leaving out what comes after a syntax error. Tables are kept to be looked into.
    pub fn entries<'t>(&self, table: &'t DeTable<'a>) -> Vec<Entry<'t, 'a>> {
        let mut entries: Vec<Entry<'t, 'a>> = table
            .iter()
            .filter(|(k, v)| {
                k.span().start < self.cutoff
                    && (matches!(v.get_ref(), DeValue::Table(_)) || v.span().end <= self.cutoff)
            })
            .collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        entries
    }

    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError::at_span(self.file, self.src, span, message)
    }

    /// 1-based line and column of a span, for "where this setting came from".
    pub fn position(&self, span: Range<usize>) -> (usize, usize) {
        line_col(self.src, span.start)
    }

    /// A string value, or an error naming the key and what it got instead.
    pub fn string<'v>(
        &self,
        key: &str,
        value: &'v Spanned<DeValue<'a>>,
        problems: &mut Vec<ConfigError>,
    ) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                problems.push(self.error(
                    value.span(),
                    format!("`{key}` must be a string, not {}", kind(other)),
                ));
                None
            }
        }
    }
}

/// "an integer", "a table"…: what the user wrote, in words.
pub fn kind(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
