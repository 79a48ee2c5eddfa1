//! GitHub Actions job logs: parsing the wire format and the folding log view.

pub mod parse;
pub mod view;
