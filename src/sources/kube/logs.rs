//! Following a container's log. Lines are sanitised and sent in batches of whatever has
//! already arrived, so a chatty pod costs one redraw per batch, not one per line.

use futures::future::FutureExt;
use k8s_openapi::api::core::v1::Pod;
use kube::api::LogParams;
use kube::{Api, Client};

use super::errors::describe;
use crate::sources::line_limit::{cut_noting, read_bounded_line};
use crate::sources::sink::Sink;
use crate::ui::text::sanitize;

const MAX_BATCH: usize = 512;

/// What a log stream reports: the lines that arrived together, then how it ended.
#[derive(Debug, Clone)]
pub enum LogEvent {
    Lines { stream: u64, lines: Vec<String> },
    Ended { stream: u64, error: Option<String> },
}

pub struct LogRequest {
    pub stream: u64,
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub tail_lines: i64,
}

pub async fn follow(client: Client, req: LogRequest, sink: impl Sink<LogEvent>) {
    let api: Api<Pod> = Api::namespaced(client, &req.namespace);
    let params = LogParams {
        follow: true,
        container: Some(req.container.clone()),
        tail_lines: Some(req.tail_lines),
        ..Default::default()
    };
    let reader = match api.log_stream(&req.pod, &params).await {
        Ok(reader) => reader,
        Err(e) => {
            let _ = sink
                .send(LogEvent::Ended {
                    stream: req.stream,
                    error: Some(describe(&e)),
                })
                .await;
            return;
        }
    };
    let mut reader = Box::pin(reader);
    let mut buf = Vec::new();
    let mut dropped = 0;
    loop {
        let mut batch = Vec::new();
        let mut ended: Option<Option<String>> = None;
        // Wait for one line, then take every line that is already buffered.
        // `buf` survives a pending read: bytes of an unfinished line stay in it for the next call.
        loop {
            let read = if batch.is_empty() {
                read_bounded_line(&mut reader, &mut buf, &mut dropped).await
            } else {
                match read_bounded_line(&mut reader, &mut buf, &mut dropped).now_or_never() {
                    Some(r) => r,
                    None => break,
                }
            };
            match read {
                Ok(0) if buf.is_empty() => {
                    ended = Some(None);
                    break;
                }
                Ok(_) => {
                    let text = String::from_utf8_lossy(&buf);
                    let line = sanitize(text.trim_end_matches(['\n', '\r']));
                    batch.push(cut_noting(line, dropped));
                    buf.clear();
                    dropped = 0;
                    if batch.len() >= MAX_BATCH {
                        break;
                    }
                }
                Err(e) => {
                    ended = Some(Some(format!("log stream broke: {e}")));
                    break;
                }
            }
        }
        if !batch.is_empty()
            && !sink
                .send(LogEvent::Lines {
                    stream: req.stream,
                    lines: batch,
                })
                .await
        {
            return;
        }
        if let Some(error) = ended {
            let _ = sink
                .send(LogEvent::Ended {
                    stream: req.stream,
                    error,
                })
                .await;
            return;
        }
    }
}
