//! The local git repository: read with git2, read again when it changes.

pub mod repo;
pub mod watch;
