//! What the pipeline, freight and promotions panes show, cut from the Kargo objects on arrival.

use k8s_openapi::jiff::Timestamp;

use showrunner_model::kargo::models::{
    ALIAS_LABEL, Chart, Freight, FreightCollection, FreightOrigin, FreightRequest, FreightStatus,
    Image, Promotion, ROLLBACK_ANNOTATION, Stage, Warehouse,
};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StageSummary {
    pub namespace: String,
    pub name: String,
    pub requests: Vec<FreightRequest>,
    pub template_steps: Vec<String>,
    /// Each origin's freight currently in the stage (newest freight history entry): a stage
    /// that requests from several warehouses runs one freight of each at once.
    pub current: Vec<(FreightOrigin, String)>,
    /// The first origin's current freight; enough for single-origin stages, but use `runs` or
    /// `current_for` where a stage may have several origins.
    pub current_freight: Option<String>,
    /// Healthy | Progressing | Unhealthy | Unknown | NotApplicable
    pub health: Option<String>,
    pub health_issues: Vec<String>,
    /// Latest verification of the current freight: phase (Successful, Failed, Running …).
    pub verification: Option<String>,
    pub auto_promotion: bool,
    pub current_promotion: Option<String>,
    /// The last promotion's failure, if it failed or errored.
    pub last_failure: Option<String>,
    pub ready_message: Option<String>,
    /// The last promotion, running or finished (a rollback is told apart by its annotation).
    /// Both defaulted: a rehearsal recorded before they existed still replays.
    #[serde(default)]
    pub last_promotion: Option<String>,
    /// The freight the current one took over from, when that one had failed its verification:
    /// what a rollback (or a fix) moved the stage away from.
    #[serde(default)]
    pub replaced_failed: Option<String>,
}

