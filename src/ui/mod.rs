//! Drawing: layout, formatting helpers and the frame composition. Panes live in `crate::panes`.

pub mod draw;
pub mod format;
pub mod layout;
pub mod scroll;
pub mod text;
