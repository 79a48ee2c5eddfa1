//! One error shape for every file a user edits: `file:line:col: what was expected`.

use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// An error at a byte offset of `source`; line and column are 1-based, columns count chars.
    pub fn at_offset(file: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(source, offset);
        Self {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn at_span(
        file: &str,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::at_offset(file, source, span.start, message)
    }

    /// Converts a TOML syntax or shape error, keeping its position and dropping the toml crate's
    /// multi-line source excerpt so the message fits one status line.
    pub fn from_toml(file: &str, source: &str, err: &toml::de::Error) -> Self {
        let offset = err.span().map(|s| s.start).unwrap_or(0);
        Self::at_offset(
            file,
            source,
            offset,
            err.message().trim().replace('\n', " "),
        )
    }
}

pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_one_based_line_and_column() {
        let src = "a = 1\nbb = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        assert_eq!(line_col(src, 11), (2, 6));
        assert_eq!(line_col(src, 999), (3, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("é = x", 3), (1, 3));
    }

    #[test]
    fn displays_as_file_line_col() {
        let e = ConfigError::at_offset("k.toml", "x\ny", 2, "expected a key");
        assert_eq!(e.to_string(), "k.toml:2:1: expected a key");
    }
}
