//! The footer: the keys that apply to the focused pane and its selected row, generated from
//! the keymap ("<l> logs  <y> yaml  </> filter …").
//!
//! Owns which actions are hinted and their short labels. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::width;
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::state::{PaneId, State};

/// Actions on the selected row, per pane, in footer order.
fn row_actions(pane: PaneId) -> &'static [Action] {
    match pane {
        PaneId::Pods => &[
            Action::Logs,
            Action::Yaml,
            Action::Describe,
            Action::Edit,
            Action::Debug,
            Action::Delete,
        ],
        PaneId::Deployments => &[
            Action::Logs,
            Action::Scale,
            Action::ScaleUp,
            Action::ScaleDown,
            Action::Restart,
            Action::Yaml,
            Action::Describe,
            Action::Edit,
            Action::Delete,
        ],
        PaneId::Services => &[Action::Yaml, Action::Describe, Action::Edit, Action::Delete],
        PaneId::Nodes => &[
            Action::Cordon,
            Action::Uncordon,
            Action::Drain,
            Action::Yaml,
            Action::Describe,
            Action::Edit,
            Action::Delete,
        ],
    }
}

/// The footer's word for an action.
pub fn short_label(action: Action) -> &'static str {
    match action {
        Action::MoveUp => "up",
        Action::MoveDown => "down",
        Action::Top => "top",
        Action::Bottom => "bottom",
        Action::PageUp => "page up",
        Action::PageDown => "page down",
        Action::NextPane => "next pane",
        Action::PrevPane => "prev pane",
        Action::Zoom => "zoom",
        Action::Back => "back",
        Action::Filter | Action::FilterLines => "filter",
        Action::Command => "command",
        Action::Help => "help",
        Action::Logs => "logs",
        Action::Yaml => "yaml",
        Action::Describe => "describe",
        Action::Edit => "edit",
        Action::Scale => "scale",
        Action::ScaleUp => "+1",
        Action::ScaleDown => "-1",
        Action::Restart => "restart",
        Action::Cordon => "cordon",
        Action::Uncordon => "uncordon",
        Action::Drain => "drain",
        Action::RecentActions => "actions",
        Action::Debug => "debug",
        Action::Shell => "shell",
        Action::Attach => "attach",
        Action::Delete => "delete",
        Action::SortNextColumn => "sort",
        Action::SortReverse => "reverse",
        Action::Search => "search",
        Action::SearchNext => "next",
        Action::ToggleManagedFields => "managedFields",
        Action::ToggleSecrets => "secrets",
        Action::Copy => "copy",
        Action::ApplyEdit => "apply",
        Action::Undo => "undo",
        Action::ToggleFollow => "pause/follow",
        Action::ToggleWrap => "wrap",
        Action::ToggleTimestamps => "time",
        Action::ToggleJson => "json",
        Action::ChooseContainer => "container",
        Action::SearchPrev | Action::PreviousLogs => "previous",
        Action::Since => "since",
        Action::MoreHistory => "more",
        Action::Save | Action::SaveLogs => "save",
        Action::Confirm => "yes",
        Action::Quit => "quit",
        Action::RetryNow => "retry now",
        Action::NoOp => "",
    }
}

pub fn draw_footer(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme, keymap: &Keymap) {
    let sections = state.focus.key_sections();
    let mut actions: Vec<Action> = Vec::new();
    if state.focused().selected_key().is_some() {
        actions.extend_from_slice(row_actions(state.focus));
    }
    actions.extend([
        Action::Filter,
        Action::SortNextColumn,
        if state.zoomed {
            Action::Back
        } else {
            Action::Zoom
        },
        Action::NextPane,
        Action::Command,
    ]);
    let text_style = theme.style(Meaning::UiFooter);
    buf.set_style(area, text_style);
    // Help and quit (and read-only mode, and the recent actions once there are some) stay
    // visible at the right end however narrow the terminal.
    let right: &[Action] = if state.operations.is_empty() {
        &[Action::Help, Action::Quit]
    } else {
        &[Action::RecentActions, Action::Help, Action::Quit]
    };
    let mut always = hints(right, sections, usize::MAX, theme, keymap);
    if state.readonly {
        always.spans.insert(
            0,
            Span::styled(" READ-ONLY ", theme.style(Meaning::ToastWarn)),
        );
    }
    let always_width = always.width() as u16;
    let left_width = area.width.saturating_sub(always_width);
    hints(&actions, sections, usize::from(left_width), theme, keymap).render(
        Rect {
            width: left_width,
            ..area
        },
        buf,
    );
    always.render(
        Rect {
            x: area.x + left_width,
            width: area.width - left_width,
            ..area
        },
        buf,
    );
}

/// " <l> logs  <y> yaml " for the actions that have a key in `sections`, as many whole hints
/// as fit in `room` columns.
pub(super) fn hints<'a>(
    actions: &[Action],
    sections: &[Section],
    room: usize,
    theme: &Theme,
    keymap: &Keymap,
) -> Line<'a> {
    let items: Vec<(Action, &str)> = actions.iter().map(|&a| (a, short_label(a))).collect();
    labelled_hints(&items, sections, room, theme, keymap)
}

/// Hints with labels of the caller's choosing ("<n> edit again").
pub(super) fn labelled_hints<'a>(
    items: &[(Action, &str)],
    sections: &[Section],
    room: usize,
    theme: &Theme,
    keymap: &Keymap,
) -> Line<'a> {
    let key_style = theme.style(Meaning::UiKey);
    let text_style = theme.style(Meaning::UiFooter);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for &(action, label) in items {
        let Some(key) = keymap.key_for(sections, action) else {
            continue;
        };
        let key = format!("<{key}>");
        let label = format!(" {label}  ");
        used += width(&key) + width(&label);
        if used > room {
            break;
        }
        spans.push(Span::styled(key, key_style));
        spans.push(Span::styled(label, text_style));
    }
    Line::from(spans)
}
