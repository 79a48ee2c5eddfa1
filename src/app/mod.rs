//! The app core: one state, one reducer, effects described as data.
//!
//! `action` (what comes in), `update` (the router), `state`, `effect` (what goes out), and one
//! folder per feature — `pods`, `gitops`, `ci`, `runbook` — each with its state, its update
//! and its tests. Shared pieces: `gate` (every cluster change goes through it), the
//! confirmation guard, collections and selections, the log view, messages, text input, quit.

pub mod action;
pub mod ci;
pub mod collection;
pub mod confirm_guard;
pub mod confirm_policy;
pub mod effect;
pub mod gate;
pub mod gitops;
pub mod input;
pub mod logs;
pub mod messages;
pub mod pods;
pub mod quit;
pub mod runbook;
pub mod screen;
pub mod select;
pub mod state;
pub mod text_match;
pub mod update;

pub use action::Action;
pub use effect::Effect;
pub use state::AppState;
pub use update::update;
