//! Fixtures shared by the patch unit tests: patch-and-check helpers and a Deployment with
//! containers.

use super::json_patch::apply_json_patch;
use super::strategic::apply_strategic_merge_patch;
use serde_json::{Value, json};

pub(super) fn smp(kind: &str, mut target: Value, patch: &Value) -> Value {
    apply_strategic_merge_patch(&mut target, patch, kind).unwrap();
    assert_no_directives(&target);
    target
}

pub(super) fn smp_err(kind: &str, target: &Value, patch: &Value) -> String {
    let mut patched = target.clone();
    let error = apply_strategic_merge_patch(&mut patched, patch, kind).unwrap_err();
    assert_eq!(
        &patched, target,
        "a failed patch must leave the object untouched"
    );
    error
}

pub(super) fn json_patch(mut target: Value, patch: &Value) -> Value {
    apply_json_patch(&mut target, patch).unwrap();
    target
}

pub(super) fn json_patch_err(target: &Value, patch: &Value) -> String {
    let mut patched = target.clone();
    let error = apply_json_patch(&mut patched, patch).unwrap_err();
    assert_eq!(
        &patched, target,
        "a failed patch must leave the object untouched"
    );
    error
}

pub(super) fn assert_no_directives(value: &Value) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                assert!(!key.starts_with('$'), "directive {key} leaked into {value}");
                assert_no_directives(member);
            }
        }
        Value::Array(items) => items.iter().for_each(assert_no_directives),
        _ => {}
    }
}

pub(super) fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect()
}

pub(super) fn deployment(containers: &Value) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {
            "replicas": 2,
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}},
            "template": {
                "metadata": {"labels": {"app": "web"}, "annotations": {"team": "a"}},
                "spec": {"containers": containers}
            }
        }
    })
}

pub(super) fn two_containers() -> Value {
    json!([
        {"name": "app", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
         "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
        {"name": "sidecar", "image": "envoy:1", "args": ["--a", "--b"]}
    ])
}
