//! Render snapshots of the log view at 100x16 with a fixed clock (UTC), reviewed and committed
//! under `src/ui/snapshots/`. Highlighted cells are shown between `[` and `]` where a test is
//! about highlights; the rest is plain text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;

use super::*;
use crate::cluster::logs::{ContainerInfo, ContainerKind, LogLine, LogReport, StreamState};
use crate::config::KeyChord;
use crate::resources::{DeploymentRow, ObjKey, PodRow};
use crate::state::{Msg, update};
use crate::store::Delta;

pub(super) const NOW: i64 = 1_700_000_000;
pub(super) const W: u16 = 100;
pub(super) const H: u16 = 16;

pub(super) fn keymap() -> Keymap {
    Keymap::builtin("default").unwrap()
}

pub(super) fn press(state: &mut State, key: &str) {
    let chord: KeyChord = key.parse().unwrap();
    update(
        state,
        Msg::Key(KeyEvent::new(chord.code, chord.modifiers)),
        &keymap(),
    );
    state.refresh_views();
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        press(state, &c.to_string());
    }
}

fn report(state: &mut State, report: LogReport) {
    let view = state.logs.as_ref().unwrap().id;
    update(state, Msg::Log { view, report }, &keymap());
}

pub(super) fn source(state: &mut State, id: u32, pod: &str, container: &str) {
    report(
        state,
        LogReport::Source {
            id,
            pod: pod.into(),
            container: Some(container.into()),
        },
    );
    report(
        state,
        LogReport::State {
            source: id,
            state: StreamState::Streaming,
        },
    );
}

pub(super) fn lines(state: &mut State, source: u32, texts: &[String]) {
    let lines = texts
        .iter()
        .enumerate()
        .map(|(i, t)| LogLine {
            time: jiff::Timestamp::from_second(NOW - 100 + i as i64).ok(),
            text: t.clone(),
        })
        .collect();
    report(state, LogReport::Lines { source, lines });
}

fn access_log(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "10.244.1.{} - - \"GET /api/v1/orders/{i} HTTP/1.1\" {} {} \"kube-probe/1.32\"",
                i % 250 + 2,
                [200, 200, 304, 500][i % 4],
                1000 + i * 7
            )
        })
        .collect()
}

/// The dashboard with one pod and one deployment, the log view open on `what` ("pod" or
/// "deployment").
pub(super) fn opened(what: &str) -> State {
    let mut state = State::new("kind-dev", Some("shop".into()), NOW);
    let k = keymap();
    update(
        &mut state,
        Msg::Resize {
            width: W,
            height: H,
        },
        &k,
    );
    let pod = PodRow {
        key: ObjKey::new("shop", "frontend-7c5ddbdf54-x8k2p"),
        status: "Running".into(),
        ..PodRow::default()
    };
    update(&mut state, Msg::PodDelta(Delta::Reset(vec![pod])), &k);
    let deployment = DeploymentRow {
        key: ObjKey::new("shop", "frontend"),
        ..DeploymentRow::default()
    };
    update(
        &mut state,
        Msg::DeploymentDelta(Delta::Reset(vec![deployment])),
        &k,
    );
    state.refresh_views();
    if what == "deployment" {
        press(&mut state, "tab");
    }
    press(&mut state, "l");
    state
}

