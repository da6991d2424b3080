//! Fixtures shared by the table unit tests: a fixed `now`, one-object tables and pod
//! builders.

use super::time::{NANOS, format_rfc3339};
use super::{IncludeObject, table};
use serde_json::{Value, json};

/// 2026-11-22T00:20:09Z
pub(super) const NOW: i64 = 1_795_306_809;

pub(super) fn ts(secs_ago: i64) -> String {
    format_rfc3339(i128::from(NOW - secs_ago) * NANOS)
}

pub(super) fn list(kind: &str, obj: &Value) -> Value {
    table(
        kind,
        std::slice::from_ref(obj),
        NOW,
        IncludeObject::None,
        json!({}),
    )
}

pub(super) fn cells(kind: &str, obj: &Value) -> Vec<Value> {
    list(kind, obj)["rows"][0]["cells"]
        .as_array()
        .cloned()
        .unwrap()
}

pub(super) fn pod(spec: Value, status: Value) -> Value {
    let mut p = json!({
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": ts(300)},
    });
    p["spec"] = spec;
    p["status"] = status;
    p
}

pub(super) fn one_container() -> Value {
    json!({"containers": [{"name": "app", "image": "nginx"}]})
}

pub(super) fn pod_status(spec: Value, status: Value) -> String {
    cells("Pod", &pod(spec, status))[2]
        .as_str()
        .unwrap()
        .to_string()
}

pub(super) fn app(state: Value, ready: bool, restarts: i64) -> Value {
    let mut cs = json!({"name": "app", "ready": ready, "restartCount": restarts});
    cs["state"] = state;
    cs
}

pub(super) fn waiting(reason: &str) -> Value {
    json!({"waiting": {"reason": reason}})
}

pub(super) fn terminated(exit_code: i64, reason: &str) -> Value {
    json!({"terminated": {"exitCode": exit_code, "reason": reason}})
}

pub(super) fn running_pod_with(statuses: Value) -> String {
    let mut status = json!({"phase": "Running"});
    status["containerStatuses"] = statuses;
    pod_status(one_container(), status)
}

pub(super) fn names_and_priorities(t: &Value) -> Vec<(&str, i64)> {
    t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap(), d["priority"].as_i64().unwrap()))
        .collect()
}
