//! Container logs: a bounded ring buffer per running container instance (or, for quiet load
//! pods, lines made on demand: `quietlog`), the previous instance kept for `--previous`, and a
//! broadcast so followers see lines as they are written.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use jiff::Timestamp;
use tokio::sync::broadcast;

use super::log_line::{LogKey, LogLine};
use super::quietlog::QuietLog;

pub struct ContainerLog {
    /// Lines written: all of a stored log's; a made log's few others (shutdown, crash).
    lines: Mutex<VecDeque<Arc<LogLine>>>,
    made: Option<QuietLog>,
    cap: usize,
    /// Made on the first follow: a broadcast buffer per container would cost more memory
    /// than the lines themselves with thousands of load pods nobody follows.
    tx: Mutex<Option<broadcast::Sender<Arc<LogLine>>>>,
}

/// Lines a follower may fall behind by before it skips some.
const FOLLOW_BUFFER: usize = 256;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ContainerLog {
    fn new(cap: usize, made: Option<QuietLog>) -> Self {
        ContainerLog {
            lines: Mutex::new(VecDeque::new()),
            made,
            cap,
            tx: Mutex::new(None),
        }
    }

    pub fn push(&self, text: String) {
        let line = Arc::new(LogLine {
            at: Timestamp::now(),
            text,
        });
        let mut lines = lock(&self.lines);
        if lines.len() == self.cap {
            lines.pop_front();
        }
        lines.push_back(line.clone());
        if let Some(tx) = lock(&self.tx).as_ref() {
            let _ = tx.send(line);
        }
    }

    /// The lines a made log has at their time: not stored, only sent to followers.
    pub fn announce(&self, line: LogLine) {
        if let Some(tx) = lock(&self.tx).as_ref() {
            let _ = tx.send(Arc::new(line));
        }
    }

    pub fn made(&self) -> Option<&QuietLog> {
        self.made.as_ref()
    }

    /// Lines so far and a receiver of later ones, taken together so none is missed.
    pub fn follow(&self) -> (Vec<Arc<LogLine>>, broadcast::Receiver<Arc<LogLine>>) {
        let lines = lock(&self.lines);
        let rx = lock(&self.tx)
            .get_or_insert_with(|| broadcast::channel(FOLLOW_BUFFER).0)
            .subscribe();
        (self.with_made(&lines), rx)
    }

    #[cfg(test)]
    pub fn lines(&self) -> Vec<Arc<LogLine>> {
        self.with_made(&lock(&self.lines))
    }

    /// The written lines, and a made log's lines until now, in time order; the last `cap`.
    fn with_made(&self, written: &VecDeque<Arc<LogLine>>) -> Vec<Arc<LogLine>> {
        self.until(written, Timestamp::now())
    }

    /// Like `with_made`, with a made log's lines up to `until` (when a stopped one stopped).
    fn until(&self, written: &VecDeque<Arc<LogLine>>, until: Timestamp) -> Vec<Arc<LogLine>> {
        let Some(made) = &self.made else {
            return written.iter().cloned().collect();
        };
        let mut all: Vec<Arc<LogLine>> = made
            .lines(until, self.cap)
            .into_iter()
            .map(Arc::new)
            .chain(written.iter().cloned())
            .collect();
        all.sort_by_key(|l| l.at);
        all.drain(..all.len().saturating_sub(self.cap));
        all
    }
}

/// A stopped instance, kept for `--previous` as it was: a made log's lines are made again
/// when asked for, up to when it stopped. Copying them out instead cost about 5 KB for each of
/// 100,000 quiet pods at its first restart, and the sandbox's memory grew for as long as the
/// churn took to restart them all.
struct Stopped {
    log: Arc<ContainerLog>,
    at: Timestamp,
}

impl Stopped {
    fn lines(&self) -> Vec<Arc<LogLine>> {
        self.log.until(&lock(&self.log.lines), self.at)
    }
}

/// Ordered by key, so one pod's containers are a range: removing a pod must not scan every
/// container of 100,000 load pods (it did, twice per deletion, and capped the churn).
#[derive(Default)]
pub struct LogBook {
    current: Mutex<BTreeMap<LogKey, Arc<ContainerLog>>>,
    previous: Mutex<BTreeMap<LogKey, Stopped>>,
    cap: usize,
}

impl LogBook {
    pub fn new(cap: usize) -> Self {
        LogBook {
            cap: cap.max(1),
            ..Default::default()
        }
    }

    /// A new container instance; the old one (if any) becomes `previous` and its followers end.
    /// `cap` lowers the line limit (quiet load pods keep fewer lines).
    pub fn start(&self, key: LogKey, cap: Option<usize>) -> Arc<ContainerLog> {
        self.start_instance(key, cap, None)
    }

    /// Like `start`, for a container whose lines are made on demand.
    pub fn start_made(&self, key: LogKey, cap: Option<usize>, made: QuietLog) -> Arc<ContainerLog> {
        self.start_instance(key, cap, Some(made))
    }

    fn start_instance(
        &self,
        key: LogKey,
        cap: Option<usize>,
        made: Option<QuietLog>,
    ) -> Arc<ContainerLog> {
        let cap = cap.map_or(self.cap, |c| c.clamp(1, self.cap));
        let log = Arc::new(ContainerLog::new(cap, made));
        if let Some(old) = lock(&self.current).insert(key.clone(), log.clone()) {
            self.retire(key, old);
        }
        log
    }

