//! JSON merge patch (`application/merge-patch+json`, RFC 7386).
//!
//! It must not know about Kubernetes kinds: merge patch has no schema.

use super::JsonMap;
use serde_json::Value;

/// RFC 7386 JSON merge patch (application/merge-patch+json): null deletes, objects merge
/// recursively, everything else (including arrays) replaces.
///
/// Values that land in the target have their null members pruned, as the API server's merge
/// library does. A non-object patch replaces the target, per the RFC; note that the real API
/// server rejects a top-level `null` patch with 400 "Invalid JSON Patch" before applying it.
pub fn apply_merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = without_nulls(patch);
        return;
    };
    match target {
        Value::Object(target_map) => merge_objects(target_map, patch_map),
        _ => *target = without_nulls(patch),
    }
}

fn merge_objects(target: &mut JsonMap, patch: &JsonMap) {
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
            continue;
        }
        match target.get_mut(key) {
            Some(existing @ Value::Object(_)) if value.is_object() => {
                apply_merge_patch(existing, value);
            }
            _ => {
                target.insert(key.clone(), without_nulls(value));
            }
        }
    }
}

/// Drops null members of objects at any depth; null array elements stay, as upstream keeps them.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, member)| !member.is_null())
                .map(|(key, member)| (key.clone(), without_nulls(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        scalar => scalar.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::patch::test_support::{deployment, two_containers};
    use serde_json::json;

    #[test]
    fn merge_patch_scales_replicas() {
        let mut target = deployment(&two_containers());
        apply_merge_patch(&mut target, &json!({"spec": {"replicas": 5}}));
        assert_eq!(target["spec"]["replicas"], 5);
        assert_eq!(
            target["spec"]["template"]["spec"]["containers"],
            two_containers()
        );
    }

    #[test]
    fn merge_patch_null_deletes_nested_keys_and_arrays_replace() {
        let mut target = json!({"metadata": {"labels": {"a": "1", "b": "2"}},
                                "spec": {"containers": two_containers()}});
        let patch = json!({
            "metadata": {"labels": {"a": null}, "annotations": {"x": "y", "z": null}},
            "spec": {"containers": [{"name": "only", "stdin": null}]}
        });
        apply_merge_patch(&mut target, &patch);
        assert_eq!(
            target,
            json!({"metadata": {"labels": {"b": "2"}, "annotations": {"x": "y"}},
                   "spec": {"containers": [{"name": "only"}]}})
        );
    }

    #[test]
    fn merge_patch_non_object_replaces_target() {
        let mut target = json!({"a": 1});
        apply_merge_patch(&mut target, &json!(["x"]));
        assert_eq!(target, json!(["x"]));
    }
}
