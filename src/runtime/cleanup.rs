//! What must not outlive showrunner however it ends — runbook process groups and temp files —
//! kept in one process-wide list, so a panic hook or a signal handler can clean up without
//! reaching into the event loop's state (which may be the thing that panicked).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

#[derive(Default)]
struct Leftovers {
    groups: BTreeSet<i32>,
    files: BTreeSet<PathBuf>,
}

static LEFTOVERS: Mutex<Leftovers> = Mutex::new(Leftovers {
    groups: BTreeSet::new(),
    files: BTreeSet::new(),
});

/// A panic while the list was held must not stop the cleanup that the panic calls for.
fn lock() -> MutexGuard<'static, Leftovers> {
    LEFTOVERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn track_group(pgid: i32) {
    if pgid > 0 {
        lock().groups.insert(pgid);
    }
}

/// Called once a group is known to be gone: its id may then belong to someone else.
pub fn forget_group(pgid: i32) {
    lock().groups.remove(&pgid);
}

pub fn track_file(path: PathBuf) {
    lock().files.insert(path);
}

pub fn forget_file(path: &std::path::Path) {
    lock().files.remove(path);
}

/// The process groups still running, for tests and the log.
pub fn live_groups() -> Vec<i32> {
    lock().groups.iter().copied().collect()
}

/// SIGKILL to every tracked group and removal of every tracked file. Safe to call from a panic
/// hook or on a signal: it only sends signals and unlinks, and skips the list if this very
/// thread panicked while holding it.
pub fn run_now() {
    let mut leftovers = None;
    // Another thread holds the list only for an insert or a removal: wait for it, briefly.
    for _ in 0..200 {
        match LEFTOVERS.try_lock() {
            Ok(guard) => leftovers = Some(guard),
            Err(std::sync::TryLockError::Poisoned(p)) => leftovers = Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(1));
                continue;
            }
        }
        break;
    }
    let Some(mut leftovers) = leftovers else {
        return;
    };
    for pgid in std::mem::take(&mut leftovers.groups) {
        // SAFETY: killpg only sends a signal; a group that is already gone fails with ESRCH.
        unsafe {
            libc::killpg(pgid, libc::SIGKILL);
        }
    }
    for path in std::mem::take(&mut leftovers.files) {
        let _ = std::fs::remove_file(path);
    }
}
