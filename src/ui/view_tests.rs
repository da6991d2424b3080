//! Render snapshots of the YAML view, the describe view, the edit review and the edit history
//! at 120x40 with a fixed clock, plus checks that highlighting uses the theme's meanings.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;

use super::draw;
use crate::config::{KeyChord, Keymap, Meaning, Theme};
use crate::manifest::diff::unified;
use crate::manifest::edit::editable;
use crate::manifest::fixtures::{NOW, crashing_pod, crashing_pod_events};
use crate::manifest::yaml::{YamlOptions, to_yaml};
use crate::resources::{ObjKey, ResourceKind};
use crate::state::{ClusterStatus, DetailMode, DetailView, EditReview, Msg, State, update};

fn keymap() -> Keymap {
    Keymap::builtin("default").unwrap()
}

fn base_state() -> State {
    let mut state = State::new("kind-dev", Some("shop".to_owned()), NOW);
    state.cluster = ClusterStatus::Connected {
        server_version: Some("v1.32.0".to_owned()),
    };
    update(
        &mut state,
        Msg::Resize {
            width: 120,
            height: 40,
        },
        &keymap(),
    );
    state
}

fn key() -> ObjKey {
    ObjKey::new("shop", "api-6b8f9d7c4-lk2jd")
}

fn with_view(mode: DetailMode) -> State {
    let mut state = base_state();
    state.detail = Some(DetailView::new(ResourceKind::Pod, key(), mode));
    let msg = match mode {
        DetailMode::Yaml(_) => Msg::ObjectFetched {
            kind: ResourceKind::Pod,
            key: key(),
            result: Ok(crashing_pod()),
        },
        DetailMode::Describe => Msg::Described {
            kind: ResourceKind::Pod,
            key: key(),
            result: Ok((crashing_pod(), crashing_pod_events())),
        },
    };
    update(&mut state, msg, &keymap());
    state
}

fn press(state: &mut State, key: &str) {
    let chord: KeyChord = key.parse().unwrap();
    update(
        state,
        Msg::Key(KeyEvent::new(chord.code, chord.modifiers)),
        &keymap(),
    );
}

fn render_buffer(state: &State) -> Buffer {
    let theme = Theme::builtin("default").unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| draw(frame, state, &theme, &keymap()))
        .unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let line: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Where `needle` starts on screen.
fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    let screen = text(buffer);
    for (y, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let x = line[..byte].chars().count();
            return (x as u16, y as u16);
        }
    }
    panic!("`{needle}` not on screen:\n{screen}");
}

#[test]
fn yaml_view_highlighted() {
    let state = with_view(DetailMode::Yaml(YamlOptions::default()));
    let buffer = render_buffer(&state);
    insta::assert_snapshot!("yaml_view", text(&buffer));
    let theme = Theme::builtin("default").unwrap();
    let fg = |meaning| theme.style(meaning).fg;
    let (x, y) = find(&buffer, "restartedAt");
    assert_eq!(buffer[(x, y)].fg, fg(Meaning::YamlKey).unwrap(), "keys");
    let (x, y) = find(&buffer, "ghcr.io/acme/api:1.4");
    assert_eq!(
        buffer[(x, y)].fg,
        fg(Meaning::YamlString).unwrap(),
        "strings"
    );
    let (x, y) = find(&buffer, "true");
    assert_eq!(
        buffer[(x, y)].fg,
        fg(Meaning::YamlNumber).unwrap(),
        "literals"
    );
    let (x, y) = find(&buffer, "- --listen=:8080");
    assert_eq!(
        buffer[(x, y)].fg,
        fg(Meaning::UiBorder).unwrap(),
        "the list dash"
    );
    assert_eq!(buffer[(x + 2, y)].fg, fg(Meaning::YamlString).unwrap());
}

