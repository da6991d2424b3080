//! Describe text of a pod: where it runs, its status, every container with its state and last
//! state, conditions, volumes, quality of service and tolerations. Containers are also shared with the pod
//! template of a deployment.
//!
//! Owns the pod layout only; the document builder and events are in `describe`.

use serde_json::Value;

use super::describe::{Doc, controlled_by, or_none, pairs, scalar, time};
use super::{at, list, text};

pub(super) fn pod(doc: &mut Doc, pod: &Value, now_unix: i64) {
    metadata_block(doc, pod, now_unix);
    let statuses = |field: &str| list(pod, &["status", field]).to_vec();
    for (heading, spec_field, status_field) in [
        ("Init Containers", "initContainers", "initContainerStatuses"),
        ("Containers", "containers", "containerStatuses"),
        (
            "Ephemeral Containers",
            "ephemeralContainers",
            "ephemeralContainerStatuses",
        ),
    ] {
        let containers = list(pod, &["spec", spec_field]);
        if containers.is_empty() {
            continue;
        }
        doc.heading(0, heading);
        let statuses = statuses(status_field);
        for c in containers {
            let status = statuses.iter().find(|s| s["name"] == c["name"]);
            container(doc, 2, c, status);
        }
    }
    conditions(doc, pod);
    volumes(doc, 0, list(pod, &["spec", "volumes"]));
    doc.field(0, "QoS Class", or_none(text(pod, &["status", "qosClass"])));
    doc.map(0, "Node-Selectors", at(pod, &["spec", "nodeSelector"]));
    doc.field(
        0,
        "Tolerations",
        tolerations(list(pod, &["spec", "tolerations"])),
    );
}

fn metadata_block(doc: &mut Doc, pod: &Value, now_unix: i64) {
    doc.field(0, "Name", text(pod, &["metadata", "name"]));
    doc.field(0, "Namespace", text(pod, &["metadata", "namespace"]));
    if let Some(priority) = at(pod, &["spec", "priority"]).as_i64() {
        doc.field(0, "Priority", priority.to_string());
    }
    let class = text(pod, &["spec", "priorityClassName"]);
    if !class.is_empty() {
        doc.field(0, "Priority Class Name", class);
    }
    doc.field(
        0,
        "Service Account",
        or_none(text(pod, &["spec", "serviceAccountName"])),
    );
    let node = text(pod, &["spec", "nodeName"]);
    let host_ip = text(pod, &["status", "hostIP"]);
    doc.field(
        0,
        "Node",
        match (node, host_ip) {
            ("", _) => "<none>".to_owned(),
            (n, "") => n.to_owned(),
            (n, ip) => format!("{n}/{ip}"),
        },
    );
    let start = at(pod, &["status", "startTime"]);
    if !start.is_null() {
        doc.field(0, "Start Time", time(start));
    }
    doc.map(0, "Labels", at(pod, &["metadata", "labels"]));
    doc.annotations(0, at(pod, &["metadata", "annotations"]));
    let deletion = at(pod, &["metadata", "deletionTimestamp"]);
    let phase = text(pod, &["status", "phase"]);
    if let Some(deleted) = super::describe::unix(deletion) {
        let grace = at(pod, &["metadata", "deletionGracePeriodSeconds"])
            .as_i64()
            .unwrap_or(0);
        doc.field(
            0,
            "Status",
            format!(
                "Terminating (lasts {})",
                crate::resources::age(deleted - grace, now_unix)
            ),
        );
        doc.field(0, "Termination Grace Period", format!("{grace}s"));
    } else {
        doc.field(0, "Status", or_none(phase));
    }
    for (label, field) in [("Reason", "reason"), ("Message", "message")] {
        let value = text(pod, &["status", field]);
        if !value.is_empty() {
            doc.field(0, label, value);
        }
    }
    doc.field(0, "IP", or_none(text(pod, &["status", "podIP"])));
    let ips = list(pod, &["status", "podIPs"]);
    if ips.is_empty() {
        doc.field(0, "IPs", "<none>");
    } else {
        doc.heading(0, "IPs");
        for ip in ips {
            doc.field(2, "IP", text(ip, &["ip"]));
        }
    }
    controlled_by(doc, pod);
}

