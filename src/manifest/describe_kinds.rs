//! Describe text of deployments, services and nodes.
//!
//! Owns these layouts only; the document builder and events are in `describe`, pod containers
//! and volumes (shared with the pod template) in `describe_pod`.

use serde_json::Value;

use super::describe::{Doc, metadata, or_none, pairs, scalar, time};
use super::describe_pod::{container, template_labels, volumes};
use super::{at, list, text};

pub(super) fn deployment(doc: &mut Doc, d: &Value) {
    metadata(doc, d);
    doc.field(
        0,
        "CreationTimestamp",
        time(at(d, &["metadata", "creationTimestamp"])),
    );
    doc.field(0, "Selector", selector(at(d, &["spec", "selector"])));
    let count = |field: &str| at(d, &["status", field]).as_i64().unwrap_or(0);
    let desired = at(d, &["spec", "replicas"]).as_i64().unwrap_or(1);
    doc.field(
        0,
        "Replicas",
        format!(
            "{desired} desired | {} updated | {} total | {} available | {} unavailable",
            count("updatedReplicas"),
            count("replicas"),
            count("availableReplicas"),
            count("unavailableReplicas")
        ),
    );
    let strategy = text(d, &["spec", "strategy", "type"]);
    doc.field(0, "StrategyType", or_none(strategy));
    doc.field(
        0,
        "MinReadySeconds",
        at(d, &["spec", "minReadySeconds"])
            .as_i64()
            .unwrap_or(0)
            .to_string(),
    );
    if strategy == "RollingUpdate" {
        let rolling = at(d, &["spec", "strategy", "rollingUpdate"]);
        doc.field(
            0,
            "RollingUpdateStrategy",
            format!(
                "{} max unavailable, {} max surge",
                scalar(&rolling["maxUnavailable"]),
                scalar(&rolling["maxSurge"])
            ),
        );
    }
    let template = at(d, &["spec", "template"]);
    doc.heading(0, "Pod Template");
    doc.field(2, "Labels", template_labels(template));
    doc.heading(2, "Containers");
    for c in list(template, &["spec", "containers"]) {
        container(doc, 3, c, None);
    }
    volumes(doc, 2, list(template, &["spec", "volumes"]));
    conditions(
        doc,
        list(d, &["status", "conditions"]),
        &["Type", "Status", "Reason"],
    );
}

