//! Terminal input and the clock, as sources feeding the one action channel.

use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use k8s_openapi::jiff::Timestamp;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use crate::app::Action;

pub fn spawn_terminal_input(tx: Sender<Action>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(event) = events.next().await {
            let action = match event {
                Ok(Event::Key(key)) => Action::KeyAt {
                    key,
                    read: Instant::now(),
                },
                Ok(Event::Resize(width, height)) => Action::Resize { width, height },
                Ok(_) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "terminal input failed");
                    break;
                }
            };
            if tx.send(action).await.is_err() {
                break;
            }
        }
    })
}

/// One tick per second: the only redraw that happens without a change, so ages stay true.
pub fn spawn_clock(tx: Sender<Action>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(1));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            if tx.send(Action::Tick(Timestamp::now())).await.is_err() {
                break;
            }
        }
    })
}
