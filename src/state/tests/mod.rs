//! State transitions: `update` with a message, then assert state and effects.
//!
//! Shared fixtures here; the tests are grouped by input: keys on the dashboard, prompts
//! (`/` and `:`), messages from the watches and the clock, the mouse, the settings of
//! `config.yaml`, and the YAML/describe views and edit review.

mod history;
mod keys;
mod messages;
mod mouse;
mod mutations;
mod prompts;
mod settings;
mod views;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;
use crate::cluster::logs::LogTarget;
use crate::config::{KeyChord, Keymap};
use crate::resources::{DeploymentRow, Labels, NodeRow, ObjKey, PodRow, ServiceRow, pod};
use crate::store::{Delta, SortSpec};

pub(super) const NOW: i64 = 1_700_000_000;

pub(super) fn keymap() -> Keymap {
    Keymap::builtin("default").unwrap()
}

pub(super) fn pod_row(name: &str, app: &str) -> PodRow {
    PodRow {
        key: ObjKey::new("default", name),
        status: "Running".into(),
        labels: Labels::from_pairs([("app", app)]),
        created_unix: Some(NOW - 60),
        ..PodRow::default()
    }
}

pub(super) fn deployment_row(name: &str, desired: i32) -> DeploymentRow {
    DeploymentRow {
        key: ObjKey::new("default", name),
        desired,
        ..DeploymentRow::default()
    }
}

/// A dashboard at 120x40 in namespace `default` with pods `web-0..web-{n}` and `api-0`.
pub(super) fn dashboard(pods: usize) -> State {
    let mut state = State::new("kind-dev", Some("default".to_owned()), NOW);
    let k = keymap();
    let mut rows: Vec<PodRow> = (0..pods)
        .map(|i| pod_row(&format!("web-{i:03}"), "web"))
        .collect();
    rows.push(pod_row("api-0", "api"));
    update(
        &mut state,
        Msg::Resize {
            width: 120,
            height: 40,
        },
        &k,
    );
    update(&mut state, Msg::PodDelta(Delta::Reset(rows)), &k);
    update(
        &mut state,
        Msg::DeploymentDelta(Delta::Reset(vec![deployment_row("web", 3)])),
        &k,
    );
    update(
        &mut state,
        Msg::NodeDelta(Delta::Reset(vec![NodeRow {
            key: ObjKey::new("", "node-1"),
            ..NodeRow::default()
        }])),
        &k,
    );
    state.refresh_views();
    state
}

pub(super) fn press(state: &mut State, key: &str) -> Vec<Effect> {
    let chord: KeyChord = key.parse().unwrap();
    let effects = update(
        state,
        Msg::Key(KeyEvent::new(chord.code, chord.modifiers)),
        &keymap(),
    );
    state.refresh_views();
    effects
}

pub(super) fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        assert!(press(state, &c.to_string()).is_empty());
    }
}

pub(super) fn command(state: &mut State, line: &str) -> Vec<Effect> {
    press(state, ":");
    type_text(state, line);
    press(state, "enter")
}

pub(super) fn selected_pod(state: &State) -> Option<String> {
    state.pods.store.selected().map(|r| r.key.name.clone())
}

pub(super) fn last_toast(state: &State) -> &str {
    state.toasts.last().map_or("", |t| t.text.as_str())
}
