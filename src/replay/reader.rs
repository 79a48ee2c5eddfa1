//! Reading a recording back: every line checked, every problem reported as `file:line:col`
//! at once. A last line cut short (the app died mid-write) is dropped with a note, not an
//! error: that is the crash the format is there to survive.

use std::path::Path;

use super::record::{FORMAT, Header, Line};

#[derive(Debug)]
pub struct Recording {
    pub header: Header,
    /// Everything after the header, in the order it was written.
    pub lines: Vec<Line>,
    /// Said to the presenter on start (a cut-short last line).
    pub notes: Vec<String>,
}

pub fn read(path: &Path) -> Result<Recording, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
    parse(&path.display().to_string(), &text)
}

pub fn parse(file: &str, text: &str) -> Result<Recording, Vec<String>> {
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let mut header = None;
    let mut lines = Vec::new();
    let cut_short = !text.is_empty() && !text.ends_with('\n');
    let all: Vec<&str> = text.lines().collect();
    for (index, raw) in all.iter().enumerate() {
        let number = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let line = match serde_json::from_str::<Line>(raw) {
            Ok(line) => line,
            Err(_) if cut_short && number == all.len() => {
                notes.push(format!(
                    "{file}:{number}: the last line was cut short (the recording stopped \
                     mid-write); replaying up to the line before"
                ));
                continue;
            }
            Err(e) => {
                errors.push(format!("{file}:{number}:{}: {e}", e.column()));
                continue;
            }
        };
        match (line, &header) {
            (Line::Header(h), None) if number == 1 => {
                if h.format != FORMAT {
                    errors.push(format!(
                        "{file}:1:1: recording format {} is not the one this showrunner reads ({FORMAT})",
                        h.format
                    ));
                }
                header = Some(h);
            }
            (Line::Header(_), _) => errors.push(format!("{file}:{number}:1: a second header line")),
            (_, None) if number == 1 => errors.push(format!(
                "{file}:1:1: expected the recording's header (is this a showrunner recording?)"
            )),
            (line, _) => lines.push(line),
        }
    }
    if text.trim().is_empty() {
        errors.push(format!("{file}:1:1: the recording is empty"));
    }
    match header {
        Some(header) if errors.is_empty() => Ok(Recording {
            header,
            lines,
            notes,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = r#"{"header":{"format":1,"started":"2026-12-01T10:00:00Z","context":"sandbox","namespaces":["dev"],"project":null,"ci_source":{"Err":"none"},"runbook":null}}"#;

    #[test]
    fn a_cut_short_last_line_is_dropped_with_a_note() {
        let text = format!(
            "{HEADER}\n{}\n{{\"event\":{{\"ms\":12",
            r#"{"event":{"ms":5,"step":null,"what":{"tick":"2026-12-01T10:00:01Z"}}}"#
        );
        let rec = parse("talk.rec", &text).unwrap();
        assert_eq!(rec.lines.len(), 1);
        assert!(rec.notes[0].starts_with("talk.rec:3:"), "{:?}", rec.notes);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_place() {
        let text = format!("{HEADER}\n{{\"event\":1}}\nnot json\n{HEADER}\n");
        let errors = parse("talk.rec", &text).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("talk.rec:2:"), "{errors:?}");
        assert!(errors[1].starts_with("talk.rec:3:1:"), "{errors:?}");
        assert_eq!(errors[2], "talk.rec:4:1: a second header line");
    }

    #[test]
    fn a_file_that_is_not_a_recording_says_so() {
        let errors = parse(
            "notes.txt",
            "{\"event\":{\"ms\":1,\"step\":null,\"what\":{\"tick\":\"2026-12-01T10:00:01Z\"}}}\n",
        )
        .unwrap_err();
        assert!(
            errors[0].contains("expected the recording's header"),
            "{errors:?}"
        );
    }
}
