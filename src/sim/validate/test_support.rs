//! Fixtures shared by the validation unit tests: valid objects and a cause-to-message helper.

use super::validate;
use serde_json::{Value, json};

pub(super) fn messages(kind: &str, obj: &Value) -> Vec<String> {
    match validate(kind, obj) {
        Ok(()) => Vec::new(),
        Err(causes) => causes
            .iter()
            .map(|c| format!("{}: {}", c.field, c.message))
            .collect(),
    }
}

pub(super) fn deployment() -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                                         "ports": [{"containerPort": 80}]}]}
            }
        }
    })
}

pub(super) fn pod() -> Value {
    json!({
        "kind": "Pod",
        "metadata": {"name": "web-1", "namespace": "default"},
        "spec": {"containers": [{"name": "app", "image": "busybox"}]}
    })
}

pub(super) fn service() -> Value {
    json!({
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}
    })
}

pub(super) const SUBDOMAIN_REGEX: &str = "a lowercase RFC 1123 subdomain must consist of lower case \
    alphanumeric characters, '-' or '.', and must start and end with an alphanumeric \
    character (e.g. 'example.com', regex used for validation is \
    '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
