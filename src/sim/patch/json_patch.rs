//! JSON patch (`application/json-patch+json`, RFC 6902): decoding the operations, JSON
//! pointers, and the add/remove/replace/move/copy/test operations with the API server's
//! library's quirks and error texts.
//!
//! It must not know about Kubernetes kinds: JSON patch has no schema.

use super::JsonMap;
use super::values::json_type_word;
use serde_json::Value;

/// RFC 6902 JSON patch (application/json-patch+json): add, remove, replace, move, copy, test;
/// JSON pointer with ~0/~1 escapes and "-" for array append.
///
/// The patch is applied all-or-nothing: on error `target` is left untouched. Like the API
/// server's library, negative array indices count from the end, and `replace` of a missing
/// object member adds it.
///
/// # Errors
///
/// Returns the API server's message (it answers 422 with it) when an operation does not apply,
/// an index is out of range, a `test` fails, or the patch is not a list of operations.
pub fn apply_json_patch(target: &mut Value, patch: &Value) -> Result<(), String> {
    let operations = decode_operations(patch)?;
    let mut document = target.clone();
    for operation in operations {
        apply_operation(&mut document, operation)?;
    }
    *target = document;
    Ok(())
}

/// One decoded operation; `None` stands for a JSON `null` entry, which upstream decodes to an
/// operation without any field.
#[derive(Clone, Copy)]
struct Operation<'p>(Option<&'p JsonMap>);

impl<'p> Operation<'p> {
    fn field(self, name: &str) -> Option<&'p Value> {
        self.0
            .and_then(|map| map.get(name))
            .filter(|value| !value.is_null())
    }

    fn kind(self) -> &'p str {
        self.field("op")
            .and_then(Value::as_str)
            .unwrap_or("unknown")
    }

    fn path(self) -> Result<&'p str, String> {
        self.string_field("path", "operation missing path field: missing value")
    }

    fn from(self) -> Result<&'p str, String> {
        self.string_field("from", "operation, missing from field: missing value")
    }

    fn string_field(self, name: &str, missing: &str) -> Result<&'p str, String> {
        match self.field(name) {
            None => Err(missing.to_owned()),
            Some(Value::String(text)) => Ok(text),
            Some(other) => Err(format!(
                "json: cannot unmarshal {} into Go value of type string",
                json_type_word(other)
            )),
        }
    }

    fn value(self) -> Value {
        self.field("value").cloned().unwrap_or(Value::Null)
    }
}

fn decode_operations(patch: &Value) -> Result<Vec<Operation<'_>>, String> {
    let items = match patch {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                json_type_word(other)
            ));
        }
    };
    items
        .iter()
        .map(|item| match item {
            Value::Null => Ok(Operation(None)),
            Value::Object(map) => Ok(Operation(Some(map))),
            other => Err(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Operation",
                json_type_word(other)
            )),
        })
        .collect()
}

fn apply_operation(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    match operation.kind() {
        "add" => json_add(document, operation),
        "remove" => json_remove(document, operation),
        "replace" => json_replace(document, operation),
        "move" => json_move(document, operation),
        "copy" => json_copy(document, operation),
        "test" => json_test(document, operation),
        other => Err(format!("Unexpected kind: {other}")),
    }
}

fn json_add(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|_| "add operation failed to decode path: missing value".to_owned())?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    container_add(parent, &key, operation.value())
        .map_err(|error| format!("error in add for path: '{path}': {error}"))
}

fn json_remove(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|_| "remove operation failed to decode path: missing value".to_owned())?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    container_remove(parent, &key)
        .map(drop)
        .map_err(|error| format!("error in remove for path: '{path}': {error}"))
}

fn json_replace(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|error| format!("replace operation failed to decode path: {error}"))?;
    let value = operation.value();
    if path.is_empty() {
        if !(value.is_object() || value.is_array()) {
            return Err("replace operation value must be object or array".to_owned());
        }
        *document = value;
        return Ok(());
    }
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("replace operation does not apply: doc is missing path: {path}: missing value")
    })?;
    // Upstream only verifies existence for arrays; a missing object member is simply set.
    container_get(parent, &key).map_err(|_| {
        format!("replace operation does not apply: doc is missing key: {path}: missing value")
    })?;
    // The upstream message really says "remove" here.
    container_set(parent, &key, value)
        .map_err(|error| format!("error in remove for path: '{path}': {error}"))
}

fn json_move(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let from = operation
        .from()
        .map_err(|error| format!("move operation failed to decode from: {error}"))?;
    let (parent, key) = locate(document, from).ok_or_else(|| {
        format!("move operation does not apply: doc is missing from path: {from}: missing value")
    })?;
    let value = container_remove(parent, &key)
        .map_err(|error| format!("error in move for path: '{key}': {error}"))?;
    let path = operation
        .path()
        .map_err(|error| format!("move operation failed to decode path: {error}"))?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!(
            "move operation does not apply: doc is missing destination path: {path}: missing value"
        )
    })?;
    container_add(parent, &key, value)
        .map_err(|error| format!("error in move for path: '{path}': {error}"))
}

