//! Unit tests for `strategic`.

use crate::sim::patch::test_support::{deployment, names, smp, smp_err, two_containers};
use serde_json::json;

#[test]
fn set_image_changes_one_container_and_keeps_the_others() {
    let patch = json!({"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}],
        "containers": [{"name": "app", "image": "nginx:1.26"}]
    }}}});
    let result = smp("Deployment", deployment(&two_containers()), &patch);
    let containers = &result["spec"]["template"]["spec"]["containers"];
    assert_eq!(names(containers), ["app", "sidecar"]);
    assert_eq!(containers[0]["image"], "nginx:1.26");
    assert_eq!(containers[0]["ports"], json!([{"containerPort": 80}]));
    assert_eq!(containers[1], two_containers()[1]);
}

#[test]
fn env_var_deleted_with_patch_delete() {
    let patch = json!({"spec": {"template": {"spec": {"containers": [
        {"name": "app", "env": [{"name": "A", "$patch": "delete"}]}
    ]}}}});
    let result = smp("Deployment", deployment(&two_containers()), &patch);
    let app = &result["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(app["env"], json!([{"name": "B", "value": "2"}]));
    assert_eq!(app["image"], "nginx:1.25");
}

#[test]
fn set_element_order_reorders_and_disappears() {
    let patch = json!({"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}]
    }}}});
    let result = smp("Deployment", deployment(&two_containers()), &patch);
    assert_eq!(
        names(&result["spec"]["template"]["spec"]["containers"]),
        ["sidecar", "app"]
    );
}

#[test]
fn set_element_order_places_new_items_where_listed() {
    let patch = json!({"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}, {"name": "log"}],
        "containers": [{"name": "log", "image": "fluentbit:3"}]
    }}}});
    let result = smp("Deployment", deployment(&two_containers()), &patch);
    let containers = &result["spec"]["template"]["spec"]["containers"];
    assert_eq!(names(containers), ["app", "sidecar", "log"]);
}

