//! Keys on the dashboard: navigation, panes, zoom, help, dialogs, row actions and sort.

#![allow(clippy::wildcard_imports)]

use super::*;

#[test]
fn starts_with_pods_focused_and_nothing_open() {
    let state = dashboard(3);
    assert_eq!(state.focus, PaneId::Pods);
    assert!(!state.zoomed && !state.help_open && !state.modal_open());
    assert_eq!(selected_pod(&state).as_deref(), Some("api-0"));
    assert_eq!(state.pods.connection, PaneConnection::Live);
}

#[test]
fn j_k_and_arrows_move_the_selection() {
    let mut state = dashboard(3);
    press(&mut state, "j");
    assert_eq!(selected_pod(&state).as_deref(), Some("web-000"));
    press(&mut state, "down");
    press(&mut state, "down");
    assert_eq!(selected_pod(&state).as_deref(), Some("web-002"));
    press(&mut state, "k");
    press(&mut state, "up");
    assert_eq!(selected_pod(&state).as_deref(), Some("web-000"));
}

#[test]
fn g_and_shift_g_jump_to_the_ends() {
    let mut state = dashboard(10);
    press(&mut state, "G");
    assert_eq!(selected_pod(&state).as_deref(), Some("web-009"));
    press(&mut state, "g");
    assert_eq!(selected_pod(&state).as_deref(), Some("api-0"));
}

#[test]
fn page_down_moves_by_the_visible_table_height() {
    let mut state = dashboard(100);
    let page = layout::table_rows(layout::pane_area(state.screen, None, PaneId::Pods).unwrap());
    press(&mut state, "pgdn");
    assert_eq!(state.pods.store.selected_index(), Some(page));
    assert!(
        state.pods.store.scroll_offset(page) > 0,
        "the table scrolled with it"
    );
    press(&mut state, "pgup");
    assert_eq!(state.pods.store.selected_index(), Some(0));
}

#[test]
fn tab_and_shift_tab_cycle_through_the_panes() {
    let mut state = dashboard(1);
    for want in [
        PaneId::Deployments,
        PaneId::Services,
        PaneId::Nodes,
        PaneId::Pods,
    ] {
        press(&mut state, "tab");
        assert_eq!(state.focus, want);
    }
    press(&mut state, "shift-tab");
    assert_eq!(state.focus, PaneId::Nodes);
}

#[test]
fn enter_zooms_and_esc_unzooms() {
    let mut state = dashboard(1);
    press(&mut state, "tab");
    press(&mut state, "enter");
    assert!(state.zoomed);
    assert_eq!(state.focus, PaneId::Deployments);
    press(&mut state, "esc");
    assert!(!state.zoomed);
}

#[test]
fn q_quits_with_nothing_open() {
    let mut state = dashboard(1);
    assert_eq!(press(&mut state, "q"), vec![Effect::Quit]);
}

#[test]
fn help_opens_with_question_mark_and_q_closes_it_without_quitting() {
    let mut state = dashboard(1);
    press(&mut state, "?");
    assert!(state.help_open);
    assert!(
        press(&mut state, "j").is_empty(),
        "keys do not reach the pane under help"
    );
    assert_eq!(selected_pod(&state).as_deref(), Some("api-0"));
    assert!(press(&mut state, "q").is_empty());
    assert!(!state.help_open);
    press(&mut state, "?");
    press(&mut state, "esc");
    assert!(!state.help_open);
}

#[test]
fn ctrl_d_asks_before_deleting() {
    let mut state = dashboard(1);
    assert!(press(&mut state, "ctrl-d").is_empty());
    let key = ObjKey::new("default", "api-0");
    assert_eq!(
        state.dialog,
        Some(Dialog::ConfirmDelete {
            kind: ResourceKind::Pod,
            key: key.clone()
        })
    );
    assert!(
        press(&mut state, "q").is_empty(),
        "q closes the dialog, it does not quit"
    );
    assert!(state.dialog.is_none());
    press(&mut state, "ctrl-d");
    assert_eq!(
        press(&mut state, "y"),
        vec![Effect::Delete {
            kind: ResourceKind::Pod,
            key
        }]
    );
    assert!(state.dialog.is_none());
}

