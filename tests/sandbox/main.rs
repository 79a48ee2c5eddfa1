//! Against servers in this process over loopback: the built-in sandbox's Kubernetes, Kargo,
//! Argo CD and GitHub APIs through raw HTTP, kube-rs, the app's own sources and mutations and
//! the real kubectl; the GitHub client and CI poller against a mock GitHub; and the runbook's
//! command runner with real processes. kubectl must be on PATH (these tests never skip).

mod github_client;
mod github_poller;
mod gitops_mutations;
mod kube_sources;
mod kubectl;
mod kubectl_gitops;
mod runbook_commands;
mod runbook_env;
mod sandbox_api;
mod sandbox_github;
mod sandbox_gitops;
mod sandbox_serve;
mod sandbox_watch;
mod sandbox_world;
mod sandbox_writes;
