//! Pieces shared by the Kargo and Argo CD panes: status icons and colours, and how a watch
//! problem (Kargo not installed, RBAC, API server gone) is said in the pane.

use ratatui::text::Span;

use crate::app::action::{SourceId, SourceStatus};
use crate::app::state::AppState;
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
