//! The sandbox's container registry: what CI has pushed. The CI simulator publishes a build
//! here (image tag = commit SHA); the Warehouse simulation turns each new build into Freight;
//! the kubelet crash rule learns broken builds from it. One shared, append-only list with a
//! broadcast so each side reacts to pushes instead of polling.

use std::sync::Mutex;

use tokio::sync::broadcast;

/// The demo's application image, as the Warehouse subscribes to it.
pub const BACKEND_IMAGE: &str = "ghcr.io/showrunner-demo/backend";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Full 40-hex SHA.
    pub id: String,
    pub message: String,
    pub author: String,
    pub branch: String,
    pub repo_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageBuild {
    /// Image repository without tag, e.g. `ghcr.io/showrunner-demo/backend`.
    pub repo: String,
    /// The tag pushed: the commit's short SHA (7 hex).
    pub tag: String,
    pub digest: String,
    pub commit: Commit,
    /// Built fine, but its containers crash at run time (the talk's `feature/error`).
    pub broken: bool,
    /// RFC 3339 time of the push.
    pub pushed_at: String,
}

impl ImageBuild {
    pub fn reference(&self) -> String {
        format!("{}:{}", self.repo, self.tag)
    }
}

pub struct ImageRegistry {
    builds: Mutex<Vec<ImageBuild>>,
    pushed: broadcast::Sender<ImageBuild>,
}

impl Default for ImageRegistry {
    fn default() -> Self {
        ImageRegistry {
            builds: Mutex::new(Vec::new()),
            pushed: broadcast::channel(64).0,
        }
    }
}

impl ImageRegistry {
    /// Records a push (ignored if that exact tag was pushed before) and tells subscribers.
    pub fn publish(&self, build: ImageBuild) -> bool {
        let mut builds = self.builds.lock().unwrap_or_else(|e| e.into_inner());
        if builds
            .iter()
            .any(|b| b.repo == build.repo && b.tag == build.tag)
        {
            return false;
        }
        builds.push(build.clone());
        let _ = self.pushed.send(build);
        true
    }

    /// Every build so far, oldest first.
    pub fn builds(&self) -> Vec<ImageBuild> {
        self.builds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn find(&self, repo: &str, tag: &str) -> Option<ImageBuild> {
        self.builds()
            .into_iter()
            .find(|b| b.repo == repo && b.tag == tag)
    }

    /// Pushes from now on. Subscribe before reading `builds()` to miss nothing.
    pub fn subscribe(&self) -> broadcast::Receiver<ImageBuild> {
        self.pushed.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(tag: &str) -> ImageBuild {
        ImageBuild {
            repo: BACKEND_IMAGE.into(),
            tag: tag.into(),
            digest: format!("sha256:{tag}"),
            commit: Commit {
                id: format!("{tag}000000000000000000000000000000000"),
                message: "m".into(),
                author: "a".into(),
                branch: "main".into(),
                repo_url: "https://github.com/showrunner-demo/app".into(),
            },
            broken: false,
            pushed_at: "2026-11-22T10:00:00Z".into(),
        }
    }

    #[tokio::test]
    async fn pushes_are_recorded_once_and_announced() {
        let registry = ImageRegistry::default();
        let mut rx = registry.subscribe();
        assert!(registry.publish(build("a1b2c3d")));
        assert!(
            !registry.publish(build("a1b2c3d")),
            "same tag twice is one push"
        );
        assert_eq!(rx.recv().await.unwrap().tag, "a1b2c3d");
        assert_eq!(registry.builds().len(), 1);
        assert_eq!(
            registry.find(BACKEND_IMAGE, "a1b2c3d").unwrap().reference(),
            "ghcr.io/showrunner-demo/backend:a1b2c3d"
        );
    }
}
