//! Runbooks: Markdown files whose steps the presenter runs from the keyboard.

pub mod model;
pub mod resolve;
