//! The mouse: a click focuses the pane under it and selects the row clicked; the wheel moves
//! the selection of the pane under the pointer.
//!
//! Owns mapping a screen cell to a pane and a row, using the same layout the drawing uses.
//! Must not draw or do I/O.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::State;
use super::layout::{screen_layout, table_rows};

/// Rows one wheel step moves.
const WHEEL_ROWS: isize = 3;

pub(super) fn on_mouse(state: &mut State, event: MouseEvent) {
    let click = matches!(event.kind, MouseEventKind::Down(MouseButton::Left));
    if state.help_open && click {
        state.help_open = false;
        return;
    }
    if state.modal_open() {
        return;
    }
    let at = Position::new(event.column, event.row);
    let zoomed = state.zoomed.then_some(state.focus);
    let Some((id, area)) = screen_layout(state.screen, zoomed)
        .panes
        .into_iter()
        .find(|(_, area)| area.contains(at))
    else {
        return;
    };
    let rows = table_rows(area);
    let step = match event.kind {
        MouseEventKind::ScrollDown => WHEEL_ROWS,
        MouseEventKind::ScrollUp => -WHEEL_ROWS,
        _ if click => 0,
        _ => return,
    };
    state.focus = id;
    let pane = state.pane_mut(id);
    if click {
        // Inside the border, below the column header.
        let first_row = area.y + 2;
        if (first_row..first_row + rows as u16).contains(&at.y) {
            let index = pane.scroll_offset(rows) + usize::from(at.y - first_row);
            if index < pane.visible_len() {
                pane.select_index(index);
            }
        }
    } else {
        pane.move_selection(step);
    }
    pane.keep_selection_in_view(rows);
}
