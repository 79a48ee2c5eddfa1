//! The built-in sandbox: a loopback Kubernetes API server with simulated controllers.
//! (Being built; see the foundation issue.)

use std::path::PathBuf;

/// What the simulated world looks like and how fast it moves.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// 127.0.0.1 port; 0 picks a free one.
    pub port: u16,
    /// Time scale: 2.0 runs every simulated delay twice as fast.
    pub speed: f64,
    /// Extra load pods spread over the demo namespaces.
    pub extra_pods: usize,
    /// Changes per second among the extra pods.
    pub churn: f64,
    /// Where the kubeconfig (and later the git repo) is written.
    pub data_dir: PathBuf,
}
