//! Runs the real showrunner binary in a pseudo-terminal and reads its screen through a vt100
//! emulator, as a person at a terminal would see it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::cast::CastWriter;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// The binary under test: `$SHOWRUNNER_BIN` (CI points it at the release build, what users
/// run), else `built`, the one cargo built for this test run. Only the showrunner package's own
/// test targets can name that one (`env!("CARGO_BIN_EXE_showrunner")`), so they pass it in.
pub fn binary(built: &str) -> PathBuf {
    std::env::var_os("SHOWRUNNER_BIN")
        .map(Into::into)
        .unwrap_or_else(|| built.into())
}

pub struct PtyApp {
    /// `None` once the window is closed (`close_window`).
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    closed: Arc<AtomicBool>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl PtyApp {
    /// Starts the binary with an isolated HOME/XDG tree under `home` so the user's config,
    /// state and data never leak into (or out of) the test.
    pub fn spawn(binary: &Path, args: &[&str], home: &Path, cols: u16, rows: u16) -> PtyApp {
        PtyApp::spawn_with_env(binary, args, &[], home, cols, rows)
    }

    /// `spawn` with extra environment variables (test-only switches of the binary).
    pub fn spawn_with_env(
        binary: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        home: &Path,
        cols: u16,
        rows: u16,
    ) -> PtyApp {
        PtyApp::spawn_recorded(binary, args, env, home, cols, rows, None)
    }

    /// `spawn_with_env` that also writes everything the terminal shows to an asciinema cast.
    pub fn spawn_recorded(
        binary: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        home: &Path,
        cols: u16,
        rows: u16,
        mut cast: Option<CastWriter>,
    ) -> PtyApp {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(binary);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("KUBECONFIG");
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("spawn showrunner");
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let reader_fd = pair.master.as_raw_fd().expect("a unix pty");
        let sink = screen.clone();
        let closed = Arc::new(AtomicBool::new(false));
        let stop = closed.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Polls so that `close_window` can end this thread: the kernel hangs up the
            // session only once every descriptor of the master, this one too, is closed.
            while !stop.load(Ordering::SeqCst) {
                let mut poll = libc::pollfd {
                    fd: reader_fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, a bounded wait.
                if unsafe { libc::poll(&mut poll, 1, 50) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        sink.lock().unwrap().process(&buf[..n]);
                        if let Some(cast) = cast.as_mut() {
                            cast.output(&buf[..n]).expect("write the cast");
                        }
                    }
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        PtyApp {
            master: Some(pair.master),
            writer: Some(writer),
            child,
            screen,
            reader: Some(reader),
            closed,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows every one of `needles`; panics with the screen if not.
    pub fn wait_for(&self, needles: &[&str], timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.contents();
            if needles.iter().all(|n| text.contains(n)) {
                return text;
            }
            if Instant::now() > deadline {
                panic!("screen never showed {needles:?} within {timeout:?}; it shows:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.contents();
            if check(&text) {
                return text;
            }
            if Instant::now() > deadline {
                panic!("screen never showed {what} within {timeout:?}; it shows:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn press(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the window is open");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
        // Let the app read and redraw before the next key, as a typist would.
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Answers a confirmation already on screen. The app ignores its accept keys for 300 ms
    /// after it opens (a key already on its way must not say yes unseen), and the screen may
    /// show it sooner than that: wait past the hold first, as someone reading it would.
    pub fn answer_confirmation(&mut self, keys: &str) {
        std::thread::sleep(Duration::from_millis(350));
        self.press(keys);
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the window is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    /// Waits for the process to exit and returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll child") {
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "showrunner did not exit within {timeout:?}; screen:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Closes the terminal as closing its window does: the master side goes away, the kernel
    /// hangs up the session (SIGHUP) and nothing written to the terminal arrives any more.
    pub fn close_window(&mut self) {
        self.closed.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// The process id of the binary, to send it signals.
    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("a running child") as i32
    }

    pub fn in_alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn cursor_hidden(&self) -> bool {
        self.screen.lock().unwrap().screen().hide_cursor()
    }

    /// True when the terminal is back in cooked mode (line editing and echo), as the shell
    /// expects after the app exits.
    pub fn terminal_is_cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let master = self.master.as_ref().expect("the window is open");
        let termios = master.get_termios().expect("termios of the pty");
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