    /// The running instance stopped (crashed); followers end, its lines become `previous`.
    pub fn stop(&self, key: &LogKey) {
        if let Some(old) = lock(&self.current).remove(key) {
            self.retire(key.clone(), old);
        }
    }

    fn retire(&self, key: LogKey, old: Arc<ContainerLog>) {
        // Dropping the sender ends the old instance's followers, as a container's end does.
        lock(&old.tx).take();
        let stopped = Stopped {
            log: old,
            at: Timestamp::now(),
        };
        lock(&self.previous).insert(key, stopped);
    }

    pub fn current(&self, key: &LogKey) -> Option<Arc<ContainerLog>> {
        lock(&self.current).get(key).cloned()
    }

    pub fn previous(&self, key: &LogKey) -> Option<Vec<Arc<LogLine>>> {
        lock(&self.previous).get(key).map(Stopped::lines)
    }

    /// The pod is gone: drop all its logs, which ends every follower.
    pub fn remove_pod(&self, namespace: &str, pod: &str) {
        remove_range(&mut lock(&self.current), namespace, pod);
        remove_range(&mut lock(&self.previous), namespace, pod);
    }
}

fn remove_range<V>(map: &mut BTreeMap<LogKey, V>, namespace: &str, pod: &str) {
    let first = (namespace.to_string(), pod.to_string(), String::new());
    let keys: Vec<LogKey> = map
        .range(first..)
        .map(|(k, _)| k)
        .take_while(|k| k.0 == namespace && k.1 == pod)
        .cloned()
        .collect();
    for k in keys {
        map.remove(&k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_a_pod_drops_its_containers_only() {
        let book = LogBook::new(5);
        let k = |ns: &str, pod: &str, c: &str| -> LogKey { (ns.into(), pod.into(), c.into()) };
        for key in [
            k("dev", "p", "a"),
            k("dev", "p", "b"),
            k("dev", "p2", "a"),
            k("stg", "p", "a"),
        ] {
            book.start(key, None);
        }
        book.stop(&k("dev", "p", "b"));
        book.remove_pod("dev", "p");
        assert!(book.current(&k("dev", "p", "a")).is_none());
        assert!(book.previous(&k("dev", "p", "b")).is_none());
        assert!(
            book.current(&k("dev", "p2", "a")).is_some(),
            "a longer name is another pod"
        );
        assert!(
            book.current(&k("stg", "p", "a")).is_some(),
            "same name, other namespace"
        );
    }

    #[test]
    fn a_made_log_stores_only_what_is_written_besides_its_lines() {
        let book = LogBook::new(100);
        let (made, log) = quiet_log(&book);
        assert!(lock(&log.lines).is_empty(), "nothing stored for made lines");
        let lines = log.lines();
        assert_eq!(lines.len(), 50, "capped like a stored quiet log");
        let want = made.lines(Timestamp::now(), 50);
        assert_eq!(
            lines.iter().map(|l| &l.text).collect::<Vec<_>>(),
            want.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        log.push("worker stopping".into());
        let lines = log.lines();
        assert_eq!(lines.len(), 50);
        assert_eq!(
            lines.last().unwrap().text,
            "worker stopping",
            "in time order"
        );
        assert_eq!(
            lines[0].text, want[1].text,
            "the oldest made line made room"
        );
    }

    #[test]
    fn a_stopped_made_log_keeps_no_lines_and_ends_when_it_stopped() {
        let book = LogBook::new(100);
        let (made, log) = quiet_log(&book);
        drop(log);
        book.stop(&key());
        let stopped_at = lock(&book.previous)[&key()].at;
        let previous = book.previous(&key()).unwrap();
        assert!(
            lock(&lock(&book.previous)[&key()].log.lines).is_empty(),
            "its lines are not copied out"
        );
        let want = made.lines(stopped_at, 50);
        assert_eq!(
            previous.iter().map(|l| &l.text).collect::<Vec<_>>(),
            want.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        assert!(previous.iter().all(|l| l.at <= stopped_at));
    }

    /// A quiet container started an hour ago, its lines made on demand, capped at 50.
    fn quiet_log(book: &LogBook) -> (QuietLog, Arc<ContainerLog>) {
        let start = Timestamp::now() - jiff::SignedDuration::from_secs(3600);
        let made = QuietLog::new(&key(), start, true, super::super::Clock { speed: 1.0 });
        let log = book.start_made(key(), Some(50), made.clone());
        (made, log)
    }

    fn key() -> LogKey {
        ("dev".into(), "p".into(), "app".into())
    }

    #[tokio::test]
    async fn ring_buffer_follow_and_restart() {
        let book = LogBook::new(2);
        let log = book.start(key(), None);
        log.push("a".into());
        log.push("b".into());
        log.push("c".into());
        let (lines, mut rx) = log.follow();
        assert_eq!(
            lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
            ["b", "c"]
        );
        log.push("d".into());
        assert_eq!(rx.recv().await.unwrap().text, "d");
        drop(log);
        book.start(key(), Some(10));
        assert!(
            rx.recv().await.is_err(),
            "followers of the old instance end"
        );
        assert_eq!(book.previous(&key()).unwrap().len(), 2);
        book.remove_pod("dev", "p");
        assert!(book.current(&key()).is_none() && book.previous(&key()).is_none());
    }
}
