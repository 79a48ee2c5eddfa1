//! The changes to the cluster a key can ask for, and the sentence that says exactly what each
//! will do. `writes` carries them out; the app decides when (read-only, confirmation).

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    DeletePod {
        namespace: String,
        pod: String,
        owner: Option<String>,
        /// The uid of the pod the user chose, as a precondition: a pod recreated under the
        /// same name since is not deleted. `None` deletes by name.
        uid: Option<String>,
    },
    /// Create a Promotion of `freight` to `stage`.
    Promote {
        project: String,
        stage: String,
        freight: String,
        label: FreightLabel,
        steps: Vec<String>,
    },
    /// Add `stage` to the freight's `status.approvedFor`.
    Approve {
        project: String,
        stage: String,
        freight: String,
        label: FreightLabel,
    },
    AbortPromotion {
        project: String,
        stage: String,
        promotion: String,
        progress: Option<String>,
    },
    Refresh {
        project: String,
        target: RefreshTarget,
    },
    SyncApp {
        namespace: String,
        app: String,
        destination: Option<String>,
    },
    HardRefreshApp {
        namespace: String,
        app: String,
        destination: Option<String>,
    },
    /// A sync pinned to a history entry, as `argocd app rollback` does.
    RollbackApp {
        namespace: String,
        app: String,
        destination: Option<String>,
        to: RollbackTarget,
    },
}

/// How a person names a freight: its alias and what it carries ("backend a1b2c3d").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreightLabel {
    pub alias: String,
    pub content: String,
}

impl std::fmt::Display for FreightLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.alias, self.content)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshTarget {
    Stage(String),
    Warehouse(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollbackTarget {
    pub id: i64,
    pub revision: Option<String>,
    pub source: Option<String>,
    pub sources: Option<String>,
}

impl Mutation {
    /// The environment the change lands in (a namespace or a stage name); it decides whether a
    /// confirmation is needed.
    pub fn environment(&self) -> &str {
        match self {
            Mutation::DeletePod { namespace, .. } => namespace,
            Mutation::Promote { stage, .. }
            | Mutation::Approve { stage, .. }
            | Mutation::AbortPromotion { stage, .. } => stage,
            Mutation::Refresh {
                target: RefreshTarget::Stage(stage),
                ..
            } => stage,
            Mutation::Refresh { project, .. } => project,
            Mutation::SyncApp {
                app, destination, ..
            }
            | Mutation::HardRefreshApp {
                app, destination, ..
            }
            | Mutation::RollbackApp {
                app, destination, ..
            } => destination.as_deref().unwrap_or(app),
        }
    }

    /// Short form for results and the log: "delete pod dev/backend-1".
    pub fn summary(&self) -> String {
        match self {
            Mutation::DeletePod { namespace, pod, .. } => format!("delete pod {namespace}/{pod}"),
            Mutation::Promote { stage, label, .. } => format!("promote {} to {stage}", label.alias),
            Mutation::Approve { stage, label, .. } => {
                format!("approve {} for {stage}", label.alias)
            }
            Mutation::AbortPromotion { promotion, .. } => format!("abort promotion {promotion}"),
            Mutation::Refresh {
                target: RefreshTarget::Stage(s),
                ..
            } => format!("refresh stage {s}"),
            Mutation::Refresh {
                target: RefreshTarget::Warehouse(w),
                ..
            } => format!("refresh warehouse {w}"),
            Mutation::SyncApp { app, .. } => format!("sync {app}"),
            Mutation::HardRefreshApp { app, .. } => format!("hard-refresh {app}"),
            Mutation::RollbackApp { app, to, .. } => format!("roll back {app} to #{}", to.id),
        }
    }

    /// What the confirmation says: the object, the target and the effect.
    pub fn describe(&self) -> String {
        match self {
            Mutation::DeletePod {
                namespace,
                pod,
                owner,
                ..
            } => {
                let replacement = match owner {
                    Some(owner) => format!(" {owner} will start a replacement."),
                    None => " It has no controller: nothing will replace it.".into(),
                };
                format!("Delete pod {pod} in {namespace}.{replacement}")
            }
            Mutation::Promote {
                stage,
                label,
                steps,
                ..
            } => {
                format!("Promote {label} to {stage}.{}", steps_sentence(steps))
            }
            Mutation::Approve { stage, label, .. } => {
                format!(
                    "Approve {label} for {stage}: it can then be promoted to {stage} without verification upstream."
                )
            }
            Mutation::AbortPromotion {
                promotion,
                stage,
                progress,
                ..
            } => {
                let at = progress
                    .as_ref()
                    .map(|p| format!(" at step {p}"))
                    .unwrap_or_default();
                format!(
                    "Abort promotion {promotion} to {stage}{at}. Steps already done are not undone."
                )
            }
            Mutation::Refresh {
                target: RefreshTarget::Stage(s),
                ..
            } => format!("Ask Kargo to refresh stage {s} now."),
            Mutation::Refresh {
                target: RefreshTarget::Warehouse(w),
                ..
            } => {
                format!("Ask Kargo to look for new artifacts in warehouse {w} now.")
            }
            Mutation::SyncApp {
                app, destination, ..
            } => {
                format!(
                    "Sync {app}: Argo CD applies its target revision to {}.",
                    place(destination)
                )
            }
            Mutation::HardRefreshApp { app, .. } => {
                format!(
                    "Hard-refresh {app}: Argo CD re-reads its source and the live state (no sync)."
                )
            }
            Mutation::RollbackApp {
                app,
                destination,
                to,
                ..
            } => {
                let revision = to
                    .revision
                    .as_deref()
                    .map(|r| format!(" (revision {})", &r[..r.len().min(7)]))
                    .unwrap_or_default();
                format!(
                    "Roll back {app} to history #{}{revision}: Argo CD syncs {} back to it.",
                    to.id,
                    place(destination)
                )
            }
        }
    }
}

fn place(destination: &Option<String>) -> String {
    destination
        .as_ref()
        .map(|d| format!("namespace {d}"))
        .unwrap_or_else(|| "its destination".into())
}

/// ` Kargo runs git-clone → … → argocd-update.`, or nothing for a promotion without steps.
pub fn steps_sentence(steps: &[String]) -> String {
    if steps.is_empty() {
        String::new()
    } else {
        format!(" Kargo runs {}.", steps.join(" → "))
    }
}
