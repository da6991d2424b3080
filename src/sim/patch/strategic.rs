//! Strategic merge patch (`application/strategic-merge-patch+json`): the entry point and
//! the merging of maps, fields and lists (merge-keyed, primitive sets and replaced lists).
//!
//! The `$` directives are in `directives`, element ordering in `element_order`, value
//! checks and Go-worded errors in `values`; it must not do I/O.

use super::directives::{
    apply_element_orders, apply_map_directive, apply_retain_keys, check_directive_name,
    directive_target,
};
use super::element_order::{normalize_element_order, partition};
use super::strategic_schema::{Field, RootKind, Schema, Strategy, lookup};
use super::values::{
    ElementKind, adopt, adopt_list, element_kind, err_bad_arg_type, err_bad_patch_type,
    err_no_merge_key, json_type_word,
};
use super::{DELETE_FROM_PRIMITIVE_LIST, GO_MAP, JsonMap, PATCH_DIRECTIVE};
use serde_json::Value;

/// Kubernetes strategic merge patch (application/strategic-merge-patch+json) as the API server
/// applies it for built-in kinds.
/// `kind` is the object's kind (`"Pod"`, `"Deployment"`, `"ReplicaSet"`, `"Service"`, `"Node"`,
/// `"Namespace"`, `"ConfigMap"`, `"Secret"`, `"Endpoints"`, `"Event"`, ...).
/// Errors are human-readable messages in the style of the API server (they become a 422/400
/// Status).
///
/// On error `target` is left untouched. Like the API server, items a patch adds to a merging
/// list are placed before the live items unless `$setElementOrder` says otherwise, and
/// `{"$patch": "delete"}` on a map leaves an empty map.
///
/// # Errors
///
/// Fails on unknown `$` directives, unknown `$patch` values, list items without their merge key,
/// `$retainKeys` or `$setElementOrder` lists that contradict the patch, and mixed-type lists.
pub fn apply_strategic_merge_patch(
    target: &mut Value,
    patch: &Value,
    kind: &str,
) -> Result<(), String> {
    let patch = match patch {
        // Go decodes `null` into a nil map, which patches nothing.
        Value::Null => return Ok(()),
        Value::Object(patch) => patch,
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type {GO_MAP}",
                json_type_word(other)
            ));
        }
    };
    let original = target.as_object().cloned().unwrap_or_default();
    let merged = merge_map(original, patch, Schema::Root(RootKind::of(kind)))?;
    *target = Value::Object(merged);
    Ok(())
}

fn merge_map(mut original: JsonMap, patch: &JsonMap, schema: Schema) -> Result<JsonMap, String> {
    if let Some(directive) = patch.get(PATCH_DIRECTIVE) {
        return apply_map_directive(directive, patch);
    }
    for key in patch.keys() {
        check_directive_name(key)?;
    }
    apply_retain_keys(&mut original, patch)?;
    let ordered = apply_element_orders(&mut original, patch, schema)?;
    for (key, value) in patch {
        if key.starts_with('$') || ordered.contains(&key.as_str()) {
            continue;
        }
        merge_field(&mut original, key, value, lookup(schema, key))?;
    }
    // Deletions go last so they also apply to items this patch merged in.
    for (key, value) in patch {
        if let Some(name) = directive_target(key, DELETE_FROM_PRIMITIVE_LIST) {
            delete_from_list(&mut original, name, value, lookup(schema, name))?;
        }
    }
    Ok(original)
}

pub(super) fn delete_directive() -> Value {
    Value::String("delete".to_owned())
}

pub(super) fn same_identity(
    left: &Value,
    right: &Value,
    key: Option<&str>,
) -> Result<bool, String> {
    let Some(key) = key else {
        return Ok(left == right);
    };
    Ok(merge_key_value(left, key)? == merge_key_value(right, key)?)
}

pub(super) fn merge_key_value<'v>(item: &'v Value, key: &str) -> Result<&'v Value, String> {
    let map = item
        .as_object()
        .ok_or_else(|| err_bad_arg_type(GO_MAP, item))?;
    map.get(key).ok_or_else(|| err_no_merge_key(map, key))
}

fn merge_field(
    original: &mut JsonMap,
    key: &str,
    value: &Value,
    field: Field,
) -> Result<(), String> {
    if value.is_null() {
        original.remove(key);
        return Ok(());
    }
    match (original.get_mut(key), value) {
        (Some(Value::Object(live)), Value::Object(patch))
            if field.strategy != Strategy::Replace =>
        {
            let taken = std::mem::take(live);
            *live = merge_map(taken, patch, field.schema)?;
        }
        (Some(Value::Array(live)), Value::Array(patch)) => {
            let taken = std::mem::take(live);
            *live = merge_list_field(taken, patch, field, key)?;
        }
        // Missing, null, scalar or type change: nothing to merge into, so the patch value wins.
        _ => match adopt(value)? {
            Some(adopted) => {
                original.insert(key.to_owned(), adopted);
            }
            None => {
                original.remove(key);
            }
        },
    }
    Ok(())
}

