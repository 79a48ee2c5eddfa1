//! A ceiling on the length of one line of output (pod logs, runbook commands). A program that
//! prints a megabyte without a newline would otherwise be held, searched and wrapped whole on
//! every frame; the cut says how much was dropped so nobody mistakes it for the real line.

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
}
