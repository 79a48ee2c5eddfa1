//! Where a source's events go. Sources are generic over their sink, so none of them names the
//! app's message: the runtime hands each its channel, and the app says how each source's event
//! type becomes its message (`From`). A bounded channel keeps its back-pressure: a source waits
//! while the app is behind.

use std::future::Future;

use tokio::sync::mpsc::Sender;

pub trait Sink<E>: Clone + Send + Sync + 'static {
    /// Delivers `event`; false once nobody listens any more, and the source should stop.
    fn send(&self, event: E) -> impl Future<Output = bool> + Send;
}

impl<E, M> Sink<E> for Sender<M>
where
    E: Into<M> + Send + 'static,
    M: Send + 'static,
{
    async fn send(&self, event: E) -> bool {
        Sender::send(self, event.into()).await.is_ok()
    }
}
