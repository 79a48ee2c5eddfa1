//! The ways showrunner ends that are not `q`: a panic anywhere, and SIGTERM / SIGHUP / SIGINT
//! (a closed terminal window, `kill`, a supervisor). Each ends the process with the terminal
//! restored, every runbook process group killed and the temp files removed.

use std::time::Duration;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

use super::cleanup;

/// How long the orderly way out (event loop → drops → sandbox shutdown) may take after a
/// signal before the process ends anyway.
const SIGNAL_GRACE: Duration = Duration::from_secs(5);

/// Test-only: makes a background task panic this many milliseconds after the TUI starts, so the
/// end-to-end tests can prove that a panic off the main thread still ends the process.
pub const PANIC_ENV: &str = "SHOWRUNNER_DEBUG_PANIC_AFTER_MS";

/// Tokio catches a panic in a spawned task and the event loop would keep drawing over the
/// report that the panic hook printed on the restored screen. So, after the earlier hooks have
/// run (ratatui's restores the terminal, color-eyre's prints the report), clean up and exit
/// with Rust's panic status. Install before the terminal is taken: ratatui wraps this hook.
pub fn exit_on_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // First, before anything writes: with the terminal gone (SIGHUP) printing the report
        // can itself panic, and a panic inside this hook aborts before any cleanup.
        cleanup::run_now();
        report(info);
        tracing::error!("panic: {info}");
        std::process::exit(101);
    }));
}

/// Watches for the signals that mean "stop now"; the receiver sees the signal's number.
pub fn watch_signals() -> std::io::Result<watch::Receiver<Option<i32>>> {
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let mut int = signal(SignalKind::interrupt())?;
    let (tx, rx) = watch::channel(None);
    tokio::spawn(async move {
        let signo = tokio::select! {
            _ = term.recv() => libc::SIGTERM,
            _ = hup.recv() => libc::SIGHUP,
            _ = int.recv() => libc::SIGINT,
        };
        tracing::warn!(signal = signo, "signal received: quitting");
        // The runbook's processes go at once: the orderly way out writes to a terminal that
        // may be gone (a closed window), and whatever fails there must not spare them.
        cleanup::run_now();
        let _ = tx.send(Some(signo));
        // A teardown that hangs (a terminal gone with SIGHUP, a stuck shutdown) must not keep
        // the runbook's processes alive: a thread, so that a blocked runtime cannot stop it.
        std::thread::spawn(move || {
            std::thread::sleep(SIGNAL_GRACE);
            last_resort(signo);
        });
    });
    Ok(rx)
}

/// The exit status a shell reports for a process ended by `signo`.
pub fn signal_status(signo: i32) -> i32 {
    128 + signo
}

fn last_resort(signo: i32) -> ! {
    cleanup::run_now();
    ratatui::restore();
    std::process::exit(signal_status(signo));
}

/// See [`PANIC_ENV`].
pub fn spawn_requested_panic() {
    let Some(ms) = std::env::var(PANIC_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        panic!("a background task panicked ({PANIC_ENV} asked for it)");
    });
}
