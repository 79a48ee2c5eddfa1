//! API errors in words a person can act on. Never includes request headers, so a bearer token
//! cannot leak through an error message.

use std::error::Error as StdError;

use kube::core::Status;
use kube::runtime::watcher;

pub fn describe_watcher_error(e: &watcher::Error) -> String {
    match e {
        watcher::Error::InitialListFailed(e)
        | watcher::Error::WatchStartFailed(e)
        | watcher::Error::WatchFailed(e) => describe(e),
        watcher::Error::WatchError(status) => describe_status(status),
        other => other.to_string(),
    }
}

pub fn describe(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(status) => describe_status(status),
        kube::Error::Auth(e) => format!("authentication failed: {e}"),
        kube::Error::ReadEvents(e) => format!("connection to the API server lost: {e}"),
        other => describe_transport(other).unwrap_or_else(|| other.to_string()),
    }
}

/// Connection-level failures, found anywhere in the error's source chain.
fn describe_transport(e: &(dyn StdError + 'static)) -> Option<String> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            return Some(match io.kind() {
                ConnectionRefused => "cannot reach the API server (connection refused)".into(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
                    "connection to the API server lost".into()
                }
                TimedOut => "the API server did not answer in time (timeout)".into(),
                _ => format!("cannot reach the API server ({io})"),
            });
        }
        let text = err.to_string();
        if text.contains("timed out") || text.contains("deadline has elapsed") {
            return Some("the API server did not answer in time (timeout)".into());
        }
        current = err.source();
    }
    None
}

pub fn describe_status(s: &Status) -> String {
    let message = if s.message.is_empty() {
        s.reason.clone()
    } else {
        s.message.clone()
    };
    match s.code {
        401 => "unauthorized (401): the credentials are missing or expired".into(),
        403 => format!("forbidden (403): {message}"),
        404 => format!("not found (404): {message}"),
        409 => format!("conflict (409): {message}"),
        410 => "expired (410): the resource version is too old; listing again".into(),
        422 => format!("invalid (422): {message}"),
        429 => format!("rate limited by the API server (429): {message}"),
        code if code >= 500 => format!("API server error ({code}): {message}"),
        0 => message,
        code => format!("{message} ({code})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, message: &str) -> Status {
        Status {
            code,
            message: message.into(),
            reason: "Forbidden".into(),
            ..Default::default()
        }
    }

    #[test]
    fn statuses_read_as_words_with_their_code() {
        let msg =
            "pods is forbidden: User \"x\" cannot list resource \"pods\" in the namespace \"prod\"";
        assert_eq!(
            describe_status(&status(403, msg)),
            format!("forbidden (403): {msg}")
        );
        assert!(describe_status(&status(401, "")).contains("credentials"));
        assert!(describe_status(&status(410, "too old")).contains("listing again"));
        assert!(describe_status(&status(429, "slow down")).starts_with("rate limited"));
        assert_eq!(
            describe_status(&status(503, "unavailable")),
            "API server error (503): unavailable"
        );
    }

    #[test]
    fn connection_refused_is_found_in_the_source_chain() {
        #[derive(Debug)]
        struct Wrapper(std::io::Error);
        impl std::fmt::Display for Wrapper {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("client error (Connect)")
            }
        }
        impl StdError for Wrapper {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let e = kube::Error::Service(Box::new(Wrapper(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused,
        ))));
        assert_eq!(
            describe(&e),
            "cannot reach the API server (connection refused)"
        );
    }
}
