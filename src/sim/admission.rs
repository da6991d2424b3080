//! What the API server does to an object between decoding and storage: defaulting (the fields
//! kubectl shows even when nobody set them), cluster IP and node port allocation, and the
//! managedFields bookkeeping entry. Pure functions over JSON plus a small allocator.

use std::sync::Mutex;

use serde_json::{Map, Value, json};

use super::clock;
use super::kinds::Kind;

/// Hands out service cluster IPs (10.96.0.0/12) and node ports (30000-32767).
#[derive(Debug)]
pub struct Allocator {
    inner: Mutex<(u32, u16)>,
}

impl Default for Allocator {
    fn default() -> Self {
        Allocator {
            inner: Mutex::new((10, 30000)),
        }
    }
}

impl Allocator {
    pub fn cluster_ip(&self) -> String {
        let mut g = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        g.0 += 1;
        let n = g.0;
        format!("10.96.{}.{}", (n >> 8) & 0xff, n & 0xff)
    }

    pub fn node_port(&self) -> u16 {
        let mut g = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        g.1 = if g.1 >= 32767 { 30000 } else { g.1 + 1 };
        g.1
    }
}

fn set_default(map: &mut Map<String, Value>, key: &str, value: Value) {
    if map.get(key).is_none_or(Value::is_null) {
        map.insert(key.to_string(), value);
    }
}

fn default_pod_spec(spec: &mut Value) {
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    set_default(spec, "restartPolicy", json!("Always"));
    set_default(spec, "dnsPolicy", json!("ClusterFirst"));
    set_default(spec, "schedulerName", json!("default-scheduler"));
    set_default(spec, "terminationGracePeriodSeconds", json!(30));
    set_default(spec, "securityContext", json!({}));
    set_default(spec, "serviceAccountName", json!("default"));
    set_default(spec, "serviceAccount", json!("default"));
    set_default(spec, "enableServiceLinks", json!(true));
    set_default(spec, "preemptionPolicy", json!("PreemptLowerPriority"));
    set_default(spec, "priority", json!(0));
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        let Some(containers) = spec.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        for c in containers.iter_mut().filter_map(Value::as_object_mut) {
            let latest = c
                .get("image")
                .and_then(Value::as_str)
                .is_some_and(|i| !i.contains(':') || i.ends_with(":latest"));
            set_default(
                c,
                "imagePullPolicy",
                json!(if latest { "Always" } else { "IfNotPresent" }),
            );
            set_default(c, "terminationMessagePath", json!("/dev/termination-log"));
            set_default(c, "terminationMessagePolicy", json!("File"));
            if list != "ephemeralContainers" {
                set_default(c, "resources", json!({}));
            }
            if let Some(ports) = c.get_mut("ports").and_then(Value::as_array_mut) {
                for p in ports.iter_mut().filter_map(Value::as_object_mut) {
                    set_default(p, "protocol", json!("TCP"));
                }
            }
        }
    }
}

/// Fills in the defaults the API server sets for `kind`. `alloc` gives services their IPs.
pub fn apply_defaults(kind: &Kind, obj: &mut Value, alloc: &Allocator) {
    match kind.kind {
        "Pod" => {
            default_pod_spec(&mut obj["spec"]);
            if obj.get("status").is_none_or(|s| s.get("phase").is_none()) {
                obj["status"] = json!({"phase": "Pending", "qosClass": "BestEffort"});
            }
        }
        "Deployment" | "ReplicaSet" => {
            if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
                set_default(spec, "replicas", json!(1));
                if kind.kind == "Deployment" {
                    set_default(spec, "revisionHistoryLimit", json!(10));
                    set_default(spec, "progressDeadlineSeconds", json!(600));
                    set_default(
                        spec,
                        "strategy",
                        json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}),
                    );
                }
            }
            default_pod_spec(&mut obj["spec"]["template"]["spec"]);
            if obj.get("status").is_none() {
                obj["status"] = json!({});
            }
        }
        "Service" => default_service(obj, alloc),
        "Namespace" => {
            obj["spec"] = json!({"finalizers": ["kubernetes"]});
            obj["status"] = json!({"phase": "Active"});
            let name = obj["metadata"]["name"].clone();
            if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                let labels = meta.entry("labels").or_insert_with(|| json!({}));
                if let Some(l) = labels.as_object_mut() {
                    l.insert("kubernetes.io/metadata.name".into(), name);
                }
            }
        }
        "Secret" => {
            if let Some(m) = obj.as_object_mut() {
                set_default(m, "type", json!("Opaque"));
            }
        }
        _ => {}
    }
}

fn default_service(obj: &mut Value, alloc: &Allocator) {
    let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    set_default(spec, "type", json!("ClusterIP"));
    set_default(spec, "sessionAffinity", json!("None"));
    let svc_type = spec
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("ClusterIP")
        .to_string();
    if svc_type != "ExternalName" {
        set_default(spec, "clusterIP", json!(alloc.cluster_ip()));
        let ip = spec.get("clusterIP").cloned().unwrap_or(Value::Null);
        if ip.as_str() != Some("None") {
            set_default(spec, "clusterIPs", json!([ip]));
        }
        set_default(spec, "ipFamilies", json!(["IPv4"]));
        set_default(spec, "ipFamilyPolicy", json!("SingleStack"));
        set_default(spec, "internalTrafficPolicy", json!("Cluster"));
    }
    let needs_node_port = svc_type == "NodePort" || svc_type == "LoadBalancer";
    if needs_node_port {
        set_default(spec, "externalTrafficPolicy", json!("Cluster"));
    }
    if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports.iter_mut().filter_map(Value::as_object_mut) {
            set_default(p, "protocol", json!("TCP"));
            let port = p.get("port").cloned().unwrap_or(Value::Null);
            set_default(p, "targetPort", port);
            if needs_node_port {
                set_default(p, "nodePort", json!(alloc.node_port()));
            }
        }
    }
    if obj.get("status").is_none() {
        obj["status"] = json!({"loadBalancer": {}});
    }
}

