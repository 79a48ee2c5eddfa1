//! Carrying out confirmed mutations against the API. Answers are one short sentence: what was
//! done, or the API's refusal in words.

pub mod argocd;
pub mod kargo;
pub mod mutation;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{DeleteParams, Preconditions};
use kube::{Api, Client};

pub use self::mutation::Mutation;
use super::kube::errors::describe;

/// A mutation that went through.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Done {
    pub message: String,
    /// A promotion the change created, to select and follow in the promotions pane.
    pub follow_promotion: Option<String>,
}

impl Done {
    pub fn message(message: impl Into<String>) -> Done {
        Done {
            message: message.into(),
            follow_promotion: None,
        }
    }
}

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
        | Mutation::Refresh { .. } => kargo::apply(client, mutation).await,
        Mutation::SyncApp { .. }
        | Mutation::HardRefreshApp { .. }
        | Mutation::RollbackApp { .. } => argocd::apply(client, mutation).await,
    }
}
