//! An asciinema v2 recording of what a pseudo-terminal showed: a JSON header line, then one
//! `[seconds, "o", text]` line per chunk of output, written as it arrives — the format
//! `asciinema play` and the asciinema web player read. `assets/demo.cast` is made this way
//! from the talk's end-to-end test (`scripts/record-demo.sh`), never edited by hand.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

pub struct CastWriter {
    out: BufWriter<File>,
    started: Instant,
    /// The start of a UTF-8 character the last chunk cut in two; it is written with the next.
    pending: Vec<u8>,
}

impl CastWriter {
    pub fn create(path: &Path, cols: u16, rows: u16, title: &str) -> std::io::Result<CastWriter> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut out = BufWriter::new(File::create(path)?);
        let header = serde_json::json!({
            "version": 2,
            "width": cols,
            "height": rows,
            "title": title,
            "env": { "TERM": "xterm-256color" },
        });
        writeln!(out, "{header}")?;
        Ok(CastWriter {
            out,
            started: Instant::now(),
            pending: Vec::new(),
        })
    }

    /// Records one chunk of terminal output at the time it arrived.
    pub fn output(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.pending.extend_from_slice(bytes);
        let text = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.to_owned(),
            Err(error) if error.error_len().is_none() => {
                // An incomplete character at the end: keep its bytes for the next chunk.
                let whole = error.valid_up_to();
                let text = String::from_utf8_lossy(&self.pending[..whole]).into_owned();
                self.pending.drain(..whole);
                self.write_event(&text)?;
                return Ok(());
            }
            Err(_) => String::from_utf8_lossy(&self.pending).into_owned(),
        };
        self.pending.clear();
        self.write_event(&text)
    }

    fn write_event(&mut self, text: &str) -> std::io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let at = self.started.elapsed().as_secs_f64();
        let event = serde_json::json!([(at * 1000.0).round() / 1000.0, "o", text]);
        writeln!(self.out, "{event}")?;
        // Flushed per chunk so a recording cut short (a failing test) is still playable.
        self.out.flush()
    }
}

/// A cast read back: its size and the output events in order.
pub struct Cast {
    pub cols: u16,
    pub rows: u16,
    pub title: String,
    pub events: Vec<(f64, String)>,
}

impl Cast {
    /// Parses a cast, failing with the line number of anything that is not asciinema v2.
    pub fn read(path: &Path) -> Result<Cast, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines().enumerate();
        let (_, header) = lines.next().ok_or("empty cast")?;
        let header: serde_json::Value =
            serde_json::from_str(header).map_err(|e| format!("line 1: {e}"))?;
        if header["version"] != 2 {
            return Err(format!("line 1: version {} is not 2", header["version"]));
        }
        let size = |key: &str| {
            header[key]
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .ok_or(format!("line 1: no {key}"))
        };
        let mut cast = Cast {
            cols: size("width")?,
            rows: size("height")?,
            title: header["title"].as_str().unwrap_or_default().to_owned(),
            events: Vec::new(),
        };
        let mut last = 0.0;
        for (index, line) in lines {
            let n = index + 1;
            let event: (f64, String, String) =
                serde_json::from_str(line).map_err(|e| format!("line {n}: {e}"))?;
            if event.1 != "o" {
                return Err(format!("line {n}: event type {:?} is not \"o\"", event.1));
            }
            if event.0 < last {
                return Err(format!("line {n}: time goes backwards"));
            }
            last = event.0;
            cast.events.push((event.0, event.2));
        }
        Ok(cast)
    }

    /// The screen a player shows at the end of the recording.
    pub fn final_screen(&self) -> String {
        let mut parser = vt100::Parser::new(self.rows, self.cols, 0);
        for (_, text) in &self.events {
            parser.process(text.as_bytes());
        }
        parser.screen().contents()
    }

    /// The app's last screen before it left the alternate screen (a player's final frame is
    /// the shell the app handed back).
    pub fn last_app_screen(&self) -> String {
        let mut parser = vt100::Parser::new(self.rows, self.cols, 0);
        let mut last = String::new();
        for (_, text) in &self.events {
            parser.process(text.as_bytes());
            if parser.screen().alternate_screen() {
                last = parser.screen().contents();
            }
        }
        last
    }

    pub fn duration(&self) -> f64 {
        self.events.last().map(|(at, _)| *at).unwrap_or(0.0)
    }
}
