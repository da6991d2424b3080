//! The `:history` view: applied edits newest first (time, context, object, the first lines of
//! the diff), or one entry's whole diff, and the keys in the footer.
//!
//! Owns the view's look. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Widget};

use super::footer::labelled_hints;
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::journal::JournalEntry;
use crate::sanitize::sanitize;
use crate::state::history::HistoryView;

/// Diff lines shown under each entry in the list.
const PREVIEW_LINES: usize = 3;

pub fn draw_history(
    buf: &mut Buffer,
    area: Rect,
    view: &HistoryView,
    utc_offset: i32,
    theme: &Theme,
) {
    let title = match (view.diff_scroll, view.selected_entry()) {
        (Some(_), Some(entry)) => format!(
            " Change of {} at {} ",
            sanitize(&entry.label()),
            clock(entry.time_unix, utc_offset)
        ),
        _ => format!(
            " Edit history ({}) ",
            view.entries.as_ref().map_or(0, Vec::len)
        ),
    };
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .title(title);
    let mut inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width.saturating_sub(1));
    let mut put = |inner: &mut Rect, text: &str, style: Style| {
        if inner.height == 0 {
            return;
        }
        buf.set_stringn(inner.x + 1, inner.y, sanitize(text), width, style);
        inner.y += 1;
        inner.height -= 1;
    };
    if let Some(note) = &view.note {
        put(
            &mut inner,
            &format!("⚠ {note}"),
            theme.style(Meaning::StatusPending),
        );
    }
    let Some(entries) = &view.entries else {
        put(
            &mut inner,
            "reading the journal…",
            theme.style(Meaning::UiFooter),
        );
        return;
    };
    if entries.is_empty() {
        put(
            &mut inner,
            "no edits recorded yet: changes applied with `e` are listed here",
            theme.style(Meaning::UiFooter),
        );
        return;
    }
    if let (Some(scroll), Some(entry)) = (view.diff_scroll, view.selected_entry()) {
        if let Some(why) = &entry.not_undoable {
            put(
                &mut inner,
                &format!("not undoable: {why}"),
                theme.style(Meaning::StatusPending),
            );
        }
        for line in entry.diff.iter().skip(scroll) {
            put(&mut inner, line, diff_style(line, theme));
        }
        return;
    }
    // Keep the selected entry on screen: each takes a header line and its preview.
    let per_entry = 1 + PREVIEW_LINES;
    let fits = (usize::from(inner.height) / per_entry).max(1);
    let first = view.selected.saturating_sub(fits - 1);
    for (i, entry) in entries.iter().enumerate().skip(first) {
        let selected = i == view.selected;
        let style = if selected {
            theme.style(Meaning::UiSelected)
        } else {
            theme.style(Meaning::UiBase)
        };
        put(&mut inner, &header(entry, utc_offset), style);
        for line in entry
            .diff
            .iter()
            .filter(|l| l.starts_with(['+', '-']))
            .take(PREVIEW_LINES)
        {
            put(&mut inner, &format!("    {line}"), diff_style(line, theme));
        }
    }
}

fn header(entry: &JournalEntry, utc_offset: i32) -> String {
    let undo = if entry.not_undoable.is_some() {
        "  (not undoable)"
    } else {
        ""
    };
    format!(
        "{}  {}  {}{undo}",
        clock(entry.time_unix, utc_offset),
        entry.context,
        entry.label()
    )
}

fn diff_style(line: &str, theme: &Theme) -> Style {
    theme.style(match line.chars().next() {
        Some('+') => Meaning::DiffAdded,
        Some('-') => Meaning::DiffRemoved,
        Some('@') => Meaning::DiffHeader,
        _ => Meaning::UiFooter,
    })
}

/// "2026-11-22 14:03:07" in the user's zone.
fn clock(time_unix: i64, utc_offset: i32) -> String {
    let Ok(offset) = jiff::tz::Offset::from_seconds(utc_offset) else {
        return time_unix.to_string();
    };
    jiff::Timestamp::from_second(time_unix).map_or_else(
        |_| time_unix.to_string(),
        |t| {
            t.to_zoned(offset.to_time_zone())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        },
    )
}

pub fn draw_history_footer(
    buf: &mut Buffer,
    area: Rect,
    view: &HistoryView,
    theme: &Theme,
    keymap: &Keymap,
) {
    let items: &[(Action, &str)] = if view.diff_scroll.is_some() {
        &[
            (Action::Undo, "undo"),
            (Action::PageDown, "scroll"),
            (Action::Back, "list"),
            (Action::Help, "help"),
        ]
    } else {
        &[
            (Action::Confirm, "diff"),
            (Action::Undo, "undo"),
            (Action::MoveDown, "move"),
            (Action::Back, "close"),
            (Action::Help, "help"),
        ]
    };
    buf.set_style(area, theme.style(Meaning::UiFooter));
    let sections = [Section::History, Section::Global];
    labelled_hints(items, &sections, usize::from(area.width), theme, keymap).render(area, buf);
}