#[test]
fn server_only_items_keep_their_live_position_relative_to_ordered_ones() {
    let live = json!([{"name": "a"}, {"name": "x"}, {"name": "b"}]);
    let patch = json!({"spec": {"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}]}});
    let result = smp("Pod", json!({"spec": {"containers": live}}), &patch);
    // Same interleaving as the real API server: "x" preceded "b" in the live list.
    assert_eq!(names(&result["spec"]["containers"]), ["x", "b", "a"]);
}

#[test]
fn item_added_without_order_goes_first_like_the_api_server() {
    let patch = json!({"spec": {"containers": [{"name": "debug", "image": "busybox"}]}});
    let result = smp(
        "Pod",
        json!({"spec": {"containers": two_containers()}}),
        &patch,
    );
    assert_eq!(
        names(&result["spec"]["containers"]),
        ["debug", "app", "sidecar"]
    );
}

#[test]
fn set_element_order_contradicting_the_patch_is_rejected() {
    let patch = json!({"spec": {
        "$setElementOrder/containers": [{"name": "app"}],
        "containers": [{"name": "sidecar", "image": "x"}]
    }});
    let error = smp_err(
        "Pod",
        &json!({"spec": {"containers": two_containers()}}),
        &patch,
    );
    assert!(error.starts_with("The order in patch list:"), "{error}");
}

#[test]
fn rollout_restart_adds_annotation_without_touching_others() {
    let patch = json!({"spec": {"template": {"metadata": {"annotations": {
        "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z"
    }}}}});
    let result = smp("Deployment", deployment(&two_containers()), &patch);
    let template = &result["spec"]["template"];
    assert_eq!(
        template["metadata"]["annotations"],
        json!({"team": "a", "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z"})
    );
    assert_eq!(template["spec"]["containers"], two_containers());
    assert_eq!(result["spec"]["replicas"], 2);
}

#[test]
fn service_ports_merge_by_port() {
    let service = json!({"spec": {"type": "ClusterIP", "ports": [
        {"name": "http", "port": 80, "targetPort": 8080},
        {"name": "https", "port": 443, "targetPort": 8443}
    ]}});
    let patch = json!({"spec": {"ports": [{"port": 443, "targetPort": 9443}]}});
    let result = smp("Service", service, &patch);
    assert_eq!(
        result["spec"]["ports"],
        json!([
            {"name": "http", "port": 80, "targetPort": 8080},
            {"name": "https", "port": 443, "targetPort": 9443}
        ])
    );
}

#[test]
fn container_ports_merge_by_container_port() {
    let patch = json!({"spec": {"containers": [
        {"name": "app",
         "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 9090}]}
    ]}});
    let result = smp(
        "Pod",
        json!({"spec": {"containers": two_containers()}}),
        &patch,
    );
    assert_eq!(
        result["spec"]["containers"][0]["ports"],
        json!([{"containerPort": 80, "name": "http"}, {"containerPort": 9090}])
    );
}

#[test]
fn finalizers_are_a_set_union() {
    let target = json!({"metadata": {"name": "ns", "finalizers": ["a", "b"]}});
    let patch = json!({"metadata": {"finalizers": ["b", "c"]}});
    let result = smp("Namespace", target, &patch);
    assert_eq!(result["metadata"]["finalizers"], json!(["a", "b", "c"]));
}

#[test]
fn delete_from_primitive_list_removes_values() {
    let target = json!({"metadata": {"finalizers": ["a", "b", "c"]}});
    let patch = json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"]}});
    let result = smp("ConfigMap", target, &patch);
    assert_eq!(result["metadata"]["finalizers"], json!(["a", "c"]));
}

#[test]
fn retain_keys_drops_unlisted_fields() {
    let patch = json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}});
    let result = smp("Deployment", deployment(&two_containers()), &patch);
    assert_eq!(result["spec"]["strategy"], json!({"type": "Recreate"}));
}

#[test]
fn retain_keys_inside_list_item_switches_volume_source() {
    let pod = json!({"spec": {"volumes": [
        {"name": "cfg", "configMap": {"name": "settings"}},
        {"name": "tmp", "emptyDir": {}}
    ]}});
    let patch = json!({"spec": {
        "$setElementOrder/volumes": [{"name": "cfg"}, {"name": "tmp"}],
        "volumes": [{"$retainKeys": ["name", "secret"], "name": "cfg",
                     "secret": {"secretName": "creds"}}]
    }});
    let result = smp("Pod", pod, &patch);
    assert_eq!(
        result["spec"]["volumes"],
        json!([
            {"name": "cfg", "secret": {"secretName": "creds"}},
            {"name": "tmp", "emptyDir": {}}
        ])
    );
}

#[test]
fn retain_keys_missing_a_patched_key_is_rejected() {
    let patch = json!({"spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": {}}}});
    let error = smp_err("Deployment", &deployment(&two_containers()), &patch);
    assert_eq!(error, "invalid patch format of retainKeys");
}

#[test]
fn unknown_directive_is_rejected() {
    let target = deployment(&two_containers());
    let error = smp_err("Deployment", &target, &json!({"spec": {"$replicas": 3}}));
    assert!(error.contains("$replicas"), "{error}");
    let error = smp_err("Deployment", &target, &json!({"spec": {"$patch": "bogus"}}));
    assert!(
        error.starts_with("unknown patch type: bogus in map:"),
        "{error}"
    );
    let new_item = json!({"spec": {"template": {"spec": {"containers": [
        {"name": "new", "image": "x", "$foo": 1}
    ]}}}});
    assert!(smp_err("Deployment", &target, &new_item).contains("$foo"));
}

#[test]
fn patch_replace_item_replaces_whole_list() {
    let patch = json!({"spec": {"containers": [
        {"$patch": "replace"},
        {"name": "only", "image": "busybox"}
    ]}});
    let result = smp(
        "Pod",
        json!({"spec": {"containers": two_containers()}}),
        &patch,
    );
    assert_eq!(
        result["spec"]["containers"],
        json!([{"name": "only", "image": "busybox"}])
    );
}

#[test]
fn patch_replace_on_map_replaces_it() {
    let pod = json!({"spec": {"nodeSelector": {"disk": "ssd", "zone": "a"}}});
    let patch = json!({"spec": {"nodeSelector": {"$patch": "replace", "zone": "b"}}});
    let result = smp("Pod", pod, &patch);
    assert_eq!(result["spec"]["nodeSelector"], json!({"zone": "b"}));
}

