//! Helpers shared by the integration tests; each test file uses only some of them.
#![allow(dead_code, unused_imports)]

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
