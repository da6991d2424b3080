//! Objects as the user reads and edits them: the YAML view (managedFields hidden, Secret data
//! masked or decoded), the text an editor opens and the checks on what comes back, `kubectl
//! describe`-like text, line diffs for the confirmation screen, three-way merges for edits that
//! raced with someone else's change, and the highlighting classes of each line.
//!
//! Objects are plain `serde_json::Value`s as the API returns them, so every kind (Secrets too)
//! takes the same path. Pure: must not do I/O, read the clock (callers pass `now_unix`), talk
//! to the API or know about panes and drawing.

pub mod describe;
mod describe_kinds;
mod describe_pod;
pub mod diff;
pub mod edit;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod highlight;
pub mod merge;
pub mod yaml;

use serde_json::Value;

/// `obj[a][b]...`, or `Value::Null` when any step is missing.
pub(crate) fn at<'a>(obj: &'a Value, path: &[&str]) -> &'a Value {
    static NULL: Value = Value::Null;
    path.iter()
        .try_fold(obj, |v, key| v.get(*key))
        .unwrap_or(&NULL)
}

/// The string at `path`, or `""`.
pub(crate) fn text<'a>(obj: &'a Value, path: &[&str]) -> &'a str {
    at(obj, path).as_str().unwrap_or_default()
}

/// The array at `path`, or an empty slice.
pub(crate) fn list<'a>(obj: &'a Value, path: &[&str]) -> &'a [Value] {
    at(obj, path).as_array().map_or(&[], Vec::as_slice)
}
