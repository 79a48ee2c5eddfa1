//! The kubeconfig the sandbox writes for kubectl and other tools, and the same settings as
//! an in-process `kube::Config`.

use std::path::Path;

use super::start_error::SandboxError;

pub const CLUSTER: &str = "showrunner-sandbox";
pub const USER: &str = "sandbox";
pub const NAMESPACE: &str = "dev";

pub fn render(base_url: &str, token: &str) -> String {
    format!(
        "apiVersion: v1
kind: Config
clusters:
- name: {CLUSTER}
  cluster:
    server: {base_url}
users:
- name: {USER}
  user:
    token: {token}
contexts:
- name: {CLUSTER}
  context:
    cluster: {CLUSTER}
    user: {USER}
    namespace: {NAMESPACE}
current-context: {CLUSTER}
preferences: {{}}
"
    )
}

pub fn write(path: &Path, base_url: &str, token: &str) -> Result<(), SandboxError> {
    let err = |source| SandboxError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    // Written then renamed, so a reader never sees half a file; 0600 because it holds a token.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, render(base_url, token)).map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).map_err(err)?;
    }
    std::fs::rename(&tmp, path).map_err(err)
}

pub fn client_config(base_url: &str, token: &str) -> kube::Config {
    let url = base_url
        .parse()
        .unwrap_or_else(|_| http::Uri::from_static("http://127.0.0.1"));
    let mut config = kube::Config::new(url);
    config.default_namespace = NAMESPACE.to_string();
    config.auth_info.token = Some(token.to_string().into());
    config
}
