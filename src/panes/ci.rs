//! GitHub Actions runs: status, number, workflow, branch, commit (the run of the local HEAD is
//! marked), event, duration, age, and the freight it produced. Enter opens a run's jobs and
//! steps (live, the running step highlighted); Enter on a job opens its log.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::gitops_common::health_role;
use super::table::{self, fill, fixed};
use super::{pane_block, pane_title};
use crate::app::state::AppState;
use crate::github::models::{Job, Step, WorkflowRun, state_of, time};
use crate::theme::{Role, Theme};
use crate::ui::format::{human_age, human_duration};
use crate::ui::layout::PaneId;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let ci = &state.ci;
    let mut title = pane_title(PaneId::Ci, theme);
    if let Ok(repo) = &ci.source {
        title.push(Span::raw(" ─ "));
        title.push(Span::styled(repo.clone(), theme.fg(Role::Accent)));
    }
    if let Some(rate) = ci.rate {
        title.push(Span::styled(
            format!(" ─ API {}/{}", rate.remaining, rate.limit),
            theme.fg(Role::Muted),
        ));
    }
    if let Some(problem) = &ci.problem {
        let until = ci
            .limited_until
            .map(|u| format!(" (in {})", human_duration(u - state.now.as_second())))
            .unwrap_or_default();
        title.push(Span::styled(
            format!(" ─ {problem}{until}"),
            theme.fg(Role::Warning),
        ));
    }
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    match &ci.source {
        Err(why) => {
            frame.render_widget(
                Paragraph::new(why.clone()).style(theme.fg(Role::Muted)),
                inner,
            );
        }
        Ok(_) if ci.detail.is_some() => detail(frame, inner, state, theme, focused),
        Ok(_) if ci.runs.is_empty() => {
            let text = if ci.loaded {
                "No workflow runs yet."
            } else {
                "asking GitHub…"
            };
            frame.render_widget(Paragraph::new(text).style(theme.fg(Role::Muted)), inner);
        }
        Ok(_) => runs(frame, inner, state, theme, focused),
    }
}

pub fn duration(
    started: &Option<String>,
    finished: &Option<String>,
    active: bool,
    state: &AppState,
) -> String {
    let start = time(started);
    let end = if active {
        Some(state.now)
    } else {
        time(finished)
    };
    match (start, end) {
        (Some(s), Some(e)) => human_duration(e.as_second() - s.as_second()),
        _ => String::new(),
    }
}

fn runs(frame: &mut Frame, inner: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let ci = &state.ci;
    let columns = [
        fixed("STATUS", 13),
        fixed("RUN", 5),
        fixed("WORKFLOW", 10),
        fixed("BRANCH", 12),
        fixed("COMMIT", 9),
        fixed("TOOK", 6),
        fixed("AGE", 5),
        fixed("FREIGHT", 12),
        fill("TITLE"),
    ];
    let head = state.git.head_sha();
    let cursor = ci.run_list.cursor();
    table::render_rows(
        frame,
        inner,
        &columns,
        ci.run_list.keys().len(),
        ci.run_list.offset,
        theme,
        |i, widths| {
            let Some(run) = ci.run(ci.run_list.keys()[i]) else {
                return Line::raw("");
            };
            let selected = i == cursor;
            table::row(
                run_cells(run, head, state, theme),
                widths,
                selected && focused,
                selected && !focused,
                theme,
            )
        },
    );
}

