//! What the TUI and the sandbox must agree on, so the simulator and the screens can never
//! disagree: the Kargo and Argo CD resource models, Kargo's freight-availability rule, and
//! kubectl's way of writing a duration.

pub mod argocd;
pub mod human;
pub mod kargo;
