//! Runbooks: Markdown files whose steps the presenter runs from the keyboard.

pub mod check;
pub mod model;
pub mod parse;

pub use parse::{load, parse};
