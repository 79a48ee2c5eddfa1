//! The whole app state, owned by the event loop alone. Panes render from it; only `update`
//! changes it.

use std::collections::BTreeMap;

use k8s_openapi::jiff::Timestamp;
use ratatui::layout::Rect;

use crate::app::ci::state::{CiState, GitState};
use crate::app::confirm_guard::ConfirmGuard;
use crate::app::confirm_policy::ConfirmPolicy;
use crate::app::gitops::state::GitopsState;
use crate::app::logs::LogView;
use crate::app::messages::{Flash, MessageLog};
use crate::app::pods::state::PodsState;
use crate::app::runbook::state::RunbookState;
use crate::keymap::{Context, Keymap};
use crate::sources::kube::events::EventSummary;
use crate::sources::kube::update::{SourceId, SourceStatus};
use crate::sources::writes::mutation::Mutation;
use crate::ui::layout::{self, LayoutInput, PaneId, ScreenLayout, Slot, Tabs};

#[derive(Debug)]
pub struct AppState {
    /// "sandbox" or the kube context name: shown in the status line so nobody confuses prod.
    pub context_label: String,
    pub read_only: bool,
    pub now: Timestamp,
    pub size: (u16, u16),
    /// The focused pane; always one that its slot shows.
    pub focus: PaneId,
    pub tabs: Tabs,
    pub zoomed: bool,
    pub show_app_log: bool,
    pub overlay: Option<Overlay>,
    pub input: Option<TextInput>,
    pub pods: PodsState,
    pub gitops: GitopsState,
    pub ci: CiState,
    pub git: GitState,
    pub runbook: Option<RunbookState>,
    /// What the output pane shows.
    pub output: OutputKind,
    pub logs: LogView,
    pub sources: BTreeMap<SourceId, SourceStatus>,
    /// Problems found at start-up (theme, keymap): shown until dismissed by any key.
    pub notices: Vec<String>,
    /// A one-line answer to the last key (e.g. "no pod selected"), cleared by the next key.
    pub flash: Option<Flash>,
    /// Every flash and notice shown, for the message history popup.
    pub messages: MessageLog,
    /// Environments whose changes need a confirmation.
    pub confirm: ConfirmPolicy,
    /// Holds back accept keys that arrive right after a confirmation opens.
    pub confirm_guard: ConfirmGuard,
    pub keymap: Keymap,
    pub should_quit: bool,
    /// Set by `update` whenever something visible changed; cleared when a frame is drawn.
    pub dirty: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    PodDetails(PodDetails),
    /// A change waiting for y/n.
    Confirm(Mutation),
    /// `q` while a runbook is under way: quitting loses what is not saved.
    ConfirmQuit,
    /// The message history, newest first.
    Messages {
        scroll: usize,
    },
    /// Which stage to promote to / approve for.
    StagePicker(StagePicker),
    FreightDetails {
        name: String,
        scroll: usize,
    },
    PromotionSteps {
        name: String,
        scroll: usize,
    },
    AppHistory {
        name: String,
        scroll: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    PodLog,
    JobLog,
    /// The runbook's last command.
    Command,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StagePicker {
    pub action: PickAction,
    pub freight: String,
    pub options: Vec<PickOption>,
    pub cursor: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickAction {
    Promote,
    Approve,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PickOption {
    pub stage: String,
    /// Why it can or cannot be chosen, shown next to the stage.
    pub note: String,
    pub allowed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodDetails {
    pub namespace: String,
    pub pod: String,
    pub events: Loadable<Vec<EventSummary>>,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Loaded(T),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    pub target: InputTarget,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputTarget {
    PodFilter,
    LogSearch,
    JobLogSearch,
    /// `:` then a step number.
    JumpToStep,
}

impl AppState {
    /// The output pane has focus and shows a CI job's log: the log keys are the job log's.
    pub fn job_log_focused(&self) -> bool {
        self.focus == PaneId::Output && self.output == OutputKind::JobLog && self.ci.log.is_some()
    }

    pub fn new(
        context_label: String,
        namespaces: Vec<String>,
        keymap: Keymap,
        now: Timestamp,
    ) -> Self {
        AppState {
            context_label,
            read_only: false,
            now,
            size: (80, 24),
            focus: PaneId::Pods,
            tabs: Tabs::default(),
            zoomed: false,
            show_app_log: false,
            overlay: None,
            input: None,
            pods: PodsState::new(namespaces),
            gitops: GitopsState::default(),
            ci: CiState::new(Err("CI is not configured".into())),
            git: GitState::default(),
            runbook: None,
            output: OutputKind::PodLog,
            logs: LogView::default(),
            sources: BTreeMap::new(),
            notices: Vec::new(),
            flash: None,
            messages: MessageLog::default(),
            confirm: ConfirmPolicy::default(),
            confirm_guard: ConfirmGuard::default(),
            keymap,
            should_quit: false,
            dirty: true,
        }
    }

    /// Focuses a pane, bringing it to the front of its slot.
    pub fn focus_pane(&mut self, pane: PaneId) {
        self.tabs.show(pane);
        self.focus = pane;
    }

    /// Focuses whatever pane a slot currently shows.
    pub fn focus_slot(&mut self, slot: Slot) {
        self.focus = self.tabs.shown(slot);
    }

    pub fn layout(&self) -> ScreenLayout {
        layout::compute(LayoutInput {
            area: Rect::new(0, 0, self.size.0, self.size.1),
            tabs: self.tabs,
            focus: self.focus.slot(),
            zoomed: self.zoomed,
            show_app_log: self.show_app_log,
            runbook: self.runbook.is_some(),
            step_output: self
                .runbook
                .as_ref()
                .filter(|_| self.output == OutputKind::Command)
                .and_then(|rb| rb.step_output_rows()),
        })
    }

    /// Keymap sections consulted for a key, most specific first.
    pub fn key_chain(&self) -> Vec<Context> {
        match self.overlay {
            // A pending confirmation takes every key: nothing else may happen meanwhile.
            Some(Overlay::Confirm(_) | Overlay::ConfirmQuit) => return vec![Context::Confirm],
            Some(Overlay::StagePicker(_)) => {
                return vec![
                    Context::Picker,
                    Context::Overlay,
                    Context::List,
                    Context::Global,
                ];
            }
            // The pod's own keys (logs) work from its details too.
            Some(Overlay::PodDetails(_)) => {
                return vec![
                    Context::Overlay,
                    Context::Pods,
                    Context::List,
                    Context::Global,
                ];
            }
            Some(_) => return vec![Context::Overlay, Context::List, Context::Global],
            None => {}
        }
        match self.focus {
            PaneId::Pods => vec![Context::Pods, Context::List, Context::Global],
            PaneId::Output if self.job_log_focused() => {
                vec![
                    Context::JobLog,
                    Context::Logs,
                    Context::List,
                    Context::Global,
                ]
            }
            PaneId::Output if self.logs.target.is_some() => {
                vec![Context::Logs, Context::List, Context::Global]
            }
            PaneId::Ci => vec![Context::Ci, Context::List, Context::Global],
            PaneId::Runbook if self.runbook.is_some() => {
                vec![Context::Runbook, Context::List, Context::Global]
            }
            PaneId::Pipeline => vec![Context::Pipeline, Context::List, Context::Global],
            PaneId::Freight => vec![Context::Freight, Context::List, Context::Global],
            PaneId::Promotions => vec![Context::Promotions, Context::List, Context::Global],
            PaneId::Applications => vec![Context::Applications, Context::List, Context::Global],
            _ => vec![Context::Global],
        }
    }

    /// Rows of the pods table body (pane minus borders and the column header).
    pub fn pods_viewport(&self) -> usize {
        self.layout().inner_height(PaneId::Pods).saturating_sub(1)
    }

    /// Rows of the log view body (pane minus borders).
    pub fn logs_viewport(&self) -> usize {
        self.layout().inner_height(PaneId::Output)
    }

    /// Rows of a list pane's body (pane minus borders and its column header).
    pub fn list_viewport(&self, pane: PaneId) -> usize {
        self.layout().inner_height(pane).saturating_sub(1)
    }

    /// Derived views are rebuilt once per batch of actions, right before drawing.
    pub fn prepare_frame(&mut self) {
        self.pods.refresh();
        let height = self.pods_viewport();
        self.pods.scroll_into_view(height);
        self.gitops.refresh();
        let (f, p, a) = (
            self.list_viewport(PaneId::Freight),
            self.list_viewport(PaneId::Promotions),
            self.list_viewport(PaneId::Applications),
        );
        self.gitops.freight_list.scroll_into_view(f);
        self.gitops.promotion_list.scroll_into_view(p);
        self.gitops.app_list.scroll_into_view(a);
        let c = self.list_viewport(PaneId::Ci);
        self.ci.run_list.scroll_into_view(c);
        let l = self.logs_viewport();
        if let Some(view) = self.ci.log.as_mut() {
            view.scroll_into_view(l);
        }
    }

    /// Worst source state for a pane title: None when everything is live.
    pub fn pods_source_problem(&self) -> Option<(&str, &SourceStatus)> {
        self.sources.iter().find_map(|(id, status)| match id {
            SourceId::Pods { namespace } if *status != SourceStatus::Live => {
                Some((namespace.as_str(), status))
            }
            _ => None,
        })
    }
}
