//! The one-line prompts: `/` filter (applied as it is typed), `:` commands, the replica count
//! of `s` (scale), the name typed to confirm a deletion where the context asks for it, and `/`
//! search in the YAML and describe views.
//!
//! Owns line editing and what Enter and Esc do in each prompt, including the `:` command
//! language and its user aliases. Must not do I/O: commands that reach outside become effects.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update::{push_toast, switch_context, switch_namespace};
use super::{Effect, PaneId, Prompt, State, ToastLevel};
use crate::store::Filter;

/// Opens the `/` prompt on the focused pane, starting from its current filter.
pub(super) fn open_filter(state: &mut State) {
    let line = state.focused().filter().text().to_owned();
    state.prompt = Some(Prompt::Filter { line, error: None });
}

pub(super) fn on_prompt_key(state: &mut State, key: &KeyEvent, effects: &mut Vec<Effect>) {
    let Some(prompt) = state.prompt.as_mut() else {
        return;
    };
    let line = match prompt {
        Prompt::Filter { line, .. }
        | Prompt::Command { line }
        | Prompt::Scale { line, .. }
        | Prompt::ConfirmDelete { line, .. }
        | Prompt::Search { line } => line,
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let edited = match key.code {
        KeyCode::Esc => {
            cancel(state);
            return;
        }
        KeyCode::Enter => {
            submit(state, effects);
            return;
        }
        KeyCode::Backspace => line.pop().is_some(),
        KeyCode::Char('u') if ctrl => {
            line.clear();
            true
        }
        KeyCode::Char('w') if ctrl => {
            let kept = line.trim_end().rfind(' ').map_or(0, |i| i + 1);
            line.truncate(kept);
            true
        }
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            line.push(c);
            true
        }
        _ => false,
    };
    if edited && matches!(prompt, Prompt::Filter { .. }) {
        apply_live_filter(state);
    }
    if edited && let Some(Prompt::Search { line }) = &state.prompt {
        let query = line.clone();
        super::detail::set_search(state, &query);
    }
}

/// Applies the filter being typed; a line that does not parse keeps the last good filter.
fn apply_live_filter(state: &mut State) {
    let Some(Prompt::Filter { line, error }) = state.prompt.as_mut() else {
        return;
    };
    match Filter::parse(line) {
        Ok(filter) => {
            *error = None;
            state.pane_mut(state.focus).set_filter(filter);
        }
        Err(e) => *error = Some(e.to_string()),
    }
}

/// Esc: a filter prompt clears the filter, a search prompt the search; the others just close.
fn cancel(state: &mut State) {
    match state.prompt.take() {
        Some(Prompt::Filter { .. }) => state.pane_mut(state.focus).set_filter(Filter::default()),
        Some(Prompt::Search { .. }) => super::detail::set_search(state, ""),
        _ => {}
    }
}

/// Enter: keep the filter, run the command, or scale.
fn submit(state: &mut State, effects: &mut Vec<Effect>) {
    match state.prompt.take() {
        Some(Prompt::Filter {
            error: Some(error),
            line,
        }) => {
            state.prompt = Some(Prompt::Filter {
                line,
                error: Some(error.clone()),
            });
            push_toast(state, ToastLevel::Error, error);
        }
        Some(Prompt::Filter { error: None, .. } | Prompt::Search { .. }) | None => {}
        Some(Prompt::Command { line }) => run_command(state, &expand_alias(state, &line), effects),
        Some(Prompt::ConfirmDelete { kind, key, line }) => {
            if line.trim() == key.name {
                effects.push(Effect::Delete { kind, key });
            } else {
                let text = format!("not deleted: `{}` is not `{}`", line.trim(), key.name);
                push_toast(state, ToastLevel::Warn, text);
            }
        }
        Some(Prompt::Scale { key, line }) => match line.trim().parse::<i32>() {
            Ok(replicas) if replicas >= 0 => {
                super::actions::request_scale(state, key, replicas, effects);
            }
            _ => {
                let text = format!("scale: `{}` is not a replica count", line.trim());
                push_toast(state, ToastLevel::Error, text);
                state.prompt = Some(Prompt::Scale { key, line });
            }
        },
    }
}

/// The line with its first word replaced by what the user's alias stands for (one level:
/// an alias never expands into another).
fn expand_alias(state: &State, line: &str) -> String {
    let line = line.trim().trim_start_matches(':');
    let (first, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    match state.command_aliases.get(first) {
        Some(target) => format!("{} {rest}", target.trim().trim_start_matches(':')),
        None => line.to_owned(),
    }
}

/// Runs a `:` command line (without the colon).
fn run_command(state: &mut State, line: &str, effects: &mut Vec<Effect>) {
    let mut words = line.trim().trim_start_matches(':').split_whitespace();
    let Some(command) = words.next() else {
        return;
    };
    let argument = words.next();
    let focus = |state: &mut State, pane| state.focus = pane;
    match (command, argument) {
        ("po" | "pod" | "pods", None) => focus(state, PaneId::Pods),
        ("deploy" | "deployment" | "deployments", None) => focus(state, PaneId::Deployments),
        ("svc" | "service" | "services", None) => focus(state, PaneId::Services),
        ("no" | "node" | "nodes", None) => focus(state, PaneId::Nodes),
        ("ns" | "namespace", Some("all" | "-A")) => switch_namespace(state, None, effects),
        ("ns" | "namespace", Some(name)) => {
            switch_namespace(state, Some(name.to_owned()), effects);
        }
        ("ctx" | "context", Some(name)) => switch_context(state, name.to_owned(), effects),
        ("theme", Some(name)) => effects.push(Effect::SwitchTheme(name.to_owned())),
        ("keymap", Some(name)) => effects.push(Effect::SwitchKeymap(name.to_owned())),
        ("theme" | "keymap", None) => {
            let text = format!("usage: :{command} NAME (kview --print-config lists them)");
            push_toast(state, ToastLevel::Warn, text);
        }
        ("q" | "quit" | "q!", None) => effects.push(Effect::Quit),
        ("history" | "hist", None) => super::history::open(state, effects),
        ("ns" | "namespace", None) => {
            push_toast(
                state,
                ToastLevel::Warn,
                "usage: :ns NAME, or :ns all".to_owned(),
            );
        }
        ("ctx" | "context", None) => {
            push_toast(state, ToastLevel::Warn, "usage: :ctx NAME".to_owned());
        }
        _ => {
            let text = format!("unknown command `:{}`", line.trim().trim_start_matches(':'));
            push_toast(state, ToastLevel::Error, text);
        }
    }
}