/// One container: image, ports, command, state, last state, readiness, resources, env, mounts.
pub(super) fn container(doc: &mut Doc, indent: usize, c: &Value, status: Option<&Value>) {
    let inner = indent + 2;
    doc.heading(indent, text(c, &["name"]));
    if let Some(s) = status {
        doc.field(inner, "Container ID", text(s, &["containerID"]));
    }
    doc.field(inner, "Image", text(c, &["image"]));
    if let Some(s) = status {
        doc.field(inner, "Image ID", text(s, &["imageID"]));
    }
    let ports: Vec<String> = list(c, &["ports"])
        .iter()
        .map(|p| {
            let protocol = p["protocol"].as_str().unwrap_or("TCP");
            let name = text(p, &["name"]);
            let port = format!("{}/{protocol}", scalar(&p["containerPort"]));
            if name.is_empty() {
                port
            } else {
                format!("{port} ({name})")
            }
        })
        .collect();
    let label = if ports.len() > 1 { "Ports" } else { "Port" };
    doc.field(inner, label, or_none(&ports.join(", ")));
    for (label, field) in [("Command", "command"), ("Args", "args")] {
        let words = list(c, &[field]);
        if !words.is_empty() {
            let lines: Vec<&str> = words.iter().filter_map(Value::as_str).collect();
            doc.heading(inner, label);
            for line in lines {
                doc.text(inner + 2, line);
            }
        }
    }
    if let Some(s) = status {
        state(doc, inner, "State", &s["state"]);
        if s["lastState"].as_object().is_some_and(|m| !m.is_empty()) {
            state(doc, inner, "Last State", &s["lastState"]);
        }
        let ready = if s["ready"] == Value::Bool(true) {
            "True"
        } else {
            "False"
        };
        doc.field(inner, "Ready", ready);
        doc.field(inner, "Restart Count", scalar(&s["restartCount"]));
    }
    for (label, field) in [("Limits", "limits"), ("Requests", "requests")] {
        if let Some(values) = at(c, &["resources", field]).as_object() {
            doc.heading(inner, label);
            for (name, value) in values {
                doc.field(inner + 2, name, scalar(value));
            }
        }
    }
    environment(doc, inner, list(c, &["env"]));
    let mounts: Vec<String> = list(c, &["volumeMounts"])
        .iter()
        .map(|m| {
            let ro = if m["readOnly"] == Value::Bool(true) {
                "ro"
            } else {
                "rw"
            };
            format!(
                "{} from {} ({ro})",
                text(m, &["mountPath"]),
                text(m, &["name"])
            )
        })
        .collect();
    if mounts.is_empty() {
        doc.field(inner, "Mounts", "<none>");
    } else {
        doc.heading(inner, "Mounts");
        for m in mounts {
            doc.text(inner + 2, m);
        }
    }
}

/// `State:  Running` / `Waiting` / `Terminated`, with its reason, exit code and times.
fn state(doc: &mut Doc, indent: usize, label: &str, state: &Value) {
    let Some((name, detail)) = state.as_object().and_then(|m| m.iter().next()) else {
        doc.field(indent, label, "<none>");
        return;
    };
    let mut title = name.clone();
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    doc.field(indent, label, title);
    let sub = indent + 2;
    for (field, key) in [
        ("Reason", "reason"),
        ("Message", "message"),
        ("Exit Code", "exitCode"),
        ("Signal", "signal"),
    ] {
        let value = scalar(&detail[key]);
        if !value.is_empty() {
            doc.field(sub, field, value.trim().replace('\n', " "));
        }
    }
    for (field, key) in [("Started", "startedAt"), ("Finished", "finishedAt")] {
        if !detail[key].is_null() {
            doc.field(sub, field, time(&detail[key]));
        }
    }
}

