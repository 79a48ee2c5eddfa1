//! The app core: one state, one reducer, effects described as data.

pub mod action;
pub mod ci;
pub mod ci_follow;
pub mod collection;
pub mod confirm_guard;
pub mod effect;
pub mod gitops;
pub mod gitops_changes;
pub mod line_limit;
pub mod logs;
pub mod messages;
pub mod mutation;
pub mod pods;
pub mod progress;
pub mod runbook_exec;
pub mod runbook_state;
pub mod select;
pub mod state;
pub mod text_match;
pub mod update;
pub mod update_ci;
pub mod update_gitops;
pub mod update_input;
pub mod update_pods;
pub mod update_quit;
pub mod update_runbook;

pub use action::Action;
pub use effect::Effect;
pub use state::AppState;
pub use update::update;
