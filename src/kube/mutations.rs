//! Carrying out confirmed mutations against the API. Answers are one short sentence: what was
//! done, or the API's refusal in words.

use k8s_openapi::api::core::v1::Pod;
use kube::api::DeleteParams;
use kube::{Api, Client};

use super::errors::describe;
use crate::app::mutation::Mutation;

pub async fn apply(client: Client, mutation: &Mutation) -> Result<String, String> {
    match mutation {
        Mutation::DeletePod { namespace, pod, .. } => {
            let api: Api<Pod> = Api::namespaced(client, namespace);
            api.delete(pod, &DeleteParams::default())
                .await
                .map_err(|e| describe(&e))?;
            Ok(format!("pod {namespace}/{pod} is terminating"))
        }
    }
}