#[test]
fn row_actions_on_a_pod() {
    let mut state = dashboard(1);
    let key = ObjKey::new("default", "api-0");
    let kind = ResourceKind::Pod;
    assert!(matches!(
        press(&mut state, "l").as_slice(),
        [Effect::StreamLogs { target: LogTarget::Pod { key: k, .. }, .. }] if *k == key
    ));
    assert_eq!(press(&mut state, "esc"), vec![Effect::StopLogs]);
    assert_eq!(
        press(&mut state, "y"),
        vec![Effect::ShowYaml {
            kind,
            key: key.clone()
        }]
    );
    assert_eq!(
        press(&mut state, "d"),
        vec![Effect::Describe {
            kind,
            key: key.clone()
        }]
    );
    assert_eq!(
        press(&mut state, "e"),
        vec![Effect::Edit {
            kind,
            key: key.clone()
        }]
    );
    // `y` and `d` opened the YAML and describe views over the dashboard; back to the row.
    assert_eq!(press(&mut state, "esc"), vec![Effect::StopDescribe]);
    assert!(press(&mut state, "D").is_empty(), "D opens the form");
    assert_eq!(state.debug_form.as_ref().map(|f| &f.pod), Some(&key));
    assert_eq!(press(&mut state, "esc"), vec![]);
    assert_eq!(
        press(&mut state, "x"),
        vec![Effect::FindShellTargets {
            pod: key.clone(),
            kind: crate::cluster::debug::ShellKind::Shell(vec!["sh".into()]),
        }]
    );
    assert_eq!(
        press(&mut state, "a"),
        vec![Effect::FindShellTargets {
            pod: key,
            kind: crate::cluster::debug::ShellKind::Attach,
        }]
    );
    assert!(press(&mut state, "s").is_empty(), "pods do not scale");
    assert!(state.prompt.is_none());
}

#[test]
fn scale_keys_on_a_deployment() {
    let mut state = dashboard(1);
    press(&mut state, "tab");
    let key = ObjKey::new("default", "web");
    let after = crate::state::actions::SCALE_COALESCE;
    assert_eq!(
        press(&mut state, "+"),
        vec![Effect::ScaleSoon {
            key: key.clone(),
            seq: 1,
            after
        }]
    );
    assert_eq!(
        press(&mut state, "-"),
        vec![Effect::ScaleSoon {
            key: key.clone(),
            seq: 2,
            after
        }]
    );
    press(&mut state, "s");
    assert_eq!(
        state.prompt,
        Some(Prompt::Scale {
            key: key.clone(),
            line: "3".to_owned()
        })
    );
    press(&mut state, "backspace");
    type_text(&mut state, "x");
    assert!(press(&mut state, "enter").is_empty());
    assert!(last_toast(&state).contains("not a replica count"));
    press(&mut state, "backspace");
    type_text(&mut state, "5");
    assert_eq!(
        press(&mut state, "enter"),
        vec![Effect::Scale { key, replicas: 5 }]
    );
    assert!(state.prompt.is_none());
}

#[test]
fn logs_do_not_apply_to_services_and_nothing_selected_does_nothing() {
    let mut state = dashboard(1);
    press(&mut state, "tab");
    press(&mut state, "tab");
    assert_eq!(state.focus, PaneId::Services);
    assert!(press(&mut state, "l").is_empty());
    assert!(
        press(&mut state, "y").is_empty(),
        "the services pane is empty"
    );
    update(
        &mut state,
        Msg::ServiceDelta(Delta::Upsert(ServiceRow {
            key: ObjKey::new("default", "web"),
            ..ServiceRow::default()
        })),
        &keymap(),
    );
    state.refresh_views();
    assert_eq!(press(&mut state, "y").len(), 1);
}

#[test]
fn sort_cycles_through_shown_columns_and_reverses() {
    let mut state = dashboard(2);
    assert_eq!(state.pods.store.sort(), None);
    press(&mut state, "o");
    assert_eq!(
        state.pods.store.sort(),
        Some(SortSpec {
            column: pod::col::NAME,
            descending: false
        }),
        "NAMESPACE is hidden in a single namespace"
    );
    press(&mut state, "o");
    assert_eq!(
        state.pods.store.sort().map(|s| s.column),
        Some(pod::col::READY)
    );
    press(&mut state, "O");
    assert_eq!(
        state.pods.store.sort(),
        Some(SortSpec {
            column: pod::col::READY,
            descending: true
        })
    );
    for _ in 0..6 {
        press(&mut state, "o");
    }
    assert_eq!(
        state.pods.store.sort(),
        None,
        "after the last column, back to key order"
    );
    press(&mut state, "O");
    assert_eq!(
        selected_pod(&state).as_deref(),
        Some("api-0"),
        "selection follows the row"
    );
    press(&mut state, "g");
    assert_eq!(selected_pod(&state).as_deref(), Some("web-001"));
}
