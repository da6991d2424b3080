//! Ordering of merged list elements: partitioning, `$setElementOrder` normalisation,
//! sorting and interleaving live and patch items by the API server's "preserve order" rules.
//!
//! It must not add or remove elements.

use super::strategic::{find_by_key, merge_key_value};
use serde_json::Value;

/// Splits `merged` into items named in `by` and the rest, keeping the merged order.
pub(super) fn partition(
    merged: Vec<Value>,
    by: &[Value],
    key: Option<&str>,
) -> Result<(Vec<Value>, Vec<Value>), String> {
    let mut named = Vec::new();
    let mut rest = Vec::new();
    for item in merged {
        let found = match key {
            Some(key) => find_by_key(by, key, merge_key_value(&item, key)?)?.is_some(),
            None => by.contains(&item),
        };
        if found {
            named.push(item);
        } else {
            rest.push(item);
        }
    }
    Ok((named, rest))
}

/// Sorts patch items by the patch (or `$setElementOrder`) order and server-only items by the
/// live order, then interleaves them the way the API server does.
pub(super) fn normalize_element_order(
    in_patch: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    live_order: &[Value],
    key: Option<&str>,
) -> Result<Vec<Value>, String> {
    let in_patch = sort_by_order(in_patch, patch_order, key)?;
    let server_only = sort_by_order(server_only, live_order, key)?;
    Ok(interleave(server_only, in_patch, live_order, key))
}

fn sort_by_order(
    mut items: Vec<Value>,
    order: &[Value],
    key: Option<&str>,
) -> Result<Vec<Value>, String> {
    if let Some(key) = key {
        for item in items.iter().chain(order) {
            merge_key_value(item, key)?;
        }
    }
    items.sort_by_key(|item| position(order, item, key).unwrap_or(usize::MAX));
    Ok(items)
}

/// Merges two sorted lists. A server-only item goes before the next patch item only when the
/// live list has both and has it first; so items new to the live list come before the
/// server-only items that follow them.
fn interleave(
    server_only: Vec<Value>,
    in_patch: Vec<Value>,
    live_order: &[Value],
    key: Option<&str>,
) -> Vec<Value> {
    let mut result = Vec::with_capacity(server_only.len() + in_patch.len());
    let mut server_only = server_only.into_iter().peekable();
    let mut in_patch = in_patch.into_iter().peekable();
    loop {
        let take_server_only = match (server_only.peek(), in_patch.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(left), Some(right)) => matches!(
                (position(live_order, left, key), position(live_order, right, key)),
                (Some(left), Some(right)) if left < right
            ),
        };
        let next = if take_server_only {
            server_only.next()
        } else {
            in_patch.next()
        };
        result.extend(next);
    }
    result
}

fn position(list: &[Value], item: &Value, key: Option<&str>) -> Option<usize> {
    let wanted = identity(item, key);
    list.iter()
        .position(|candidate| identity(candidate, key) == wanted)
}

/// What identifies a list item: its merge key's value, or the item itself for primitives.
fn identity<'v>(item: &'v Value, key: Option<&str>) -> Option<&'v Value> {
    match key {
        Some(key) => item.get(key),
        None => Some(item),
    }
}
