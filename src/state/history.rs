//! The `:history` view: the journal of applied edits, newest first, one entry's whole diff on
//! Enter, and `u` to undo an entry (put back the version before it).
//!
//! Owns the view's state and keys. Must not read the journal or change anything: the journal
//! arrives as a message, and undo is an effect whose diff comes back as an edit review.

use super::layout::detail_rows;
use super::update::push_toast;
use super::{Effect, State, ToastLevel};
use crate::config::Action;
use crate::journal::{JournalEntry, JournalRead};

/// The open history view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistoryView {
    /// `None` until the journal is read.
    pub entries: Option<Vec<JournalEntry>>,
    /// The selected entry (an index into `entries`).
    pub selected: usize,
    /// The selected entry's whole diff is shown, from this line.
    pub diff_scroll: Option<usize>,
    /// Why the list may be incomplete, or why it could not be read.
    pub note: Option<String>,
}

impl HistoryView {
    pub fn selected_entry(&self) -> Option<&JournalEntry> {
        self.entries.as_ref()?.get(self.selected)
    }
}

/// `:history`: open the view and ask for the journal.
pub(super) fn open(state: &mut State, effects: &mut Vec<Effect>) {
    state.history = Some(HistoryView::default());
    effects.push(Effect::LoadHistory);
}

/// The journal was read (oldest first in the file; shown newest first).
pub(super) fn on_loaded(state: &mut State, result: Result<JournalRead, String>) {
    let Some(view) = state.history.as_mut() else {
        return;
    };
    match result {
        Ok(read) => {
            let mut entries = read.entries;
            entries.reverse();
            view.note = (!read.skipped.is_empty()).then(|| {
                format!(
                    "{} unreadable journal line(s) skipped (line {})",
                    read.skipped.len(),
                    read.skipped
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            let before = view.entries.as_ref().map(Vec::len);
            if before.is_some_and(|n| n != entries.len()) {
                // A new change came in on top: show it, in the list.
                view.selected = 0;
                view.diff_scroll = None;
            }
            view.selected = view.selected.min(entries.len().saturating_sub(1));
            view.entries = Some(entries);
        }
        Err(message) => {
            view.entries = Some(Vec::new());
            view.note = Some(format!("cannot read the journal: {message}"));
        }
    }
}

pub(super) fn perform(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let rows = detail_rows(state.screen).saturating_sub(2).max(1);
    let page = isize::try_from(rows).unwrap_or(isize::MAX);
    let Some(view) = state.history.as_mut() else {
        return;
    };
    let len = view.entries.as_ref().map_or(0, Vec::len);
    let step = match action {
        Action::MoveDown => Some(1),
        Action::MoveUp => Some(-1),
        Action::PageDown => Some(page),
        Action::PageUp => Some(-page),
        Action::Top => Some(isize::MIN / 2),
        Action::Bottom => Some(isize::MAX / 2),
        _ => None,
    };
    if let Some(step) = step {
        match view.diff_scroll.as_mut() {
            Some(scroll) => {
                let lines = view
                    .entries
                    .as_ref()
                    .and_then(|e| e.get(view.selected))
                    .map_or(0, |e| e.diff.len());
                *scroll = scroll
                    .saturating_add_signed(step)
                    .min(lines.saturating_sub(rows));
            }
            None => {
                view.selected = view
                    .selected
                    .saturating_add_signed(step)
                    .min(len.saturating_sub(1));
            }
        }
        return;
    }
    match action {
        Action::Confirm if len > 0 => view.diff_scroll = Some(0),
        Action::Back if view.diff_scroll.is_some() => view.diff_scroll = None,
        Action::Back | Action::Quit => state.history = None,
        Action::Undo => undo(state, effects),
        Action::Help => state.help_open = true,
        _ => {}
    }
}

/// `u`: ask for the selected change to be undone, unless it cannot be from here.
fn undo(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(entry) = state.history.as_ref().and_then(HistoryView::selected_entry) else {
        return;
    };
    let refusal = if entry.context == state.context {
        (entry.not_undoable.as_ref())
            .map(|why| format!("cannot undo the change of {}: {why}", entry.label()))
    } else {
        Some(format!(
            "cannot undo: that change was made in context {}, this is {} (`:ctx {}` first)",
            entry.context, state.context, entry.context
        ))
    };
    match refusal {
        Some(text) => push_toast(state, ToastLevel::Warn, text),
        None => effects.push(Effect::Undo(Box::new(entry.clone()))),
    }
}
