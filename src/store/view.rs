//! The order of a pane's view, and keeping it up to date change by change.
//!
//! The view is the slots of the visible rows sorted by `compare` (the sort column, then the
//! key, so the order is total and every row has exactly one place). A change to a few rows
//! moves only their entries (a binary search and a shift of the slot list) instead of
//! filtering and sorting every row again; a burst larger than `EDIT_BUDGET` is cheaper to
//! rebuild once.
//!
//! Owns the comparison and the edits of the slot list. Must not own rows, the filter or the
//! selection.

use std::cmp::Ordering;

use super::SortSpec;
use crate::resources::Row;

/// Changes applied to the view one by one between two refreshes; past this many the store
/// rebuilds it instead (each edit shifts up to the whole slot list).
pub(super) const EDIT_BUDGET: usize = 512;

/// The display order: by the sort column (if any), then by key.
pub(super) fn compare<R: Row>(a: &R, b: &R, sort: Option<SortSpec>) -> Ordering {
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

/// Where the row at `slot` is in `view`, or where it would go.
pub(super) fn position<R: Row>(
    rows: &[R],
    view: &[u32],
    slot: u32,
    sort: Option<SortSpec>,
) -> Result<usize, usize> {
    let row = &rows[slot as usize];
    view.binary_search_by(|&s| compare(&rows[s as usize], row, sort))
}

/// Puts `slot` in its place in `view`.
pub(super) fn insert<R: Row>(rows: &[R], view: &mut Vec<u32>, slot: u32, sort: Option<SortSpec>) {
    match position(rows, view, slot, sort) {
        Ok(at) => view[at] = slot,
        Err(at) => view.insert(at, slot),
    }
}

/// Takes `slot` out of `view` (its row must not have changed since it was placed).
pub(super) fn remove<R: Row>(rows: &[R], view: &mut Vec<u32>, slot: u32, sort: Option<SortSpec>) {
    if let Ok(at) = position(rows, view, slot, sort) {
        view.remove(at);
    }
}

/// Records that the row at `from` now lives at slot `to` (its place does not change).
pub(super) fn renumber<R: Row>(
    rows: &[R],
    view: &mut [u32],
    from: u32,
    to: u32,
    sort: Option<SortSpec>,
) {
    if let Ok(at) = position(rows, view, from, sort) {
        view[at] = to;
    }
}
