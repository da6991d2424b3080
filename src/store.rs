//! The client-side cache of one pane's rows, and its filtered, sorted view.
//!
//! Owns: the `Delta` the watch tasks send (rows, never objects), the rows by key, the `/` filter,
//! the sort column, and the selection, which follows the same object (by key) across updates.
//! Updates only mark the view dirty; `refresh` rebuilds it once, so a burst of 5,000 watch
//! events costs one filter and one sort, not 5,000.
//!
//! Must not talk to the cluster, know about other panes, or draw.

mod filter;
mod key_slots;
mod label_selector;

use std::cmp::Ordering;
use std::ops::Range;

pub use filter::{Filter, FilterError};
pub use label_selector::{LabelSelector, SelectorError};

use key_slots::KeySlots;

use crate::resources::ObjKey;
pub use crate::resources::Row;

/// A change to one pane's rows, as the watch task reports it.
///
/// A relist sends `Loading` while its pages arrive (the pane keeps showing its old rows) and
/// then one `Reset` with the complete list, swapped in whole. For the very first list of an
/// empty pane, the first page may be sent as `Upsert`s so the user sees rows at once; the final
/// `Reset` replaces them.
#[derive(Debug, Clone, PartialEq)]
pub enum Delta<R> {
    /// A complete relist, swapped in whole.
    Reset(Vec<R>),
    Upsert(R),
    Remove(ObjKey),
    /// The first pages of a relist are arriving: keep showing the old rows.
    Loading {
        received: usize,
    },
}

/// Which column the view is sorted by (an index into `R::columns()`), and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortSpec {
    pub column: usize,
    pub descending: bool,
}

/// The rows of one pane and the view of them the user sees.
#[derive(Debug)]
pub struct RowStore<R> {
    rows: Vec<R>,
    slots: KeySlots,
    /// Slots of the visible rows, in display order. Valid only when not dirty.
    view: Vec<u32>,
    dirty: bool,
    filter: Filter,
    /// Select the first match at the next rebuild (the filter changed).
    select_first_match: bool,
    sort: Option<SortSpec>,
    selected: Option<ObjKey>,
    cursor: usize,
    offset: usize,
    relist_received: Option<usize>,
    rebuilds: usize,
}

impl<R> Default for RowStore<R> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            slots: KeySlots::default(),
            view: Vec::new(),
            dirty: false,
            filter: Filter::default(),
            select_first_match: false,
            sort: None,
            selected: None,
            cursor: 0,
            offset: 0,
            relist_received: None,
            rebuilds: 0,
        }
    }
}

