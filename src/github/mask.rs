//! Secrets masked the way GitHub Actions masks them: their value replaced with `***` wherever
//! it would be shown. Runbook commands inherit showrunner's environment, so `env` or `set -x`
//! in a runbook would otherwise print a token on the presenter's screen; the log file gets the
//! same treatment. A process-wide registry, because the secrets are found at start-up and the
//! places that print are far apart.

use std::borrow::Cow;
use std::sync::RwLock;

/// The environment variables gh and the GitHub SDKs read tokens from.
pub const TOKEN_VARS: [&str; 4] = [
    "GH_TOKEN",
    "GITHUB_TOKEN",
    "GH_ENTERPRISE_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
];

/// Shorter values would mask ordinary words; real tokens are 40 characters or more.
const MIN_LEN: usize = 8;

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// From now on `mask` hides `secret`.
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.len() < MIN_LEN {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_string());
        // Longest first, so a secret that contains another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// Registers the value of every token variable in showrunner's own environment, which each
/// runbook command inherits.
pub fn register_inherited_env() {
    for var in TOKEN_VARS {
        if let Ok(value) = std::env::var(var) {
            register(&value);
        }
    }
}

/// `text` with every registered secret replaced by `***`.
pub fn mask(text: &str) -> Cow<'_, str> {
    let secrets = SECRETS.read().unwrap_or_else(|e| e.into_inner());
    let mut out = Cow::Borrowed(text);
    for secret in secrets.iter() {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), "***"));
        }
    }
    out
}

/// A writer that masks what passes through it (for the log file and stderr).
pub struct Masking<W>(pub W);

impl<W: std::io::Write> std::io::Write for Masking<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // tracing writes one formatted event per call, so a secret is never split across calls.
        match std::str::from_utf8(buf) {
            Ok(text) => self.0.write_all(mask(text).as_bytes())?,
            Err(_) => self.0.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_become_stars_wherever_they_appear() {
        register("ghp_MaskMeToken0123456789");
        register("short");
        assert_eq!(
            mask("GH_TOKEN=ghp_MaskMeToken0123456789 and again ghp_MaskMeToken0123456789"),
            "GH_TOKEN=*** and again ***"
        );
        assert!(matches!(mask("nothing secret"), Cow::Borrowed(_)));
        assert_eq!(mask("short"), "short", "too short to be a token");
        let mut out = Masking(Vec::new());
        std::io::Write::write_all(&mut out, b"token ghp_MaskMeToken0123456789\n").unwrap();
        assert_eq!(out.0, b"token ***\n");
    }
}
