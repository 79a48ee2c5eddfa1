//! The gate every change to the cluster goes through: refused under `--read-only`, confirmed
//! first when it touches a protected environment (stg and prod by default) or goes backwards,
//! then handed to the runner.

use crate::app::effect::Effect;
use crate::app::messages::Flash;
use crate::app::state::{AppState, Overlay};
use crate::sources::writes::Mutation;

/// The single gate every mutating key goes through.
pub fn request(state: &mut AppState, mutation: Mutation) -> Vec<Effect> {
    if state.read_only {
        state.flash = Some(Flash::error(format!(
            "read-only: refused to {} (started with --read-only)",
            mutation.summary()
        )));
        return Vec::new();
    }
    let rollback = crate::app::gitops::changes::rollback_from(state, &mutation).is_some();
    if rollback || state.confirm.requires(mutation.environment()) {
        state.overlay = Some(Overlay::Confirm(mutation));
        state.confirm_guard.opened();
        return Vec::new();
    }
    start(state, mutation)
}

/// After confirmation (or when none is needed): say it is under way and hand it to the runner.
pub fn start(state: &mut AppState, mutation: Mutation) -> Vec<Effect> {
    if let Mutation::DeletePod { namespace, pod, .. } = &mutation
        && state.pods.find(namespace, pod).is_none()
    {
        // Gone while the question was open: say so rather than send a doomed request.
        state.flash = Some(Flash::info(format!(
            "pod {namespace}/{pod} is already gone"
        )));
        return Vec::new();
    }
    if let Mutation::AbortPromotion { promotion, .. } = &mutation
        && let Some(p) = state.gitops.promotion(promotion)
        && p.is_terminal()
    {
        // It finished while the question was open: an abort now would change nothing.
        state.flash = Some(Flash::error(format!(
            "too late to abort: promotion {promotion} already {}",
            p.phase
        )));
        return Vec::new();
    }
    if let Mutation::AbortPromotion { promotion, .. } = &mutation {
        state.gitops.aborts_sent.push(promotion.clone());
    }
    state.flash = Some(Flash::info(format!("{}…", mutation.summary())));
    vec![Effect::Mutate(mutation)]
}
