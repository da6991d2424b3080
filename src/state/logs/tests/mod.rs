//! The log view's state transitions: opening and closing, taking in lines and stream states,
//! and its keys. Fixtures here; the dashboard fixture comes from `state::tests`.

#![allow(clippy::wildcard_imports)]

mod keys;
mod streams;

use jiff::Timestamp;

use super::*;
use crate::cluster::logs::{ContainerInfo, ContainerKind, LogLine, LogReport};
use crate::config::Keymap;
use crate::state::tests::{NOW, dashboard, keymap, press, type_text};
use crate::state::{Msg, PaneId, update};

/// A dashboard with the log view open on pod `default/api-0` (the selected row); returns the
/// view id the streams report with.
fn open_pod_logs() -> (State, u64) {
    let mut state = dashboard(3);
    let effects = press(&mut state, "l");
    let [Effect::StreamLogs { view, .. }] = effects.as_slice() else {
        panic!("expected one StreamLogs, got {effects:?}");
    };
    let view = *view;
    report(
        &mut state,
        view,
        LogReport::Source {
            id: 0,
            pod: "api-0".into(),
            container: Some("app".into()),
        },
    );
    (state, view)
}

fn view(state: &State) -> &LogView {
    state.logs.as_ref().expect("log view open")
}

fn view_id(state: &State) -> u64 {
    view(state).id
}

fn report(state: &mut State, view: u64, report: LogReport) -> Vec<Effect> {
    update(state, Msg::Log { view, report }, &keymap())
}

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(NOW + second).unwrap()
}

/// Sends lines `text-{from}..text-{to}` from source 0, one second apart.
fn send_lines(state: &mut State, text: &str, range: std::ops::Range<i64>) {
    let lines = range
        .map(|i| LogLine {
            time: Some(at(i)),
            text: format!("{text}-{i}"),
        })
        .collect();
    let id = view_id(state);
    report(state, id, LogReport::Lines { source: 0, lines });
}

fn send(state: &mut State, source: u32, texts: &[&str]) {
    let lines = texts
        .iter()
        .map(|t| LogLine {
            time: None,
            text: (*t).to_owned(),
        })
        .collect();
    let id = view_id(state);
    report(state, id, LogReport::Lines { source, lines });
}

/// The text of every line in the buffer, notices marked with `#`.
fn texts(state: &State) -> Vec<String> {
    view(state)
        .buffer
        .iter()
        .map(|(_, l)| {
            if l.notice {
                format!("# {}", l.text)
            } else {
                l.text.to_string()
            }
        })
        .collect()
}

/// The text of the shown lines (after the filter).
fn shown(state: &State) -> Vec<String> {
    let v = view(state);
    (0..v.visible_len())
        .map(|i| {
            let seq = v.visible_seq(i).unwrap();
            v.buffer.get(seq).unwrap().text.to_string()
        })
        .collect()
}

fn containers() -> Vec<ContainerInfo> {
    let c = |name: &str, kind| ContainerInfo {
        name: name.into(),
        kind,
        state: "running".into(),
    };
    vec![
        c("init-db", ContainerKind::Init),
        c("app", ContainerKind::Main),
        c("proxy", ContainerKind::Main),
        c("debugger-1", ContainerKind::Ephemeral),
    ]
}

#[test]
fn the_default_keymap_binds_every_log_action() {
    let k: Keymap = keymap();
    for action in [
        crate::config::Action::Search,
        crate::config::Action::SearchNext,
        crate::config::Action::SearchPrev,
        crate::config::Action::FilterLines,
        crate::config::Action::ToggleFollow,
        crate::config::Action::ToggleWrap,
        crate::config::Action::ToggleTimestamps,
        crate::config::Action::ToggleJson,
        crate::config::Action::ChooseContainer,
        crate::config::Action::PreviousLogs,
        crate::config::Action::Since,
        crate::config::Action::MoreHistory,
        crate::config::Action::SaveLogs,
        crate::config::Action::Back,
    ] {
        assert!(
            k.key_for(&[crate::config::Section::Logs], action).is_some(),
            "{}",
            action.name()
        );
    }
}
