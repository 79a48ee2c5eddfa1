//! Carrying out confirmed mutations against the API. Answers are one short sentence: what was
//! done, or the API's refusal in words.

use k8s_openapi::api::core::v1::Pod;
use kube::api::{DeleteParams, Preconditions};
use kube::{Api, Client};

use super::errors::describe;
use crate::app::action::Done;
use crate::app::mutation::Mutation;

pub async fn apply(client: Client, mutation: &Mutation) -> Result<Done, String> {
    match mutation {
        Mutation::DeletePod {
            namespace,
            pod,
            uid,
            ..
        } => {
            let api: Api<Pod> = Api::namespaced(client, namespace);
            let params = DeleteParams {
                preconditions: uid.as_ref().map(|uid| Preconditions {
                    uid: Some(uid.to_string()),
                    resource_version: None,
                }),
                ..DeleteParams::default()
            };
            api.delete(pod, &params).await.map_err(|e| match &e {
                kube::Error::Api(s) if s.code == 409 && uid.is_some() => format!(
                    "pod {namespace}/{pod} was replaced by a new pod of the same name; not deleted"
                ),
                _ => describe(&e),
            })?;
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
