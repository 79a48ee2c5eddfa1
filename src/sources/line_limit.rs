//! A ceiling on the length of one line of output (pod logs, runbook commands). A program that
//! prints a megabyte without a newline would otherwise be held, searched and wrapped whole on
//! every frame; the cut says how much was dropped so nobody mistakes it for the real line.

use futures::io::{AsyncBufRead, AsyncBufReadExt};

/// Bytes of a line that are kept; more than any screen shows, even wrapped.
pub const MAX_LINE_BYTES: usize = 8 * 1024;

/// `line` unchanged when short enough; otherwise its first `MAX_LINE_BYTES` (on a char
/// boundary) and a note of how many bytes were cut.
pub fn cut(line: String) -> String {
    cut_at(line, MAX_LINE_BYTES)
}

/// Like `cut`, with `dropped` more bytes known to be lost already (read but not kept).
pub fn cut_noting(line: String, dropped: usize) -> String {
    let line = cut_at(line, MAX_LINE_BYTES);
    if dropped == 0 {
        return line;
    }
    format!("{line} … [line cut: {dropped} more bytes]")
}

fn cut_at(mut line: String, max: usize) -> String {
    if line.len() <= max {
        return line;
    }
    let mut at = max;
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let dropped = line.len() - at;
    line.truncate(at);
    line.push_str(&format!(" … [line cut: {dropped} more bytes]"));
    line
}

/// Reads up to and including the next newline into `buf`, keeping at most `MAX_LINE_BYTES`
/// of it: the rest of an overlong line is read and counted in `dropped`, never held. Like
/// `read_until`, progress survives the future being dropped at its await point.
pub async fn read_bounded_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    dropped: &mut usize,
) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let chunk = reader.fill_buf().await?;
        if chunk.is_empty() {
            return Ok(total);
        }
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let keep = take.min(MAX_LINE_BYTES.saturating_sub(buf.len()));
        buf.extend_from_slice(&chunk[..keep]);
        // The newline itself is not part of what was cut.
        *dropped += (take - keep).saturating_sub(usize::from(done && keep < take));
        reader.consume_unpin(take);
        total += take;
        if done {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_on_a_char_boundary_and_say_so() {
        assert_eq!(cut("short".into()), "short");
        let long = "é".repeat(MAX_LINE_BYTES);
        let out = cut(long.clone());
        assert!(out.len() < MAX_LINE_BYTES + 64);
        assert!(out.ends_with(&format!(" … [line cut: {} more bytes]", MAX_LINE_BYTES)));
        assert!(long.starts_with(out.split(" … ").next().unwrap()));
        assert_eq!(cut_noting("x".into(), 10), "x … [line cut: 10 more bytes]");
    }

    #[test]
    fn an_overlong_line_is_read_but_not_held() {
        let long = format!("{}\nnext\n", "x".repeat(MAX_LINE_BYTES * 3));
        let mut reader = futures::io::Cursor::new(long.into_bytes());
        let (mut buf, mut dropped) = (Vec::new(), 0);
        let n = futures::executor::block_on(read_bounded_line(&mut reader, &mut buf, &mut dropped))
            .unwrap();
        assert_eq!(n, MAX_LINE_BYTES * 3 + 1);
        assert_eq!(buf.len(), MAX_LINE_BYTES);
        assert_eq!(dropped, MAX_LINE_BYTES * 2);
        let (mut buf, mut dropped) = (Vec::new(), 0);
        futures::executor::block_on(read_bounded_line(&mut reader, &mut buf, &mut dropped))
            .unwrap();
        assert_eq!((buf.as_slice(), dropped), (&b"next\n"[..], 0));
    }
}
