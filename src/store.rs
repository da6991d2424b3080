//! The client-side cache of one pane's rows, and its filtered, sorted view.
//!
//! Owns: the `Delta` the watch tasks send (rows, never objects), the rows by key, the `/` filter,
//! the sort column, and the selection, which follows the same object (by key) across updates.
//! The store keeps every row's place in the sort order, and the view is that order filtered.
//! A change to a few rows moves only their places (`view`); a burst of thousands of watch
//! events only marks the order for a rebuild, and `refresh` rebuilds it once, so it costs one
//! sort, not thousands. A new filter only filters the kept order (no sort), and typing more of
//! a word only narrows the rows already shown.
//!
//! Must not talk to the cluster, know about other panes, or draw.

mod filter;
mod key_slots;
mod label_selector;
mod view;

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
    /// Changes that arrived together, in order: one message for a burst.
    Batch(Vec<Delta<R>>),
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
    /// Slots of every row, in display order. Valid unless `resort`.
    order: Vec<u32>,
    /// Slots of the visible rows, in display order: `order` filtered. Valid unless `resort`
    /// or a `refilter` is pending.
    view: Vec<u32>,
    /// The order must be sorted again (a relist, a new sort, a burst of changes).
    resort: bool,
    refilter: Refilter,
    /// The view was edited in place since the last refresh: find the selection again.
    view_changed: bool,
    /// In-place edits since the last refresh (see `view::EDIT_BUDGET`).
    edits: usize,
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

/// What the view needs after the filter changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refilter {
    None,
    /// The new filter keeps a subset of what the old one kept: filter the view.
    Narrow,
    /// Filter the whole order again.
    Full,
}

