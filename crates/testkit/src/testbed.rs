//! The real control plane (`testbed/testbed.sh`): etcd, kube-apiserver, kube-controller-manager,
//! kube-scheduler and kwok built from Go modules. Tests share a named test bed, started on first
//! use; a test that restarts or reconfigures the API server starts its own. Never skipped:
//! if the test bed cannot be built or started, the test fails with the script's words.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use kube::config::{KubeConfigOptions, Kubeconfig};

pub const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testbed/testbed.sh");

pub struct Testbed {
    pub dir: PathBuf,
    /// system:masters.
    pub admin: PathBuf,
    /// A ServiceAccount that may get, list and watch everything and nothing more.
    pub reader: PathBuf,
    owned: bool,
}

/// The test bed shared by the tests that ask for it by `name`, started on first use. Tests that
/// write to a shared bed keep a name of their own, so what they change is never in the state
/// another module's tests read. It goes down with the process (the script's watchdog follows
/// this pid), since statics are never dropped.
pub fn shared(name: &'static str) -> &'static Testbed {
    static SHARED: Mutex<Vec<(&str, &OnceLock<Testbed>)>> = Mutex::new(Vec::new());
    let bed = {
        let mut beds = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        match beds.iter().find(|(n, _)| *n == name) {
            Some((_, bed)) => *bed,
            None => {
                let bed: &'static OnceLock<Testbed> = Box::leak(Box::default());
                beds.push((name, bed));
                bed
            }
        }
    };
    // Started outside the lock: another name's bed need not wait for this one.
    bed.get_or_init(|| {
        let mut bed = up(&format!("shared-{name}"), "");
        bed.owned = false;
        bed
    })
}

/// A test bed of the test's own, taken down when it is dropped; `apiserver_args` are extra
/// kube-apiserver flags (e.g. `--watch-cache=false`).
pub fn own(name: &str, apiserver_args: &str) -> Testbed {
    up(name, apiserver_args)
}

fn up(name: &str, apiserver_args: &str) -> Testbed {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir =
        std::env::temp_dir().join(format!("showrunner-testbed-{}-{name}", std::process::id()));
    let out = Command::new("bash")
        .arg(SCRIPT)
        .arg("up")
        .arg(&dir)
        .env("TESTBED_WATCH_PID", std::process::id().to_string())
        .env("TESTBED_APISERVER_ARGS", apiserver_args)
        .output()
        .expect("bash runs testbed.sh");
    assert!(
        out.status.success(),
        "the test bed did not start ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Testbed {
        admin: dir.join("admin.kubeconfig"),
        reader: dir.join("reader.kubeconfig"),
        dir,
        owned: true,
    }
}

impl Testbed {
    pub async fn config(&self, kubeconfig: &Path) -> kube::Config {
        let file = Kubeconfig::read_from(kubeconfig).expect("kubeconfig");
        kube::Config::from_custom_kubeconfig(file, &KubeConfigOptions::default())
            .await
            .expect("kube config")
    }

    pub async fn admin_client(&self) -> kube::Client {
        kube::Client::try_from(self.config(&self.admin).await).expect("client")
    }

    pub async fn reader_client(&self) -> kube::Client {
        kube::Client::try_from(self.config(&self.reader).await).expect("client")
    }

    /// The server's URL, `https://127.0.0.1:PORT`.
    pub fn server(&self) -> String {
        read(&self.dir.join("server"))
    }

    pub fn bin(&self, name: &str) -> PathBuf {
        PathBuf::from(read(&self.dir.join("bin"))).join(name)
    }

    /// The test bed's own kubectl (the release it was built from), as admin.
    pub fn kubectl(&self, args: &[&str]) -> String {
        let out = Command::new(self.bin("kubectl"))
            .arg(format!("--kubeconfig={}", self.admin.display()))
            .args(args)
            .output()
            .expect("kubectl runs");
        assert!(
            out.status.success(),
            "kubectl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn stop_apiserver(&self) {
        self.script("stop-apiserver");
    }

    pub fn start_apiserver(&self) {
        self.script("start-apiserver");
    }

    fn script(&self, command: &str) {
        let out = Command::new("bash")
            .arg(SCRIPT)
            .arg(command)
            .arg(&self.dir)
            .output()
            .expect("bash runs testbed.sh");
        assert!(
            out.status.success(),
            "testbed.sh {command} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Testbed {
    fn drop(&mut self) {
        if self.owned {
            let _ = Command::new("bash")
                .arg(SCRIPT)
                .arg("down")
                .arg(&self.dir)
                .status();
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .trim()
        .to_string()
}

/// Polls `check` every 200 ms until it returns `Some`, failing after `secs` seconds (for tests
/// that drive the binary from a plain thread).
pub fn eventually_sync<T>(secs: u64, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}