#[test]
fn yaml_view_search_marks_matches() {
    let mut state = with_view(DetailMode::Yaml(YamlOptions::default()));
    press(&mut state, "/");
    for c in "envoy".chars() {
        press(&mut state, &c.to_string());
    }
    press(&mut state, "enter");
    let buffer = render_buffer(&state);
    let screen = text(&buffer);
    assert!(screen.contains("/envoy 1/3"), "{screen}");
    let theme = Theme::builtin("default").unwrap();
    let (x, y) = find(&buffer, "image: envoyproxy/envoy");
    let matched = theme.style(Meaning::UiMatch).bg.unwrap();
    assert_eq!(buffer[(x + 7, y)].bg, matched, "the match");
    assert_ne!(buffer[(x + 12, y)].bg, matched, "the rest of the line");
    assert_eq!(
        buffer[(x + 18, y)].bg,
        matched,
        "the second match on the line"
    );
}

#[test]
fn describe_of_a_pod() {
    let state = with_view(DetailMode::Describe);
    insta::assert_snapshot!("describe_pod", text(&render_buffer(&state)));
}

#[test]
fn diff_confirmation() {
    let mut state = with_view(DetailMode::Yaml(YamlOptions::default()));
    let before = editable(&crashing_pod()).value;
    let mut after = before.clone();
    after["metadata"]["labels"]["tier"] = serde_json::json!("backend");
    after["spec"]["containers"][0]["image"] = serde_json::json!("ghcr.io/acme/api:1.5");
    let review = EditReview {
        session: 1,
        target: "pod shop/api-6b8f9d7c4-lk2jd".to_owned(),
        note: Some(
            "pod shop/api-6b8f9d7c4-lk2jd was changed by someone else since you opened it. \
             Your changes were put on top of the new version without touching theirs: this is \
             the diff against it now."
                .to_owned(),
        ),
        diff: unified(&to_yaml(&before), &to_yaml(&after), 3),
        scroll: 0,
        always_ask: false,
    };
    update(&mut state, Msg::EditReview(review), &keymap());
    let buffer = render_buffer(&state);
    insta::assert_snapshot!("diff_confirmation", text(&buffer));
    let theme = Theme::builtin("default").unwrap();
    let (x, y) = find(&buffer, "+    tier: backend");
    assert_eq!(
        buffer[(x, y)].fg,
        theme.style(Meaning::DiffAdded).fg.unwrap()
    );
    let (x, y) = find(&buffer, "-    image: ghcr.io/acme/api:1.4");
    assert_eq!(
        buffer[(x, y)].fg,
        theme.style(Meaning::DiffRemoved).fg.unwrap()
    );
}

#[test]
fn edit_history_list_and_diff() {
    use crate::journal::{JournalEntry, JournalRead};
    let mut state = base_state();
    let before = editable(&crashing_pod()).value;
    let mut after = before.clone();
    after["metadata"]["labels"]["tier"] = serde_json::json!("backend");
    let diff: Vec<String> = unified(&to_yaml(&before), &to_yaml(&after), 3)
        .iter()
        .map(crate::manifest::diff::DiffLine::marked)
        .collect();
    let entry = |t: i64, context: &str| {
        JournalEntry::new(t, context, ResourceKind::Pod, &key(), diff.clone(), &before)
    };
    let mut secret = entry(NOW - 60, "kind-dev");
    secret.previous = None;
    secret.not_undoable = Some("a Secret's values are not kept in the journal".to_owned());
    let read = JournalRead {
        entries: vec![
            entry(NOW - 3600, "prod"),
            secret,
            entry(NOW - 5, "kind-dev"),
        ],
        skipped: vec![3],
    };
    press(&mut state, ":");
    for c in "history".chars() {
        press(&mut state, &c.to_string());
    }
    press(&mut state, "enter");
    update(&mut state, Msg::HistoryLoaded(Ok(read)), &keymap());
    insta::assert_snapshot!("edit_history", text(&render_buffer(&state)));
    press(&mut state, "enter");
    insta::assert_snapshot!("edit_history_diff", text(&render_buffer(&state)));
}
