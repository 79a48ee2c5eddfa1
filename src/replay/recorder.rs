//! `--record FILE`: the tap where actions enter the loop. Every event from outside is written
//! with its time and step as it arrives; runbook keys the presenter pressed are written as the
//! commands they were, and the screen is kept just before each step starts. Lines are flushed
//! after every batch, so a crash mid-talk leaves everything up to the last batch readable.
//! Tokens never reach the file: every line passes through the same masking as the screen.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use k8s_openapi::jiff::Timestamp;

use super::log_keeper::LogKeeper;
use super::record::{Entry, Event, Header, Line, LogStream, Presented};
use super::screen;
use crate::app::messages::Flash;
use crate::app::state::Overlay;
use crate::app::{Action, AppState, Effect};
use crate::github::mask;
use crate::keymap::Key;
use crate::theme::Theme;

pub struct Recorder {
    path: PathBuf,
    out: Option<BufWriter<File>>,
    started: Instant,
    theme: Theme,
    logs: Option<LogKeeper>,
}

/// What `before` saw, for `after` to compare with.
pub struct Tap {
    presented: Option<(Presented, usize)>,
    screen: Option<screen::Screen>,
    starts: Vec<Option<Timestamp>>,
    paused: bool,
}

impl Recorder {
    /// Creates (truncates) `path` and writes the header; an error here stops the start.
    pub fn create(path: &Path, header: &Header, theme: Theme) -> std::io::Result<Recorder> {
        let file = File::create(path)?;
        let mut recorder = Recorder {
            path: path.to_path_buf(),
            out: Some(BufWriter::new(file)),
            started: Instant::now(),
            theme,
            logs: None,
        };
        recorder.write(&Line::Header(header.clone()));
        if let Some(out) = recorder.out.as_mut() {
            out.flush()?;
        }
        Ok(recorder)
    }

    pub fn before(&mut self, state: &mut AppState, action: &Action) -> Tap {
        if let Some(event) = Event::from_action(action) {
            let line = Line::Event(self.entry(state, event));
            self.write(&line);
        }
        let opened = self
            .logs
            .as_mut()
            .map(|k| k.observe(action))
            .unwrap_or_default();
        for stream in opened {
            let line = Line::LogOpened(self.entry(state, stream));
            self.write(&line);
        }
        let presented = match action {
            Action::Key(key) | Action::KeyAt { key, .. } => presented(state, key),
            _ => None,
        };
        let gate = presented.is_some_and(|(p, _)| p.is_gate());
        let screen = gate.then(|| screen::capture(state, &self.theme));
        let runbook = state.runbook.as_ref();
        Tap {
            presented,
            screen,
            starts: runbook
                .map_or_else(Vec::new, |rb| rb.steps.iter().map(|s| s.started).collect()),
            paused: runbook
                .and_then(|rb| rb.cursor.as_ref())
                .is_some_and(|c| c.waiting == crate::app::runbook::state::Waiting::Pause),
        }
    }

    pub fn after(&mut self, state: &mut AppState, tap: Tap, effects: &[Effect]) {
        for effect in effects {
            if let Effect::StartLogs {
                stream,
                namespace,
                pod,
                container,
                ..
            } = effect
            {
                let line = Line::LogOpened(self.entry(
                    state,
                    LogStream {
                        stream: *stream,
                        namespace: namespace.clone(),
                        pod: pod.clone(),
                        container: container.clone(),
                    },
                ));
                self.write(&line);
            }
        }
        let Some((presented, step)) = tap.presented else {
            return;
        };
        if presented.is_gate() {
            // A run key that started or resumed nothing ("a step is running") is no gate.
            let Some(rb) = state.runbook.as_ref() else {
                return;
            };
            let started = rb
                .steps
                .iter()
                .map(|s| s.started)
                .ne(tap.starts.iter().copied());
            let resumed = tap.paused
                && rb
                    .cursor
                    .as_ref()
                    .is_none_or(|c| c.waiting != crate::app::runbook::state::Waiting::Pause);
            if !started && !resumed {
                return;
            }
            if let Some(screen) = tap.screen {
                let line = Line::Screen(Entry {
                    ms: self.ms(),
                    step: Some(step),
                    what: screen,
                });
                self.write(&line);
            }
        }
        let line = Line::Presenter(Entry {
            ms: self.ms(),
            step: Some(step),
            what: presented,
        });
        self.write(&line);
    }

