//! The built-in sandbox: a loopback Kubernetes API server with simulated controllers.
//!
//! Module map: `registry` (served kinds) → `store` (objects, resourceVersions, history) →
//! `api` (HTTP: discovery, OpenAPI, verbs, watch, logs, tables) served by `server`;
//! `world` holds the simulated controllers (deployment, replicaset, kubelet, load) that
//! react to store changes. `faults` lets tests make the server misbehave.

mod api;
mod defaults;
mod error;
mod faults;
mod git;
mod github;
mod gitops;
pub mod kept;
mod kubeconfig;
mod meta;
mod patch;
mod registry;
mod resource;
mod rng;
mod schema;
mod selector;
mod server;
mod start_error;
mod store;
mod table;
mod world;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use self::api::ApiState;
pub use self::error::ApiError;
pub use self::faults::FaultHandle;
use self::registry::Registry;
pub use self::start_error::SandboxError;
use self::store::Store;
use self::world::events::EventRecorder;
pub use self::world::images::{BACKEND_IMAGE, Commit, ImageBuild};
use self::world::logbook::LogBook;
use self::world::loglines::LogWriter;
use self::world::{Clock, World};

/// What the simulated world looks like and how fast it moves.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// 127.0.0.1 port; 0 picks a free one.
    pub port: u16,
    /// 127.0.0.1 port of the GitHub API; 0 picks a free one.
    pub github_port: u16,
    /// Time scale: 2.0 runs every simulated delay twice as fast.
    pub speed: f64,
    /// Extra load pods spread over the demo namespaces.
    pub extra_pods: usize,
    /// Changes per second among the extra pods.
    pub churn: f64,
    /// Where the kubeconfig (and later the git repo) is written.
    pub data_dir: PathBuf,
    /// Changes kept for watches resuming from a resourceVersion (also at most five minutes
    /// old); older ones get 410. A client watches from its list's RV, so this must outlast a
    /// paged list of 100,000 pods at 500 changes/s (about 20 s), or the client relists forever.
    pub history_window: usize,
    /// How often watches that allow bookmarks get one (real time, not scaled).
    pub bookmark_interval: Duration,
    /// Images (full reference or tag) whose containers crash-loop after starting.
    pub crash_images: Vec<String>,
    /// Lines kept per container log.
    pub log_lines: usize,
    /// Events kept per namespace.
    pub events_per_namespace: usize,
}

impl SandboxOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        SandboxOptions {
            port: 0,
            github_port: 0,
            speed: 1.0,
            extra_pods: 0,
            churn: 0.0,
            data_dir: data_dir.into(),
            history_window: 32_768,
            bookmark_interval: Duration::from_secs(10),
            crash_images: Vec::new(),
            log_lines: 2000,
            events_per_namespace: 1000,
        }
    }
}

