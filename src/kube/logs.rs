//! Following a container's log. Lines are sanitised and sent in batches of whatever has
//! already arrived, so a chatty pod costs one redraw per batch, not one per line.

use futures::future::FutureExt;
use futures::io::{AsyncBufRead, AsyncBufReadExt};
use k8s_openapi::api::core::v1::Pod;
use kube::api::LogParams;
use kube::{Api, Client};
use tokio::sync::mpsc::Sender;

use super::errors::describe;
use crate::app::action::Action;
use crate::app::line_limit::{MAX_LINE_BYTES, cut_noting};
use crate::ui::text::sanitize;

const MAX_BATCH: usize = 512;

pub struct LogRequest {
    pub stream: u64,
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub tail_lines: i64,
}

pub async fn follow(client: Client, req: LogRequest, tx: Sender<Action>) {
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
            let _ = tx
                .send(Action::LogEnded {
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
                read_line(&mut reader, &mut buf, &mut dropped).await
            } else {
                match read_line(&mut reader, &mut buf, &mut dropped).now_or_never() {
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
            && tx
                .send(Action::LogLines {
                    stream: req.stream,
                    lines: batch,
                })
                .await
                .is_err()
        {
            return;
        }
        if let Some(error) = ended {
            let _ = tx
                .send(Action::LogEnded {
                    stream: req.stream,
                    error,
                })
                .await;
            return;
        }
    }
}

/// Reads up to and including the next newline into `buf`, keeping at most `MAX_LINE_BYTES`
/// of it: the rest of an overlong line is read and counted in `dropped`, never held. Like
/// `read_until`, progress survives the future being dropped at its await point.
async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    dropped: &mut usize,
) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let chunk = reader.fill_buf().await?;
        if chunk.is_empty() {
            return Ok(total);
        }
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let keep = take.min(MAX_LINE_BYTES.saturating_sub(buf.len()));
        buf.extend_from_slice(&chunk[..keep]);
        // The newline itself is not part of what was cut.
        *dropped += (take - keep).saturating_sub(usize::from(done && keep < take));
        reader.consume_unpin(take);
        total += take;
        if done {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overlong_line_is_read_but_not_held() {
        let long = format!("{}\nnext\n", "x".repeat(MAX_LINE_BYTES * 3));
        let mut reader = futures::io::Cursor::new(long.into_bytes());
        let (mut buf, mut dropped) = (Vec::new(), 0);
        let n =
            futures::executor::block_on(read_line(&mut reader, &mut buf, &mut dropped)).unwrap();
        assert_eq!(n, MAX_LINE_BYTES * 3 + 1);
        assert_eq!(buf.len(), MAX_LINE_BYTES);
        assert_eq!(dropped, MAX_LINE_BYTES * 2);
        let (mut buf, mut dropped) = (Vec::new(), 0);
        futures::executor::block_on(read_line(&mut reader, &mut buf, &mut dropped)).unwrap();
        assert_eq!((buf.as_slice(), dropped), (&b"next\n"[..], 0));
    }
}
