//! Record a session, replay it on stage: `--record FILE` writes every event that enters the
//! app from outside (JSON lines, see `record`), `showrunner replay FILE` plays them back
//! through the same `update` and panes with no cluster and no network.

mod answers;
pub mod check;
pub mod drive;
pub mod log_keeper;
pub mod player;
pub mod reader;
pub mod record;
pub mod recorder;
pub mod screen;
pub mod session;
