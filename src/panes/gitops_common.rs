//! Pieces shared by the Kargo and Argo CD panes: status icons and colours, and how a watch
//! problem (Kargo not installed, RBAC, API server gone) is said in the pane.

use ratatui::text::Span;

use crate::app::state::AppState;
use crate::sources::kube::update::{SourceId, SourceStatus};
use crate::theme::{Role, Theme};

/// Kargo stage health or Argo CD health → role.
pub fn health_role(health: &str) -> Role {
    match health {
        "Healthy" => Role::Healthy,
        "Progressing" | "Suspended" => Role::Progressing,
        "Unhealthy" | "Degraded" | "Missing" => Role::Degraded,
        _ => Role::Unknown,
    }
}

pub fn health_icon(health: &str) -> &'static str {
    match health {
        "Healthy" => "●",
        "Progressing" => "◐",
        "Unhealthy" | "Degraded" | "Missing" => "✗",
        "Suspended" => "‖",
        _ => "○",
    }
}

/// Promotion phase or Argo CD operation phase → (icon, role).
pub fn phase_style(phase: &str) -> (&'static str, Role) {
    match phase {
        "Succeeded" => ("✓", Role::Healthy),
        "Running" | "Terminating" => ("◐", Role::Progressing),
        "Pending" => ("…", Role::Muted),
        "Failed" | "Errored" | "Error" => ("✗", Role::Degraded),
        "Aborted" => ("■", Role::Warning),
        _ => ("?", Role::Unknown),
    }
}

pub fn sync_style(sync: &str) -> (&'static str, Role) {
    match sync {
        "Synced" => ("✓", Role::Healthy),
        "OutOfSync" => ("↻", Role::Progressing),
        _ => ("?", Role::Unknown),
    }
}

/// The first watch problem among sources matching `pick`, in words.
pub fn problem(state: &AppState, pick: impl Fn(&SourceId) -> bool) -> Option<String> {
    state.sources.iter().find_map(|(id, status)| match status {
        SourceStatus::Reconnecting { error } if pick(id) => Some(error.clone()),
        _ => None,
    })
}

/// Whether a source matching `pick` is listing again after a reconnect: its rows may be stale.
pub fn resyncing(state: &AppState, pick: impl Fn(&SourceId) -> bool) -> bool {
    state
        .sources
        .iter()
        .any(|(id, status)| *status == SourceStatus::Resyncing && pick(id))
}

fn is_kargo(id: &SourceId) -> bool {
    matches!(id, SourceId::Kargo { .. } | SourceId::Projects)
}

fn is_argo(id: &SourceId) -> bool {
    matches!(id, SourceId::Applications { .. })
}

/// The title note of the Kargo panes: reconnecting (with why) or resyncing.
pub fn kargo_note<'a>(state: &AppState, theme: &Theme) -> Option<Span<'a>> {
    problem_span(kargo_problem(state), theme)
        .or_else(|| resync_span(resyncing(state, is_kargo), theme))
}

/// The title note of the Argo CD pane: reconnecting (with why) or resyncing.
pub fn argo_note<'a>(state: &AppState, theme: &Theme) -> Option<Span<'a>> {
    problem_span(argo_problem(state), theme)
        .or_else(|| resync_span(resyncing(state, is_argo), theme))
}

fn resync_span<'a>(resyncing: bool, theme: &Theme) -> Option<Span<'a>> {
    resyncing.then(|| Span::styled(" ─ resyncing…", theme.fg(Role::Warning)))
}

pub fn kargo_problem(state: &AppState) -> Option<String> {
    problem(state, is_kargo).map(|e| {
        if e.starts_with("not found (404)") {
            format!("Kargo is not installed here ({e})")
        } else {
            e
        }
    })
}

pub fn argo_problem(state: &AppState) -> Option<String> {
    problem(state, is_argo).map(|e| {
        if e.starts_with("not found (404)") {
            format!("Argo CD is not installed here ({e})")
        } else {
            e
        }
    })
}

pub fn problem_span<'a>(problem: Option<String>, theme: &Theme) -> Option<Span<'a>> {
    problem.map(|p| Span::styled(format!(" ─ reconnecting… {p}"), theme.fg(Role::Warning)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(span: Option<Span>) -> Option<String> {
        span.map(|s| s.content.into_owned())
    }

    #[test]
    fn titles_say_resyncing_until_the_relist_and_reconnecting_wins() {
        let theme = Theme::default_theme();
        let mut s = crate::app::gitops::update::tests::state();
        s.sources.clear();
        let stages = SourceId::Kargo {
            resource: "stages",
            namespace: "p".into(),
        };
        let apps = SourceId::Applications {
            namespace: "argocd".into(),
        };
        s.sources.insert(stages.clone(), SourceStatus::Resyncing);
        s.sources.insert(apps.clone(), SourceStatus::Live);
        assert_eq!(
            note(kargo_note(&s, &theme)).as_deref(),
            Some(" ─ resyncing…")
        );
        assert_eq!(note(argo_note(&s, &theme)), None);
        s.sources.insert(
            SourceId::Projects,
            SourceStatus::Reconnecting {
                error: "connection to the API server lost".into(),
            },
        );
        assert_eq!(
            note(kargo_note(&s, &theme)).as_deref(),
            Some(" ─ reconnecting… connection to the API server lost")
        );
        s.sources.insert(stages, SourceStatus::Live);
        s.sources.insert(SourceId::Projects, SourceStatus::Live);
        assert_eq!(note(kargo_note(&s, &theme)), None);
    }
}
