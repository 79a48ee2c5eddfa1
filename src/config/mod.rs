//! User-editable data files (config.toml, themes, keymap): where they live, how they are read
//! and how their errors are reported.

pub mod effective;
pub mod error;
pub mod file;
pub mod paths;
pub mod startup;
pub mod suggest;
pub mod toml_doc;

pub use error::ConfigError;
