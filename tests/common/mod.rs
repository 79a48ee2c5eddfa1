pub mod fixtures;
pub mod gitops;
pub mod pty;
