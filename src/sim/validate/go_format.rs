//! Go's `%#v` formatting of the values quoted inside field-error messages (string maps and
//! slices, label selectors, int-or-string); name syntax lives in `names`.
//!
//! It must not decide whether a value is valid.

use super::access::{object, text};
use crate::sim::names::go_quote;
use serde_json::{Map, Value};

/// Go's `%#v` for a `map[string]string`; Go prints maps with sorted keys.
pub(super) fn go_string_map(map: Option<&Map<String, Value>>) -> String {
    let Some(map) = map else {
        return "map[string]string(nil)".to_owned();
    };
    let entries: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v.as_str().unwrap_or(""))))
        .collect();
    format!("map[string]string{{{}}}", entries.join(", "))
}

/// Go's `%#v` for a `[]string`.
pub(super) fn go_string_slice(values: Option<&[Value]>) -> String {
    let Some(values) = values else {
        return "[]string(nil)".to_owned();
    };
    let entries: Vec<String> = values
        .iter()
        .map(|v| go_quote(v.as_str().unwrap_or("")))
        .collect();
    format!("[]string{{{}}}", entries.join(", "))
}

/// Go's `%#v` for a `metav1.LabelSelector`.
pub(super) fn go_label_selector(selector: &Value) -> String {
    let exprs = match selector.get("matchExpressions").and_then(Value::as_array) {
        None => "[]v1.LabelSelectorRequirement(nil)".to_owned(),
        Some(list) => {
            let entries: Vec<String> = list
                .iter()
                .map(|x| {
                    let values = x.get("values").and_then(Value::as_array).map(Vec::as_slice);
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                        go_quote(text(x, "key")),
                        go_quote(text(x, "operator")),
                        go_string_slice(values)
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", entries.join(", "))
        }
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{exprs}}}",
        go_string_map(object(selector, "matchLabels"))
    )
}

/// Go's `%#v` for an `intstr.IntOrString`.
pub(super) fn go_int_or_string(v: &Value) -> String {
    match v {
        Value::String(s) => format!(
            "intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
            go_quote(s)
        ),
        other => format!(
            "intstr.IntOrString{{Type:0, IntVal:{}, StrVal:\"\"}}",
            other.as_i64().unwrap_or(0)
        ),
    }
}
