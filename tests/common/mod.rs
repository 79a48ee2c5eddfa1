//! Helpers shared by the integration tests; each test file uses only some of them.
#![allow(dead_code, unused_imports)]

pub mod ci;
pub mod fixtures;
pub mod gitops;
pub mod gitops_api;
pub mod kubectl;
pub mod pty;
pub mod sandbox;

pub use sandbox::*;
