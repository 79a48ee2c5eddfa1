//! Argo CD as the panes read it: the summary of an Application (the model is in
//! showrunner-model).

pub mod summary;
