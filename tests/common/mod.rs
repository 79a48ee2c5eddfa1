pub mod fixtures;
pub mod pty;