#[test]
fn patch_delete_on_map_empties_it_like_the_api_server() {
    let pod = json!({"spec": {"securityContext": {"runAsUser": 1000}, "hostNetwork": true}});
    let patch = json!({"spec": {"securityContext": {"$patch": "delete"}}});
    let result = smp("Pod", pod, &patch);
    assert_eq!(
        result["spec"],
        json!({"securityContext": {}, "hostNetwork": true})
    );
}

#[test]
fn null_removes_labels_and_atomic_lists_are_replaced() {
    let patch = json!({
        "metadata": {"labels": {"app": null, "tier": "web"}},
        "spec": {"containers": [{"name": "sidecar", "args": ["--c"]}],
                 "tolerations": [{"key": "k", "operator": "Exists"}]}
    });
    let pod = json!({"metadata": {"labels": {"app": "web"}},
                     "spec": {"containers": two_containers(), "tolerations": [{"key": "x"}]}});
    let result = smp("Pod", pod, &patch);
    assert_eq!(result["metadata"]["labels"], json!({"tier": "web"}));
    assert_eq!(result["spec"]["containers"][1]["args"], json!(["--c"]));
    assert_eq!(
        result["spec"]["tolerations"],
        json!([{"key": "k", "operator": "Exists"}])
    );
}

#[test]
fn missing_fields_are_created_and_directive_items_dropped() {
    let patch = json!({
        "metadata": {"annotations": {"a": "1", "gone": null}},
        "spec": {"imagePullSecrets": [{"name": "reg"}, {"name": "x", "$patch": "delete"}]}
    });
    let result = smp(
        "Pod",
        json!({"metadata": {"name": "p"}, "spec": {}}),
        &patch,
    );
    assert_eq!(
        result["metadata"],
        json!({"name": "p", "annotations": {"a": "1"}})
    );
    assert_eq!(result["spec"]["imagePullSecrets"], json!([{"name": "reg"}]));
}

#[test]
fn debug_adds_ephemeral_container_to_pod() {
    let pod = json!({"spec": {"containers": two_containers()}});
    let patch = json!({"spec": {"ephemeralContainers": [
        {"name": "debugger-x7k2", "image": "busybox", "targetContainerName": "app",
         "stdin": true, "tty": true, "resources": {}}
    ]}});
    let result = smp("Pod", pod, &patch);
    assert_eq!(result["spec"]["containers"], two_containers());
    assert_eq!(
        names(&result["spec"]["ephemeralContainers"]),
        ["debugger-x7k2"]
    );
}

#[test]
fn status_conditions_and_node_addresses_merge_by_type() {
    let node = json!({"status": {
        "conditions": [
            {"type": "Ready", "status": "False"},
            {"type": "DiskPressure", "status": "False"}
        ],
        "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}]
    }});
    let patch = json!({"status": {
        "conditions": [{"type": "Ready", "status": "True"}],
        "addresses": [{"type": "Hostname", "address": "node-1"}]
    }});
    let result = smp("Node", node, &patch);
    assert_eq!(
        result["status"]["conditions"],
        json!([
            {"type": "Ready", "status": "True"},
            {"type": "DiskPressure", "status": "False"}
        ])
    );
    assert_eq!(result["status"]["addresses"].as_array().unwrap().len(), 2);
}

#[test]
fn owner_references_merge_by_uid() {
    let rs = json!({"metadata": {"ownerReferences": [
        {"uid": "1", "kind": "Deployment", "name": "a"}
    ]}});
    let patch = json!({"metadata": {"ownerReferences": [{"uid": "1", "controller": true}]}});
    let result = smp("ReplicaSet", rs, &patch);
    assert_eq!(
        result["metadata"]["ownerReferences"],
        json!([{"uid": "1", "kind": "Deployment", "name": "a", "controller": true}])
    );
}

#[test]
fn keyed_list_item_without_merge_key_is_rejected() {
    let patch = json!({"spec": {"containers": [{"image": "nginx"}]}});
    let error = smp_err(
        "Pod",
        &json!({"spec": {"containers": two_containers()}}),
        &patch,
    );
    assert_eq!(
        error,
        "map: map[image:nginx] does not contain declared merge key: name"
    );
}

#[test]
fn non_object_strategic_patch_is_rejected() {
    let error = smp_err("Pod", &json!({}), &json!([1]));
    assert_eq!(
        error,
        "json: cannot unmarshal array into Go value of type map[string]interface {}"
    );
}
