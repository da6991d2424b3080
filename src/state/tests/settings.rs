//! What `config.yaml` changes in the dashboard: the context's policy (read-only, how
//! deletions are confirmed), command aliases, and `:theme`/`:keymap`.

#![allow(clippy::wildcard_imports)]

use super::*;
use crate::config::{Confirmation, ContextPolicy};

fn strict() -> Msg {
    Msg::Policy(ContextPolicy {
        readonly: false,
        confirm: Confirmation::Name,
    })
}

#[test]
fn the_policy_message_sets_the_policy() {
    let mut state = dashboard(3);
    assert_eq!(state.policy, ContextPolicy::default());
    let readonly = ContextPolicy {
        readonly: true,
        confirm: Confirmation::Key,
    };
    update(&mut state, Msg::Policy(readonly), &keymap());
    assert_eq!(state.policy, readonly);
}

#[test]
fn name_confirmation_deletes_only_when_the_name_is_typed() {
    let mut state = dashboard(3);
    update(&mut state, strict(), &keymap());
    assert!(press(&mut state, "ctrl-d").is_empty());
    assert!(state.dialog.is_none(), "no one-key dialog");
    assert!(matches!(
        state.prompt,
        Some(Prompt::ConfirmDelete { ref key, .. }) if key.name == "api-0"
    ));
    // `y`, the dialog's key, is just a letter here.
    type_text(&mut state, "y");
    assert!(press(&mut state, "enter").is_empty());
    assert!(state.prompt.is_none());
    assert_eq!(last_toast(&state), "not deleted: `y` is not `api-0`");

    press(&mut state, "ctrl-d");
    type_text(&mut state, "api-0");
    assert_eq!(
        press(&mut state, "enter"),
        vec![Effect::Delete {
            kind: crate::resources::ResourceKind::Pod,
            key: ObjKey::new("default", "api-0")
        }]
    );

    press(&mut state, "ctrl-d");
    type_text(&mut state, "api-0");
    assert!(press(&mut state, "esc").is_empty());
    assert!(state.prompt.is_none(), "esc cancels");
}

#[test]
fn key_confirmation_keeps_the_dialog() {
    let mut state = dashboard(3);
    press(&mut state, "ctrl-d");
    assert!(matches!(state.dialog, Some(Dialog::ConfirmDelete { .. })));
}

#[test]
fn aliases_expand_the_first_word_once() {
    let mut state = dashboard(3);
    state.command_aliases = [
        ("dp", "deploy"),
        ("prod", ":ctx prod-eu"),
        ("loop", "loop2"),
        ("loop2", "loop"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    command(&mut state, "dp");
    assert_eq!(state.focus, PaneId::Deployments);
    assert_eq!(
        command(&mut state, "prod"),
        vec![Effect::SwitchContext("prod-eu".to_owned())]
    );
    assert!(command(&mut state, "loop").is_empty());
    assert_eq!(last_toast(&state), "unknown command `:loop2`");
    // Built-in commands still work.
    command(&mut state, "pods");
    assert_eq!(state.focus, PaneId::Pods);
}

#[test]
fn theme_and_keymap_commands_ask_the_app_to_switch() {
    let mut state = dashboard(3);
    assert_eq!(
        command(&mut state, "theme nord"),
        vec![Effect::SwitchTheme("nord".to_owned())]
    );
    assert_eq!(
        command(&mut state, "keymap vim"),
        vec![Effect::SwitchKeymap("vim".to_owned())]
    );
    assert!(command(&mut state, "theme").is_empty());
    assert!(last_toast(&state).starts_with("usage: :theme NAME"));
}
