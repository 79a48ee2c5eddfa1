//! Carrying out confirmed mutations against the API. Answers are one short sentence: what was
//! done, or the API's refusal in words.

use k8s_openapi::api::core::v1::Pod;
use kube::api::DeleteParams;
use kube::{Api, Client};

use super::errors::describe;
use crate::app::action::Done;
use crate::app::mutation::Mutation;

pub async fn apply(client: Client, mutation: &Mutation) -> Result<Done, String> {
    match mutation {
        Mutation::DeletePod { namespace, pod, .. } => {
            let api: Api<Pod> = Api::namespaced(client, namespace);
            api.delete(pod, &DeleteParams::default())
                .await
                .map_err(|e| describe(&e))?;
            Ok(Done::message(format!(
                "pod {namespace}/{pod} is terminating"
            )))
        }
        Mutation::Promote { .. }
        | Mutation::Approve { .. }
        | Mutation::AbortPromotion { .. }
        | Mutation::Refresh { .. } => crate::kargo::actions::apply(client, mutation).await,
        Mutation::SyncApp { .. }
        | Mutation::HardRefreshApp { .. }
        | Mutation::RollbackApp { .. } => crate::argocd::actions::apply(client, mutation).await,
    }
}
