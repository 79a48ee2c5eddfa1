//! One line of a container's log, and which container's log it is.

use jiff::Timestamp;

#[derive(Debug)]
pub struct LogLine {
    pub at: Timestamp,
    pub text: String,
}

/// (namespace, pod, container)
pub type LogKey = (String, String, String);