fn environment(doc: &mut Doc, indent: usize, env: &[Value]) {
    if env.is_empty() {
        doc.field(indent, "Environment", "<none>");
        return;
    }
    doc.heading(indent, "Environment");
    for var in env {
        let name = text(var, &["name"]);
        let from = &var["valueFrom"];
        let value = if let Some(v) = var["value"].as_str() {
            v.to_owned()
        } else if !from["secretKeyRef"].is_null() {
            format!(
                "<set to the key '{}' in secret '{}'>",
                text(from, &["secretKeyRef", "key"]),
                text(from, &["secretKeyRef", "name"])
            )
        } else if !from["configMapKeyRef"].is_null() {
            format!(
                "<set to the key '{}' of config map '{}'>",
                text(from, &["configMapKeyRef", "key"]),
                text(from, &["configMapKeyRef", "name"])
            )
        } else if !from["fieldRef"].is_null() {
            format!("({})", text(from, &["fieldRef", "fieldPath"]))
        } else {
            String::new()
        };
        doc.field(indent + 2, name, value);
    }
}

fn conditions(doc: &mut Doc, pod: &Value) {
    let conditions = list(pod, &["status", "conditions"]);
    if conditions.is_empty() {
        return;
    }
    doc.heading(0, "Conditions");
    let rows: Vec<Vec<String>> = conditions
        .iter()
        .map(|c| {
            vec![
                text(c, &["type"]).to_owned(),
                text(c, &["status"]).to_owned(),
            ]
        })
        .collect();
    doc.table(2, &["Type", "Status"], &rows);
}

/// The pod's volumes by source.
pub(super) fn volumes(doc: &mut Doc, indent: usize, volumes: &[Value]) {
    if volumes.is_empty() {
        doc.field(indent, "Volumes", "<none>");
        return;
    }
    doc.heading(indent, "Volumes");
    let inner = indent + 4;
    for v in volumes {
        doc.heading(indent + 2, text(v, &["name"]));
        let source = v
            .as_object()
            .and_then(|m| m.iter().find(|(k, _)| k.as_str() != "name"));
        let Some((kind, detail)) = source else {
            continue;
        };
        let (title, fields): (&str, &[(&str, &str)]) = match kind.as_str() {
            "configMap" => (
                "ConfigMap (a volume populated by a ConfigMap)",
                &[("Name", "name"), ("Optional", "optional")],
            ),
            "secret" => (
                "Secret (a volume populated by a Secret)",
                &[("SecretName", "secretName"), ("Optional", "optional")],
            ),
            "emptyDir" => (
                "EmptyDir (a temporary directory that shares a pod's lifetime)",
                &[("Medium", "medium"), ("SizeLimit", "sizeLimit")],
            ),
            "hostPath" => (
                "HostPath (bare host directory volume)",
                &[("Path", "path"), ("HostPathType", "type")],
            ),
            "persistentVolumeClaim" => (
                "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
                &[("ClaimName", "claimName"), ("ReadOnly", "readOnly")],
            ),
            "projected" => (
                "Projected (a volume that contains injected data from multiple sources)",
                &[],
            ),
            other => {
                doc.field(inner, "Type", other);
                continue;
            }
        };
        doc.field(inner, "Type", title);
        for (label, key) in fields {
            doc.field(inner, label, scalar(&detail[*key]));
        }
    }
}

