//! Unit tests for `json_patch`.

use crate::sim::patch::test_support::{json_patch, json_patch_err, names};
use serde_json::json;

#[test]
fn json_patch_add_remove_replace() {
    let target =
        json!({"metadata": {"labels": {"app": "web", "old": "x"}}, "spec": {"replicas": 1}});
    let patch = json!([
        {"op": "add", "path": "/metadata/labels/tier", "value": "front"},
        {"op": "remove", "path": "/metadata/labels/old"},
        {"op": "replace", "path": "/spec/replicas", "value": 3}
    ]);
    assert_eq!(
        json_patch(target, &patch),
        json!({
            "metadata": {"labels": {"app": "web", "tier": "front"}},
            "spec": {"replicas": 3}
        })
    );
}

#[test]
fn json_patch_move_and_copy() {
    let target = json!({"a": {"x": 1}, "b": {}, "list": [1, 2]});
    let patch = json!([
        {"op": "move", "from": "/a/x", "path": "/b/y"},
        {"op": "copy", "from": "/list/1", "path": "/list/0"}
    ]);
    assert_eq!(
        json_patch(target, &patch),
        json!({"a": {}, "b": {"y": 1}, "list": [2, 1, 2]})
    );
}

#[test]
fn json_patch_test_passes_and_fails_with_server_message() {
    let target = json!({"spec": {"replicas": 2}});
    let ok = json!([{"op": "test", "path": "/spec/replicas", "value": 2},
                    {"op": "replace", "path": "/spec/replicas", "value": 4}]);
    assert_eq!(
        json_patch(target.clone(), &ok),
        json!({"spec": {"replicas": 4}})
    );
    let bad = json!([{"op": "replace", "path": "/spec/replicas", "value": 4},
                     {"op": "test", "path": "/spec/replicas", "value": 3}]);
    assert_eq!(
        json_patch_err(&target, &bad),
        "testing value /spec/replicas failed: test failed"
    );
}

#[test]
fn json_patch_dash_appends_container() {
    let target = json!({"spec": {"containers": [{"name": "a"}]}});
    let patch = json!([{"op": "add", "path": "/spec/containers/-", "value": {"name": "b"}}]);
    assert_eq!(
        names(&json_patch(target, &patch)["spec"]["containers"]),
        ["a", "b"]
    );
}

#[test]
fn json_patch_unescapes_pointer_tokens() {
    let target = json!({"metadata": {"annotations": {"a~b": "1"}}});
    let patch = json!([
        {"op": "add", "value": "now",
         "path": "/metadata/annotations/kubectl.kubernetes.io~1restartedAt"},
        {"op": "remove", "path": "/metadata/annotations/a~0b"}
    ]);
    assert_eq!(
        json_patch(target, &patch),
        json!({"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "now"}}})
    );
}

#[test]
fn json_patch_index_out_of_range_is_rejected() {
    let target = json!({"spec": {"containers": [{"name": "a"}]}});
    let add = json!([{"op": "add", "path": "/spec/containers/5", "value": {}}]);
    assert_eq!(
        json_patch_err(&target, &add),
        "error in add for path: '/spec/containers/5': \
         Unable to access invalid index: 5: invalid index referenced"
    );
    let remove = json!([{"op": "remove", "path": "/spec/containers/1"}]);
    assert!(json_patch_err(&target, &remove).contains("Unable to access invalid index: 1"));
    let replace = json!([{"op": "replace", "path": "/spec/containers/1/image", "value": "x"}]);
    assert_eq!(
        json_patch_err(&target, &replace),
        "replace operation does not apply: doc is missing path: \
         /spec/containers/1/image: missing value"
    );
}

#[test]
fn json_patch_negative_index_counts_from_end() {
    let target = json!({"list": [1, 2, 3]});
    let patch = json!([{"op": "remove", "path": "/list/-1"}]);
    assert_eq!(json_patch(target, &patch), json!({"list": [1, 2]}));
}

#[test]
fn json_patch_missing_paths_use_server_messages() {
    let target = json!({"metadata": {"labels": {}}});
    let remove = json!([{"op": "remove", "path": "/metadata/labels/app"}]);
    assert_eq!(
        json_patch_err(&target, &remove),
        "error in remove for path: '/metadata/labels/app': \
         Unable to remove nonexistent key: app: missing value"
    );
    let nested = json!([{"op": "add", "path": "/spec/replicas", "value": 1}]);
    assert_eq!(
        json_patch_err(&target, &nested),
        "add operation does not apply: doc is missing path: \"/spec/replicas\": missing value"
    );
    let unknown = json!([{"op": "frobnicate", "path": "/a"}]);
    assert_eq!(
        json_patch_err(&target, &unknown),
        "Unexpected kind: frobnicate"
    );
}

#[test]
fn json_patch_failure_midway_leaves_target_untouched() {
    let target = json!({"a": 1});
    let patch = json!([{"op": "add", "path": "/b", "value": 2}, {"op": "remove", "path": "/c"}]);
    json_patch_err(&target, &patch);
}
