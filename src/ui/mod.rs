//! Drawing: `draw(frame, &State, &Theme, &Keymap)` paints the whole dashboard from the state.
//!
//! Owns the screen composition (header, panes or the zoomed pane, footer or prompt, toasts,
//! dialogs, help, recent actions) and the mapping of status classes to theme meanings; one file per widget.
//! Must never mutate state, call the cluster, or read the clock: everything comes from `State`.

mod deployments;
mod dialog;
mod footer;
mod header;
mod help;
mod operations;
mod pane;
mod prompt;
mod table;
pub mod text;
mod toasts;

use ratatui::Frame;
use ratatui::style::Style;

use crate::config::{Keymap, Meaning, Theme};
use crate::resources::StatusClass;
use crate::state::layout::screen_layout;
use crate::state::{PaneId, State};

/// Draws the dashboard. Call `State::refresh_views` first so the tables are up to date.
pub fn draw(frame: &mut Frame<'_>, state: &State, theme: &Theme, keymap: &Keymap) {
    let zoomed = state.zoomed.then_some(state.focus);
    let layout = screen_layout(frame.area(), zoomed);
    let buf = frame.buffer_mut();

    header::draw_header(buf, layout.header, state, theme);
    for &(id, area) in &layout.panes {
        let focused = id == state.focus;
        match id {
            PaneId::Pods => pane::draw_pane(buf, area, &state.pods, focused, state, theme),
            PaneId::Deployments => {
                deployments::draw_deployments(buf, area, focused, state, theme);
            }
            PaneId::Services => pane::draw_pane(buf, area, &state.services, focused, state, theme),
            PaneId::Nodes => pane::draw_pane(buf, area, &state.nodes, focused, state, theme),
        }
    }
    if let Some(prompt) = &state.prompt {
        prompt::draw_prompt(frame, layout.footer, prompt, theme);
    } else {
        footer::draw_footer(frame.buffer_mut(), layout.footer, state, theme, keymap);
    }
    toasts::draw_toasts(frame.buffer_mut(), layout.footer, &state.toasts, theme);
    if let Some(dialog) = &state.dialog {
        dialog::draw_dialog(frame.buffer_mut(), dialog, &state.context, theme, keymap);
    }
    let body = ratatui::layout::Rect {
        y: layout.header.bottom(),
        height: layout.footer.y.saturating_sub(layout.header.bottom()),
        ..frame.area()
    };
    if state.help_open {
        help::draw_help(frame.buffer_mut(), body, theme, keymap);
    }
    if state.operations_open {
        operations::draw_operations(frame.buffer_mut(), body, state, theme, keymap);
    }
}

/// The style a status class is drawn in.
pub fn status_style(theme: &Theme, class: StatusClass) -> Style {
    theme.style(match class {
        StatusClass::Running => Meaning::StatusRunning,
        StatusClass::Pending => Meaning::StatusPending,
        StatusClass::Failed => Meaning::StatusFailed,
        StatusClass::Succeeded => Meaning::StatusSucceeded,
        StatusClass::Terminating => Meaning::StatusTerminating,
        StatusClass::Unknown => Meaning::StatusUnknown,
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod action_tests;
