//! Cell formatting helpers shared by the printers: label and selector strings, names and
//! ages, and tolerant JSON accessors that read a missing field as empty.
//!
//! It must not know about any particular kind's columns.

use super::time::{NANOS, human_duration, parse_rfc3339_nanos};
use serde_json::{Map, Value};

/// `labels.FormatLabels`: sorted `k=v` pairs, or `<none>`.
pub(super) fn format_labels(map: &Value) -> String {
    let Some(m) = map.as_object().filter(|m| !m.is_empty()) else {
        return "<none>".into();
    };
    let mut pairs: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect();
    pairs.sort();
    pairs.join(",")
}

/// `metav1.FormatLabelSelector`: the selector string, `<none>` when it selects everything.
pub(super) fn format_label_selector(selector: &Value) -> String {
    match selector_string(selector) {
        None => "<error>".into(),
        Some(s) if s.is_empty() => "<none>".into(),
        Some(s) => s,
    }
}

/// `LabelSelectorAsSelector(...).String()`: requirements sorted by key; `None` when an
/// operator is unknown (the Go conversion fails then).
pub(super) fn selector_string(selector: &Value) -> Option<String> {
    let mut reqs: Vec<(String, String)> = Vec::new();
    if let Some(labels) = selector["matchLabels"].as_object() {
        for (k, v) in labels {
            reqs.push((k.clone(), format!("{k}={}", v.as_str().unwrap_or_default())));
        }
    }
    for expr in arr(&selector["matchExpressions"]) {
        let key = str_at(expr, "key");
        let mut values: Vec<&str> = arr(&expr["values"])
            .iter()
            .filter_map(Value::as_str)
            .collect();
        values.sort_unstable();
        let text = match str_at(expr, "operator") {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.to_string(),
            "DoesNotExist" => format!("!{key}"),
            _ => return None,
        };
        reqs.push((key.to_string(), text));
    }
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    Some(
        reqs.into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(","),
    )
}

pub(super) fn name(obj: &Value) -> &str {
    str_at(&obj["metadata"], "name")
}

pub(super) fn age(obj: &Value, now: i64) -> String {
    since_opt(
        parse_rfc3339_nanos(str_at(&obj["metadata"], "creationTimestamp")),
        now,
    )
}

pub(super) fn since_opt(t: Option<i128>, now: i64) -> String {
    t.map_or_else(|| "<unknown>".into(), |t| since(t, now))
}

pub(super) fn since(t_nanos: i128, now: i64) -> String {
    human_duration(nanos_to_secs(i128::from(now) * NANOS - t_nanos))
}

/// Truncates toward zero, as Go's `int(d.Seconds())` does.
pub(super) fn nanos_to_secs(d: i128) -> i64 {
    i64::try_from(d / NANOS).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
}

pub(super) fn or_none(s: &str) -> &str {
    if s.is_empty() { "<none>" } else { s }
}

pub(super) fn arr(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

pub(super) fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

pub(super) fn int_at(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or_default()
}

pub(super) fn obj_len(v: &Value) -> usize {
    v.as_object().map_or(0, Map::len)
}
