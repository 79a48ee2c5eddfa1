//! Argo CD's Application resource.

pub mod models;
