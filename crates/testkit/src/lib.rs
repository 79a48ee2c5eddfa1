//! What showrunner's integration test binaries share: state fixtures and whole-screen rendering,
//! the in-process sandbox and the real test bed, the app's watchers through the reducer, and
//! the real binary in a pseudo-terminal.

pub mod cast;
pub mod ci;
pub mod differential;
pub mod fixtures;
pub mod gitops;
pub mod gitops_api;
pub mod harness;
pub mod kubectl;
pub mod proxy;
pub mod pty;
pub mod sandbox;
pub mod testbed;

pub use sandbox::*;
