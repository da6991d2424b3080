//! A pane's table: column header, and only the rows that fit, laid out by display width.
//!
//! Owns column fitting (widths from the header and the visible cells; when too narrow, the
//! columns with the highest drop priority go first, then NAME is shortened with "…"), the sort
//! arrow, status colors and the selected row. Must not change the store (the scroll position
//! comes from `RowStore::scroll_offset`).

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::status_style;
use super::text::{truncate, width};
use crate::config::{Meaning, Theme};
use crate::resources::{Column, ObjKey, Row};
use crate::store::RowStore;

/// Blank columns between two table columns.
const GAP: usize = 2;

/// Replaces a cell's text (a row's key, a column index): what the state knows that the row
/// does not yet show, such as a replica count on its way.
pub type CellOverride<'a> = &'a dyn Fn(&ObjKey, usize) -> Option<String>;

/// How the table is drawn this frame.
#[derive(Clone, Copy)]
pub struct TableOptions<'a> {
    pub all_namespaces: bool,
    pub now_unix: i64,
    /// Highlight the selected row (only the focused pane does).
    pub show_selection: bool,
    /// The rows are old (the watch is down): draw them muted.
    pub stale: bool,
    pub cell_override: Option<CellOverride<'a>>,
}

/// Draws the header and the visible rows of `store` into `area`.
pub fn draw_table<R: Row>(
    buf: &mut Buffer,
    area: Rect,
    store: &RowStore<R>,
    options: TableOptions<'_>,
    theme: &Theme,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let body_rows = usize::from(area.height - 1);
    let offset = store.scroll_offset(body_rows);
    let rows: Vec<&R> = store.visible(offset..offset + body_rows).collect();
    let all_columns = R::columns();
    let mut shown: Vec<usize> = (0..all_columns.len())
        .filter(|&c| options.all_namespaces || !all_columns[c].all_namespaces_only)
        .collect();
    let titles: Vec<String> = shown
        .iter()
        .map(|&c| title(all_columns, c, store))
        .collect();
    let cells: Vec<Vec<Cow<'_, str>>> = rows
        .iter()
        .map(|r| {
            shown
                .iter()
                .map(|&c| {
                    options
                        .cell_override
                        .and_then(|f| f(r.key(), c))
                        .map_or_else(|| r.cell(c, options.now_unix), Cow::Owned)
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = (0..shown.len())
        .map(|i| {
            cells
                .iter()
                .map(|row| width(&row[i]))
                .fold(width(&titles[i]), usize::max)
        })
        .collect();
    let keep = fit_columns(&shown, all_columns, &mut widths, usize::from(area.width));
    shown = keep.iter().map(|&i| shown[i]).collect();
    let widths: Vec<usize> = keep.iter().map(|&i| widths[i]).collect();

    let header_style = theme.style(Meaning::TableHeader);
    let mut x = area.x;
    for (i, &k) in keep.iter().enumerate() {
        x = put(buf, x, area, area.y, &titles[k], widths[i], header_style);
    }

    let selected = store.selected_index();
    let status_column = R::status_column();
    let row_style = if options.stale {
        theme.style(Meaning::PaneStale)
    } else {
        Style::default()
    };
    for (n, (row, row_cells)) in rows.iter().zip(&cells).enumerate() {
        let y = area.y + 1 + n as u16;
        let mut x = area.x;
        for (i, &k) in keep.iter().enumerate() {
            let style = if Some(shown[i]) == status_column && !options.stale {
                status_style(theme, row.status_class())
            } else {
                row_style
            };
            x = put(buf, x, area, y, &row_cells[k], widths[i], style);
        }
        if options.show_selection && selected == Some(offset + n) {
            buf.set_style(
                Rect::new(area.x, y, area.width, 1),
                theme.style(Meaning::UiSelected),
            );
        }
    }
}

/// The column header, with an arrow on the sorted column.
fn title<R: Row>(columns: &[Column], column: usize, store: &RowStore<R>) -> String {
    match store.sort() {
        Some(sort) if sort.column == column => {
            format!(
                "{}{}",
                columns[column].title,
                if sort.descending { "↓" } else { "↑" }
            )
        }
        _ => columns[column].title.to_owned(),
    }
}

/// Writes `text` in a cell `cell_width` wide at `x`, clipped to `area`; returns the next x.
fn put(
    buf: &mut Buffer,
    x: u16,
    area: Rect,
    y: u16,
    text: &str,
    cell_width: usize,
    style: Style,
) -> u16 {
    let right = area.x + area.width;
    if x >= right {
        return x;
    }
    let room = usize::from(right - x).min(cell_width);
    buf.set_stringn(x, y, truncate(text, room), room, style);
    x.saturating_add((cell_width + GAP) as u16)
}

/// Chooses which shown columns fit in `available`: first cuts columns that may be cut (right
/// to left, down to their `min_width`), then drops the column with the highest drop priority
/// and tries again. Returns the indexes (into `shown`) to keep; `widths` becomes their widths.
fn fit_columns(
    shown: &[usize],
    columns: &[Column],
    widths: &mut [usize],
    available: usize,
) -> Vec<usize> {
    let natural = widths.to_vec();
    let mut keep: Vec<usize> = (0..shown.len()).collect();
    loop {
        widths.copy_from_slice(&natural);
        let total =
            keep.iter().map(|&i| widths[i]).sum::<usize>() + GAP * keep.len().saturating_sub(1);
        let mut excess = total.saturating_sub(available);
        for &i in keep.iter().rev() {
            let min = usize::from(columns[shown[i]].min_width);
            if min == 0 || excess == 0 {
                continue;
            }
            let cut = excess.min(widths[i].saturating_sub(min));
            widths[i] -= cut;
            excess -= cut;
        }
        if excess == 0 {
            return keep;
        }
        let droppable = keep
            .iter()
            .enumerate()
            .filter(|(_, i)| columns[shown[**i]].drop_priority > 0)
            .max_by_key(|(pos, i)| (columns[shown[**i]].drop_priority, *pos));
        let Some((pos, _)) = droppable else {
            // Nothing left to drop: the first cuttable column takes the rest of the cut.
            if let Some(&i) = keep.iter().find(|&&i| columns[shown[i]].min_width > 0) {
                widths[i] = widths[i].saturating_sub(excess).max(1);
            }
            return keep;
        };
        keep.remove(pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::PodRow;

    #[test]
    fn narrow_tables_drop_low_priority_columns_first() {
        let columns = PodRow::columns();
        let shown: Vec<usize> = (1..columns.len()).collect();
        // NAME READY STATUS RESTARTS AGE IP NODE
        let mut widths = vec![20, 5, 16, 8, 3, 10, 10];
        let keep = fit_columns(&shown, columns, &mut widths, 60);
        let titles: Vec<&str> = keep.iter().map(|&i| columns[shown[i]].title).collect();
        assert_eq!(titles, ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    }

    #[test]
    fn node_then_name_are_cut_before_anything_is_dropped() {
        let columns = PodRow::columns();
        let shown: Vec<usize> = (1..columns.len()).collect();
        // 40 + 5 + 7 + 8 + 3 + 10 + 18 + 6 gaps of 2 = 103: 13 too wide.
        let mut widths = vec![40, 5, 7, 8, 3, 10, 18];
        let keep = fit_columns(&shown, columns, &mut widths, 90);
        assert_eq!(keep.len(), 7);
        assert_eq!((widths[0], widths[6]), (37, 8));
    }
}
