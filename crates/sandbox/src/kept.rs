//! A sandbox kept running between two runs of the TUI (`showrunner --keep`): `showrunner
//! sandbox` writes where it listens to `<data_dir>/sandbox.json`, and a later `--keep` start
//! attaches to it instead of building the world afresh, so a restart mid-talk loses nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptInfo {
    pub pid: u32,
    /// `http://127.0.0.1:PORT` of the Kubernetes API.
    pub api: String,
    pub github: String,
    pub repo: PathBuf,
    pub kubeconfig: PathBuf,
}

pub fn info_path(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox.json")
}

pub fn write(data_dir: &Path, info: &KeptInfo) -> std::io::Result<()> {
    let path = info_path(data_dir);
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(info)?)?;
    std::fs::rename(tmp, path)
}

/// The sandbox recorded in `data_dir`, if its process still runs.
pub fn running(data_dir: &Path) -> Option<KeptInfo> {
    let text = std::fs::read_to_string(info_path(data_dir)).ok()?;
    let info: KeptInfo = serde_json::from_str(&text).ok()?;
    alive(info.pid).then_some(info)
}

pub fn alive(pid: u32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists.
    pid > 0 && unsafe { libc::kill(pid as i32, 0) } == 0
}

/// Removes the record, if it is this process's.
pub fn forget(data_dir: &Path) {
    let path = info_path(data_dir);
    let ours = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str::<KeptInfo>(&t).ok())
        .is_some_and(|i| i.pid == std::process::id());
    if ours {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_counts_only_while_its_process_runs() {
        let dir = tempfile::tempdir().unwrap();
        let mut info = KeptInfo {
            pid: std::process::id(),
            api: "http://127.0.0.1:1".into(),
            github: "http://127.0.0.1:2".into(),
            repo: dir.path().join("repo"),
            kubeconfig: dir.path().join("kubeconfig"),
        };
        write(dir.path(), &info).unwrap();
        assert_eq!(running(dir.path()), Some(info.clone()));
        forget(dir.path());
        assert_eq!(running(dir.path()), None, "forgotten by its own process");
        info.pid = u32::MAX / 2;
        write(dir.path(), &info).unwrap();
        assert_eq!(running(dir.path()), None, "a process that is gone");
    }
}
