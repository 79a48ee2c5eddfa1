//! User-editable data files (themes, keymap): where they live and how their errors are reported.

pub mod error;
pub mod paths;

pub use error::ConfigError;
