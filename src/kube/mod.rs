//! Pods as the panes show them: the summary kept per pod and kubectl's status rules.

pub mod intern;
pub mod pod_status;
pub mod pod_summary;
pub mod pod_wire;
