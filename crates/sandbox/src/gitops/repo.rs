//! The GitOps repository as the simulation needs it: per environment branch, the commits Kargo
//! made and the image tag each one deploys. Argo CD syncs a revision by looking it up here.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::rng;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub sha: String,
    pub tag: String,
    pub message: String,
}

#[derive(Default)]
pub struct GitopsRepo {
    envs: Mutex<HashMap<String, Vec<Revision>>>,
}

impl GitopsRepo {
    pub fn commit(&self, env: &str, tag: &str, message: &str) -> Revision {
        let rev = Revision {
            sha: rng::hex(40),
            tag: tag.into(),
            message: message.into(),
        };
        self.envs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(env.into())
            .or_default()
            .push(rev.clone());
        rev
    }

    pub fn head(&self, env: &str) -> Option<Revision> {
        self.envs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(env)?
            .last()
            .cloned()
    }

    /// A revision of `env` by full or abbreviated SHA.
    pub fn find(&self, env: &str, sha: &str) -> Option<Revision> {
        if sha.is_empty() {
            return None;
        }
        let envs = self.envs.lock().unwrap_or_else(|e| e.into_inner());
        envs.get(env)?
            .iter()
            .rev()
            .find(|r| r.sha.starts_with(sha))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_found_by_prefix_per_environment() {
        let repo = GitopsRepo::default();
        let a = repo.commit("dev", "a1b2c3d", "promote a");
        let b = repo.commit("dev", "e4f5a6b", "promote b");
        assert_eq!(repo.head("dev"), Some(b.clone()));
        assert_eq!(repo.find("dev", &a.sha[..7]), Some(a));
        assert_eq!(repo.find("stg", &b.sha), None);
        assert_eq!(repo.find("dev", ""), None);
    }
}
