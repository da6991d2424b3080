//! Keys in the log view: scrolling (which pauses following; reaching the end resumes it),
//! pause/resume, search jumps, display toggles, the container picker, previous logs, more
//! history, saving, and back to the dashboard. Keys come from the `logs` keymap section (the
//! picker also reads `dialog`).
//!
//! Owns what each action does to the view. Must not do I/O.

use ratatui::crossterm::event::KeyEvent;

use super::input::{on_input_key, open_input};
use super::{LogInputKind, LogView, Position, body_rows, close, restart};
use crate::cluster::logs::ContainerChoice;
use crate::config::{Action, KeyChord, Keymap, Section};
use crate::resources::ResourceKind;
use crate::state::update::push_toast;
use crate::state::{Effect, State, ToastLevel};

pub(in crate::state) fn on_log_key(
    state: &mut State,
    key: &KeyEvent,
    keymap: &Keymap,
    effects: &mut Vec<Effect>,
) {
    let Some(view) = state.logs.as_ref() else {
        return;
    };
    if view.input.is_some() {
        on_input_key(state, key, effects);
        return;
    }
    let chord = KeyChord::from_event(key);
    if view.picker.is_some() {
        let action = keymap.lookup(&[Section::Dialog, Section::Logs], chord);
        on_picker_key(state, action, effects);
        return;
    }
    if let Some(action) = keymap.lookup(&[Section::Logs, Section::Global], chord) {
        perform(state, action, effects);
    }
}

fn perform(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let rows = body_rows(state);
    let page = rows.saturating_sub(1).max(1) as isize;
    match action {
        Action::MoveUp => scroll(state, -1),
        Action::MoveDown => scroll(state, 1),
        Action::PageUp => scroll(state, -page),
        Action::PageDown => scroll(state, page),
        Action::Top => {
            if let Some(v) = state.logs.as_mut() {
                pause_at(v, 0);
            }
        }
        Action::Bottom => follow(state),
        Action::ToggleFollow => {
            if let Some(v) = state.logs.as_mut() {
                if v.is_following() {
                    let top = v.top_index(rows);
                    pause_at(v, top);
                } else {
                    v.position = Position::Follow;
                }
            }
        }
        Action::Search => open_input(state, LogInputKind::Search),
        Action::FilterLines => open_input(state, LogInputKind::Filter),
        Action::Since => open_input(state, LogInputKind::Since),
        Action::SearchNext => jump_to_match(state, true),
        Action::SearchPrev => jump_to_match(state, false),
        Action::ToggleWrap => toggle(state, |v| &mut v.wrap),
        Action::ToggleTimestamps => toggle(state, |v| &mut v.timestamps),
        Action::ToggleJson => toggle(state, |v| &mut v.json_pretty),
        Action::ChooseContainer => open_picker(state),
        Action::PreviousLogs => {
            if let Some(v) = state.logs.as_mut() {
                v.options.previous = !v.options.previous;
                restart(state, effects);
            }
        }
        Action::MoreHistory => more_history(state, effects),
        Action::SaveLogs => save(state, effects),
        Action::Back => close(state, effects),
        Action::Help => state.help_open = true,
        Action::Quit => effects.push(Effect::Quit),
        _ => {}
    }
}

fn toggle(state: &mut State, field: impl Fn(&mut LogView) -> &mut bool) {
    if let Some(v) = state.logs.as_mut() {
        let f = field(v);
        *f = !*f;
    }
}

/// Pauses with the `index`-th shown line on top.
pub(super) fn pause_at(v: &mut LogView, index: usize) {
    let top = v.visible_seq(index).unwrap_or_else(|| v.buffer.next_seq());
    let unseen_from = match v.position {
        Position::Follow => v.buffer.next_seq(),
        Position::Paused { unseen_from, .. } => unseen_from,
    };
    v.position = Position::Paused { top, unseen_from };
}

fn follow(state: &mut State) {
    if let Some(v) = state.logs.as_mut() {
        v.position = Position::Follow;
    }
}

/// Moves by `lines`; moving up pauses, reaching the end resumes following.
fn scroll(state: &mut State, lines: isize) {
    let rows = body_rows(state);
    let Some(v) = state.logs.as_mut() else {
        return;
    };
    let last_top = v.visible_len().saturating_sub(rows);
    let top = v.top_index(rows).saturating_add_signed(lines).min(last_top);
    if lines > 0 && top >= last_top {
        v.position = Position::Follow;
    } else if lines < 0 || !v.is_following() {
        pause_at(v, top);
    }
}

