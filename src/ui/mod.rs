//! Drawing: `draw(frame, &State, &Theme, &Keymap)` paints the whole dashboard from the state.
//!
//! Owns the screen composition (header, panes or the zoomed pane, footer or prompt, toasts,
//! dialogs, help) and the mapping of status classes to theme meanings; one file per widget.
//! Must never mutate state, call the cluster, or read the clock: everything comes from `State`.

mod dialog;
mod footer;
mod header;
mod help;
mod log_lines;
mod logs;
mod pane;
mod prompt;
mod table;
pub mod text;
mod toasts;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::config::{Keymap, Meaning, Theme};
use crate::resources::StatusClass;
use crate::state::layout::screen_layout;
use crate::state::{PaneId, State};

/// Draws the dashboard. Call `State::refresh_views` first so the tables are up to date.
pub fn draw(frame: &mut Frame<'_>, state: &State, theme: &Theme, keymap: &Keymap) {
    if let Some(view) = &state.logs {
        let layout = logs::draw_log_view(frame, state, view, theme, keymap);
        toasts::draw_toasts(frame.buffer_mut(), layout.footer, &state.toasts, theme);
        if state.help_open {
            let area = Rect {
                height: layout.body.height + 1,
                ..layout.title
            };
            help::draw_help_sections(frame.buffer_mut(), area, theme, keymap, help::LOG_SECTIONS);
        }
        return;
    }
    let zoomed = state.zoomed.then_some(state.focus);
    let layout = screen_layout(frame.area(), zoomed);
    let buf = frame.buffer_mut();

    header::draw_header(buf, layout.header, state, theme);
    for &(id, area) in &layout.panes {
        let focused = id == state.focus;
        match id {
            PaneId::Pods => pane::draw_pane(buf, area, &state.pods, focused, state, theme),
            PaneId::Deployments => {
                pane::draw_pane(buf, area, &state.deployments, focused, state, theme);
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
        dialog::draw_dialog(frame.buffer_mut(), dialog, theme, keymap);
    }
    if state.help_open {
        let body = Rect {
            y: layout.header.bottom(),
            height: layout.footer.y.saturating_sub(layout.header.bottom()),
            ..frame.area()
        };
        help::draw_help(frame.buffer_mut(), body, theme, keymap);
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
mod logs_tests;