/// The field set (`FieldsV1`) of an object, as managedFields records it.
fn field_set(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, child) in map {
                out.insert(format!("f:{k}"), field_set(child));
            }
            Value::Object(out)
        }
        Value::Array(items)
            if items
                .iter()
                .all(|i| i.get("name").is_some_and(Value::is_string))
                && !items.is_empty() =>
        {
            let mut out = Map::new();
            out.insert(".".into(), json!({}));
            for item in items {
                let key = json!({"name": item["name"]}).to_string();
                let mut inner = field_set(item);
                if let Some(m) = inner.as_object_mut() {
                    m.insert(".".into(), json!({}));
                }
                out.insert(format!("k:{key}"), inner);
            }
            Value::Object(out)
        }
        _ => json!({}),
    }
}

/// Records `manager`'s ownership of the object's fields in metadata.managedFields.
pub fn record_manager(obj: &mut Value, manager: &str, operation: &str, subresource: Option<&str>) {
    let mut owned = Map::new();
    for (k, v) in obj.as_object().into_iter().flatten() {
        match k.as_str() {
            "apiVersion" | "kind" | "status" if subresource.is_none() => {}
            "metadata" => {
                let mut meta = Map::new();
                for f in ["labels", "annotations", "finalizers", "ownerReferences"] {
                    if let Some(val) = v.get(f) {
                        meta.insert(format!("f:{f}"), field_set(val));
                    }
                }
                if !meta.is_empty() {
                    owned.insert("f:metadata".into(), Value::Object(meta));
                }
            }
            "apiVersion" | "kind" => {}
            _ if subresource == Some("status") && k != "status" => {}
            _ => {
                owned.insert(format!("f:{k}"), field_set(v));
            }
        }
    }
    let api_version = obj["apiVersion"].clone();
    let mut entry = json!({
        "manager": manager,
        "operation": operation,
        "apiVersion": api_version,
        "time": clock::now(),
        "fieldsType": "FieldsV1",
        "fieldsV1": owned,
    });
    if let (Some(sub), Some(m)) = (subresource, entry.as_object_mut()) {
        m.insert("subresource".into(), json!(sub));
    }
    let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) else {
        return;
    };
    let list = meta.entry("managedFields").or_insert_with(|| json!([]));
    if !list.is_array() {
        *list = json!([]);
    }
    if let Some(items) = list.as_array_mut() {
        items.retain(|e| {
            !(e["manager"] == manager
                && e["operation"] == operation
                && e.get("subresource").and_then(Value::as_str) == subresource)
        });
        items.push(entry);
    }
}

/// The manager name the API server derives from a request: `fieldManager`, else the user
/// agent's program name (`kubectl-edit/v1.32 ...` → `kubectl-edit`).
pub fn manager_name(field_manager: Option<&str>, user_agent: Option<&str>) -> String {
    if let Some(m) = field_manager.filter(|m| !m.is_empty()) {
        return m.to_string();
    }
    user_agent
        .and_then(|ua| ua.split('/').next())
        .filter(|s| !s.is_empty())
        .unwrap_or("unknown")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::kinds;

    #[test]
    fn service_gets_ip_ports_and_node_ports() {
        let alloc = Allocator::default();
        let mut svc = json!({"metadata": {"name": "web"}, "spec": {"type": "NodePort", "ports": [{"port": 80}]}});
        apply_defaults(kinds::get("Service"), &mut svc, &alloc);
        assert!(
            svc["spec"]["clusterIP"]
                .as_str()
                .unwrap()
                .starts_with("10.96.")
        );
        assert_eq!(svc["spec"]["ports"][0]["targetPort"], 80);
        assert_eq!(svc["spec"]["ports"][0]["protocol"], "TCP");
        let np = svc["spec"]["ports"][0]["nodePort"].as_u64().unwrap();
        assert!((30000..=32767).contains(&np));
    }

    #[test]
    fn deployment_defaults_match_the_api_server() {
        let mut d = json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}});
        apply_defaults(kinds::get("Deployment"), &mut d, &Allocator::default());
        assert_eq!(d["spec"]["replicas"], 1);
        assert_eq!(d["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"],
            "Always"
        );
    }

    #[test]
    fn managed_fields_replace_the_same_managers_entry() {
        let mut obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "labels": {"a": "b"}}, "data": {"k": "v"}});
        record_manager(&mut obj, "kubectl", "Update", None);
        record_manager(&mut obj, "kubectl", "Update", None);
        record_manager(&mut obj, "kview", "Apply", None);
        let mf = obj["metadata"]["managedFields"].as_array().unwrap();
        assert_eq!(mf.len(), 2);
        assert!(mf[0]["fieldsV1"]["f:data"]["f:k"].is_object());
        assert!(mf[0]["fieldsV1"]["f:metadata"]["f:labels"]["f:a"].is_object());
        assert_eq!(
            manager_name(None, Some("kubectl-edit/v1.32.4 (linux/amd64)")),
            "kubectl-edit"
        );
    }
}