pub(super) fn service(doc: &mut Doc, s: &Value) {
    metadata(doc, s);
    doc.field(0, "Selector", pairs(at(s, &["spec", "selector"]), "=", ","));
    let spec = at(s, &["spec"]);
    doc.field(0, "Type", text(spec, &["type"]));
    let policy = text(spec, &["ipFamilyPolicy"]);
    if !policy.is_empty() {
        doc.field(0, "IP Family Policy", policy);
    }
    let families: Vec<&str> = list(spec, &["ipFamilies"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if !families.is_empty() {
        doc.field(0, "IP Families", families.join(","));
    }
    doc.field(0, "IP", or_none(text(spec, &["clusterIP"])));
    let ips: Vec<&str> = list(spec, &["clusterIPs"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if !ips.is_empty() {
        doc.field(0, "IPs", ips.join(","));
    }
    let ingress: Vec<&str> = list(s, &["status", "loadBalancer", "ingress"])
        .iter()
        .filter_map(|i| i["ip"].as_str().or_else(|| i["hostname"].as_str()))
        .collect();
    if !ingress.is_empty() {
        doc.field(0, "LoadBalancer Ingress", ingress.join(", "));
    }
    let external = text(spec, &["externalName"]);
    if !external.is_empty() {
        doc.field(0, "External Name", external);
    }
    for port in list(spec, &["ports"]) {
        let protocol = port["protocol"].as_str().unwrap_or("TCP");
        let name = port["name"].as_str().unwrap_or("<unset>");
        doc.field(
            0,
            "Port",
            format!("{name}  {}/{protocol}", scalar(&port["port"])),
        );
        let target = scalar(&port["targetPort"]);
        if !target.is_empty() {
            doc.field(0, "TargetPort", format!("{target}/{protocol}"));
        }
        let node_port = scalar(&port["nodePort"]);
        if !node_port.is_empty() {
            doc.field(0, "NodePort", format!("{name}  {node_port}/{protocol}"));
        }
    }
    doc.field(
        0,
        "Session Affinity",
        or_none(text(spec, &["sessionAffinity"])),
    );
    let traffic = text(spec, &["externalTrafficPolicy"]);
    if !traffic.is_empty() {
        doc.field(0, "External Traffic Policy", traffic);
    }
    let internal = text(spec, &["internalTrafficPolicy"]);
    if !internal.is_empty() {
        doc.field(0, "Internal Traffic Policy", internal);
    }
}

pub(super) fn node(doc: &mut Doc, n: &Value) {
    doc.field(0, "Name", text(n, &["metadata", "name"]));
    let roles: Vec<&str> = at(n, &["metadata", "labels"])
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
        .collect();
    doc.field(0, "Roles", or_none(&roles.join(",")));
    doc.map(0, "Labels", at(n, &["metadata", "labels"]));
    doc.annotations(0, at(n, &["metadata", "annotations"]));
    doc.field(
        0,
        "CreationTimestamp",
        time(at(n, &["metadata", "creationTimestamp"])),
    );
    let taints: Vec<String> = list(n, &["spec", "taints"])
        .iter()
        .map(|t| {
            let value = text(t, &["value"]);
            let key = text(t, &["key"]);
            let kv = if value.is_empty() {
                key.to_owned()
            } else {
                format!("{key}={value}")
            };
            format!("{kv}:{}", text(t, &["effect"]))
        })
        .collect();
    doc.field(0, "Taints", or_none(&taints.join("\n")));
    let unschedulable = at(n, &["spec", "unschedulable"]) == &Value::Bool(true);
    doc.field(0, "Unschedulable", unschedulable.to_string());
    conditions(
        doc,
        list(n, &["status", "conditions"]),
        &["Type", "Status", "LastHeartbeatTime", "Reason", "Message"],
    );
    let addresses = list(n, &["status", "addresses"]);
    if !addresses.is_empty() {
        doc.heading(0, "Addresses");
        for a in addresses {
            doc.field(2, text(a, &["type"]), text(a, &["address"]));
        }
    }
    for (label, field) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
        if let Some(values) = at(n, &["status", field]).as_object() {
            doc.heading(0, label);
            for (name, value) in values {
                doc.field(2, name, scalar(value));
            }
        }
    }
    if let Some(info) = at(n, &["status", "nodeInfo"]).as_object() {
        doc.heading(0, "System Info");
        for (label, key) in [
            ("Machine ID", "machineID"),
            ("System UUID", "systemUUID"),
            ("Boot ID", "bootID"),
            ("Kernel Version", "kernelVersion"),
            ("OS Image", "osImage"),
            ("Operating System", "operatingSystem"),
            ("Architecture", "architecture"),
            ("Container Runtime Version", "containerRuntimeVersion"),
            ("Kubelet Version", "kubeletVersion"),
        ] {
            if let Some(v) = info.get(key) {
                doc.field(2, label, scalar(v));
            }
        }
    }
    let cidr = text(n, &["spec", "podCIDR"]);
    if !cidr.is_empty() {
        doc.field(0, "PodCIDR", cidr);
    }
}

/// `a=b,c in (x,y)` for a label selector.
fn selector(selector: &Value) -> String {
    let mut parts: Vec<String> = at(selector, &["matchLabels"])
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect();
    for expr in list(selector, &["matchExpressions"]) {
        let values: Vec<&str> = list(expr, &["values"])
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let key = text(expr, &["key"]);
        parts.push(match text(expr, &["operator"]) {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.to_owned(),
            "DoesNotExist" => format!("!{key}"),
            other => format!("{key} {other}"),
        });
    }
    or_none(&parts.join(","))
}

/// A conditions table with the given columns (named as the API names the fields, but
/// capitalised).
fn conditions(doc: &mut Doc, conditions: &[Value], columns: &[&str]) {
    if conditions.is_empty() {
        return;
    }
    doc.heading(0, "Conditions");
    let rows: Vec<Vec<String>> = conditions
        .iter()
        .map(|c| {
            columns
                .iter()
                .map(|col| {
                    let mut key = (*col).to_owned();
                    if let Some(first) = key.get_mut(..1) {
                        first.make_ascii_lowercase();
                    }
                    let value = &c[key.as_str()];
                    if key.ends_with("Time") {
                        time(value)
                    } else {
                        scalar(value).trim().replace('\n', " ")
                    }
                })
                .collect()
        })
        .collect();
    doc.table(2, columns, &rows);
}
