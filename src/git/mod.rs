//! The local git repository: read with git2, refreshed on change.

pub mod repo;
pub mod watch;