impl<R> Default for RowStore<R> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            slots: KeySlots::default(),
            order: Vec::new(),
            view: Vec::new(),
            resort: false,
            refilter: Refilter::None,
            view_changed: false,
            edits: 0,
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
            Delta::Batch(deltas) => {
                for delta in deltas {
                    self.apply(delta);
                }
            }
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
        self.resort = true;
    }

    /// Whether the order is kept up to date change by change right now; counts one edit.
    fn edit_in_place(&mut self) -> bool {
        if self.resort {
            return false;
        }
        self.edits += 1;
        if self.edits > view::EDIT_BUDGET {
            self.resort = true;
            return false;
        }
        true
    }

    /// Whether the view is edited along with the order (no refilter pending). A change while
    /// a narrowing is pending may add rows the narrowing would miss: filter everything then.
    fn view_in_place(&mut self) -> bool {
        if self.refilter == Refilter::Narrow {
            self.refilter = Refilter::Full;
        }
        let in_place = self.refilter == Refilter::None;
        self.view_changed |= in_place;
        in_place
    }

    fn upsert(&mut self, row: R) {
        let sort = self.sort;
        let Some(slot) = self.find(row.key()) else {
            let slot = self.push_row(row);
            if self.edit_in_place() {
                view::insert(&self.rows, &mut self.order, slot, sort);
                if self.filter.matches(&self.rows[slot as usize]) && self.view_in_place() {
                    view::insert(&self.rows, &mut self.view, slot, sort);
                }
            }
            return;
        };
        let old = &self.rows[slot as usize];
        let same_order = sort.is_none_or(|s| old.sort_key(s.column) == row.sort_key(s.column));
        let (was_shown, is_shown) = (self.filter.matches(old), self.filter.matches(&row));
        // A pending narrowing only looks at rows already shown; this one may be new to them.
        if self.refilter == Refilter::Narrow && is_shown {
            self.refilter = Refilter::Full;
        }
        let same_view = self.refilter != Refilter::None || was_shown == is_shown;
        if (same_order && same_view) || !self.edit_in_place() {
            self.rows[slot as usize] = row;
            return;
        }
        let edit_view = (was_shown || is_shown) && self.view_in_place();
        if !same_order {
            view::remove(&self.rows, &mut self.order, slot, sort);
        }
        if edit_view && was_shown {
            view::remove(&self.rows, &mut self.view, slot, sort);
        }
        self.rows[slot as usize] = row;
        if !same_order {
            view::insert(&self.rows, &mut self.order, slot, sort);
        }
        if edit_view && is_shown {
            view::insert(&self.rows, &mut self.view, slot, sort);
        }
    }

    fn upsert_row(&mut self, row: R) {
        if let Some(slot) = self.find(row.key()) {
            self.rows[slot as usize] = row;
        } else {
            self.push_row(row);
        }
    }

    fn push_row(&mut self, row: R) -> u32 {
        let slot = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        self.slots.insert(row.key(), slot);
        self.rows.push(row);
        slot
    }

    fn remove(&mut self, key: &ObjKey) {
        let Some(slot) = self.find(key) else { return };
        let sort = self.sort;
        // The view of a pending narrowing may hold this slot: filter everything instead.
        if self.refilter == Refilter::Narrow {
            self.refilter = Refilter::Full;
        }
        let last = u32::try_from(self.rows.len() - 1).unwrap_or(u32::MAX);
        // The order and view are edited while every slot still holds the row it was placed
        // with; then the last row moves into the freed slot.
        if self.edit_in_place() {
            view::remove(&self.rows, &mut self.order, slot, sort);
            if slot != last {
                view::renumber(&self.rows, &mut self.order, last, slot, sort);
            }
            let was_shown = self.filter.matches(&self.rows[slot as usize]);
            let last_shown = slot != last && self.filter.matches(&self.rows[last as usize]);
            if (was_shown || last_shown) && self.view_in_place() {
                if was_shown {
                    view::remove(&self.rows, &mut self.view, slot, sort);
                }
                if last_shown {
                    view::renumber(&self.rows, &mut self.view, last, slot, sort);
                }
            }
        }
        self.slots.remove(key, slot);
        self.rows.swap_remove(slot as usize);
        if slot != last {
            let moved_key = self.rows[slot as usize].key();
            self.slots.moved(moved_key, last, slot);
        }
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
            self.refilter = match self.refilter {
                Refilter::None | Refilter::Narrow if filter.narrows(&self.filter) => {
                    Refilter::Narrow
                }
                _ => Refilter::Full,
            };
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
            self.resort = true;
        }
    }

    /// Whether the view changed since the last `refresh` (or must be rebuilt).
    pub fn is_dirty(&self) -> bool {
        self.resort || self.refilter != Refilter::None || self.view_changed
    }

    /// Brings the view up to date: sorts and filters what needs it, and finds the selection
    /// again; cheap when nothing changed.
    pub fn refresh(&mut self) {
        self.edits = 0;
        if self.resort {
            self.resort = false;
            self.rebuilds += 1;
            let rows = &self.rows;
            let sort = self.sort;
            let mut order = std::mem::take(&mut self.order);
            order.clear();
            order.extend(0..rows.len() as u32);
            order.sort_unstable_by(|&a, &b| {
                view::compare(&rows[a as usize], &rows[b as usize], sort)
            });
            self.order = order;
            self.refilter = Refilter::Full;
        }
        let rows = &self.rows;
        let filter = &self.filter;
        match self.refilter {
            Refilter::None if !self.view_changed => return,
            Refilter::None => {}
            // Rows are visited in memory order (display order jumps all over the heap, and
            // at 100,000 rows the cache misses cost more than the matching).
            Refilter::Narrow if self.view.len() * 4 < rows.len() => {
                self.view.retain(|&s| filter.matches(&rows[s as usize]));
            }
            Refilter::Narrow => {
                let shown: Vec<bool> = rows.iter().map(|r| filter.matches(r)).collect();
                self.view.retain(|&s| shown[s as usize]);
            }
            Refilter::Full => {
                self.view.clear();
                if filter.is_active() {
                    let shown: Vec<bool> = rows.iter().map(|r| filter.matches(r)).collect();
                    self.view
                        .extend(self.order.iter().filter(|&&s| shown[s as usize]));
                } else {
                    self.view.extend_from_slice(&self.order);
                }
            }
        }
        self.refilter = Refilter::None;
        self.view_changed = false;
        self.follow_selection();
    }

    /// Puts the cursor on the selected object wherever it went; if it is gone, on the row now
    /// at the cursor's place.
    fn follow_selection(&mut self) {
        let position = if self.select_first_match {
            self.offset = 0;
            0
        } else {
            self.selected
                .as_ref()
                .and_then(|k| self.find(k))
                .filter(|&slot| self.filter.matches(&self.rows[slot as usize]))
                .and_then(|slot| view::position(&self.rows, &self.view, slot, self.sort).ok())
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

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
