//! Pure drawing helpers the model and the panes share: layout, formatting, text, scrolling.
//! The panes, and the frame composed from them, live in `crate::panes`.

pub mod ansi;
pub mod format;
pub mod layout;
pub mod scroll;
pub mod text;
