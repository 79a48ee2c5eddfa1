//! Building the kube client: from the sandbox's config or from a kubeconfig the way kubectl
//! finds it, with a request counter for the `--metrics-out` report.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use tower::util::MapRequestLayer;

pub struct Connection {
    pub client: Client,
    /// "sandbox" or the context name, for the status line.
    pub label: String,
    pub requests: Arc<AtomicU64>,
}

pub fn connect(config: Config, label: String) -> Result<Connection, kube::Error> {
    let requests = Arc::new(AtomicU64::new(0));
    let counter = requests.clone();
    let count = MapRequestLayer::new(move |req: http::Request<kube::client::Body>| {
        counter.fetch_add(1, Ordering::Relaxed);
        req
    });
    let client = kube::client::ClientBuilder::try_from(config)?
        .with_layer(&count)
        .build();
    Ok(Connection {
        client,
        label,
        requests,
    })
}

/// kubectl's rules: `--kubeconfig`, else `$KUBECONFIG` (a path list), else `~/.kube/config`;
/// `--context`, else the file's current-context.
pub async fn live_config(
    kubeconfig: Option<&Path>,
    context: Option<&str>,
) -> Result<(Config, String), String> {
    let file = match kubeconfig {
        Some(path) => Kubeconfig::read_from(path)
            .map_err(|e| format!("cannot read kubeconfig {}: {e}", path.display()))?,
        None => Kubeconfig::read()
            .map_err(|e| format!("cannot read kubeconfig (KUBECONFIG or ~/.kube/config): {e}"))?,
    };
    let label = context
        .map(str::to_string)
        .or_else(|| file.current_context.clone())
        .unwrap_or_else(|| "default".into());
    if let Some(ctx) = context
        && !file.contexts.iter().any(|c| c.name == ctx)
    {
        let known: Vec<&str> = file.contexts.iter().map(|c| c.name.as_str()).collect();
        return Err(format!(
            "context \"{ctx}\" not found in kubeconfig (known: {})",
            known.join(", ")
        ));
    }
    let options = KubeConfigOptions {
        context: context.map(str::to_string),
        ..Default::default()
    };
    let config = Config::from_custom_kubeconfig(file, &options)
        .await
        .map_err(|e| format!("kubeconfig: {e}"))?;
    Ok((config, label))
}