pub(super) fn merge_list_field(
    live: Vec<Value>,
    patch: &[Value],
    field: Field,
    name: &str,
) -> Result<Vec<Value>, String> {
    match field.strategy {
        Strategy::Merge(key) => merge_list(live, patch, key, field.schema, name),
        Strategy::Default | Strategy::Replace => adopt_list(patch),
    }
}

fn merge_list(
    live: Vec<Value>,
    patch: &[Value],
    merge_key: Option<&str>,
    schema: Schema,
    name: &str,
) -> Result<Vec<Value>, String> {
    let Some(kind) = element_kind(&live, patch)? else {
        return Ok(live);
    };
    let key = list_key(kind, merge_key, name)?;
    let (live, plain, merged) = match key {
        None => {
            let merged = union(&live, patch);
            (live, patch.to_vec(), merged)
        }
        Some(key) => {
            let (live, plain) = apply_list_directives(live, patch, key)?;
            let merged = merge_keyed_items(live.clone(), &plain, key, schema)?;
            (live, plain, merged)
        }
    };
    let (in_patch, server_only) = partition(merged, &plain, key)?;
    normalize_element_order(in_patch, server_only, &plain, &live, key)
}

/// The merge key to identify items by: `None` for primitive lists.
pub(super) fn list_key<'k>(
    kind: ElementKind,
    merge_key: Option<&'k str>,
    name: &str,
) -> Result<Option<&'k str>, String> {
    if kind != ElementKind::Object {
        return Ok(None);
    }
    merge_key
        .map(Some)
        .ok_or_else(|| format!("cannot merge lists without merge key for {name}"))
}

fn union(live: &[Value], patch: &[Value]) -> Vec<Value> {
    let mut merged: Vec<Value> = Vec::with_capacity(live.len() + patch.len());
    for item in live.iter().chain(patch) {
        if !merged.contains(item) {
            merged.push(item.clone());
        }
    }
    merged
}

/// Handles `{"$patch": ...}` list items; returns the live list after deletions (or the
/// replacement list) and the patch items left to merge.
fn apply_list_directives(
    mut live: Vec<Value>,
    patch: &[Value],
    key: &str,
) -> Result<(Vec<Value>, Vec<Value>), String> {
    let mut plain = Vec::with_capacity(patch.len());
    let mut replace = false;
    for item in patch {
        let map = item
            .as_object()
            .ok_or_else(|| err_bad_arg_type(GO_MAP, item))?;
        let Some(directive) = map.get(PATCH_DIRECTIVE) else {
            plain.push(item.clone());
            continue;
        };
        match directive.as_str() {
            Some("delete") => {
                let value = map.get(key).ok_or_else(|| err_no_merge_key(map, key))?;
                remove_matching(&mut live, key, value)?;
            }
            // Keep scanning: other directive items must still be validated and dropped.
            Some("replace") => replace = true,
            Some("merge") => {
                return Err("merging lists cannot yet be specified in the patch".to_owned());
            }
            _ => return Err(err_bad_patch_type(directive, map)),
        }
    }
    if replace {
        Ok((adopt_list(&plain)?, Vec::new()))
    } else {
        Ok((live, plain))
    }
}

fn remove_matching(live: &mut Vec<Value>, key: &str, value: &Value) -> Result<(), String> {
    while let Some(index) = find_by_key(live, key, value)? {
        live.remove(index);
    }
    Ok(())
}

pub(super) fn find_by_key(
    items: &[Value],
    key: &str,
    value: &Value,
) -> Result<Option<usize>, String> {
    for (index, item) in items.iter().enumerate() {
        let map = item
            .as_object()
            .ok_or_else(|| format!("value for key {index} is not a map"))?;
        if map.get(key) == Some(value) {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

fn merge_keyed_items(
    mut live: Vec<Value>,
    plain: &[Value],
    key: &str,
    schema: Schema,
) -> Result<Vec<Value>, String> {
    for item in plain {
        let patch = item
            .as_object()
            .ok_or_else(|| err_bad_arg_type(GO_MAP, item))?;
        let value = patch.get(key).ok_or_else(|| err_no_merge_key(patch, key))?;
        let found = find_by_key(&live, key, value)?;
        if let Some(Value::Object(current)) = found.and_then(|index| live.get_mut(index)) {
            let taken = std::mem::take(current);
            *current = merge_map(taken, patch, schema)?;
        } else if let Some(adopted) = adopt(item)? {
            live.push(adopted);
        }
    }
    Ok(live)
}

fn delete_from_list(
    original: &mut JsonMap,
    name: &str,
    value: &Value,
    field: Field,
) -> Result<(), String> {
    if value.is_null() {
        original.remove(name);
        return Ok(());
    }
    let (Some(Value::Array(live)), Value::Array(remove)) = (original.get_mut(name), value) else {
        return Ok(());
    };
    match element_kind(live, remove)? {
        None => {}
        // Upstream routes lists of objects through the ordinary keyed merge here.
        Some(ElementKind::Object) => {
            let taken = std::mem::take(live);
            *live = merge_list(taken, remove, field.merge_key(), field.schema, name)?;
        }
        Some(_) => live.retain(|item| !remove.contains(item)),
    }
    Ok(())
}

#[cfg(test)]
#[path = "strategic_tests.rs"]
mod tests;
