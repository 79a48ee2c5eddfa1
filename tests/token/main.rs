//! The tests that change what is global to the process, in a binary of their own so it leaks
//! into no other test: that the GitHub token never reaches a log line installs the global
//! tracing subscriber and `log` bridge (tracing caches whether a call site is enabled when it
//! is first hit, so a concurrent test without a subscriber could switch the client's log line
//! off for the whole process); that a token inherited from showrunner's environment shows as
//! `***` in runbook command output sets `GH_TOKEN` for the process, and the process-wide mask
//! registry learns it.

mod github_token;
mod runbook_mask;

use std::sync::Once;

/// The process environment both tests run in, set once by whichever starts first. Each calls
/// this before anything else, so while the environment is written the other test's thread is
/// either waiting here or not started: nothing reads it meanwhile.
fn set_up_environment() {
    static ONCE: Once = Once::new();
    // SAFETY: see above; the test harness's own threads do not read the environment.
    ONCE.call_once(|| unsafe { std::env::set_var("GH_TOKEN", runbook_mask::SECRET) });
}
