//! The `:history` view: opening it asks for the journal, the list is newest first, Enter
//! shows a diff, and `u` asks for an undo only where one can be made.

#![allow(clippy::wildcard_imports)]

use serde_json::json;

use super::*;
use crate::journal::{JournalEntry, JournalRead};

fn entry(time: i64, context: &str, name: &str) -> JournalEntry {
    let key = ObjKey::new("default", name);
    let before = json!({"kind": "Pod", "metadata": {"name": name}});
    let diff = vec!["@@ -1,1 +1,1 @@".into(), "-a".into(), "+b".into()];
    JournalEntry::new(time, context, ResourceKind::Pod, &key, diff, &before)
}

fn opened_with(entries: Vec<JournalEntry>, skipped: Vec<usize>) -> State {
    let mut state = dashboard(3);
    assert_eq!(command(&mut state, "history"), vec![Effect::LoadHistory]);
    assert_eq!(state.history.as_ref().unwrap().entries, None, "loading");
    let read = JournalRead { entries, skipped };
    update(&mut state, Msg::HistoryLoaded(Ok(read)), &keymap());
    state
}

#[test]
fn history_lists_newest_first_and_enter_shows_the_diff() {
    let mut state = opened_with(
        vec![entry(1, "kind-dev", "old"), entry(2, "kind-dev", "new")],
        vec![4],
    );
    let view = state.history.as_ref().unwrap();
    let names: Vec<&str> = view
        .entries
        .as_ref()
        .unwrap()
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, vec!["new", "old"]);
    assert!(view.note.as_deref().unwrap().contains("line 4"), "{view:?}");
    press(&mut state, "j");
    assert_eq!(state.history.as_ref().unwrap().selected, 1);
    press(&mut state, "enter");
    assert_eq!(state.history.as_ref().unwrap().diff_scroll, Some(0));
    press(&mut state, "esc");
    assert_eq!(
        state.history.as_ref().unwrap().diff_scroll,
        None,
        "back to the list"
    );
    press(&mut state, "esc");
    assert!(state.history.is_none(), "closed");
}

#[test]
fn u_asks_to_undo_the_selected_entry_of_this_context() {
    let mut state = opened_with(vec![entry(1, "kind-dev", "web-000")], Vec::new());
    let effects = press(&mut state, "u");
    assert_eq!(
        effects,
        vec![Effect::Undo(Box::new(entry(1, "kind-dev", "web-000")))]
    );
}

#[test]
fn u_refuses_entries_of_another_context_and_secrets() {
    let mut state = opened_with(vec![entry(1, "prod", "web-000")], Vec::new());
    assert!(press(&mut state, "u").is_empty());
    assert!(
        last_toast(&state).contains("context prod"),
        "{}",
        last_toast(&state)
    );

    let mut secret = entry(2, "kind-dev", "db");
    secret.previous = None;
    secret.not_undoable = Some("a Secret's values are not kept".into());
    let mut state = opened_with(vec![secret], Vec::new());
    assert!(press(&mut state, "u").is_empty());
    assert!(
        last_toast(&state).contains("Secret"),
        "{}",
        last_toast(&state)
    );
}

#[test]
fn an_unreadable_journal_is_said_and_the_view_stays_usable() {
    let mut state = dashboard(1);
    command(&mut state, "history");
    let msg = Msg::HistoryLoaded(Err("permission denied".into()));
    update(&mut state, msg, &keymap());
    let view = state.history.as_ref().unwrap();
    assert_eq!(view.entries.as_deref(), Some(&[][..]));
    assert!(view.note.as_deref().unwrap().contains("permission denied"));
    assert!(press(&mut state, "u").is_empty());
    assert!(press(&mut state, "enter").is_empty());
    assert_eq!(state.history.as_ref().unwrap().diff_scroll, None);
}

#[test]
fn an_edit_ending_while_the_history_is_open_reloads_it_with_the_new_entry_shown() {
    let mut state = opened_with(vec![entry(1, "kind-dev", "web-000")], Vec::new());
    press(&mut state, "enter");
    let effects = update(&mut state, Msg::EditEnded { session: 7 }, &keymap());
    assert_eq!(effects, vec![Effect::LoadHistory]);
    let read = JournalRead {
        entries: vec![
            entry(1, "kind-dev", "web-000"),
            entry(2, "kind-dev", "web-000"),
        ],
        skipped: Vec::new(),
    };
    update(&mut state, Msg::HistoryLoaded(Ok(read)), &keymap());
    let view = state.history.as_ref().unwrap();
    assert_eq!((view.selected, view.diff_scroll), (0, None));
    assert_eq!(view.selected_entry().unwrap().time_unix, 2);
}
