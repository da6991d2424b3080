//! The strategic merge patch directives kubectl sends: `$patch` on maps, `$retainKeys`,
//! `$setElementOrder/…` (with its consistency checks) and directive name checks.
//!
//! It must not merge list items itself: that is `strategic`'s job.

use super::element_order::{normalize_element_order, partition};
use super::strategic::{delete_directive, list_key, merge_list_field, same_identity};
use super::strategic_schema::{Field, Schema, Strategy, lookup};
use super::values::{
    adopt_list, adopt_members, element_kind, err_bad_arg_type, err_bad_patch_type, go_format_items,
};
use super::{
    DELETE_FROM_PRIMITIVE_LIST, ERR_PRIMITIVE_LIST, ERR_RETAIN_KEYS, ERR_SET_ELEMENT_ORDER,
    GO_LIST, GO_MAP, JsonMap, PATCH_DIRECTIVE, RETAIN_KEYS, SET_ELEMENT_ORDER,
};
use serde_json::Value;

pub(super) fn apply_map_directive(directive: &Value, patch: &JsonMap) -> Result<JsonMap, String> {
    match directive.as_str() {
        Some("replace") => adopt_members(patch),
        // Upstream empties the map rather than removing its key.
        Some("delete") => Ok(JsonMap::new()),
        _ => Err(err_bad_patch_type(directive, patch)),
    }
}

/// Accepts the directive keys the API server understands; any other `$` key would be an unknown
/// field to the typed decoder, which kubectl's default strict field validation rejects.
pub(super) fn check_directive_name(key: &str) -> Result<(), String> {
    if !key.starts_with('$') || key == PATCH_DIRECTIVE || key == RETAIN_KEYS {
        return Ok(());
    }
    if let Some(rest) = key.strip_prefix(SET_ELEMENT_ORDER) {
        return if rest.starts_with('/') {
            Ok(())
        } else {
            Err(ERR_SET_ELEMENT_ORDER.to_owned())
        };
    }
    if let Some(rest) = key.strip_prefix(DELETE_FROM_PRIMITIVE_LIST) {
        return if rest.starts_with('/') {
            Ok(())
        } else {
            Err(ERR_PRIMITIVE_LIST.to_owned())
        };
    }
    Err(format!(
        "strict decoding error: unknown field \"{key}\" (not a strategic merge patch directive)"
    ))
}

/// The field a `$prefix/field` directive key applies to.
pub(super) fn directive_target<'k>(key: &'k str, prefix: &str) -> Option<&'k str> {
    key.strip_prefix(prefix)?.strip_prefix('/')
}

pub(super) fn apply_retain_keys(original: &mut JsonMap, patch: &JsonMap) -> Result<(), String> {
    let Some(retain) = patch.get(RETAIN_KEYS) else {
        return Ok(());
    };
    let Value::Array(retain) = retain else {
        return Err(ERR_RETAIN_KEYS.to_owned());
    };
    let retained = |key: &str| retain.iter().any(|item| item.as_str() == Some(key));
    // Everything the patch sets must survive the pruning, or the patch contradicts itself.
    let contradicts = patch
        .iter()
        .any(|(key, value)| !value.is_null() && !key.starts_with('$') && !retained(key));
    if contradicts {
        return Err(ERR_RETAIN_KEYS.to_owned());
    }
    original.retain(|key, _| retained(key));
    Ok(())
}

/// Merges every list that has a `$setElementOrder/<field>` and orders it; returns the fields done.
pub(super) fn apply_element_orders<'p>(
    original: &mut JsonMap,
    patch: &'p JsonMap,
    schema: Schema,
) -> Result<Vec<&'p str>, String> {
    let mut done = Vec::new();
    for (key, order) in patch {
        let Some(name) = directive_target(key, SET_ELEMENT_ORDER) else {
            continue;
        };
        let Value::Array(order) = order else {
            return Err(err_bad_arg_type(GO_LIST, order));
        };
        let field = lookup(schema, name);
        if let Some(list) = ordered_list(original.get(name), patch.get(name), order, field, name)? {
            original.insert(name.to_owned(), Value::Array(list));
        }
        done.push(name);
    }
    Ok(done)
}

fn ordered_list(
    live: Option<&Value>,
    patch: Option<&Value>,
    order: &[Value],
    field: Field,
    name: &str,
) -> Result<Option<Vec<Value>>, String> {
    let live = live.map(as_list).transpose()?;
    let patch = patch.map(as_list).transpose()?;
    if let Some(patch) = patch {
        validate_order(patch, order, field.merge_key())?;
    }
    let merged = match (live, patch) {
        (None, None) => return Ok(None),
        (Some(live), None) => live.clone(),
        (None, Some(patch)) => adopt_list(patch)?,
        (Some(live), Some(patch)) => merge_list_field(live.clone(), patch, field, name)?,
    };
    if !matches!(field.strategy, Strategy::Merge(_)) {
        return Ok(Some(merged));
    }
    let live = live.map_or(&[][..], Vec::as_slice);
    let Some(kind) = element_kind(live, patch.map_or(&[][..], Vec::as_slice))? else {
        return Ok(Some(merged));
    };
    let key = list_key(kind, field.merge_key(), name)?;
    let (in_order, server_only) = partition(merged, order, key)?;
    normalize_element_order(in_order, server_only, order, live, key).map(Some)
}

fn as_list(value: &Value) -> Result<&Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| err_bad_arg_type(GO_LIST, value))
}

/// Checks that the patch list's items appear in the same relative order as in the order list.
fn validate_order(patch: &[Value], order: &[Value], key: Option<&str>) -> Result<(), String> {
    if patch.is_empty() || order.is_empty() {
        return Ok(());
    }
    let mut items = Vec::with_capacity(patch.len());
    for item in patch {
        if key.is_some() && item.as_object().is_none() {
            return Err(err_bad_arg_type(GO_MAP, item));
        }
        let deleted = key.is_some() && item.get(PATCH_DIRECTIVE) == Some(&delete_directive());
        if !deleted {
            items.push(item);
        }
    }
    let (mut item_index, mut order_index) = (0, 0);
    while let (Some(item), Some(ordered)) = (items.get(item_index), order.get(order_index)) {
        if item.get(PATCH_DIRECTIVE).is_none() && !same_identity(item, ordered, key)? {
            order_index += 1;
            continue;
        }
        item_index += 1;
        if item.get(PATCH_DIRECTIVE).is_none() {
            order_index += 1;
        }
    }
    if item_index < items.len() {
        return Err(format!(
            "The order in patch list:\n{}\n doesn't match {SET_ELEMENT_ORDER} list:\n{}\n",
            go_format_items(patch),
            go_format_items(order)
        ));
    }
    Ok(())
}