impl StageSummary {
    pub fn from_stage(stage: &Stage) -> StageSummary {
        let status = &stage.status;
        let newest = status.freight_history.first();
        let last_failure = status.last_promotion.as_ref().and_then(|p| {
            let s = p.status.as_ref()?;
            match s.phase.as_deref() {
                Some("Failed" | "Errored") => Some(format!(
                    "{} {}: {}",
                    p.name,
                    s.phase.as_deref().unwrap_or(""),
                    s.message.clone().unwrap_or_default()
                )),
                _ => None,
            }
        });
        StageSummary {
            namespace: stage.metadata.namespace.clone().unwrap_or_default(),
            name: stage.metadata.name.clone().unwrap_or_default(),
            requests: stage.spec.requested_freight.clone(),
            template_steps: stage
                .spec
                .promotion_template
                .as_ref()
                .map(|t| t.spec.steps.iter().map(|s| s.display_name()).collect())
                .unwrap_or_default(),
            current: newest
                .map(|h| {
                    h.items
                        .iter()
                        .map(|(key, f)| (origin_of(key, &f.origin), f.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            current_freight: newest
                .and_then(|h| h.items.values().next())
                .map(|f| f.name.clone()),
            health: status
                .health
                .as_ref()
                .map(|h| h.status.clone())
                .filter(|s| !s.is_empty()),
            health_issues: status
                .health
                .as_ref()
                .map(|h| h.issues.clone())
                .unwrap_or_default(),
            verification: newest
                .and_then(|h| h.verification_history.first())
                .and_then(|v| v.phase.clone()),
            auto_promotion: status.auto_promotion_enabled.unwrap_or(false),
            current_promotion: status
                .current_promotion
                .as_ref()
                .map(|p| p.name.clone())
                .filter(|n| !n.is_empty()),
            last_failure,
            ready_message: status
                .conditions
                .iter()
                .find(|c| c.kind == "Ready" && c.status != "True")
                .and_then(|c| c.message.clone()),
            last_promotion: status
                .current_promotion
                .as_ref()
                .or(status.last_promotion.as_ref())
                .map(|p| p.name.clone())
                .filter(|n| !n.is_empty()),
            replaced_failed: replaced_failed(&status.freight_history),
        }
    }

    /// Whether `freight` is among what the stage currently runs, for any origin.
    pub fn runs(&self, freight: &str) -> bool {
        self.current.iter().any(|(_, name)| name == freight)
    }

    /// The freight the stage currently runs from `origin`.
    pub fn current_for(&self, origin: &FreightOrigin) -> Option<&str> {
        self.current
            .iter()
            .find(|(o, _)| o == origin)
            .map(|(_, name)| name.as_str())
    }
}

/// The previous history entry's freight, if its verification failed and the newest entry runs
/// something else.
fn replaced_failed(history: &[FreightCollection]) -> Option<String> {
    let freight = |h: &FreightCollection| h.items.values().next().map(|f| f.name.clone());
    let (newest, previous) = (history.first()?, history.get(1)?);
    let failed = previous
        .verification_history
        .first()
        .and_then(|v| v.phase.as_deref())
        .is_some_and(|p| matches!(p, "Failed" | "Error"));
    let name = freight(previous)?;
    (failed && freight(newest).as_ref() != Some(&name)).then_some(name)
}

/// A history item's origin; older Kargo versions leave it out and only key the item by
/// "Kind/name".
fn origin_of(key: &str, origin: &FreightOrigin) -> FreightOrigin {
    if !origin.name.is_empty() {
        return origin.clone();
    }
    match key.split_once('/') {
        Some((kind, name)) => FreightOrigin {
            kind: kind.into(),
            name: name.into(),
        },
        None => FreightOrigin {
            kind: "Warehouse".into(),
            name: key.into(),
        },
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FreightSummary {
    pub namespace: String,
    pub name: String,
    pub alias: String,
    pub origin: FreightOrigin,
    pub images: Vec<Image>,
    pub charts: Vec<Chart>,
    /// (commit id, first line of the message)
    pub commit: Option<(String, String)>,
    pub created: Option<Timestamp>,
    pub status: FreightStatus,
}

impl FreightSummary {
    pub fn from_freight(f: &Freight) -> FreightSummary {
        let name = f.metadata.name.clone().unwrap_or_default();
        let alias = f
            .alias
            .clone()
            .or_else(|| {
                f.metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(ALIAS_LABEL).cloned())
            })
            .unwrap_or_else(|| short(&name).to_string());
        FreightSummary {
            namespace: f.metadata.namespace.clone().unwrap_or_default(),
            alias,
            origin: f.origin.clone(),
            images: f.images.clone(),
            charts: f.charts.clone(),
            commit: f.commits.first().map(|c| {
                (
                    c.id.clone(),
                    c.message.lines().next().unwrap_or("").to_string(),
                )
            }),
            created: f.metadata.creation_timestamp.as_ref().map(|t| t.0),
            status: f.status.clone(),
            name,
        }
    }

    /// What a person calls this freight besides its alias, from what it carries: "backend
    /// 1.4.2" (image tag), "podinfo 6.5.0" (chart version) or "a1b2c3d fix login" (commit).
    pub fn label(&self) -> String {
        if let Some(image) = self.images.first() {
            return format!("{} {}", last_segment(&image.repo_url), image.tag);
        }
        if let Some(chart) = self.charts.first() {
            let name = if chart.name.is_empty() {
                last_segment(&chart.repo_url)
            } else {
                &chart.name
            };
            return format!("{name} {}", chart.version);
        }
        match &self.commit {
            Some((id, message)) => format!("{} {message}", short(id)).trim_end().to_string(),
            None => short(&self.name).to_string(),
        }
    }
}

fn last_segment(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

/// First seven characters, as git and Kargo's UI shorten hashes.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(7)]
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PromotionSummary {
    pub namespace: String,
    pub name: String,
    pub stage: String,
    pub freight: String,
    pub phase: String,
    pub message: Option<String>,
    pub created: Option<Timestamp>,
    pub started: Option<Timestamp>,
    pub finished: Option<Timestamp>,
    pub current_step: Option<usize>,
    pub steps: Vec<StepView>,
    pub rollback: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepView {
    pub name: String,
    pub status: Option<String>,
    pub message: Option<String>,
    pub started: Option<Timestamp>,
    pub finished: Option<Timestamp>,
    pub errors: i64,
}

impl PromotionSummary {
    pub fn from_promotion(p: &Promotion) -> PromotionSummary {
        let meta = &p.metadata;
        let status = &p.status;
        let count = p.spec.steps.len().max(status.step_execution_metadata.len());
        let steps = (0..count)
            .map(|i| {
                let spec = p.spec.steps.get(i);
                let run = status.step_execution_metadata.get(i);
                StepView {
                    name: spec
                        .map(|s| s.display_name())
                        .or_else(|| run.and_then(|r| r.alias.clone()))
                        .unwrap_or_else(|| format!("step-{i}")),
                    status: run.and_then(|r| r.status.clone()),
                    message: run
                        .and_then(|r| r.message.clone())
                        .filter(|m| !m.is_empty()),
                    started: run.and_then(|r| r.started_at.as_ref()).map(|t| t.0),
                    finished: run.and_then(|r| r.finished_at.as_ref()).map(|t| t.0),
                    errors: run.and_then(|r| r.error_count).unwrap_or(0),
                }
            })
            .collect();
        PromotionSummary {
            namespace: meta.namespace.clone().unwrap_or_default(),
            name: meta.name.clone().unwrap_or_default(),
            stage: p.spec.stage.clone(),
            freight: p.spec.freight.clone(),
            phase: status.phase.clone().unwrap_or_else(|| "Pending".into()),
            message: status.message.clone().filter(|m| !m.is_empty()),
            created: meta.creation_timestamp.as_ref().map(|t| t.0),
            started: status.started_at.as_ref().map(|t| t.0),
            finished: status.finished_at.as_ref().map(|t| t.0),
            current_step: status.current_step.map(|s| s.max(0) as usize),
            steps,
            rollback: meta
                .annotations
                .as_ref()
                .is_some_and(|a| a.get(ROLLBACK_ANNOTATION).is_some_and(|v| v == "true")),
        }
    }

    pub fn is_terminal(&self) -> bool {
        matches!(
            self.phase.as_str(),
            "Succeeded" | "Failed" | "Errored" | "Aborted"
        )
    }

    /// "2/4 kustomize-set-image" while running.
    pub fn progress(&self) -> Option<String> {
        let step = self.current_step?;
        if self.is_terminal() || self.steps.is_empty() {
            return None;
        }
        let i = step.min(self.steps.len() - 1);
        Some(format!(
            "{}/{} {}",
            i + 1,
            self.steps.len(),
            self.steps[i].name
        ))
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WarehouseSummary {
    pub namespace: String,
    pub name: String,
    pub repos: Vec<String>,
}

impl WarehouseSummary {
    pub fn from_warehouse(w: &Warehouse) -> WarehouseSummary {
        WarehouseSummary {
            namespace: w.metadata.namespace.clone().unwrap_or_default(),
            name: w.metadata.name.clone().unwrap_or_default(),
            repos: w.subscribed_repos(),
        }
    }
}

/// A cluster-scoped Project seen by discovery.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectSummary {
    pub name: String,
}

#[cfg(test)]
mod tests;
