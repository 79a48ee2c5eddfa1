//! The vocabulary of the keymap: every action a key can trigger, the section it belongs to, and
//! the one-line description the help overlay shows.

/// Keymap sections. A focused pane looks keys up in its own section, then `list` (for panes
/// that are lists), then `global`; an open overlay looks in `overlay`, then `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Pods,
    Logs,
    Pipeline,
    Freight,
    Promotions,
    Applications,
    Ci,
    JobLog,
    Runbook,
    Overlay,
    /// A choice among stages (promote / approve to …).
    Picker,
    /// A confirmation dialog: only these keys work while it is open.
    Confirm,
}

impl Context {
    pub const ALL: [Context; 14] = [
        Context::Global,
        Context::List,
        Context::Pods,
        Context::Logs,
        Context::Pipeline,
        Context::Freight,
        Context::Promotions,
        Context::Applications,
        Context::Ci,
        Context::JobLog,
        Context::Runbook,
        Context::Overlay,
        Context::Picker,
        Context::Confirm,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Pods => "pods",
            Context::Logs => "logs",
            Context::Pipeline => "pipeline",
            Context::Freight => "freight",
            Context::Promotions => "promotions",
            Context::Applications => "applications",
            Context::Ci => "ci",
            Context::JobLog => "job_log",
            Context::Runbook => "runbook",
            Context::Overlay => "overlay",
            Context::Picker => "picker",
            Context::Confirm => "confirm",
        }
    }

    pub fn from_key(key: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Lists",
            Context::Pods => "Pods",
            Context::Logs => "Logs",
            Context::Pipeline => "Pipeline",
            Context::Freight => "Freight",
            Context::Promotions => "Promotions",
            Context::Applications => "Applications",
            Context::Ci => "CI runs",
            Context::JobLog => "CI job log",
            Context::Runbook => "Runbook pane",
            Context::Overlay => "Popups",
            Context::Picker => "Choosing a stage",
            Context::Confirm => "Confirmations",
        }
    }
}

macro_rules! commands {
    ($($variant:ident => $key:literal, $ctx:ident, $desc:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command { $($variant),* }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant),*];

            /// The name used in keymap files.
            pub fn key(self) -> &'static str {
                match self { $(Command::$variant => $key),* }
            }

            pub fn context(self) -> Context {
                match self { $(Command::$variant => Context::$ctx),* }
            }

            pub fn description(self) -> &'static str {
                match self { $(Command::$variant => $desc),* }
            }
        }
    };
}

