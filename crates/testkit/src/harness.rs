//! The app side of a source test: the app's own watchers (pods per namespace, a Kargo project,
//! Argo CD applications, Project discovery) feeding an `AppState` through the real reducer, as
//! the event loop does.

use std::time::Duration;

use showrunner::app::action::PodChange;
use showrunner::app::{Action, AppState, update};
use showrunner::keymap::Keymap;
use showrunner::sources::kube::update::{Change, SourceId, SourceStatus};
use tokio::sync::mpsc;

pub const DEADLINE: Duration = Duration::from_secs(60);

pub struct Harness {
    pub state: AppState,
    rx: mpsc::Receiver<Action>,
    /// Full lists received (pods and Kargo/Argo CD kinds), to tell a relist happened.
    pub relists: usize,
    _tasks: Vec<tokio::task::JoinHandle<()>>,
}

/// What to watch besides pods.
#[derive(Default)]
pub struct Watch<'a> {
    pub kargo_project: Option<&'a str>,
    pub argocd_namespace: Option<&'a str>,
    pub projects: bool,
}

impl Harness {
    pub fn start(client: &kube::Client, namespaces: &[&str], watch: Watch<'_>) -> Harness {
        let (tx, rx) = mpsc::channel(4096);
        let ns: Vec<String> = namespaces.iter().map(|s| s.to_string()).collect();
        let mut tasks = showrunner::sources::kube::pods::spawn_pod_watchers(client, &ns, &tx);
        if let Some(project) = watch.kargo_project {
            tasks.extend(showrunner::sources::kargo::spawn_project_watchers(
                client, project, &tx,
            ));
        }
        if let Some(argocd) = watch.argocd_namespace {
            tasks.push(showrunner::sources::argocd::spawn_app_watcher(
                client, argocd, &tx,
            ));
        }
        if watch.projects {
            tasks.push(showrunner::sources::kargo::spawn_project_discovery(
                client, &tx,
            ));
        }
        let mut state = AppState::new(
            "testbed".into(),
            ns,
            Keymap::defaults(),
            k8s_openapi::jiff::Timestamp::now(),
        );
        state.gitops =
            showrunner::app::gitops::state::GitopsState::new(watch.kargo_project.map(String::from));
        Harness {
            state,
            rx,
            relists: 0,
            _tasks: tasks,
        }
    }

    /// Applies actions until `check` holds; panics with what it saw after the deadline.
    pub async fn until(&mut self, what: &str, check: impl Fn(&Harness) -> bool) {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        while !check(self) {
            if self.apply_next(deadline, |_| {}).await.is_none() {
                panic!(
                    "timed out waiting for {what}; sources: {:?}",
                    self.state.sources
                );
            }
        }
    }

    /// Receives one action, shows it to `see`, and applies it; `None` once `deadline` passed.
    pub async fn apply_next(
        &mut self,
        deadline: tokio::time::Instant,
        see: impl FnOnce(&Action),
    ) -> Option<()> {
        let action = tokio::time::timeout_at(deadline, self.rx.recv())
            .await
            .ok()?
            .expect("sources alive");
        see(&action);
        if is_relist(&action) {
            self.relists += 1;
        }
        update(&mut self.state, action);
        self.state.prepare_frame();
        Some(())
    }

    pub fn status(&self, source: &SourceId) -> Option<&SourceStatus> {
        self.state.sources.get(source)
    }

    pub fn pods_status(&self, namespace: &str) -> Option<&SourceStatus> {
        self.status(&pods_source(namespace))
    }

    pub fn pod_status(&self, ns: &str, name: &str) -> Option<String> {
        self.state.pods.find(ns, name).map(|p| p.status.to_string())
    }

    pub fn pod_names(&self, ns: &str) -> Vec<String> {
        let index = self
            .state
            .pods
            .namespaces()
            .iter()
            .position(|n| n == ns)
            .expect("a watched namespace");
        let pods = &self.state.pods;
        (0..pods.counts(index).total)
            .map(|i| pods.pod(index, i).name.to_string())
            .collect()
    }
}

fn is_relist(action: &Action) -> bool {
    match action {
        Action::Pods(u) => matches!(u.change, PodChange::Relisted(_)),
        Action::Stages(u) => matches!(u.change, Change::Relisted(_)),
        Action::Freight(u) => matches!(u.change, Change::Relisted(_)),
        Action::Promotions(u) => matches!(u.change, Change::Relisted(_)),
        Action::Warehouses(u) => matches!(u.change, Change::Relisted(_)),
        Action::Applications(u) => matches!(u.change, Change::Relisted(_)),
        _ => false,
    }
}

pub fn pods_source(namespace: &str) -> SourceId {
    SourceId::Pods {
        namespace: namespace.into(),
    }
}
