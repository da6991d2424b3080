//! Builders of realistic objects (namespaces, nodes, deployments, replicasets, pods, services,
//! endpoints, events, configmaps, secrets) as JSON. Pure; the world builder and the controllers
//! decide which to make.

use serde_json::{Value, json};

use super::clock;

pub fn namespace(name: &str, uid: &str, created: i64) -> Value {
    json!({
        "metadata": {"name": name, "uid": uid, "creationTimestamp": clock::rfc3339(created),
                     "labels": {"kubernetes.io/metadata.name": name}},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"}
    })
}

pub struct NodeSpec<'a> {
    pub name: &'a str,
    pub uid: &'a str,
    pub created: i64,
    pub control_plane: bool,
    pub cordoned: bool,
    pub ready: bool,
    pub ip: String,
    pub version: &'a str,
}

pub fn node(n: &NodeSpec<'_>) -> Value {
    let mut labels = json!({
        "kubernetes.io/hostname": n.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
        "node.kubernetes.io/instance-type": if n.control_plane { "m6i.xlarge" } else { "m6i.2xlarge" },
        "topology.kubernetes.io/zone": format!("eu-west-1{}", ["a", "b", "c"][n.name.len() % 3]),
    });
    if n.control_plane {
        labels["node-role.kubernetes.io/control-plane"] = json!("");
    } else {
        labels["node-role.kubernetes.io/worker"] = json!("");
    }
    let mut spec =
        json!({"podCIDR": format!("10.244.{}.0/24", n.ip.rsplit('.').next().unwrap_or("0"))});
    if n.control_plane {
        spec["taints"] =
            json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]);
    }
    if n.cordoned {
        spec["unschedulable"] = json!(true);
        spec["taints"] = json!([{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule", "timeAdded": clock::rfc3339(n.created)}]);
    }
    let heartbeat = clock::now();
    let cond = |t: &str, s: &str, reason: &str, msg: &str| json!({"type": t, "status": s, "lastHeartbeatTime": heartbeat, "lastTransitionTime": clock::rfc3339(n.created), "reason": reason, "message": msg});
    let ready = if n.ready {
        cond(
            "Ready",
            "True",
            "KubeletReady",
            "kubelet is posting ready status",
        )
    } else {
        cond(
            "Ready",
            "Unknown",
            "NodeStatusUnknown",
            "Kubelet stopped posting node status.",
        )
    };
    json!({
        "metadata": {"name": n.name, "uid": n.uid, "creationTimestamp": clock::rfc3339(n.created), "labels": labels,
                     "annotations": {"node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
        "spec": spec,
        "status": {
            "capacity": {"cpu": "8", "memory": "32734544Ki", "pods": "110", "ephemeral-storage": "203070420Ki"},
            "allocatable": {"cpu": "7910m", "memory": "31583568Ki", "pods": "110", "ephemeral-storage": "187149698739"},
            "conditions": [
                cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                ready
            ],
            "addresses": [{"type": "InternalIP", "address": n.ip}, {"type": "Hostname", "address": n.name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "machineID": n.uid.replace('-', ""), "systemUUID": n.uid, "bootID": n.uid,
                "kernelVersion": "6.1.0-28-cloud-amd64", "osImage": "Debian GNU/Linux 12 (bookworm)",
                "containerRuntimeVersion": "containerd://1.7.24", "kubeletVersion": n.version,
                "kubeProxyVersion": n.version, "operatingSystem": "linux", "architecture": "amd64"
            }
        }
    })
}

/// A container spec as people write them.
pub fn container(name: &str, image: &str, port: Option<u16>) -> Value {
    let mut c = json!({
        "name": name, "image": image,
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
        "imagePullPolicy": "IfNotPresent", "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "env": [{"name": "LOG_LEVEL", "value": "info"}],
    });
    if let Some(p) = port {
        c["ports"] = json!([{"name": "http", "containerPort": p, "protocol": "TCP"}]);
        c["readinessProbe"] = json!({"httpGet": {"path": "/healthz", "port": p, "scheme": "HTTP"}, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3});
    }
    c
}

pub fn pod_spec(containers: Vec<Value>, init: Vec<Value>) -> Value {
    let mut spec = json!({
        "containers": containers, "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst", "serviceAccountName": "default", "serviceAccount": "default",
        "securityContext": {}, "schedulerName": "default-scheduler", "enableServiceLinks": true,
        "priority": 0, "preemptionPolicy": "PreemptLowerPriority",
        "tolerations": [
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
        ],
    });
    if !init.is_empty() {
        spec["initContainers"] = json!(init);
    }
    spec
}

pub struct DeploymentSpec<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub uid: &'a str,
    pub created: i64,
    pub replicas: i64,
    pub pod_spec: Value,
    pub tier: &'a str,
}

pub fn deployment(d: &DeploymentSpec<'_>) -> Value {
    let labels = json!({"app": d.name, "app.kubernetes.io/name": d.name, "tier": d.tier});
    json!({
        "metadata": {"name": d.name, "namespace": d.namespace, "uid": d.uid, "creationTimestamp": clock::rfc3339(d.created),
                     "generation": 1, "labels": labels, "annotations": {"deployment.kubernetes.io/revision": "1"}},
        "spec": {
            "replicas": d.replicas, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
            "selector": {"matchLabels": {"app": d.name}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {"metadata": {"labels": labels}, "spec": d.pod_spec},
        },
        "status": {}
    })
}

/// The pod-template-hash of a template, as the deployment controller names replicasets.
pub fn template_hash(template: &Value) -> String {
    let h = super::rng::fnv32a(template.to_string().as_bytes());
    super::rng::safe_encode(&h.to_string())
}

pub fn owner_ref(kind: &str, api_version: &str, name: &str, uid: &str) -> Value {
    json!({"apiVersion": api_version, "kind": kind, "name": name, "uid": uid, "controller": true, "blockOwnerDeletion": true})
}

/// The replicaset a deployment owns for its current template.
pub fn replicaset_for(
    deploy: &Value,
    hash: &str,
    uid: &str,
    revision: u64,
    replicas: i64,
    created: i64,
) -> Value {
    let name = deploy["metadata"]["name"].as_str().unwrap_or_default();
    let mut template = deploy["spec"]["template"].clone();
    template["metadata"]["labels"]["pod-template-hash"] = json!(hash);
    let mut selector = deploy["spec"]["selector"].clone();
    selector["matchLabels"]["pod-template-hash"] = json!(hash);
    let mut labels = template["metadata"]["labels"].clone();
    if !labels.is_object() {
        labels = json!({"pod-template-hash": hash});
    }
    json!({
        "metadata": {
            "name": format!("{name}-{hash}"), "namespace": deploy["metadata"]["namespace"], "uid": uid,
            "creationTimestamp": clock::rfc3339(created), "generation": 1, "labels": labels,
            "annotations": {"deployment.kubernetes.io/desired-replicas": deploy["spec"]["replicas"].to_string(),
                            "deployment.kubernetes.io/max-replicas": (deploy["spec"]["replicas"].as_i64().unwrap_or(1) + 1).to_string(),
                            "deployment.kubernetes.io/revision": revision.to_string()},
            "ownerReferences": [owner_ref("Deployment", "apps/v1", name, deploy["metadata"]["uid"].as_str().unwrap_or_default())],
        },
        "spec": {"replicas": replicas, "selector": selector, "template": template},
        "status": {"replicas": 0}
    })
}

/// A new pod from a replicaset's template (status Pending, not yet scheduled).
pub fn pod_from_replicaset(rs: &Value, name: &str, uid: &str, created: i64) -> Value {
    let template = &rs["spec"]["template"];
    let mut meta = json!({
        "name": name, "namespace": rs["metadata"]["namespace"], "uid": uid,
        "creationTimestamp": clock::rfc3339(created), "generateName": format!("{}-", rs["metadata"]["name"].as_str().unwrap_or_default()),
        "labels": template["metadata"]["labels"],
        "ownerReferences": [owner_ref("ReplicaSet", "apps/v1", rs["metadata"]["name"].as_str().unwrap_or_default(), rs["metadata"]["uid"].as_str().unwrap_or_default())],
    });
    if let Some(a) = template["metadata"].get("annotations") {
        meta["annotations"] = a.clone();
    }
    json!({"metadata": meta, "spec": template["spec"], "status": {"phase": "Pending", "qosClass": "Burstable"}})
}

pub struct ServiceSpec<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub uid: &'a str,
    pub created: i64,
    pub svc_type: &'a str,
    pub cluster_ip: String,
    pub ports: Vec<(String, u16, u16, Option<u16>)>,
    pub selector: Option<Value>,
}

pub fn service(s: &ServiceSpec<'_>) -> Value {
    let ports: Vec<Value> = s
        .ports
        .iter()
        .map(|(name, port, target, node_port)| {
            let mut p =
                json!({"name": name, "port": port, "targetPort": target, "protocol": "TCP"});
            if let Some(np) = node_port {
                p["nodePort"] = json!(np);
            }
            p
        })
        .collect();
    let mut spec = json!({"type": s.svc_type, "sessionAffinity": "None"});
    if s.svc_type == "ExternalName" {
        spec["externalName"] = json!("db.example.internal");
    } else {
        spec["clusterIP"] = json!(s.cluster_ip);
        spec["clusterIPs"] = json!([s.cluster_ip]);
        spec["ports"] = json!(ports);
        spec["ipFamilies"] = json!(["IPv4"]);
        spec["ipFamilyPolicy"] = json!("SingleStack");
        spec["internalTrafficPolicy"] = json!("Cluster");
    }
    if let Some(sel) = &s.selector {
        spec["selector"] = sel.clone();
    }
    let mut status = json!({"loadBalancer": {}});
    if s.svc_type == "LoadBalancer" {
        spec["externalTrafficPolicy"] = json!("Cluster");
        if s.name.len().is_multiple_of(2) {
            status =
                json!({"loadBalancer": {"ingress": [{"ip": "203.0.113.10", "ipMode": "VIP"}]}});
        }
    }
    json!({
        "metadata": {"name": s.name, "namespace": s.namespace, "uid": s.uid, "creationTimestamp": clock::rfc3339(s.created), "labels": {"app": s.name}},
        "spec": spec,
        "status": status
    })
}

/// The Endpoints object of a service for the given ready pods (name, ip, node).
pub fn endpoints_for(
    svc: &Value,
    ready: &[(String, String, String)],
    not_ready: &[(String, String, String)],
) -> Value {
    let meta = &svc["metadata"];
    let addr = |(name, ip, node): &(String, String, String)| json!({"ip": ip, "nodeName": node, "targetRef": {"kind": "Pod", "namespace": meta["namespace"], "name": name}});
    let ports: Vec<Value> = svc["spec"]["ports"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| json!({"name": p["name"], "port": p["targetPort"].as_i64().or(p["port"].as_i64()).unwrap_or(80), "protocol": p["protocol"]}))
                .collect()
        })
        .unwrap_or_default();
    let mut subset = json!({"ports": ports});
    if !ready.is_empty() {
        subset["addresses"] = json!(ready.iter().map(addr).collect::<Vec<_>>());
    }
    if !not_ready.is_empty() {
        subset["notReadyAddresses"] = json!(not_ready.iter().map(addr).collect::<Vec<_>>());
    }
    let subsets = if ready.is_empty() && not_ready.is_empty() {
        json!([])
    } else {
        json!([subset])
    };
    let mut out = json!({
        "metadata": {"name": meta["name"], "namespace": meta["namespace"], "labels": meta["labels"]},
        "subsets": subsets,
    });
    if subsets.as_array().is_some_and(Vec::is_empty)
        && let Some(m) = out.as_object_mut()
    {
        m.remove("subsets");
    }
    out
}

pub struct EventSpec<'a> {
    pub namespace: &'a str,
    pub name: String,
    pub uid: &'a str,
    pub involved: (&'a str, &'a str, &'a str, &'a str),
    pub event_type: &'a str,
    pub reason: &'a str,
    pub message: String,
    pub source: &'a str,
    pub count: i64,
    pub first: i64,
    pub last: i64,
}

pub fn event(e: &EventSpec<'_>) -> Value {
    let (kind, api_version, name, uid) = e.involved;
    json!({
        "metadata": {"name": e.name, "namespace": e.namespace, "uid": e.uid, "creationTimestamp": clock::rfc3339(e.first)},
        "involvedObject": {"kind": kind, "namespace": e.namespace, "name": name, "uid": uid, "apiVersion": api_version},
        "reason": e.reason, "message": e.message, "type": e.event_type, "count": e.count,
        "source": {"component": e.source}, "firstTimestamp": clock::rfc3339(e.first), "lastTimestamp": clock::rfc3339(e.last),
        "reportingComponent": e.source, "reportingInstance": ""
    })
}

pub fn configmap(namespace: &str, name: &str, uid: &str, created: i64, data: Value) -> Value {
    json!({"metadata": {"name": name, "namespace": namespace, "uid": uid, "creationTimestamp": clock::rfc3339(created)}, "data": data})
}

pub fn secret(
    namespace: &str,
    name: &str,
    uid: &str,
    created: i64,
    secret_type: &str,
    data: Value,
) -> Value {
    json!({"metadata": {"name": name, "namespace": namespace, "uid": uid, "creationTimestamp": clock::rfc3339(created)}, "type": secret_type, "data": data})
}

pub fn service_account(namespace: &str, uid: &str, created: i64) -> Value {
    json!({"metadata": {"name": "default", "namespace": namespace, "uid": uid, "creationTimestamp": clock::rfc3339(created)}})
}