fn run_cells(
    run: &WorkflowRun,
    head: Option<&str>,
    state: &AppState,
    theme: &Theme,
) -> Vec<(String, ratatui::style::Style)> {
    let (icon, health) = state_of(run.status.as_deref(), run.conclusion.as_deref());
    let word = run
        .conclusion
        .clone()
        .or_else(|| run.status.clone())
        .unwrap_or_default()
        .replace('_', " ");
    let is_head = head.is_some_and(|h| h == run.head_sha);
    let freight = state
        .gitops
        .freight_for_commit(&run.head_sha)
        .map(|f| f.alias.clone())
        .unwrap_or_default();
    vec![
        (
            format!("{icon} {word}"),
            theme.fg(health_role(health)).add_modifier(Modifier::BOLD),
        ),
        (format!("#{}", run.run_number), theme.fg(Role::Text)),
        (run.name.clone().unwrap_or_default(), theme.fg(Role::Text)),
        (
            run.head_branch.clone().unwrap_or_default(),
            theme.fg(Role::Accent),
        ),
        (
            format!("{}{}", run.short_sha(), if is_head { "◆" } else { "" }),
            theme.fg(if is_head { Role::Title } else { Role::Muted }),
        ),
        (
            duration(
                &run.run_started_at.clone().or(run.created_at.clone()),
                &run.updated_at,
                run.is_active(),
                state,
            ),
            theme.fg(Role::Muted),
        ),
        (
            human_age(time(&run.created_at), state.now),
            theme.fg(Role::Muted),
        ),
        (freight, theme.fg(Role::Accent)),
        (
            run.display_title.clone().unwrap_or_default(),
            theme.fg(Role::Text),
        ),
    ]
}

fn detail(frame: &mut Frame, inner: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let ci = &state.ci;
    let Some(run) = ci.detail_run() else {
        frame.render_widget(
            Paragraph::new("This run is no longer listed.").style(theme.fg(Role::Muted)),
            inner,
        );
        return;
    };
    let (icon, health) = state_of(run.status.as_deref(), run.conclusion.as_deref());
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{icon} "), theme.fg(health_role(health))),
        Span::styled(
            format!(
                "#{} {}",
                run.run_number,
                run.name.clone().unwrap_or_default()
            ),
            theme.fg(Role::Title).add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!(
                "  {} · {} · {} · {}",
                run.head_branch.clone().unwrap_or_default(),
                run.short_sha(),
                run.event,
                run.display_title.clone().unwrap_or_default()
            ),
            theme.fg(Role::Muted),
        ),
    ])];
    let jobs = ci.detail_jobs();
    if jobs.is_empty() {
        lines.push(Line::styled("  loading jobs…", theme.fg(Role::Muted)));
    }
    let selected = ci.job_list.selected().copied();
    for job in jobs {
        lines.push(job_line(
            job,
            selected == Some(job.id) && focused,
            state,
            theme,
        ));
        lines.extend(job.steps.iter().map(|step| step_line(step, state, theme)));
    }
    lines.push(Line::styled(
        "enter: job log · l: failed/running job's log · f: its freight · esc: back",
        theme.fg(Role::Muted),
    ));
    // Keep the selected job's block on screen.
    let selected_row = lines
        .iter()
        .position(|l| l.style == theme.selection())
        .unwrap_or(0);
    let scroll = selected_row.saturating_sub(inner.height as usize / 2) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.base())
            .scroll((scroll, 0)),
        inner,
    );
}

/// One step of a job, live: its state, number, name, how long it took or has been running.
pub fn step_line<'a>(step: &Step, state: &AppState, theme: &Theme) -> Line<'a> {
    let (icon, health) = state_of(step.status.as_deref(), step.conclusion.as_deref());
    let running = step.status.as_deref() == Some("in_progress");
    let style = if running {
        theme.fg(Role::Progressing).add_modifier(Modifier::BOLD)
    } else {
        theme.fg(Role::Text)
    };
    let took = duration(&step.started_at, &step.completed_at, running, state);
    Line::from(vec![
        Span::styled(format!("    {icon} "), theme.fg(health_role(health))),
        Span::styled(format!("{:>2} {:<24}", step.number, step.name), style),
        Span::styled(format!("{took:>6}"), theme.fg(Role::Muted)),
        Span::styled(
            if running { "  ◀ running" } else { "" },
            theme.fg(Role::Progressing),
        ),
    ])
}

fn job_line<'a>(job: &Job, selected: bool, state: &AppState, theme: &Theme) -> Line<'a> {
    let (icon, health) = state_of(job.status.as_deref(), job.conclusion.as_deref());
    let took = duration(&job.started_at, &job.completed_at, job.is_active(), state);
    let line = Line::from(vec![
        Span::styled(format!("  {icon} "), theme.fg(health_role(health))),
        Span::styled(
            job.name.clone(),
            theme.fg(Role::Text).add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!("  {took}"), theme.fg(Role::Muted)),
    ]);
    if selected {
        line.style(theme.selection())
    } else {
        line
    }
}
