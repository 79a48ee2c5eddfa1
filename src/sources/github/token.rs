//! The GitHub token, for the host the API is on: github.com's from `GH_TOKEN`, `GITHUB_TOKEN` or
//! `gh auth token --hostname github.com`; a GitHub Enterprise host's from `GH_ENTERPRISE_TOKEN`,
//! `GITHUB_ENTERPRISE_TOKEN` or `gh auth token --hostname HOST` (as gh itself does: a github.com
//! token is never sent to another host). And a type that refuses to print it, so it cannot reach
//! a log line, a panic message or the screen; its value is also masked in command output.

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

/// Whether a token may be sent to `api_url`: over https, or over plain http only to loopback
/// (the sandbox, a local proxy), where it never leaves the machine to be read on the way.
pub fn may_send_to(api_url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(api_url) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match url.scheme() {
        "https" => true,
        "http" => {
            host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        _ => false,
    }
}

/// Where the token came from, for the status line ("token from GH_TOKEN").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    GhTokenEnv,
    GithubTokenEnv,
    GhEnterpriseTokenEnv,
    GithubEnterpriseTokenEnv,
    GhCli,
}

impl TokenSource {
    pub fn describe(self) -> &'static str {
        match self {
            TokenSource::GhTokenEnv => "GH_TOKEN",
            TokenSource::GithubTokenEnv => "GITHUB_TOKEN",
            TokenSource::GhEnterpriseTokenEnv => "GH_ENTERPRISE_TOKEN",
            TokenSource::GithubEnterpriseTokenEnv => "GITHUB_ENTERPRISE_TOKEN",
            TokenSource::GhCli => "gh auth token",
        }
    }
}

/// Where to look for the token of the API at `api_url`: environment variables in order, then
/// the host to ask `gh auth token --hostname` about.
pub fn sources_for(api_url: &str) -> (&'static [(&'static str, TokenSource)], String) {
    let host = reqwest::Url::parse(api_url)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_ascii_lowercase();
            Some(match u.port() {
                Some(port) => format!("{host}:{port}"),
                None => host,
            })
        })
        .unwrap_or_default();
    if host == "api.github.com" || host == "github.com" {
        const DOTCOM: &[(&str, TokenSource)] = &[
            ("GH_TOKEN", TokenSource::GhTokenEnv),
            ("GITHUB_TOKEN", TokenSource::GithubTokenEnv),
        ];
        return (DOTCOM, "github.com".into());
    }
    const ENTERPRISE: &[(&str, TokenSource)] = &[
        ("GH_ENTERPRISE_TOKEN", TokenSource::GhEnterpriseTokenEnv),
        (
            "GITHUB_ENTERPRISE_TOKEN",
            TokenSource::GithubEnterpriseTokenEnv,
        ),
    ];
    (ENTERPRISE, host)
}

/// The token for the API at `api_url`, if the environment or gh has one for that host. Every
/// token variable's value is registered for masking, used or not: commands inherit them.
pub async fn discover(api_url: &str) -> Option<(Token, TokenSource)> {
    crate::github::mask::register_inherited_env();
    let (vars, host) = sources_for(api_url);
    for (var, source) in vars {
        if let Some(token) = std::env::var(var).ok().and_then(Token::new) {
            return Some((token, *source));
        }
    }
    if host.is_empty() {
        return None;
    }
    let output = tokio::process::Command::new("gh")
        .args(["auth", "token", "--hostname", &host])
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
    let token = Token::new(String::from_utf8_lossy(&output.stdout).to_string())?;
    crate::github::mask::register(&token.0);
    Some((token, TokenSource::GhCli))
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

    #[test]
    fn plain_http_carries_a_token_only_to_loopback() {
        assert!(may_send_to("https://ghe.example.com/api/v3"));
        assert!(may_send_to("http://127.0.0.1:8123"));
        assert!(may_send_to("http://localhost:8123"));
        assert!(may_send_to("http://[::1]:8123"));
        assert!(!may_send_to("http://ghe.example.com/api/v3"));
        assert!(!may_send_to("http://10.0.0.5"));
        assert!(!may_send_to("not a url"));
    }

    #[test]
    fn a_github_com_token_is_looked_for_only_for_github_com() {
        let (vars, host) = sources_for("https://api.github.com");
        assert_eq!(host, "github.com");
        assert_eq!(vars[0].0, "GH_TOKEN");
        assert_eq!(vars[1].0, "GITHUB_TOKEN");
        let (vars, host) = sources_for("https://ghe.example.com/api/v3");
        assert_eq!(host, "ghe.example.com");
        assert_eq!(
            vars.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
            ["GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"]
        );
        assert_eq!(sources_for("http://127.0.0.1:8123").1, "127.0.0.1:8123");
    }
}
