//! Realistic objects for tests of the YAML, describe and edit paths (and their snapshots).

use serde_json::{Value, json};

/// 2023-11-14T22:13:20Z, the `now` of the tests.
pub const NOW: i64 = 1_700_000_000;

fn at(seconds_ago: i64) -> String {
    jiff::Timestamp::from_second(NOW - seconds_ago)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// A crash-looping pod of a deployment: an init container, two containers (one restarted),
/// volumes, tolerations, managedFields.
pub fn crashing_pod() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "api-6b8f9d7c4-lk2jd",
            "namespace": "shop",
            "uid": "5f0c1f2e-3c1a-4a7e-9b1e-2f6a1c0d9e11",
            "resourceVersion": "48213",
            "creationTimestamp": at(7200),
            "labels": {"app": "api", "pod-template-hash": "6b8f9d7c4"},
            "annotations": {"kubectl.kubernetes.io/restartedAt": "2023-11-14T20:00:00Z"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "api-6b8f9d7c4", "uid": "r-1", "controller": true, "blockOwnerDeletion": true}],
            "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1", "time": at(7200), "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {}}}]
        },
        "spec": {
            "serviceAccountName": "default",
            "nodeName": "kind-worker",
            "priority": 0,
            "initContainers": [{"name": "migrate", "image": "ghcr.io/acme/api-migrate:1.4", "command": ["/migrate", "--to=latest"]}],
            "containers": [
                {
                    "name": "api",
                    "image": "ghcr.io/acme/api:1.4",
                    "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                    "args": ["--listen=:8080", "--log-level=debug"],
                    "env": [
                        {"name": "LOG_LEVEL", "value": "debug"},
                        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}
                    ],
                    "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
                    "volumeMounts": [
                        {"name": "config", "mountPath": "/etc/api", "readOnly": true},
                        {"name": "cache", "mountPath": "/var/cache/api"}
                    ]
                },
                {"name": "proxy", "image": "envoyproxy/envoy:v1.28", "ports": [{"containerPort": 9901}]}
            ],
            "volumes": [
                {"name": "config", "configMap": {"name": "api-config"}},
                {"name": "cache", "emptyDir": {}}
            ],
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            ]
        },
        "status": {
            "phase": "Running",
            "hostIP": "172.18.0.3",
            "podIP": "10.244.1.20",
            "podIPs": [{"ip": "10.244.1.20"}],
            "startTime": at(7200),
            "qosClass": "Burstable",
            "conditions": [
                {"type": "Initialized", "status": "True"},
                {"type": "Ready", "status": "False"},
                {"type": "PodScheduled", "status": "True"}
            ],
            "initContainerStatuses": [{
                "name": "migrate", "image": "ghcr.io/acme/api-migrate:1.4", "imageID": "ghcr.io/acme/api-migrate@sha256:aa", "containerID": "containerd://0a1",
                "ready": true, "restartCount": 0,
                "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": at(7190), "finishedAt": at(7180)}}
            }],
            "containerStatuses": [
                {
                    "name": "api", "image": "ghcr.io/acme/api:1.4", "imageID": "ghcr.io/acme/api@sha256:bb", "containerID": "containerd://1b2",
                    "ready": false, "restartCount": 7,
                    "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=api"}},
                    "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": at(130), "finishedAt": at(123)}}
                },
                {
                    "name": "proxy", "image": "envoyproxy/envoy:v1.28", "imageID": "docker.io/envoyproxy/envoy@sha256:cc", "containerID": "containerd://2c3",
                    "ready": true, "restartCount": 0,
                    "state": {"running": {"startedAt": at(7170)}}
                }
            ]
        }
    })
}

/// Events about `crashing_pod`, in no particular order.
pub fn crashing_pod_events() -> Vec<Value> {
    let event = |reason: &str,
                 kind: &str,
                 message: &str,
                 first: i64,
                 last: i64,
                 count: i64,
                 from: &str| {
        json!({
            "metadata": {"name": format!("api-6b8f9d7c4-lk2jd.{reason}"), "namespace": "shop"},
            "involvedObject": {"kind": "Pod", "name": "api-6b8f9d7c4-lk2jd", "namespace": "shop"},
            "reason": reason, "type": kind, "message": message, "count": count,
            "firstTimestamp": at(first), "lastTimestamp": at(last),
            "source": {"component": from}
        })
    };
    vec![
        event(
            "BackOff",
            "Warning",
            "Back-off restarting failed container api in pod api-6b8f9d7c4-lk2jd_shop",
            3000,
            40,
            31,
            "kubelet",
        ),
        event(
            "Scheduled",
            "Normal",
            "Successfully assigned shop/api-6b8f9d7c4-lk2jd to kind-worker",
            7200,
            7200,
            1,
            "default-scheduler",
        ),
        event(
            "Pulled",
            "Normal",
            "Container image \"ghcr.io/acme/api:1.4\" already present on machine",
            7160,
            130,
            8,
            "kubelet",
        ),
    ]
}
