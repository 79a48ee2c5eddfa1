//! Recent events of one pod, fetched once when its details open (like `kubectl describe`).

use k8s_openapi::api::core::v1::Event;
use kube::api::ListParams;
use kube::{Api, Client};

use super::errors::describe;

const MAX_EVENTS: usize = 20;

pub async fn pod_events(
    client: Client,
    namespace: &str,
    pod: &str,
    uid: &str,
) -> Result<Vec<EventSummary>, String> {
    let api: Api<Event> = Api::namespaced(client, namespace);
    let params = ListParams::default().fields(&format!("involvedObject.name={pod}"));
    let list = api.list(&params).await.map_err(|e| describe(&e))?;
    let mut events: Vec<EventSummary> = list
        .items
        .into_iter()
        .filter(|e| uid.is_empty() || e.involved_object.uid.as_deref().is_none_or(|u| u == uid))
        .map(|e| EventSummary {
            kind: e.type_.unwrap_or_default(),
            reason: e.reason.unwrap_or_default(),
            message: e.message.unwrap_or_default(),
            count: e.count.unwrap_or(1).max(1) as u32,
            last_seen: e
                .last_timestamp
                .map(|t| t.0)
                .or(e.event_time.map(|t| t.0))
                .or(e.first_timestamp.map(|t| t.0))
                .or(e.metadata.creation_timestamp.map(|t| t.0)),
        })
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.last_seen));
    events.truncate(MAX_EVENTS);
    Ok(events)
}

/// A core/v1 Event as the pod details popup shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventSummary {
    pub kind: String,
    pub reason: String,
    pub message: String,
    pub count: u32,
    pub last_seen: Option<k8s_openapi::jiff::Timestamp>,
}
