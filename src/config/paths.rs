//! XDG locations: config (keymap, user themes) and state (the app's own log file).

use std::path::PathBuf;

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "showrunner")
}

/// `$XDG_CONFIG_HOME/showrunner` (usually `~/.config/showrunner`).
pub fn config_dir() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().to_path_buf())
}

/// `$XDG_STATE_HOME/showrunner`, falling back to the data dir on platforms without a state dir.
pub fn state_dir() -> Option<PathBuf> {
    dirs().map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .to_path_buf()
    })
}

/// `$XDG_DATA_HOME/showrunner` (the sandbox keeps its kubeconfig and repository here).
pub fn data_dir() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().to_path_buf())
}
