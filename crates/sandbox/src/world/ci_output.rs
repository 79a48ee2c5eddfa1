//! What a step prints, as timed lines (`Script`), and the pieces every `run:` step shares: the
//! runner's working directory and the `Run …` header.

use super::ci_log::{ENDGROUP, echo, group};

/// Where the runner checks the repository out.
pub const WORKDIR: &str = "/home/runner/work/app/app";

/// The workflow's `env:`, as the runner echoes it.
pub const IMAGE_ENV: &str = "  IMAGE: ghcr.io/showrunner-demo/backend";

/// What one step prints, with the pauses between lines.
#[derive(Debug, Default)]
pub struct Script {
    pub lines: Vec<(f64, String)>,
    pub(super) pending: f64,
}

impl Script {
    /// The next line comes `secs` later.
    pub fn wait(&mut self, secs: f64) -> &mut Self {
        self.pending += secs;
        self
    }

    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        // Lines printed together are still a fraction of a millisecond apart.
        self.lines.push((self.pending + 0.0004, text.into()));
        self.pending = 0.0;
        self
    }

    pub fn lines<S: Into<String>>(&mut self, texts: impl IntoIterator<Item = S>) -> &mut Self {
        for t in texts {
            self.line(t);
        }
        self
    }

    /// How a failed `run:` step ends.
    pub fn exit(&mut self, code: u8) -> &mut Self {
        self.line(format!("##[error]Process completed with exit code {code}."))
    }
}

/// `##[group]Run <first line>`, the script echoed in cyan, shell and env, end of group.
pub fn run_header(s: &mut Script, script: &[&str]) {
    s.line(group(&format!(
        "Run {}",
        script.first().copied().unwrap_or("")
    )));
    for l in script {
        s.line(echo(l));
    }
    s.lines([
        "shell: /usr/bin/bash -e {0}".to_string(),
        "env:".into(),
        IMAGE_ENV.into(),
        ENDGROUP.into(),
    ]);
}
