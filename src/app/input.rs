//! Text entry (filter, search, jump to step): keys are text, not commands, until Enter or Esc.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::effect::Effect;
use crate::app::messages::Flash;
use crate::app::runbook;
use crate::app::state::{AppState, InputTarget};

pub fn on_input_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let Some(input) = state.input.as_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            let target = input.target;
            state.input = None;
            match target {
                InputTarget::PodFilter => state.pods.set_filter(""),
                InputTarget::LogSearch => state.logs.set_search(None),
                InputTarget::JumpToStep => {}
                InputTarget::JobLogSearch => {
                    if let Some(view) = state.ci.log.as_mut() {
                        view.search = None;
                    }
                }
            }
            return Vec::new();
        }
        KeyCode::Enter => {
            let input = state.input.take().expect("input is active");
            if input.target == InputTarget::JumpToStep {
                runbook::update::jump(state, &input.text);
            } else if input.target == InputTarget::JobLogSearch {
                if let Some(view) = state.ci.log.as_mut() {
                    view.search = Some(input.text).filter(|t| !t.is_empty());
                    if view.search.is_some() && !view.next_match(true) {
                        state.flash = Some(Flash::info("no match"));
                    }
                }
            } else if input.target == InputTarget::LogSearch {
                state.logs.set_search(Some(input.text));
                let height = state.logs_viewport();
                if state.logs.search().is_some() && !state.logs.jump_to_match(true, height) {
                    state.flash = Some(Flash::info("no match"));
                }
            }
            return Vec::new();
        }
        KeyCode::Backspace => {
            input.text.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => input.text.clear(),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => input.text.push(c),
        _ => return Vec::new(),
    }
    if input.target == InputTarget::PodFilter {
        let text = input.text.clone();
        state.pods.set_filter(&text);
    }
    Vec::new()
}