    /// Pushes what was written to the file; a failure stops the recording and says so once.
    pub fn flush(&mut self, state: &mut AppState) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        if let Err(e) = out.flush() {
            self.out = None;
            let why = format!(
                "recording stopped: cannot write {}: {e}",
                self.path.display()
            );
            tracing::error!("{why}");
            state.flash = Some(Flash::error(why));
            state.dirty = true;
        }
    }

    fn ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn entry<T>(&self, state: &AppState, what: T) -> Entry<T> {
        Entry {
            ms: self.ms(),
            step: step_of(state),
            what,
        }
    }

    fn write(&mut self, line: &Line) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        let json = serde_json::to_string(line).expect("recording lines serialise");
        let masked = mask::mask(&json);
        if let Err(e) = writeln!(out, "{masked}") {
            tracing::error!(
                "recording stopped: cannot write {}: {e}",
                self.path.display()
            );
            self.out = None;
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if let Some(out) = self.out.as_mut() {
            let _ = out.flush();
        }
    }
}

/// The running step, else the selected one.
pub fn step_of(state: &AppState) -> Option<usize> {
    let rb = state.runbook.as_ref()?;
    Some(rb.cursor.as_ref().map_or(rb.current, |c| c.step))
}

/// The runbook command a key means here, as `update` will read it, and the step it is for.
fn presented(state: &AppState, key: &crossterm::event::KeyEvent) -> Option<(Presented, usize)> {
    if state.input.is_some() || key.kind == crossterm::event::KeyEventKind::Release {
        return None;
    }
    let rb = state.runbook.as_ref()?;
    let command = state
        .keymap
        .command(&state.key_chain(), Key::from_event(key)?)?;
    let presented = Presented::from_command(command)?;
    if presented == Presented::Cancel {
        // Only declining the runbook's own change concerns the replay.
        let Some(Overlay::Confirm(mutation)) = &state.overlay else {
            return None;
        };
        let waits_for_it = rb.cursor.as_ref().is_some_and(|c| {
            matches!(&c.waiting, crate::app::runbook::state::Waiting::Mutation { summary, .. }
                if *summary == mutation.summary())
        });
        if !waits_for_it {
            return None;
        }
    }
    Some((presented, rb.current))
}

/// The built-in talk, for a recording of a run that used it (there may be no file to read).
const DEMO_RUNBOOK: &str = include_str!("../../runbook/image-promotion.md");

/// Starts recording what `state` is about to show: its header names the context, the
/// namespaces, the project, the CI source and the runbook's own text. With `logs`, the pods'
/// logs are followed and kept as well (`log_keeper`).
pub fn start(
    path: &Path,
    state: &AppState,
    theme: &Theme,
    logs: Option<(kube::Client, tokio::sync::mpsc::Sender<Action>)>,
) -> std::io::Result<Recorder> {
    let runbook = state.runbook.as_ref().map(|rb| {
        let path = rb.runbook.path.clone();
        let source = std::fs::read_to_string(&path).unwrap_or_else(|_| DEMO_RUNBOOK.to_string());
        super::record::RecordedRunbook {
            path: path.display().to_string(),
            source,
        }
    });
    let header = Header {
        format: super::record::FORMAT,
        started: Timestamp::now(),
        context: state.context_label.clone(),
        namespaces: state.pods.namespaces().to_vec(),
        project: state
            .gitops
            .project_pinned
            .then(|| state.gitops.project.clone())
            .flatten(),
        ci_source: state.ci.source.clone(),
        runbook,
        progress: state
            .runbook
            .as_ref()
            .map(crate::app::runbook::progress::Progress::of),
        read_only: state.read_only,
    };
    let mut recorder = Recorder::create(path, &header, theme.clone())?;
    recorder.logs = logs.map(|(client, tx)| LogKeeper::new(client, tx));
    Ok(recorder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;

    #[test]
    fn a_token_in_an_event_is_masked_before_it_reaches_the_file() {
        let token = "ghp_replaytest0123456789abcdefABCDEF";
        mask::register(token);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talk.rec");
        let mut state = AppState::new(
            "sandbox".into(),
            vec!["dev".into()],
            Keymap::defaults(),
            Timestamp::now(),
        );
        let theme = crate::theme::load(None, None, false).theme;
        let mut recorder = start(&path, &state, &theme, None).unwrap();
        let action = Action::CommandOutput {
            run: 1,
            lines: vec![format!("GH_TOKEN={token}")],
        };
        let tap = recorder.before(&mut state, &action);
        recorder.after(&mut state, tap, &[]);
        recorder.flush(&mut state);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(token), "{text}");
        assert!(text.contains("GH_TOKEN=***"), "{text}");
        let recording = super::super::reader::parse("talk.rec", &text).unwrap();
        assert_eq!(recording.lines.len(), 1, "the event and nothing else");
    }
}
