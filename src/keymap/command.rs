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

/// The part of the app that handles a command: the router hands each command to its owner, so
/// a new key is a row below and an arm in that feature's `on_command`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Focus, tabs, zoom, popups, scrolling, confirmations: `app::screen`.
    Screen,
    Pods,
    Gitops,
    Ci,
    Runbook,
}

macro_rules! commands {
    ($($variant:ident => $key:literal, $ctx:ident, $owner:ident, $desc:literal;)*) => {
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

            pub fn owner(self) -> Owner {
                match self { $(Command::$variant => Owner::$owner),* }
            }

            pub fn description(self) -> &'static str {
                match self { $(Command::$variant => $desc),* }
            }
        }
    };
}

commands! {
    Quit => "quit", Global, Screen, "quit showrunner";
    Help => "help", Global, Screen, "show or hide this help";
    FocusNext => "focus_next", Global, Screen, "focus the next pane";
    FocusPrev => "focus_prev", Global, Screen, "focus the previous pane";
    FocusRunbook => "focus_runbook", Global, Screen, "focus the runbook pane";
    FocusPipeline => "focus_pipeline", Global, Screen, "focus the pipeline pane";
    FocusFreight => "focus_freight", Global, Screen, "focus the freight / promotions / applications pane";
    FocusPods => "focus_pods", Global, Screen, "focus the pods pane";
    FocusCi => "focus_ci", Global, Screen, "focus the CI / git pane";
    FocusOutput => "focus_output", Global, Screen, "focus the output / logs pane";
    NextTab => "next_tab", Global, Screen, "show the next tab of the focused pane";
    PrevTab => "prev_tab", Global, Screen, "show the previous tab of the focused pane";
    Zoom => "zoom", Global, Screen, "zoom the focused pane to full screen (again to restore)";
    ToggleAppLog => "toggle_app_log", Global, Screen, "show or hide showrunner's own log";
    Messages => "messages", Global, Screen, "show the last messages in full, newest first";
    RunStep => "run_step", Global, Runbook, "runbook: run the current step (again, if it ran; continue after a pause)";
    NextStep => "next_step", Global, Runbook, "runbook: go to the next step";
    PrevStep => "prev_step", Global, Runbook, "runbook: go to the previous step";
    SkipStep => "skip_step", Global, Runbook, "runbook: skip the current step";
    KillCommand => "kill", Global, Runbook, "runbook: kill the running command (or stop a wait)";
    Fallback => "fallback", Global, Runbook, "runbook: run the failed step's fallback";
    JumpToStep => "jump_to_step", Global, Runbook, "runbook: jump to step number … (Enter)";
    TalkTimer => "talk_timer", Global, Runbook, "runbook: start or reset the talk timer";
    Up => "up", List, Screen, "move up";
    Down => "down", List, Screen, "move down";
    Top => "top", List, Screen, "go to the first line";
    Bottom => "bottom", List, Screen, "go to the last line";
    PageUp => "page_up", List, Screen, "one page up";
    PageDown => "page_down", List, Screen, "one page down";
    Filter => "filter", List, Pods, "filter the list (Enter keeps, Esc clears)";
    ClearFilter => "clear_filter", List, Pods, "clear the filter";
    Details => "details", Pods, Pods, "details of the selected pod: containers, conditions, events";
    Logs => "logs", Pods, Pods, "stream the selected pod's logs";
    Follow => "follow", Logs, Pods, "follow new lines on / off";
    Wrap => "wrap", Logs, Pods, "wrap long lines on / off";
    Search => "search", Logs, Pods, "search the log (Enter jumps, Esc cancels)";
    NextMatch => "next_match", Logs, Pods, "next search match";
    PrevMatch => "prev_match", Logs, Pods, "previous search match";
    NextContainer => "next_container", Logs, Pods, "stream the pod's next container";
    StopLogs => "stop_logs", Logs, Pods, "stop streaming and close the log";
    DeletePod => "delete_pod", Pods, Pods, "delete the selected pod (its controller replaces it)";
    PromoteIntoStage => "promote", Pipeline, Gitops, "promote the newest freight available to the selected stage";
    RefreshNode => "refresh", Pipeline, Gitops, "ask Kargo to refresh the selected stage or warehouse";
    NextProject => "next_project", Pipeline, Gitops, "show the next Kargo project";
    PromoteFreight => "promote", Freight, Gitops, "promote the selected freight to a stage (choose which)";
    ApproveFreight => "approve", Freight, Gitops, "approve the selected freight for a stage (choose which)";
    FreightDetails => "details", Freight, Gitops, "details of the selected freight";
    PromotionDetails => "details", Promotions, Gitops, "steps of the selected promotion";
    AbortPromotion => "abort", Promotions, Gitops, "abort the selected running promotion";
    SyncApp => "sync", Applications, Gitops, "sync the selected application";
    HardRefreshApp => "hard_refresh", Applications, Gitops, "hard-refresh the selected application";
    RollbackApp => "rollback", Applications, Gitops, "roll the selected application back to its previous deployment";
    AppHistory => "history", Applications, Gitops, "deployment history of the selected application";
    Pick => "pick", Picker, Gitops, "choose the highlighted stage";
    CiRunOfFreight => "ci_run", Freight, Ci, "show the CI run that built the selected freight";
    OpenRun => "details", Ci, Ci, "jobs and steps of the selected run; on a job, its log";
    RunLog => "logs", Ci, Ci, "open the log of the run's failed or running job";
    FreightOfRun => "freight", Ci, Ci, "show the freight this run produced";
    RefreshCi => "refresh", Ci, Ci, "ask GitHub for news now";
    CloseRun => "back", Ci, Ci, "back from a run's jobs to the run list";
    ToggleGroup => "toggle_group", JobLog, Ci, "fold or unfold the step group under the cursor";
    NextError => "next_error", JobLog, Ci, "jump to the next error (unfolding its group)";
    ExpandAll => "expand_all", JobLog, Ci, "unfold every group";
    FoldAll => "fold_all", JobLog, Ci, "fold every group";
    Timestamps => "timestamps", JobLog, Ci, "show or hide timestamps";
    RunHere => "run", Runbook, Runbook, "run the current step";
    Close => "close", Overlay, Screen, "close the popup";
    Confirm => "confirm", Confirm, Screen, "go ahead with the change described";
    Cancel => "cancel", Confirm, Screen, "cancel the change";
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
