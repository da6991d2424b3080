//! The `/` filter and `:` command prompts.

#![allow(clippy::wildcard_imports)]

use super::*;

#[test]
fn slash_filters_live_as_you_type_and_selects_the_first_match() {
    let mut state = dashboard(5);
    press(&mut state, "G");
    press(&mut state, "/");
    assert!(matches!(state.prompt, Some(Prompt::Filter { .. })));
    type_text(&mut state, "web-00");
    assert_eq!(state.pods.store.visible_len(), 5);
    type_text(&mut state, "3");
    assert_eq!(state.pods.store.visible_len(), 1);
    assert_eq!(selected_pod(&state).as_deref(), Some("web-003"));
    press(&mut state, "backspace");
    assert_eq!(state.pods.store.visible_len(), 5);
    assert_eq!(selected_pod(&state).as_deref(), Some("web-000"));
}

#[test]
fn filter_enter_keeps_it_and_esc_in_the_prompt_clears_it() {
    let mut state = dashboard(5);
    press(&mut state, "/");
    type_text(&mut state, "api");
    press(&mut state, "enter");
    assert!(state.prompt.is_none());
    assert_eq!(state.pods.store.visible_len(), 1);
    assert_eq!(state.pods.store.filter().text(), "api");

    press(&mut state, "/");
    assert_eq!(
        state.prompt,
        Some(Prompt::Filter {
            line: "api".to_owned(),
            error: None
        })
    );
    press(&mut state, "esc");
    assert!(state.prompt.is_none());
    assert_eq!(state.pods.store.visible_len(), 6);
}

#[test]
fn esc_outside_the_prompt_clears_a_kept_filter() {
    let mut state = dashboard(5);
    press(&mut state, "/");
    type_text(&mut state, "!web");
    press(&mut state, "enter");
    assert_eq!(state.pods.store.visible_len(), 1);
    press(&mut state, "esc");
    assert_eq!(state.pods.store.visible_len(), 6);
}

#[test]
fn label_selector_filter_and_its_errors() {
    let mut state = dashboard(3);
    press(&mut state, "/");
    type_text(&mut state, "-l app=api");
    assert_eq!(state.pods.store.visible_len(), 1);
    type_text(&mut state, ",!tier");
    assert_eq!(state.pods.store.visible_len(), 1);
    type_text(&mut state, " in (a");
    let Some(Prompt::Filter {
        error: Some(error), ..
    }) = &state.prompt
    else {
        panic!("expected an error in the prompt: {:?}", state.prompt);
    };
    assert!(error.contains("!tier in (a"), "{error}");
    assert_eq!(
        state.pods.store.visible_len(),
        1,
        "the last good filter stays"
    );
    press(&mut state, "enter");
    assert!(state.prompt.is_some(), "a bad filter cannot be kept");
    assert!(last_toast(&state).contains("label selector"));
}

#[test]
fn command_words_focus_panes() {
    let mut state = dashboard(1);
    for (line, pane) in [
        ("deploy", PaneId::Deployments),
        ("po", PaneId::Pods),
        ("svc", PaneId::Services),
        ("pods", PaneId::Pods),
        ("no", PaneId::Nodes),
        ("deployments", PaneId::Deployments),
        ("services", PaneId::Services),
        ("nodes", PaneId::Nodes),
    ] {
        assert!(command(&mut state, line).is_empty(), ":{line}");
        assert_eq!(state.focus, pane, ":{line}");
        assert!(state.prompt.is_none());
    }
}

#[test]
fn ns_command_switches_namespace_and_clears_namespaced_panes() {
    let mut state = dashboard(3);
    let effects = command(&mut state, "ns kube-system");
    assert_eq!(
        effects,
        vec![Effect::SwitchNamespace(Some("kube-system".to_owned()))]
    );
    assert_eq!(state.namespace.as_deref(), Some("kube-system"));
    assert_eq!(state.pods.store.len(), 0);
    assert_eq!(state.pods.connection, PaneConnection::Connecting);
    assert_eq!(state.deployments.store.len(), 0);
    assert_eq!(state.nodes.store.len(), 1, "nodes are not namespaced");
}

#[test]
fn ns_all_shows_all_namespaces() {
    let mut state = dashboard(1);
    let effects = command(&mut state, "ns all");
    assert_eq!(effects, vec![Effect::SwitchNamespace(None)]);
    assert!(state.all_namespaces());
}

#[test]
fn ctx_command_switches_context_and_clears_everything() {
    let mut state = dashboard(1);
    state.cluster = ClusterStatus::Connected {
        server_version: Some("v1.32.0".to_owned()),
    };
    let effects = command(&mut state, "ctx prod-eu");
    assert_eq!(effects, vec![Effect::SwitchContext("prod-eu".to_owned())]);
    assert_eq!(state.context, "prod-eu");
    assert_eq!(state.cluster, ClusterStatus::Connecting);
    assert_eq!(state.nodes.store.len(), 0);
}

#[test]
fn colon_q_and_quit_quit() {
    let mut state = dashboard(1);
    assert_eq!(command(&mut state, "q"), vec![Effect::Quit]);
    assert_eq!(command(&mut state, "quit"), vec![Effect::Quit]);
}

#[test]
fn unknown_command_is_a_toast_naming_it() {
    let mut state = dashboard(1);
    assert!(command(&mut state, "frobnicate now").is_empty());
    assert_eq!(last_toast(&state), "unknown command `:frobnicate now`");
    assert_eq!(state.toasts[0].level, ToastLevel::Error);
    assert!(state.prompt.is_none());
}

#[test]
fn ns_and_ctx_without_a_name_show_usage() {
    let mut state = dashboard(1);
    assert!(command(&mut state, "ns").is_empty());
    assert!(last_toast(&state).contains(":ns NAME"));
    assert!(command(&mut state, "ctx").is_empty());
    assert!(last_toast(&state).contains(":ctx NAME"));
}

#[test]
fn esc_closes_the_command_prompt_without_running_it() {
    let mut state = dashboard(1);
    press(&mut state, ":");
    type_text(&mut state, "q");
    assert!(press(&mut state, "esc").is_empty());
    assert!(state.prompt.is_none());
}

#[test]
fn q_in_a_prompt_is_just_a_letter() {
    let mut state = dashboard(1);
    press(&mut state, "/");
    assert!(press(&mut state, "q").is_empty());
    assert_eq!(
        state.prompt,
        Some(Prompt::Filter {
            line: "q".to_owned(),
            error: None
        })
    );
}
