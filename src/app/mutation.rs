//! Changes to the cluster that a key can request. Every one goes through `request`: refused
//! under `--read-only`, confirmed first when it touches a protected environment (stg and prod
//! by default), and described in one sentence that says exactly what will happen.

use super::effect::Effect;
use super::state::{AppState, Flash, Overlay};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    DeletePod {
        namespace: String,
        pod: String,
        owner: Option<String>,
    },
}

impl Mutation {
    /// The environment the change lands in (a namespace or a stage name); it decides whether a
    /// confirmation is needed.
    pub fn environment(&self) -> &str {
        match self {
            Mutation::DeletePod { namespace, .. } => namespace,
        }
    }

    /// Short form for results and the log: "delete pod dev/backend-1".
    pub fn summary(&self) -> String {
        match self {
            Mutation::DeletePod { namespace, pod, .. } => format!("delete pod {namespace}/{pod}"),
        }
    }

    /// What the confirmation says: the object, the target and the effect.
    pub fn describe(&self) -> String {
        match self {
            Mutation::DeletePod {
                namespace,
                pod,
                owner,
            } => {
                let replacement = match owner {
                    Some(owner) => format!(" {owner} will start a replacement."),
                    None => " It has no controller: nothing will replace it.".into(),
                };
                format!("Delete pod {pod} in {namespace}.{replacement}")
            }
        }
    }
}

/// Which environments need a confirmation before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmPolicy {
    All,
    Only(Vec<String>),
}

impl Default for ConfirmPolicy {
    fn default() -> Self {
        ConfirmPolicy::Only(vec!["stg".into(), "prod".into()])
    }
}

impl ConfirmPolicy {
    /// `all`, `none`, or a list of environment names.
    pub fn parse(values: &[String]) -> ConfirmPolicy {
        match values {
            [] => ConfirmPolicy::default(),
            [v] if v == "all" || v == "*" => ConfirmPolicy::All,
            [v] if v == "none" => ConfirmPolicy::Only(Vec::new()),
            list => ConfirmPolicy::Only(list.to_vec()),
        }
    }

    pub fn requires(&self, environment: &str) -> bool {
        match self {
            ConfirmPolicy::All => true,
            ConfirmPolicy::Only(list) => list.iter().any(|e| e == environment),
        }
    }
}

/// The single gate every mutating key goes through.
pub fn request(state: &mut AppState, mutation: Mutation) -> Vec<Effect> {
    if state.read_only {
        state.flash = Some(Flash::error(format!(
            "read-only: refused to {} (started with --read-only)",
            mutation.summary()
        )));
        return Vec::new();
    }
    if state.confirm.requires(mutation.environment()) {
        state.overlay = Some(Overlay::Confirm(mutation));
        return Vec::new();
    }
    start(state, mutation)
}

/// After confirmation (or when none is needed): say it is under way and hand it to the runner.
pub fn start(state: &mut AppState, mutation: Mutation) -> Vec<Effect> {
    state.flash = Some(Flash::info(format!("{}…", mutation.summary())));
    vec![Effect::Mutate(mutation)]
}
