//! The log view's one-line inputs: `/` search and the line filter (both applied as typed; a
//! pattern that does not parse keeps the last good one), and the since-duration (`5m`, `1h30m`,
//! `all`; empty goes back to the last N lines), applied on Enter. Esc restores what was there.
//!
//! Owns line editing and applying each input. Must not do I/O.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::show_match;
use super::{LineFilter, LinePattern, LogInput, LogInputKind, ShownLines, body_rows, restart};
use crate::state::update::push_toast;
use crate::state::{Effect, State, ToastLevel};

pub(super) fn open_input(state: &mut State, kind: LogInputKind) {
    let Some(v) = state.logs.as_mut() else {
        return;
    };
    let line = match kind {
        LogInputKind::Search => v.search.as_ref().map(|s| s.text().to_owned()),
        LogInputKind::Filter => v.filter.as_ref().map(|f| f.text().to_owned()),
        LogInputKind::Since => v.options.since_seconds.map(since_text),
    }
    .unwrap_or_default();
    v.input = Some(LogInput {
        kind,
        before: line.clone(),
        line,
        error: None,
    });
}

pub(super) fn on_input_key(state: &mut State, key: &KeyEvent, effects: &mut Vec<Effect>) {
    let Some(input) = state.logs.as_mut().and_then(|v| v.input.as_mut()) else {
        return;
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let edited = match key.code {
        KeyCode::Esc => {
            let (kind, before) = (input.kind, input.before.clone());
            if kind != LogInputKind::Since {
                let _ = apply(state, kind, &before);
            }
            close_input(state);
            return;
        }
        KeyCode::Enter => {
            submit(state, effects);
            return;
        }
        KeyCode::Backspace => input.line.pop().is_some(),
        KeyCode::Char('u') if ctrl => {
            input.line.clear();
            true
        }
        KeyCode::Char('w') if ctrl => {
            let kept = input.line.trim_end().rfind(' ').map_or(0, |i| i + 1);
            input.line.truncate(kept);
            true
        }
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            input.line.push(c);
            true
        }
        _ => false,
    };
    let (kind, line) = (input.kind, input.line.clone());
    if edited && kind != LogInputKind::Since {
        let error = apply(state, kind, &line).err();
        if let Some(input) = state.logs.as_mut().and_then(|v| v.input.as_mut()) {
            input.error = error;
        }
    }
}

fn close_input(state: &mut State) {
    if let Some(v) = state.logs.as_mut() {
        v.input = None;
    }
}

/// Applies a search or filter line; an error leaves the last good one in force.
fn apply(state: &mut State, kind: LogInputKind, line: &str) -> Result<(), String> {
    let Some(v) = state.logs.as_mut() else {
        return Ok(());
    };
    match kind {
        LogInputKind::Search => {
            v.search = LinePattern::parse(line)?;
            v.current_match = None;
        }
        LogInputKind::Filter => {
            v.filter = LineFilter::parse(line)?;
            v.shown = match &v.filter {
                Some(f) => ShownLines::build(f, &v.buffer),
                None => ShownLines::default(),
            };
        }
        LogInputKind::Since => {}
    }
    Ok(())
}

fn submit(state: &mut State, effects: &mut Vec<Effect>) {
    let rows = body_rows(state);
    let Some(input) = state.logs.as_ref().and_then(|v| v.input.clone()) else {
        return;
    };
    if let Some(error) = &input.error {
        push_toast(state, ToastLevel::Error, error.clone());
        return;
    }
    close_input(state);
    match input.kind {
        LogInputKind::Search => {
            // The newest match on the screen or above it becomes the current one.
            let Some(v) = state.logs.as_mut() else {
                return;
            };
            let Some(search) = v.search.clone() else {
                return;
            };
            let end = (v.top_index(rows) + rows).min(v.visible_len());
            let found = (0..end).rev().find(|&i| {
                v.visible_seq(i)
                    .and_then(|s| v.buffer.get(s))
                    .is_some_and(|l| !l.notice && search.is_match(&l.text))
            });
            if let Some(index) = found {
                show_match(v, index, rows);
            } else {
                let text = format!("no match for `{}` yet", search.text());
                push_toast(state, ToastLevel::Info, text);
            }
        }
        LogInputKind::Filter => {}
        LogInputKind::Since => match parse_since(&input.line) {
            Ok(since) => {
                let tail = state.log_settings.tail as i64;
                if let Some(v) = state.logs.as_mut() {
                    v.options.since_seconds = since.seconds();
                    v.options.tail_lines = match since {
                        Since::Tail => Some(tail),
                        Since::All | Since::Seconds(_) => None,
                    };
                    restart(state, effects);
                }
            }
            Err(e) => push_toast(state, ToastLevel::Error, e),
        },
    }
}

/// What the since input asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Since {
    /// The last N lines (the default).
    Tail,
    /// The whole log (as much as the buffer keeps).
    All,
    Seconds(i64),
}

impl Since {
    fn seconds(self) -> Option<i64> {
        match self {
            Self::Seconds(s) => Some(s),
            Self::Tail | Self::All => None,
        }
    }
}

/// `90s`, `5m`, `1h30m`, `2d`; `all`; empty for the last N lines.
pub(super) fn parse_since(text: &str) -> Result<Since, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Since::Tail);
    }
    if text.eq_ignore_ascii_case("all") {
        return Ok(Since::All);
    }
    let bad = || format!("since: `{text}` is not a duration like 30s, 5m, 1h30m, 2d or all");
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let n: i64 = number.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
        number.clear();
    }
    if !number.is_empty() || total <= 0 {
        return Err(bad());
    }
    Ok(Since::Seconds(total))
}

/// `5400` → `1h30m`.
pub(super) fn since_text(seconds: i64) -> String {
    let mut out = String::new();
    let mut rest = seconds;
    for (unit, name) in [(86_400, 'd'), (3600, 'h'), (60, 'm'), (1, 's')] {
        if rest >= unit {
            out.push_str(&format!("{}{name}", rest / unit));
            rest %= unit;
        }
    }
    out
}
