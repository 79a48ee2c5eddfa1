//! Whether a Freight may be promoted to a Stage, as Kargo's `Stage.IsFreightAvailable` decides:
//! for each requested origin that matches, it is available when approved for the stage, when the
//! stage takes it directly, or when verified and soaked upstream (in all upstream stages with
//! `availabilityStrategy: All`, in at least one otherwise).

use std::time::Duration;

use k8s_openapi::jiff::Timestamp;

use super::duration;
use super::models::{FreightOrigin, FreightRequest, FreightStatus};

/// Why a freight is (or is not) available; the reason is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Approved,
    Direct,
    VerifiedUpstream(Vec<String>),
    Unavailable(String),
}

impl Availability {
    pub fn is_available(&self) -> bool {
        !matches!(self, Availability::Unavailable(_))
    }
}

pub fn availability(
    stage: &str,
    requests: &[FreightRequest],
    origin: &FreightOrigin,
    status: &FreightStatus,
    now: Timestamp,
) -> Availability {
    let matching: Vec<&FreightRequest> = requests
        .iter()
        .filter(|r| r.origin.kind == origin.kind && r.origin.name == origin.name)
        .collect();
    if matching.is_empty() {
        return Availability::Unavailable(format!(
            "stage {stage} does not request freight from {} {}",
            origin.kind, origin.name
        ));
    }
    if status.approved_for.contains_key(stage) {
        return Availability::Approved;
    }
    let mut reasons = Vec::new();
    for request in matching {
        let sources = &request.sources;
        if sources.direct {
            return Availability::Direct;
        }
        let soak = sources
            .required_soak_time
            .as_deref()
            .and_then(duration::parse)
            .unwrap_or(Duration::ZERO);
        let ready: Vec<String> = sources
            .stages
            .iter()
            .filter(|s| verified_and_soaked(status, s, soak, now))
            .cloned()
            .collect();
        let all = sources.availability_strategy.as_deref() == Some("All");
        let ok = if all {
            !sources.stages.is_empty() && ready.len() == sources.stages.len()
        } else {
            !ready.is_empty()
        };
        if ok {
            return Availability::VerifiedUpstream(ready);
        }
        let upstream = sources.stages.join(if all { " and " } else { " or " });
        if let Some(left) = soak_left(status, &sources.stages, soak, all, now) {
            let human = |d: Duration| crate::human::human_duration(d.as_secs() as i64);
            reasons.push(format!(
                "soaking in {upstream}: {} left of {}, and not approved for {stage}",
                human(left),
                human(soak)
            ));
            continue;
        }
        reasons.push(if soak.is_zero() {
            format!("not verified in {upstream} and not approved for {stage}")
        } else {
            format!(
                "not verified and soaked {} in {upstream}, and not approved for {stage}",
                crate::human::human_duration(soak.as_secs() as i64)
            )
        });
    }
    Availability::Unavailable(reasons.join("; "))
}

/// Verified in `stage`, and in it (now or in the past) for at least `soak`.
fn verified_and_soaked(
    status: &FreightStatus,
    stage: &str,
    soak: Duration,
    now: Timestamp,
) -> bool {
    soaked(status, stage, now).is_some_and(|soaked| soak.is_zero() || soaked >= soak)
}

/// When the freight is verified upstream and only its soak time is missing: how long until it
/// is available (the first upstream stage to finish, or the last one with `All`).
fn soak_left(
    status: &FreightStatus,
    upstream: &[String],
    soak: Duration,
    all: bool,
    now: Timestamp,
) -> Option<Duration> {
    if soak.is_zero() {
        return None;
    }
    let left: Vec<Option<Duration>> = upstream
        .iter()
        .map(|s| soaked(status, s, now).map(|d| soak.saturating_sub(d)))
        .collect();
    if all {
        // Every stage must be verified: one that is not is more than a wait.
        left.iter()
            .copied()
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .max()
    } else {
        left.into_iter().flatten().min()
    }
}

/// How long the freight has been in `stage` (now, or its longest stay recorded), when it was
/// verified there.
fn soaked(status: &FreightStatus, stage: &str, now: Timestamp) -> Option<Duration> {
    let verified = status.verified_in.get(stage)?;
    let recorded = verified
        .longest_soak
        .as_deref()
        .and_then(duration::parse)
        .unwrap_or(Duration::ZERO);
    let current = status
        .currently_in
        .get(stage)
        .and_then(|c| c.since.as_ref())
        .map(|since| Duration::from_secs((now.as_second() - since.0.as_second()).max(0) as u64))
        .unwrap_or(Duration::ZERO);
    Some(recorded.max(current))
}

#[cfg(test)]
mod tests;
