//! The GitHub token: from `GH_TOKEN`, `GITHUB_TOKEN`, or `gh auth token` — and a type that
//! refuses to print it, so it cannot reach a log line, a panic message or the screen.

use std::fmt;
use std::process::Stdio;
use std::time::Duration;

#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(secret: impl Into<String>) -> Option<Token> {
        let s = secret.into().trim().to_string();
        (!s.is_empty()).then_some(Token(s))
    }

    /// The header value; the only way to read the secret.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where the token came from, for the status line ("token from GH_TOKEN").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    GhTokenEnv,
    GithubTokenEnv,
    GhCli,
}

impl TokenSource {
    pub fn describe(self) -> &'static str {
        match self {
            TokenSource::GhTokenEnv => "GH_TOKEN",
            TokenSource::GithubTokenEnv => "GITHUB_TOKEN",
            TokenSource::GhCli => "gh auth token",
        }
    }
}

/// `GH_TOKEN`, then `GITHUB_TOKEN`, then `gh auth token` (if gh is installed and logged in).
pub async fn discover() -> Option<(Token, TokenSource)> {
    for (var, source) in [
        ("GH_TOKEN", TokenSource::GhTokenEnv),
        ("GITHUB_TOKEN", TokenSource::GithubTokenEnv),
    ] {
        if let Some(token) = std::env::var(var).ok().and_then(Token::new) {
            return Some((token, source));
        }
    }
    let output = tokio::process::Command::new("gh")
        .args(["auth", "token"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(3), output)
        .await
        .ok()?
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Token::new(String::from_utf8_lossy(&output.stdout).to_string()).map(|t| (t, TokenSource::GhCli))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_never_prints() {
        let t = Token::new("ghp_supersecret").unwrap();
        assert_eq!(format!("{t:?} {t}"), "Token(***) ***");
        assert_eq!(t.authorization(), "Bearer ghp_supersecret");
        assert!(Token::new("  \n").is_none());
    }
}