fn tolerations(tolerations: &[Value]) -> String {
    if tolerations.is_empty() {
        return "<none>".to_owned();
    }
    tolerations
        .iter()
        .map(|t| {
            let key = text(t, &["key"]);
            let mut out = if text(t, &["operator"]) == "Exists" {
                if key.is_empty() {
                    "op=Exists".to_owned()
                } else {
                    format!("{key} op=Exists")
                }
            } else {
                format!("{key}={}", text(t, &["value"]))
            };
            let effect = text(t, &["effect"]);
            if !effect.is_empty() {
                out = format!("{out}:{effect}");
            }
            if let Some(seconds) = t["tolerationSeconds"].as_i64() {
                out.push_str(&format!(" for {seconds}s"));
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Labels of a pod template, for the deployment layout.
pub(super) fn template_labels(template: &Value) -> String {
    pairs(at(template, &["metadata", "labels"]), "=", "\n")
}

#[cfg(test)]
mod tests {
    use super::super::describe::describe;
    use super::super::fixtures::{NOW, crashing_pod, crashing_pod_events};

    fn lines() -> Vec<String> {
        describe(&crashing_pod(), &crashing_pod_events(), NOW)
    }

    fn find<'a>(lines: &'a [String], prefix: &str) -> &'a str {
        lines
            .iter()
            .find(|l| l.trim_start().starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` in {lines:#?}"))
    }

    #[test]
    fn key_fields_labels_and_owner() {
        let lines = lines();
        assert!(find(&lines, "Name:").ends_with(" api-6b8f9d7c4-lk2jd"));
        assert!(find(&lines, "Node:").ends_with(" kind-worker/172.18.0.3"));
        assert!(find(&lines, "Start Time:").ends_with(" Tue, 14 Nov 2023 20:13:20 +0000"));
        assert!(find(&lines, "Status:").ends_with(" Running"));
        assert!(find(&lines, "Controlled By:").ends_with(" ReplicaSet/api-6b8f9d7c4"));
        let labels = lines.iter().position(|l| l.starts_with("Labels:")).unwrap();
        assert!(lines[labels].ends_with("app=api"));
        assert_eq!(lines[labels + 1].trim(), "pod-template-hash=6b8f9d7c4");
        let name_column = lines[0].find("api-").unwrap();
        assert_eq!(
            lines[labels].find("app=").unwrap(),
            name_column,
            "values align"
        );
    }

    #[test]
    fn containers_show_state_and_last_state() {
        let lines = lines();
        let api = lines.iter().position(|l| l == "  api:").unwrap();
        let block: Vec<&str> = lines[api..]
            .iter()
            .take_while(|l| *l != "  proxy:")
            .map(String::as_str)
            .collect();
        let field = |name: &str| {
            block
                .iter()
                .find(|l| l.trim_start().starts_with(name))
                .map_or_else(|| panic!("{name} in {block:#?}"), |l| l.trim())
        };
        assert!(field("State:").ends_with("Waiting"));
        assert!(field("Reason:").ends_with("CrashLoopBackOff"));
        assert!(field("Last State:").ends_with("Terminated"));
        assert!(field("Exit Code:").ends_with('1'));
        assert!(field("Ready:").ends_with("False"));
        assert!(field("Restart Count:").ends_with('7'));
        assert!(field("Port:").ends_with("8080/TCP (http)"));
        assert!(field("DB_PASSWORD:").ends_with("<set to the key 'password' in secret 'db'>"));
        assert!(
            block.contains(&"      /etc/api from config (ro)"),
            "{block:#?}"
        );
        assert!(find(&lines, "Init Containers:").starts_with("Init"));
        assert!(find(&lines, "Type:").contains("ConfigMap (a volume populated by a ConfigMap)"));
        assert!(find(&lines, "QoS Class:").ends_with("Burstable"));
        assert!(
            find(&lines, "Tolerations:")
                .ends_with("node.kubernetes.io/not-ready op=Exists:NoExecute for 300s")
        );
    }

    #[test]
    fn events_come_last_newest_last() {
        let lines = lines();
        let events = lines.iter().position(|l| l == "Events:").unwrap();
        let reasons: Vec<&str> = lines[events + 3..]
            .iter()
            .map(|l| l.split_whitespace().nth(1).unwrap())
            .collect();
        assert_eq!(reasons, ["Scheduled", "Pulled", "BackOff"]);
        assert!(lines.last().unwrap().contains("40s (x31 over 50m)"));
    }
}