pub struct Sandbox {
    addr: SocketAddr,
    base_url: String,
    kubeconfig_path: PathBuf,
    token: String,
    faults: FaultHandle,
    github_url: String,
    github_faults: github::GithubFaults,
    repo_path: PathBuf,
    ci: Arc<world::ci::CiRuns>,
    store: Arc<Store>,
    world: Arc<World>,
    cancel: CancellationToken,
    server: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds 127.0.0.1:port, seeds the world, starts the controllers and writes
    /// `<data_dir>/kubeconfig`.
    pub async fn start(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let cancel = CancellationToken::new();
        let store = Store::new(opts.history_window, 8192);
        let speed = if opts.speed.is_finite() && opts.speed > 0.0 {
            opts.speed
        } else {
            1.0
        };
        let world = Arc::new(World {
            store: store.clone(),
            registry: Registry::builtin(),
            logs: Arc::new(LogBook::new(opts.log_lines)),
            writer: Arc::new(LogWriter::default()),
            events: EventRecorder::new(opts.events_per_namespace),
            clock: Clock { speed },
            crash_images: std::sync::RwLock::new(opts.crash_images.clone()),
            cancel: cancel.clone(),
            images: Default::default(),
        });
        // CI's builds first (they are what freight is made of), then the cluster running them,
        // then Kargo and Argo CD on top.
        let ci = world::ci_seed::seed(&world, &opts.data_dir).map_err(SandboxError::Repo)?;
        let gitops = Arc::new(gitops::GitopsSim::default());
        let (old, new) = gitops::seed::initial_builds(&world);
        let tag_for = |ns: &str| {
            if ns == "prod" {
                old.tag.clone()
            } else {
                new.tag.clone()
            }
        };
        world::seed::seed(&world, &tag_for).map_err(SandboxError::Seed)?;
        gitops::seed::seed(&world, &gitops, &old, &new).map_err(SandboxError::Seed)?;
        world::load::seed(&world, opts.extra_pods).map_err(SandboxError::Seed)?;
        let (listener, addr) = server::bind(opts.port).await?;
        let (github_listener, github_addr) = server::bind(opts.github_port).await?;

        world.spawn(world::kubelet::run(world.clone()));
        world.spawn(world::replicaset::run(world.clone()));
        world.spawn(world::deployment::run(world.clone()));
        world.spawn(world.writer.clone().run(world.logs.clone(), world.clock));
        world.spawn(gitops::run(world.clone(), gitops.clone()));
        world.spawn(world::ci_watch::run(
            world.clone(),
            ci.runs.clone(),
            ci.repo_path.clone(),
        ));
        world.spawn(world::load::churn(
            world.clone(),
            opts.extra_pods,
            opts.churn,
        ));

        let faults = FaultHandle::default();
        let state = Arc::new(ApiState {
            store: store.clone(),
            registry: world.registry.clone(),
            logs: world.logs.clone(),
            faults: faults.clone(),
            bookmark_interval: opts.bookmark_interval,
            addr,
        });
        let server = tokio::spawn(server::serve(
            listener,
            api::router(state),
            cancel.child_token(),
        ));
        let github_url = format!("http://{github_addr}");
        let github_faults = github::GithubFaults::default();
        let github_state = Arc::new(github::GithubState::new(
            ci.runs.clone(),
            github_faults.clone(),
            github_url.clone(),
        ));
        tokio::spawn(server::serve(
            github_listener,
            github::router(github_state),
            cancel.child_token(),
        ));
        let base_url = format!("http://{addr}");
        let token = format!("sandbox-{}", rng::hex(32));
        let kubeconfig_path = opts.data_dir.join("kubeconfig");
        if let Err(e) = kubeconfig::write(&kubeconfig_path, &base_url, &token) {
            cancel.cancel();
            return Err(e);
        }
        tracing::info!("sandbox API server listening on {base_url}");
        Ok(Sandbox {
            addr,
            base_url,
            kubeconfig_path,
            token,
            faults,
            github_url,
            github_faults,
            repo_path: ci.repo_path,
            ci: ci.runs,
            store,
            world,
            cancel,
            server: Some(server),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn kubeconfig_path(&self) -> &Path {
        &self.kubeconfig_path
    }

    /// The same cluster, user and namespace as the kubeconfig file, for in-process clients.
    pub fn kube_config(&self) -> kube::Config {
        kubeconfig::client_config(&self.base_url, &self.token)
    }

    /// The registry CI pushes to: tests publish builds here to play CI.
    /// Base URL of the sandbox's GitHub API (use it as GitHub Enterprise's).
    pub fn github_url(&self) -> &str {
        &self.github_url
    }

    pub fn github_faults(&self) -> github::GithubFaults {
        self.github_faults.clone()
    }

    /// The demo application's git repository (a real one: `git merge` there starts CI).
    pub fn repo_path(&self) -> &Path {
        &self.repo_path
    }

    /// CI as the simulator keeps it (tests make the next run fail with it).
    pub fn ci(&self) -> &Arc<world::ci::CiRuns> {
        &self.ci
    }

    pub fn images(&self) -> &world::images::ImageRegistry {
        &self.world.images
    }

    pub fn faults(&self) -> FaultHandle {
        self.faults.clone()
    }

    /// Forgets all watch history: any watch resuming from an RV handed out so far gets 410.
    pub fn expire_watch_history(&self) {
        self.store.expire_history();
    }

    /// Like a crash: stops listening and cuts every open connection and stream at once.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // A sandbox dropped without `shutdown` (a failing test) must not leave tasks running.
        self.cancel.cancel();
    }
}

/// `showrunner sandbox`: runs until Ctrl-C or SIGTERM, telling the user how to connect.
pub async fn run_standalone(opts: SandboxOptions) -> Result<(), SandboxError> {
    let data_dir = opts.data_dir.clone();
    let sandbox = Sandbox::start(opts).await?;
    let path = sandbox.kubeconfig_path().display().to_string();
    println!("showrunner sandbox API server: {}", sandbox.base_url());
    println!("kubeconfig: {path}");
    println!("  export KUBECONFIG={path}");
    println!("  kubectl get pods -A");
    println!("GitHub API: {}", sandbox.github_url());
    println!(
        "demo repository: {} (a merge into main starts CI)",
        sandbox.repo_path().display()
    );
    println!("Press Ctrl-C to stop.");
    // Where a `showrunner --keep` finds this world again.
    let info = kept::KeptInfo {
        pid: std::process::id(),
        api: sandbox.base_url(),
        github: sandbox.github_url().to_string(),
        repo: sandbox.repo_path().to_path_buf(),
        kubeconfig: sandbox.kubeconfig_path().to_path_buf(),
    };
    if let Err(e) = kept::write(&data_dir, &info) {
        tracing::warn!("cannot record the sandbox in {}: {e}", data_dir.display());
    }
    let waited = wait_for_signal().await;
    kept::forget(&data_dir);
    sandbox.shutdown().await;
    waited
}

async fn wait_for_signal() -> Result<(), SandboxError> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(SandboxError::Signal)?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(SandboxError::Signal),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.map_err(SandboxError::Signal)
    }
}
