//! Drawing: `draw(frame, &State, &Theme, &Keymap)` paints the whole dashboard from the state.
//!
//! Owns the screen composition (header, panes or the zoomed pane or the YAML/describe view or
//! the edit review, footer or prompt, toasts, dialogs, help, recent actions) and the mapping of
//! status classes to theme meanings; one file per widget.
//! Must never mutate state, call the cluster, or read the clock: everything comes from `State`.

pub mod connecting;
mod debug_form;
mod deployments;
mod detail;
mod dialog;
mod footer;
mod header;
mod help;
mod history;
mod log_lines;
mod logs;
mod operations;
mod pane;
mod prompt;
mod review;
mod shell_picker;
mod table;
pub mod text;
mod toasts;

pub use help::keys_markdown;

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
            help::draw_help(frame.buffer_mut(), area, theme, keymap, help::LOG_SECTIONS);
        }
        return;
    }
    let zoomed = state.zoomed.then_some(state.focus);
    let screen = frame.area();
    let layout = screen_layout(screen, zoomed);
    let buf = frame.buffer_mut();
    // The theme's text and background under everything (the terminal's own by default).
    buf.set_style(screen, theme.style(Meaning::UiBase));

    header::draw_header(buf, layout.header, state, theme);
    let body = crate::state::layout::detail_area(frame.area());
    if let Some(r) = &state.review {
        review::draw_review(frame.buffer_mut(), body, r, theme);
    } else if let Some(view) = &state.history {
        let offset = state.utc_offset_secs;
        history::draw_history(frame.buffer_mut(), body, view, offset, theme);
    } else if let Some(view) = &state.detail {
        detail::draw_detail(frame.buffer_mut(), body, view, theme);
    } else {
        draw_panes(frame, &layout.panes, state, theme);
    }
    if let Some(prompt) = &state.prompt {
        prompt::draw_prompt(frame, layout.footer, prompt, theme);
    } else if state.review.is_some() {
        review::draw_review_footer(frame.buffer_mut(), layout.footer, theme, keymap);
    } else if let Some(view) = &state.history {
        history::draw_history_footer(frame.buffer_mut(), layout.footer, view, theme, keymap);
    } else if let Some(view) = &state.detail {
        detail::draw_detail_footer(frame.buffer_mut(), layout.footer, view, theme, keymap);
    } else {
        footer::draw_footer(frame.buffer_mut(), layout.footer, state, theme, keymap);
    }
    toasts::draw_toasts(frame.buffer_mut(), layout.footer, &state.toasts, theme);
    if let Some(dialog) = &state.dialog {
        dialog::draw_dialog(frame.buffer_mut(), dialog, &state.context, theme, keymap);
    }
    if let Some(form) = &state.debug_form {
        debug_form::draw_debug_form(frame.buffer_mut(), form, theme);
    }
    if let Some(picker) = &state.shell_picker {
        shell_picker::draw_shell_picker(frame.buffer_mut(), picker, theme);
    }
    if state.help_open {
        let sections = if state.review.is_some() {
            help::REVIEW_SECTIONS
        } else if state.history.is_some() {
            help::HISTORY_SECTIONS
        } else {
            match state.detail.as_ref().map(|v| v.mode) {
                Some(crate::state::DetailMode::Yaml(_)) => help::YAML_SECTIONS,
                Some(crate::state::DetailMode::Describe) => help::DESCRIBE_SECTIONS,
                None => help::DASHBOARD_SECTIONS,
            }
        };
        help::draw_help(frame.buffer_mut(), body, theme, keymap, sections);
    }
    if state.operations_open {
        operations::draw_operations(frame.buffer_mut(), body, state, theme, keymap);
    }
}

fn draw_panes(
    frame: &mut Frame<'_>,
    panes: &[(PaneId, ratatui::layout::Rect)],
    state: &State,
    theme: &Theme,
) {
    let buf = frame.buffer_mut();
    for &(id, area) in panes {
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
mod action_tests;
#[cfg(test)]
mod logs_tests;
#[cfg(test)]
mod shell_picker_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod themed_tests;
#[cfg(test)]
mod unicode_tests;
#[cfg(test)]
mod view_tests;
