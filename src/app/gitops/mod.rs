//! The GitOps feature: Kargo and Argo CD objects and the views drawn from them (`state`), the
//! mutations built from what is on screen (`changes`), and the keys and watch updates
//! (`update`).

pub mod changes;
pub mod state;
pub mod update;