fn json_copy(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let from = operation
        .from()
        .map_err(|error| format!("copy operation failed to decode from: {error}"))?;
    let (parent, key) = locate(document, from).ok_or_else(|| {
        format!("copy operation does not apply: doc is missing from path: {from}: missing value")
    })?;
    // Upstream copies a missing object member as null rather than failing.
    let value = container_get(parent, &key)
        .map_err(|error| format!("error in copy for from: '{from}': {error}"))?
        .cloned()
        .unwrap_or(Value::Null);
    let path = operation
        .path()
        .map_err(|_| "copy operation failed to decode path: missing value".to_owned())?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!(
            "copy operation does not apply: doc is missing destination path: {path}: missing value"
        )
    })?;
    container_add(parent, &key, value)
        .map_err(|error| format!("error while adding value during copy: {error}"))
}

fn json_test(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|error| format!("test operation failed to decode path: {error}"))?;
    let expected = operation.value();
    let failed = || format!("testing value {path} failed: test failed");
    if path.is_empty() {
        return if *document == expected {
            Ok(())
        } else {
            Err(failed())
        };
    }
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("test operation does not apply: is missing path: {path}: missing value")
    })?;
    let actual = container_get(parent, &key)
        .map_err(|error| format!("error in test for path: '{path}': {error}"))?
        .unwrap_or(&Value::Null);
    if *actual == expected {
        Ok(())
    } else {
        Err(failed())
    }
}

/// Resolves all but the last token of a JSON pointer; returns the container they lead to and the
/// unescaped last token, or `None` when the path does not lead into an object or array.
fn locate<'d>(document: &'d mut Value, path: &str) -> Option<(&'d mut Value, String)> {
    let mut tokens: Vec<String> = path.strip_prefix('/')?.split('/').map(unescape).collect();
    let last = tokens.pop()?;
    let mut current = document;
    for token in &tokens {
        current = match current {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => {
                let index = existing_index(token, items.len()).ok()?;
                items.get_mut(index)?
            }
            _ => return None,
        };
    }
    (current.is_object() || current.is_array()).then_some((current, last))
}

/// RFC 6901 unescaping; "~01" must become "~1", so "~1" is decoded before "~0".
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn container_get<'v>(container: &'v Value, key: &str) -> Result<Option<&'v Value>, String> {
    match container {
        Value::Object(map) => Ok(map.get(key)),
        Value::Array(items) => Ok(items.get(existing_index(key, items.len())?)),
        _ => Err("unknown object type".to_owned()),
    }
}

fn container_set(container: &mut Value, key: &str, value: Value) -> Result<(), String> {
    match container {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
            Ok(())
        }
        Value::Array(items) => {
            let index = existing_index(key, items.len())?;
            if let Some(slot) = items.get_mut(index) {
                *slot = value;
            }
            Ok(())
        }
        _ => Err("unknown object type".to_owned()),
    }
}

fn container_add(container: &mut Value, key: &str, value: Value) -> Result<(), String> {
    match container {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
            Ok(())
        }
        Value::Array(items) => {
            let index = insertion_index(key, items.len())?;
            items.insert(index, value);
            Ok(())
        }
        _ => Err("unknown object type".to_owned()),
    }
}

fn container_remove(container: &mut Value, key: &str) -> Result<Value, String> {
    match container {
        Value::Object(map) => map
            .remove(key)
            .ok_or_else(|| format!("Unable to remove nonexistent key: {key}: missing value")),
        Value::Array(items) => {
            let index = existing_index(key, items.len())?;
            Ok(items.remove(index))
        }
        _ => Err("unknown object type".to_owned()),
    }
}

/// Index of an existing array element; negative indices count from the end, as upstream allows.
fn existing_index(token: &str, len: usize) -> Result<usize, String> {
    let raw = parse_index(token)?;
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let index = if raw < 0 { raw + len } else { raw };
    if index < 0 || index >= len {
        return Err(invalid_index(raw));
    }
    usize::try_from(index).map_err(|_| invalid_index(raw))
}

/// Position for `add`: "-" appends, the length itself appends, negatives count from the end of
/// the grown array.
fn insertion_index(token: &str, len: usize) -> Result<usize, String> {
    if token == "-" {
        return Ok(len);
    }
    let raw = parse_index(token)
        .map_err(|error| format!("value was not a proper array index: '{token}': {error}"))?;
    let grown = i64::try_from(len).unwrap_or(i64::MAX).saturating_add(1);
    let index = if raw < 0 { raw + grown } else { raw };
    if index < 0 || index >= grown {
        return Err(invalid_index(raw));
    }
    usize::try_from(index).map_err(|_| invalid_index(raw))
}

/// Parses like Go's `strconv.Atoi`, with its error texts.
fn parse_index(token: &str) -> Result<i64, String> {
    token.parse::<i64>().map_err(|error| {
        let reason = match error.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "value out of range"
            }
            _ => "invalid syntax",
        };
        format!("strconv.Atoi: parsing {token:?}: {reason}")
    })
}

fn invalid_index(index: i64) -> String {
    format!("Unable to access invalid index: {index}: invalid index referenced")
}

#[cfg(test)]
#[path = "json_patch_tests.rs"]
mod tests;