commands! {
    Quit => "quit", Global, "quit showrunner";
    Help => "help", Global, "show or hide this help";
    FocusNext => "focus_next", Global, "focus the next pane";
    FocusPrev => "focus_prev", Global, "focus the previous pane";
    FocusRunbook => "focus_runbook", Global, "focus the runbook pane";
    FocusPipeline => "focus_pipeline", Global, "focus the pipeline pane";
    FocusFreight => "focus_freight", Global, "focus the freight / promotions / applications pane";
    FocusPods => "focus_pods", Global, "focus the pods pane";
    FocusCi => "focus_ci", Global, "focus the CI / git pane";
    FocusOutput => "focus_output", Global, "focus the output / logs pane";
    NextTab => "next_tab", Global, "show the next tab of the focused pane";
    PrevTab => "prev_tab", Global, "show the previous tab of the focused pane";
    Zoom => "zoom", Global, "zoom the focused pane to full screen (again to restore)";
    ToggleAppLog => "toggle_app_log", Global, "show or hide showrunner's own log";
    Messages => "messages", Global, "show the last messages in full, newest first";
    RunStep => "run_step", Global, "runbook: run the current step (again, if it ran; continue after a pause)";
    NextStep => "next_step", Global, "runbook: go to the next step";
    PrevStep => "prev_step", Global, "runbook: go to the previous step";
    SkipStep => "skip_step", Global, "runbook: skip the current step";
    KillCommand => "kill", Global, "runbook: kill the running command (or stop a wait)";
    Fallback => "fallback", Global, "runbook: run the failed step's fallback";
    JumpToStep => "jump_to_step", Global, "runbook: jump to step number … (Enter)";
    TalkTimer => "talk_timer", Global, "runbook: start or reset the talk timer";
    Up => "up", List, "move up";
    Down => "down", List, "move down";
    Top => "top", List, "go to the first line";
    Bottom => "bottom", List, "go to the last line";
    PageUp => "page_up", List, "one page up";
    PageDown => "page_down", List, "one page down";
    Filter => "filter", List, "filter the list (Enter keeps, Esc clears)";
    ClearFilter => "clear_filter", List, "clear the filter";
    Details => "details", Pods, "details of the selected pod: containers, conditions, events";
    Logs => "logs", Pods, "stream the selected pod's logs";
    Follow => "follow", Logs, "follow new lines on / off";
    Wrap => "wrap", Logs, "wrap long lines on / off";
    Search => "search", Logs, "search the log (Enter jumps, Esc cancels)";
    NextMatch => "next_match", Logs, "next search match";
    PrevMatch => "prev_match", Logs, "previous search match";
    NextContainer => "next_container", Logs, "stream the pod's next container";
    StopLogs => "stop_logs", Logs, "stop streaming and close the log";
    DeletePod => "delete_pod", Pods, "delete the selected pod (its controller replaces it)";
    PromoteIntoStage => "promote", Pipeline, "promote the newest freight available to the selected stage";
    RefreshNode => "refresh", Pipeline, "ask Kargo to refresh the selected stage or warehouse";
    NextProject => "next_project", Pipeline, "show the next Kargo project";
    PromoteFreight => "promote", Freight, "promote the selected freight to a stage (choose which)";
    ApproveFreight => "approve", Freight, "approve the selected freight for a stage (choose which)";
    FreightDetails => "details", Freight, "details of the selected freight";
    PromotionDetails => "details", Promotions, "steps of the selected promotion";
    AbortPromotion => "abort", Promotions, "abort the selected running promotion";
    SyncApp => "sync", Applications, "sync the selected application";
    HardRefreshApp => "hard_refresh", Applications, "hard-refresh the selected application";
    RollbackApp => "rollback", Applications, "roll the selected application back to its previous deployment";
    AppHistory => "history", Applications, "deployment history of the selected application";
    Pick => "pick", Picker, "choose the highlighted stage";
    CiRunOfFreight => "ci_run", Freight, "show the CI run that built the selected freight";
    OpenRun => "details", Ci, "jobs and steps of the selected run; on a job, its log";
    RunLog => "logs", Ci, "open the log of the run's failed or running job";
    FreightOfRun => "freight", Ci, "show the freight this run produced";
    RefreshCi => "refresh", Ci, "ask GitHub for news now";
    CloseRun => "back", Ci, "back from a run's jobs to the run list";
    ToggleGroup => "toggle_group", JobLog, "fold or unfold the step group under the cursor";
    NextError => "next_error", JobLog, "jump to the next error (unfolding its group)";
    ExpandAll => "expand_all", JobLog, "unfold every group";
    FoldAll => "fold_all", JobLog, "fold every group";
    Timestamps => "timestamps", JobLog, "show or hide timestamps";
    RunHere => "run", Runbook, "run the current step";
    Close => "close", Overlay, "close the popup";
    Confirm => "confirm", Confirm, "go ahead with the change described";
    Cancel => "cancel", Confirm, "cancel the change";
}

impl Command {
    /// The command named `key` in section `context`.
    pub fn in_context(context: Context, key: &str) -> Option<Command> {
        Command::ALL
            .iter()
            .copied()
            .find(|c| c.key() == key && c.context() == context)
    }

    /// Sections where some command is named `key` (to say where it belongs instead).
    pub fn contexts_of(key: &str) -> Vec<Context> {
        Command::ALL
            .iter()
            .filter(|c| c.key() == key)
            .map(|c| c.context())
            .collect()
    }
}
