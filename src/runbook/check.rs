//! `showrunner check FILE…`: validates runbooks without running anything.

use std::io::Write;
use std::path::PathBuf;

/// Prints every problem as `file:line:col: message`, or `file: ok (…)`; returns the exit code.
pub fn run(files: &[PathBuf], out: &mut impl Write) -> i32 {
    let mut failed = false;
    for file in files {
        match super::load(file) {
            Ok(rb) => {
                let scheduled = rb.steps.iter().filter(|s| s.schedule.is_some()).count();
                let schedule = if scheduled > 0 {
                    format!(", schedule covers {scheduled}")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{}: ok ({}{schedule})",
                    file.display(),
                    crate::ui::format::count(rb.steps.len(), "step")
                );
            }
            Err(errors) => {
                failed = true;
                for e in errors {
                    let _ = writeln!(out, "{e}");
                }
            }
        }
    }
    i32::from(failed)
}
