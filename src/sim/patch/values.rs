//! Value checks for strategic merge patch: the element kind of a list, adopting patch
//! values (dropping nulls and checking directives), and the Go-worded error messages
//! (`map[string]interface {}`, `%v` formatting, JSON type words).
//!
//! It must not merge anything.

use super::directives::check_directive_name;
use super::{GO_LIST, GO_MAP, JsonMap, PATCH_DIRECTIVE};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ElementKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl ElementKind {
    fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Bool,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }
}

/// The common element type of two lists, or `None` when both are empty.
pub(super) fn element_kind(live: &[Value], patch: &[Value]) -> Result<Option<ElementKind>, String> {
    let mut kind = None;
    for item in live.iter().chain(patch) {
        let current = ElementKind::of(item);
        match kind {
            None if current == ElementKind::Array => {
                return Err("lists of lists are not supported".to_owned());
            }
            None => kind = Some(current),
            Some(previous) if previous != current => {
                return Err(format!(
                    "list element types are not identical: [{} {}]",
                    go_format_items(live),
                    go_format_items(patch)
                ));
            }
            Some(_) => {}
        }
    }
    Ok(kind)
}

/// Makes a patch value that has nothing to merge into ready to store, as the API server does:
/// nulls are dropped (there is nothing to delete) and every map or list item carrying `$patch`
/// is dropped with it, so no directive can leak into the stored object.
pub(super) fn adopt(value: &Value) -> Result<Option<Value>, String> {
    match value {
        Value::Object(map) if map.contains_key(PATCH_DIRECTIVE) => Ok(None),
        Value::Object(map) => adopt_members(map).map(|map| Some(Value::Object(map))),
        Value::Array(items) => adopt_list(items).map(|items| Some(Value::Array(items))),
        scalar => Ok(Some(scalar.clone())),
    }
}

pub(super) fn adopt_members(map: &JsonMap) -> Result<JsonMap, String> {
    let mut adopted = JsonMap::new();
    for (key, value) in map {
        if key.starts_with('$') {
            check_directive_name(key)?;
            continue;
        }
        if value.is_null() {
            continue;
        }
        if let Some(value) = adopt(value)? {
            adopted.insert(key.clone(), value);
        }
    }
    Ok(adopted)
}

pub(super) fn adopt_list(items: &[Value]) -> Result<Vec<Value>, String> {
    let mut adopted = Vec::with_capacity(items.len());
    for item in items {
        if let Some(item) = adopt(item)? {
            adopted.push(item);
        }
    }
    Ok(adopted)
}

pub(super) fn err_no_merge_key(map: &JsonMap, key: &str) -> String {
    format!(
        "map: {} does not contain declared merge key: {key}",
        go_format_map(map)
    )
}

pub(super) fn err_bad_patch_type(directive: &Value, map: &JsonMap) -> String {
    format!(
        "unknown patch type: {} in map: {}",
        go_format(directive),
        go_format_map(map)
    )
}

pub(super) fn err_bad_arg_type(expected: &str, actual: &Value) -> String {
    let actual = match actual {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(number) if number.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::String(_) => "string",
        Value::Array(_) => GO_LIST,
        Value::Object(_) => GO_MAP,
    };
    format!("expected a {expected}, but received a {actual}")
}

/// Renders a value the way Go's `%v` prints decoded JSON, so messages match the API server's.
fn go_format(value: &Value) -> String {
    match value {
        Value::Null => "<nil>".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        Value::Array(items) => go_format_items(items),
        Value::Object(map) => go_format_map(map),
    }
}

pub(super) fn go_format_items(items: &[Value]) -> String {
    let rendered: Vec<String> = items.iter().map(go_format).collect();
    format!("[{}]", rendered.join(" "))
}

fn go_format_map(map: &JsonMap) -> String {
    let mut rendered: Vec<String> = map
        .iter()
        .map(|(key, value)| format!("{key}:{}", go_format(value)))
        .collect();
    rendered.sort();
    format!("map[{}]", rendered.join(" "))
}

/// The word Go's JSON decoder uses for a value's type in "cannot unmarshal" errors.
pub(super) fn json_type_word(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