/// `n`/`N`: the next match below (or above) the last one, or the screen.
fn jump_to_match(state: &mut State, forward: bool) {
    let rows = body_rows(state);
    let Some(v) = state.logs.as_mut() else {
        return;
    };
    let Some(search) = v.search.clone() else {
        push_toast(
            state,
            ToastLevel::Info,
            "no search yet: press / to search".into(),
        );
        return;
    };
    let top = v.top_index(rows);
    let from = match v.current_match.map(|m| (m, v.visible_index_of(m))) {
        Some((seq, index)) if v.visible_seq(index) == Some(seq) => Some(index),
        _ => None,
    };
    let len = v.visible_len();
    let is_match = |v: &LogView, i: usize| {
        v.visible_seq(i)
            .and_then(|s| v.buffer.get(s))
            .is_some_and(|l| !l.notice && search.is_match(&l.text))
    };
    let found = if forward {
        let start = from.map_or(top, |i| i + 1);
        (start..len).find(|&i| is_match(v, i))
    } else {
        let end = from.unwrap_or_else(|| (top + rows).min(len));
        (0..end).rev().find(|&i| is_match(v, i))
    };
    if let Some(index) = found {
        show_match(v, index, rows);
    } else {
        let text = format!(
            "no {} match for `{}`",
            if forward { "later" } else { "earlier" },
            search.text()
        );
        push_toast(state, ToastLevel::Info, text);
    }
}

/// Marks the `index`-th shown line as the current match and scrolls it into view (pausing),
/// unless it is on the screen already.
pub(super) fn show_match(v: &mut LogView, index: usize, rows: usize) {
    v.current_match = v.visible_seq(index);
    let top = v.top_index(rows);
    if index < top || index >= top + rows {
        pause_at(v, index.saturating_sub(rows / 2));
    }
}

fn picker_entries(v: &LogView) -> Vec<ContainerChoice> {
    std::iter::once(ContainerChoice::All)
        .chain(
            v.containers
                .iter()
                .map(|c| ContainerChoice::Named(c.name.clone())),
        )
        .collect()
}

fn open_picker(state: &mut State) {
    let Some(v) = state.logs.as_mut() else {
        return;
    };
    if v.kind != ResourceKind::Pod {
        let text = "a deployment tail shows each pod's default container".to_owned();
        push_toast(state, ToastLevel::Info, text);
        return;
    }
    let current = match &v.container {
        ContainerChoice::All => Some(0),
        ContainerChoice::Named(name) => v
            .containers
            .iter()
            .position(|c| &c.name == name)
            .map(|i| i + 1),
        ContainerChoice::Default => v
            .sources
            .first()
            .and_then(|s| s.container.as_ref())
            .and_then(|name| v.containers.iter().position(|c| &c.name == name))
            .map(|i| i + 1),
    };
    v.picker = Some(current.unwrap_or(0));
}

fn on_picker_key(state: &mut State, action: Option<Action>, effects: &mut Vec<Effect>) {
    let Some(v) = state.logs.as_mut() else {
        return;
    };
    let entries = picker_entries(v);
    let Some(selected) = v.picker else {
        return;
    };
    let last = entries.len().saturating_sub(1);
    match action {
        Some(Action::MoveDown) => v.picker = Some((selected + 1).min(last)),
        Some(Action::MoveUp) => v.picker = Some(selected.saturating_sub(1)),
        Some(Action::Top) => v.picker = Some(0),
        Some(Action::Bottom) => v.picker = Some(last),
        Some(Action::Confirm) => {
            v.picker = None;
            let choice = entries.get(selected).cloned().unwrap_or_default();
            let key = v.key.clone();
            v.container = choice.clone();
            state.log_settings.containers.insert(key, choice);
            restart(state, effects);
        }
        Some(Action::Back | Action::Quit | Action::ChooseContainer) => v.picker = None,
        _ => {}
    }
}

/// A longer tail: four times as many lines, up to what the buffer keeps.
fn more_history(state: &mut State, effects: &mut Vec<Effect>) {
    let capacity = state.log_settings.capacity as i64;
    let Some(v) = state.logs.as_mut() else {
        return;
    };
    let Some(tail) = v
        .options
        .tail_lines
        .filter(|_| v.options.since_seconds.is_none())
    else {
        let text = "all lines of the chosen time range are loaded already".to_owned();
        push_toast(state, ToastLevel::Info, text);
        return;
    };
    if tail >= capacity {
        let text = format!("the view keeps at most {capacity} lines");
        push_toast(state, ToastLevel::Info, text);
        return;
    }
    v.options.tail_lines = Some((tail.max(1) * 4).min(capacity));
    restart(state, effects);
}

/// A name safe for a file: letters, digits, `.`, `-` and `_`.
fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The buffer as text: each line with its time and source, kview's notices marked.
pub(super) fn buffer_text(v: &LogView) -> String {
    let mut text = String::new();
    for (_, line) in v.buffer.iter() {
        if let Some(t) = line.time {
            text.push_str(&t.to_string());
            text.push(' ');
        }
        if let Some(label) = v.source_label(line.source) {
            text.push_str(&format!("[{label}] "));
        }
        if line.notice {
            text.push_str("# kview: ");
        }
        text.push_str(&line.text);
        text.push('\n');
    }
    text
}

fn save(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(v) = state.logs.as_ref() else {
        return;
    };
    let stamp = jiff::Timestamp::from_second(state.now_unix)
        .map(|t| t.strftime("%Y%m%d-%H%M%S").to_string())
        .unwrap_or_default();
    let kind = if v.is_deployment() { "deploy-" } else { "" };
    let file_name = format!(
        "{}_{kind}{}-{stamp}.log",
        file_stem(&v.key.namespace),
        file_stem(&v.key.name)
    );
    effects.push(Effect::SaveLogs {
        file_name,
        text: buffer_text(v),
    });
}