impl<R: Row> RowStore<R> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn apply(&mut self, delta: Delta<R>) {
        match delta {
            Delta::Reset(rows) => self.reset(rows),
            Delta::Upsert(row) => self.upsert(row),
            Delta::Remove(key) => self.remove(&key),
            Delta::Loading { received } => self.relist_received = Some(received),
        }
    }

    fn reset(&mut self, rows: Vec<R>) {
        self.rows.clear();
        self.slots.clear();
        self.rows.reserve(rows.len());
        for row in rows {
            self.upsert_row(row);
        }
        self.rows.shrink_to_fit();
        self.relist_received = None;
        self.dirty = true;
    }

    fn upsert(&mut self, row: R) {
        if let Some(slot) = self.find(row.key()) {
            let old = &self.rows[slot as usize];
            let view_unchanged = !self.dirty
                && self.filter.matches(old) == self.filter.matches(&row)
                && self
                    .sort
                    .is_none_or(|s| old.sort_key(s.column) == row.sort_key(s.column));
            self.rows[slot as usize] = row;
            self.dirty |= !view_unchanged;
        } else {
            self.upsert_row(row);
            self.dirty = true;
        }
    }

    fn upsert_row(&mut self, row: R) {
        if let Some(slot) = self.find(row.key()) {
            self.rows[slot as usize] = row;
        } else {
            let slot = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
            self.slots.insert(row.key(), slot);
            self.rows.push(row);
        }
    }

    fn remove(&mut self, key: &ObjKey) {
        let Some(slot) = self.find(key) else { return };
        self.slots.remove(key, slot);
        let last = u32::try_from(self.rows.len() - 1).unwrap_or(u32::MAX);
        self.rows.swap_remove(slot as usize);
        if slot != last {
            let moved_key = self.rows[slot as usize].key();
            self.slots.moved(moved_key, last, slot);
        }
        self.dirty = true;
    }

    fn find(&self, key: &ObjKey) -> Option<u32> {
        self.slots
            .find(key, |slot| self.rows.get(slot as usize).map(Row::key))
    }

    pub fn get(&self, key: &ObjKey) -> Option<&R> {
        self.find(key).and_then(|slot| self.rows.get(slot as usize))
    }

    /// All rows, filtered or not.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many objects of a running relist have arrived so far, if one is running.
    pub fn relist_received(&self) -> Option<usize> {
        self.relist_received
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Sets the filter; the first match will be selected.
    pub fn set_filter(&mut self, filter: Filter) {
        if !filter.same_rule(&self.filter) {
            self.dirty = true;
            self.select_first_match = true;
        }
        self.filter = filter;
    }

    pub fn sort(&self) -> Option<SortSpec> {
        self.sort
    }

    /// Sorts by a column, or by key (namespace, then name) with `None`.
    pub fn set_sort(&mut self, sort: Option<SortSpec>) {
        if sort != self.sort {
            self.sort = sort;
            self.dirty = true;
        }
    }

    /// Whether rows changed since the view was last rebuilt.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Rebuilds the filtered, sorted view if anything changed; cheap when nothing did.
    pub fn refresh(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        self.rebuilds += 1;
        let rows = &self.rows;
        let filter = &self.filter;
        let mut view = std::mem::take(&mut self.view);
        view.clear();
        view.extend(
            (0..rows.len())
                .filter(|&i| filter.matches(&rows[i]))
                .map(|i| i as u32),
        );
        let sort = self.sort;
        view.sort_unstable_by(|&a, &b| compare(&rows[a as usize], &rows[b as usize], sort));
        self.view = view;

        let selected_slot = self.selected.as_ref().and_then(|k| self.find(k));
        let position = if self.select_first_match {
            self.offset = 0;
            0
        } else {
            selected_slot
                .and_then(|slot| self.view.iter().position(|&s| s == slot))
                .unwrap_or(self.cursor)
        };
        self.select_first_match = false;
        self.set_cursor(position);
    }

    fn set_cursor(&mut self, position: usize) {
        self.cursor = position.min(self.view.len().saturating_sub(1));
        self.selected = self.row_at(self.cursor).map(|r| r.key().clone());
    }

    fn row_at(&self, position: usize) -> Option<&R> {
        self.view
            .get(position)
            .and_then(|&slot| self.rows.get(slot as usize))
    }

    /// Rows that pass the filter (as of the last `refresh`).
    pub fn visible_len(&self) -> usize {
        self.view.len()
    }

    /// The rows to draw for `range` of the view (as of the last `refresh`).
    pub fn visible(&self, range: Range<usize>) -> impl Iterator<Item = &R> + '_ {
        let end = range.end.min(self.view.len());
        let start = range.start.min(end);
        self.view[start..end]
            .iter()
            .filter_map(|&slot| self.rows.get(slot as usize))
    }

    pub fn selected(&self) -> Option<&R> {
        self.selected
            .as_ref()
            .and_then(|_| self.row_at(self.cursor))
    }

    pub fn selected_key(&self) -> Option<&ObjKey> {
        self.selected.as_ref()
    }

    /// The selected row's position in the view.
    pub fn selected_index(&self) -> Option<usize> {
        self.selected.as_ref().map(|_| self.cursor)
    }

    /// Selects the row at `position` of the view (clamped to the last row).
    pub fn select_index(&mut self, position: usize) {
        self.refresh();
        self.set_cursor(position);
    }

    /// Moves the selection by `rows` (negative is up), stopping at either end.
    pub fn move_selection(&mut self, rows: isize) {
        self.refresh();
        self.set_cursor(self.cursor.saturating_add_signed(rows));
    }

    pub fn select_first(&mut self) {
        self.select_index(0);
    }

    pub fn select_last(&mut self) {
        self.refresh();
        self.set_cursor(self.view.len().saturating_sub(1));
    }

    /// Scrolls as little as possible so that the selection shows in a table `height` rows high.
    pub fn keep_selection_in_view(&mut self, height: usize) {
        self.offset = self.scroll_offset(height);
    }

    /// The first row to draw in a table `height` rows high: the remembered scroll position,
    /// moved just enough to show the selection.
    pub fn scroll_offset(&self, height: usize) -> usize {
        if height == 0 {
            return self.cursor;
        }
        let max_offset = self.view.len().saturating_sub(height);
        let lowest = self.cursor.saturating_sub(height - 1);
        self.offset.clamp(lowest, self.cursor).min(max_offset)
    }

    #[cfg(test)]
    pub(crate) fn rebuilds(&self) -> usize {
        self.rebuilds
    }
}

fn compare<R: Row>(a: &R, b: &R, sort: Option<SortSpec>) -> Ordering {
    let Some(sort) = sort else {
        return a.key().cmp(b.key());
    };
    let by_column = a.sort_key(sort.column).cmp(&b.sort_key(sort.column));
    let by_column = if sort.descending {
        by_column.reverse()
    } else {
        by_column
    };
    by_column.then_with(|| a.key().cmp(b.key()))
}

#[cfg(test)]
mod tests;
