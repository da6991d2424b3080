//! The mouse: clicks focus panes and select rows; the wheel moves the selection.

#![allow(clippy::wildcard_imports)]

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::*;
use crate::state::layout::screen_layout;

fn mouse(state: &mut State, kind: MouseEventKind, column: u16, row: u16) -> Vec<Effect> {
    let event = MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let effects = update(state, Msg::Mouse(event), &keymap());
    state.refresh_views();
    effects
}

fn click(state: &mut State, column: u16, row: u16) {
    let effects = mouse(state, MouseEventKind::Down(MouseButton::Left), column, row);
    assert!(effects.is_empty());
}

fn area_of(state: &State, pane: PaneId) -> ratatui::layout::Rect {
    screen_layout(state.screen, state.zoomed.then_some(state.focus))
        .panes
        .into_iter()
        .find(|(id, _)| *id == pane)
        .unwrap()
        .1
}

#[test]
fn a_click_on_a_row_focuses_its_pane_and_selects_it() {
    let mut state = dashboard(30);
    let pods = area_of(&state, PaneId::Pods);
    // Border, column header, then rows (api-0, web-000, …): the fourth row is web-002.
    click(&mut state, pods.x + 5, pods.y + 2 + 3);
    assert_eq!(selected_pod(&state).as_deref(), Some("web-002"));

    let nodes = area_of(&state, PaneId::Nodes);
    click(&mut state, nodes.x + 3, nodes.y + 2);
    assert_eq!(state.focus, PaneId::Nodes);
    assert_eq!(
        state.nodes.store.selected().map(|r| r.key.name.as_str()),
        Some("node-1")
    );
}

#[test]
fn clicks_on_borders_headers_and_empty_rows_only_focus() {
    let mut state = dashboard(30);
    press(&mut state, "j");
    let deployments = area_of(&state, PaneId::Deployments);
    click(&mut state, deployments.x + 2, deployments.y);
    assert_eq!(state.focus, PaneId::Deployments);
    click(&mut state, deployments.x + 2, deployments.y + 10);
    assert_eq!(state.deployments.store.selected_index(), Some(0));
    let pods = area_of(&state, PaneId::Pods);
    click(&mut state, pods.x + 2, pods.y + 1);
    assert_eq!(state.focus, PaneId::Pods);
    assert_eq!(selected_pod(&state).as_deref(), Some("web-000"), "kept");
    // The header and footer lines are no pane.
    click(&mut state, 3, 0);
    let footer = state.screen.height - 1;
    click(&mut state, 3, footer);
    assert_eq!(state.focus, PaneId::Pods);
}

#[test]
fn a_click_selects_the_row_shown_when_the_table_is_scrolled() {
    let mut state = dashboard(60);
    press(&mut state, "G");
    let pods = area_of(&state, PaneId::Pods);
    let rows = crate::state::layout::table_rows(pods);
    // The last row is at the bottom of the table; the one clicked is two above it.
    click(&mut state, pods.x + 5, pods.y + 2 + rows as u16 - 3);
    let expected = state.pods.store.visible_len() - 3;
    assert_eq!(state.pods.store.selected_index(), Some(expected));
}

#[test]
fn the_wheel_moves_the_selection_of_the_pane_under_the_pointer() {
    let mut state = dashboard(30);
    let pods = area_of(&state, PaneId::Pods);
    mouse(
        &mut state,
        MouseEventKind::ScrollDown,
        pods.x + 3,
        pods.y + 5,
    );
    assert_eq!(selected_pod(&state).as_deref(), Some("web-002"));
    mouse(
        &mut state,
        MouseEventKind::ScrollDown,
        pods.x + 3,
        pods.y + 5,
    );
    mouse(&mut state, MouseEventKind::ScrollUp, pods.x + 3, pods.y + 5);
    assert_eq!(selected_pod(&state).as_deref(), Some("web-002"));
    press(&mut state, "tab");
    mouse(&mut state, MouseEventKind::ScrollUp, pods.x + 3, pods.y + 5);
    assert_eq!(state.focus, PaneId::Pods, "the wheel focuses");
    assert_eq!(selected_pod(&state).as_deref(), Some("api-0"));
}

#[test]
fn dialogs_and_prompts_keep_the_mouse_out_and_a_click_closes_help() {
    let mut state = dashboard(30);
    let pods = area_of(&state, PaneId::Pods);
    press(&mut state, "/");
    click(&mut state, pods.x + 5, pods.y + 6);
    assert_eq!(selected_pod(&state).as_deref(), Some("api-0"));
    press(&mut state, "esc");
    press(&mut state, "?");
    click(&mut state, pods.x + 5, pods.y + 6);
    assert!(!state.help_open);
    assert_eq!(selected_pod(&state).as_deref(), Some("api-0"));
}