pub(super) fn render_buffer(state: &State) -> Buffer {
    let theme = Theme::builtin("default").unwrap();
    let mut terminal = Terminal::new(TestBackend::new(W, H)).unwrap();
    terminal
        .draw(|frame| draw(frame, state, &theme, &keymap()))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text; cells whose background is that of `marked` are put between `[` `]`.
fn render_marked(state: &State, marked: &[Meaning]) -> String {
    let theme = Theme::builtin("default").unwrap();
    let backgrounds: Vec<_> = marked.iter().filter_map(|m| theme.style(*m).bg).collect();
    let buffer = render_buffer(state);
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut inside = false;
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let mark = backgrounds.contains(&cell.bg);
            if mark != inside {
                line.push(if mark { '[' } else { ']' });
                inside = mark;
            }
            line.push_str(cell.symbol());
        }
        if inside {
            line.push(']');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render(state: &State) -> String {
    render_marked(state, &[])
}

#[test]
fn log_view_following_a_pod() {
    let mut state = opened("pod");
    source(&mut state, 0, "frontend-7c5ddbdf54-x8k2p", "nginx");
    lines(&mut state, 0, &access_log(30));
    insta::assert_snapshot!("log_view_plain", render(&state));
}

#[test]
fn log_view_paused_with_new_lines_and_timestamps() {
    let mut state = opened("pod");
    source(&mut state, 0, "frontend-7c5ddbdf54-x8k2p", "nginx");
    lines(&mut state, 0, &access_log(30));
    press(&mut state, "t");
    press(&mut state, "pgup");
    lines(&mut state, 0, &access_log(12));
    insta::assert_snapshot!("log_view_paused", render(&state));
}

#[test]
fn log_view_search_highlights_matches_and_the_current_one() {
    let mut state = opened("pod");
    source(&mut state, 0, "frontend-7c5ddbdf54-x8k2p", "nginx");
    lines(&mut state, 0, &access_log(20));
    press(&mut state, "/");
    type_text(&mut state, "\" 500");
    press(&mut state, "enter");
    press(&mut state, "N");
    insta::assert_snapshot!(
        "log_view_search",
        render_marked(&state, &[Meaning::LogMatch, Meaning::LogMatchCurrent])
    );
    let theme = Theme::builtin("default").unwrap();
    let buffer = render_buffer(&state);
    let current = theme.style(Meaning::LogMatchCurrent).bg.unwrap();
    let count = buffer.content().iter().filter(|c| c.bg == current).count();
    assert_eq!(count, "\" 500".len(), "one current match");
}

#[test]
fn log_view_json_lines_compact_and_pretty() {
    let mut state = opened("pod");
    source(&mut state, 0, "frontend-7c5ddbdf54-x8k2p", "app");
    let json = [
        r#"{"ts":"2023-11-14T22:11:40Z","level":"info","msg":"handled request","path":"/","status":200}"#,
        r#"{"ts":"2023-11-14T22:11:41Z","level":"warn","msg":"retrying upstream call","attempt":2}"#,
        r#"{"ts":"2023-11-14T22:11:42Z","level":"error","msg":"upstream failed","error":"connection refused"}"#,
        r#"{"ts":"2023-11-14T22:11:43Z","level":"debug","msg":"cache refreshed","entries":1200}"#,
        "plain text between JSON lines",
    ];
    lines(&mut state, 0, &json.map(String::from));
    insta::assert_snapshot!("log_view_json", render(&state));
    let buffer = render_buffer(&state);
    let theme = Theme::builtin("default").unwrap();
    let error_row = (0..H)
        .find(|&y| {
            (0..W)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .starts_with("ERROR")
        })
        .unwrap();
    assert_eq!(
        buffer[(0, error_row)].fg,
        theme.style(Meaning::LogLevelError).fg.unwrap(),
        "the level is coloured"
    );
    press(&mut state, "J");
    press(&mut state, "f");
    type_text(&mut state, "level=error");
    press(&mut state, "enter");
    insta::assert_snapshot!("log_view_json_pretty_filtered", render(&state));
}

#[test]
fn log_view_of_a_deployment_prefixes_each_pod() {
    let mut state = opened("deployment");
    let pods = ["frontend-aaaa1", "frontend-bbbb2", "frontend-cccc3"];
    for (i, pod) in pods.iter().enumerate() {
        source(&mut state, i as u32, pod, "nginx");
    }
    for round in 0..3 {
        for i in 0..3 {
            lines(
                &mut state,
                i,
                &[format!("request {round} served by {}", pods[i as usize])],
            );
        }
    }
    report(
        &mut state,
        LogReport::State {
            source: 2,
            state: StreamState::Ended {
                reason: "pod deleted".into(),
            },
        },
    );
    insta::assert_snapshot!("log_view_deployment", render(&state));
    let theme = Theme::builtin("default").unwrap();
    let buffer = render_buffer(&state);
    let colour_of = |pod: &str| {
        let y = (0..H)
            .find(|&y| {
                (0..W)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    .starts_with(pod)
            })
            .unwrap();
        buffer[(0, y)].fg
    };
    assert_eq!(
        colour_of("frontend-aaaa1"),
        theme
            .style(super::log_lines::source_meaning("frontend-aaaa1"))
            .fg
            .unwrap()
    );
}

#[test]
fn log_view_container_picker_and_wrapped_escape_sequences() {
    let mut state = opened("pod");
    source(&mut state, 0, "frontend-7c5ddbdf54-x8k2p", "app");
    let containers = vec![
        ContainerInfo {
            name: "init-config".into(),
            kind: ContainerKind::Init,
            state: "terminated: Completed".into(),
        },
        ContainerInfo {
            name: "app".into(),
            kind: ContainerKind::Main,
            state: "running".into(),
        },
        ContainerInfo {
            name: "debugger-x7".into(),
            kind: ContainerKind::Ephemeral,
            state: "waiting: ContainerCreating".into(),
        },
    ];
    report(&mut state, LogReport::Containers { containers });
    lines(
        &mut state,
        0,
        &[
            "\u{1b}[31mERROR\u{1b}[0m job 3 failed".to_owned(),
            format!("\u{1b}]0;pwned-title\u{7}progress {}", "x".repeat(150)),
        ],
    );
    press(&mut state, "w");
    let plain = render(&state);
    assert!(!plain.contains('\u{1b}') && !plain.contains('\u{7}'));
    press(&mut state, "c");
    insta::assert_snapshot!("log_view_picker", render(&state));
}

#[test]
fn log_view_help_and_tiny_terminals() {
    let mut state = opened("pod");
    lines(&mut state, 0, &access_log(5));
    press(&mut state, "?");
    let screen = render(&state);
    assert!(screen.contains("In the log view"), "{screen}");
    assert!(screen.contains("Pause or resume following"), "{screen}");
    press(&mut state, "esc");
    assert!(!state.help_open && state.logs.is_some());
    let theme = Theme::builtin("default").unwrap();
    for (w, h) in [(1, 1), (10, 2), (30, 4), (200, 3)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| draw(frame, &state, &theme, &keymap()))
            .unwrap();
    }
}
