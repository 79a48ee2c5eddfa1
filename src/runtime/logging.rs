//! The app's own log: `tracing` events go to the in-app log pane (tui-logger) and to a file in
//! the XDG state dir. Nothing is ever written to the terminal while the TUI owns it. A token's
//! value is masked (`***`) in the file and on stderr.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

use crate::github::mask::Masking;
use log_file::RotatingFile;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

mod log_file;

/// Libraries are kept at info/warn: kube and hyper debug output is noisy, and request-level
/// logging is where credentials could otherwise slip into a log line.
const DEFAULT_FILTER: &str = "info,showrunner=debug,kube=info,kube_client=info,hyper=warn,hyper_util=warn,tower=warn,rustls=warn";

/// Installs the global subscriber; returns the log file path when one could be opened.
pub fn init_tui_logging(state_dir: Option<&Path>) -> Option<PathBuf> {
    tui_logger::set_default_level(tui_logger::LevelFilter::Debug);
    let file = state_dir.and_then(open_log_file);
    let path = file.as_ref().map(|f| f.path().to_path_buf());
    let filter = EnvFilter::try_from_env("SHOWRUNNER_LOG")
        .unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let file_layer = file.map(|f| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(Mutex::new(Masking(f)))
    });
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(tui_logger::TuiTracingSubscriberLayer)
        .with(file_layer)
        .try_init();
    path
}

/// For `showrunner sandbox` and other non-TUI commands: plain log lines on stderr.
pub fn init_stderr_logging() {
    let filter = EnvFilter::try_from_env("SHOWRUNNER_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,hyper=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| Masking(std::io::stderr()))
        .try_init();
}

fn open_log_file(dir: &Path) -> Option<RotatingFile> {
    std::fs::create_dir_all(dir).ok()?;
    RotatingFile::open(&dir.join("showrunner.log")).ok()
}
