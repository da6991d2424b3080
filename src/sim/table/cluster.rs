//! The cluster-level printers: Node (status, roles, wide node info), Namespace and Event
//! columns and cells.
//!
//! It owns these kinds' cells only; it must not build the Table envelope or rows (see `mod`).

use super::columns::{AGE_COL, NAME_COL, NAME_DESC, col, wide};
use super::format::{age, arr, int_at, name, since, since_opt, str_at};
use super::time::parse_rfc3339_nanos;
use super::{Column, Printer};
use serde_json::{Value, json};

pub(super) static NODE: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Status", "string", "The status of the node"),
        col("Roles", "string", "The roles of the node"),
        AGE_COL,
        col("Version", "string", "Kubelet Version reported by the node."),
        wide(
            "Internal-IP",
            "string",
            "List of addresses reachable to the node.",
        ),
        wide(
            "External-IP",
            "string",
            "List of addresses reachable to the node.",
        ),
        wide(
            "OS-Image",
            "string",
            "OS Image reported by the node from /etc/os-release.",
        ),
        wide(
            "Kernel-Version",
            "string",
            "Kernel Version reported by the node from 'uname -r'.",
        ),
        wide(
            "Container-Runtime",
            "string",
            "ContainerRuntime Version reported by the node through runtime remote API.",
        ),
    ],
    cells: node_cells,
    pod_rows: false,
};

pub(super) static NAMESPACE: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Status", "string", "The status of the namespace"),
        AGE_COL,
    ],
    cells: namespace_cells,
    pod_rows: false,
};

pub(super) static EVENT: Printer = Printer {
    columns: &[
        col(
            "Last Seen",
            "string",
            "The time at which the most recent occurrence of this event was recorded.",
        ),
        col(
            "Type",
            "string",
            "Type of this event (Normal, Warning), new types could be added in the future",
        ),
        col(
            "Reason",
            "string",
            "This should be a short, machine understandable string that gives the reason for the \
                transition into the object's current status.",
        ),
        col("Object", "string", "The object that this event is about."),
        wide(
            "Subobject",
            "string",
            "If referring to a piece of an object instead of an entire object, this string should \
                contain a valid JSON/Go field access statement.",
        ),
        wide(
            "Source",
            "string",
            "The component reporting this event. Should be a short machine understandable string.",
        ),
        col(
            "Message",
            "string",
            "A human-readable description of the status of this operation.",
        ),
        wide(
            "First Seen",
            "string",
            "The time at which the event was first recorded. (Time of server receipt is in \
                TypeMeta.)",
        ),
        wide(
            "Count",
            "string",
            "The number of times this event has occurred.",
        ),
        // The Name column is wide here, yet still the one kubectl treats as the name.
        Column {
            name: "Name",
            ty: "string",
            format: "name",
            priority: 1,
            description: NAME_DESC,
        },
    ],
    cells: event_cells,
    pod_rows: false,
};

fn node_cells(node: &Value, now: i64) -> Vec<Value> {
    let status = &node["status"];
    let mut state: Vec<&str> = Vec::new();
    // Only the last Ready condition counts, as the printer indexes conditions by type.
    if let Some(ready) = arr(&status["conditions"])
        .iter()
        .rev()
        .find(|c| str_at(c, "type") == "Ready")
    {
        state.push(if str_at(ready, "status") == "True" {
            "Ready"
        } else {
            "NotReady"
        });
    } else {
        state.push("Unknown");
    }
    if node["spec"]["unschedulable"].as_bool() == Some(true) {
        state.push("SchedulingDisabled");
    }

    let mut roles: Vec<&str> = Vec::new();
    if let Some(labels) = node["metadata"]["labels"].as_object() {
        for (k, v) in labels {
            if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
                if !role.is_empty() {
                    roles.push(role);
                }
            } else if k == "kubernetes.io/role"
                && let Some(v) = v.as_str().filter(|v| !v.is_empty())
            {
                roles.push(v);
            }
        }
    }
    roles.sort_unstable();
    roles.dedup();
    let roles = if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    };

    let info = &status["nodeInfo"];
    let address = |ty: &str| {
        arr(&status["addresses"])
            .iter()
            .find(|a| str_at(a, "type") == ty)
            .map_or("<none>", |a| str_at(a, "address"))
    };
    let unknown = |v: &'_ str| {
        if v.is_empty() {
            "<unknown>".to_string()
        } else {
            v.to_string()
        }
    };
    vec![
        json!(name(node)),
        json!(state.join(",")),
        json!(roles),
        json!(age(node, now)),
        json!(str_at(info, "kubeletVersion")),
        json!(address("InternalIP")),
        json!(address("ExternalIP")),
        json!(unknown(str_at(info, "osImage"))),
        json!(unknown(str_at(info, "kernelVersion"))),
        json!(unknown(str_at(info, "containerRuntimeVersion"))),
    ]
}

fn namespace_cells(ns: &Value, now: i64) -> Vec<Value> {
    // The server sets phase Active on create; an object that skipped that still reads Active.
    let phase = match str_at(&ns["status"], "phase") {
        "" => "Active",
        p => p,
    };
    vec![json!(name(ns)), json!(phase), json!(age(ns, now))]
}

/// Handles core/v1 Events, and events.k8s.io/v1 field names as a fallback since both
/// versions are printed from the same internal type.
fn event_cells(ev: &Value, now: i64) -> Vec<Value> {
    let pick = |a: &str, b: &str| match str_at(ev, a) {
        "" => str_at(ev, b),
        v => v,
    };
    let first_seen = match parse_rfc3339_nanos(pick("firstTimestamp", "deprecatedFirstTimestamp")) {
        Some(t) => since(t, now),
        None => since_opt(parse_rfc3339_nanos(str_at(ev, "eventTime")), now),
    };
    let mut last_seen = match parse_rfc3339_nanos(pick("lastTimestamp", "deprecatedLastTimestamp"))
    {
        Some(t) => since(t, now),
        None => first_seen.clone(),
    };
    let mut count = match ev["count"].as_i64() {
        Some(c) => c,
        None => int_at(ev, "deprecatedCount"),
    };
    if ev["series"].is_object() {
        last_seen = since_opt(
            parse_rfc3339_nanos(str_at(&ev["series"], "lastObservedTime")),
            now,
        );
        count = int_at(&ev["series"], "count");
    } else if count == 0 {
        // Singleton events from the new API leave count unset.
        count = 1;
    }

    let involved = if ev["involvedObject"].is_object() {
        &ev["involvedObject"]
    } else {
        &ev["regarding"]
    };
    let kind = str_at(involved, "kind").to_lowercase();
    let target = match str_at(involved, "name") {
        "" => kind,
        n => format!("{kind}/{n}"),
    };
    let component = match str_at(&ev["source"], "component") {
        "" => pick("reportingComponent", "reportingController"),
        c => c,
    };
    let host = match str_at(&ev["source"], "host") {
        "" => str_at(ev, "reportingInstance"),
        h => h,
    };
    let source = if host.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {host}")
    };

    vec![
        json!(last_seen),
        json!(str_at(ev, "type")),
        json!(str_at(ev, "reason")),
        json!(target),
        json!(str_at(involved, "fieldPath")),
        json!(source),
        json!(pick("message", "note").trim()),
        json!(first_seen),
        json!(count),
        json!(name(ev)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::table::test_support::{NOW, cells, names_and_priorities, ts};
    use crate::sim::table::{IncludeObject, table};

    #[test]
    fn node_status_roles_and_wide() {
        let node = json!({
            "metadata": {"name": "cp-1", "creationTimestamp": ts(120 * 86_400), "labels": {
                "node-role.kubernetes.io/control-plane": "",
                "node-role.kubernetes.io/etcd": "",
                "kubernetes.io/role": "master",
                "kubernetes.io/hostname": "cp-1",
            }},
            "spec": {"unschedulable": true},
            "status": {
                "conditions": [
                    {"type": "MemoryPressure", "status": "False"},
                    {"type": "Ready", "status": "True"},
                ],
                "addresses": [
                    {"type": "InternalIP", "address": "172.18.0.2"},
                    {"type": "Hostname", "address": "cp-1"},
                ],
                "nodeInfo": {
                    "kubeletVersion": "v1.32.4",
                    "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "kernelVersion": "6.8.0",
                    "containerRuntimeVersion": "containerd://1.7.24",
                },
            },
        });
        let want = [
            "cp-1",
            "Ready,SchedulingDisabled",
            "control-plane,etcd,master",
            "120d",
            "v1.32.4",
            "172.18.0.2",
            "<none>",
            "Debian GNU/Linux 12 (bookworm)",
            "6.8.0",
            "containerd://1.7.24",
        ];
        assert_eq!(cells("Node", &node), want.map(|w| json!(w)));
        let unknown_ready = json!([{"type": "Ready", "status": "Unknown"}]);
        let bare = json!({"metadata": {"name": "w"}, "status": {"conditions": unknown_ready}});
        let c = cells("Node", &bare);
        assert_eq!(
            c[1..4],
            ["NotReady", "<none>", "<unknown>"].map(|w| json!(w))
        );
        assert_eq!(c[7], json!("<unknown>"));
        assert_eq!(
            cells("Node", &json!({"metadata": {"name": "n"}}))[1],
            json!("Unknown")
        );
    }

    #[test]
    fn event_columns_and_cells() {
        let t = table("Event", &[], NOW, IncludeObject::None, json!({}));
        assert_eq!(
            names_and_priorities(&t),
            [
                ("Last Seen", 0),
                ("Type", 0),
                ("Reason", 0),
                ("Object", 0),
                ("Subobject", 1),
                ("Source", 1),
                ("Message", 0),
                ("First Seen", 1),
                ("Count", 1),
                ("Name", 1),
            ]
        );
        assert_eq!(t["columnDefinitions"][9]["format"], json!("name"));
        let ev = json!({
            "metadata": {"name": "web-0.17f3", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "web-0", "fieldPath": "spec.containers{app}"},
            "reason": "BackOff",
            "type": "Warning",
            "message": "Back-off restarting failed container\n",
            "source": {"component": "kubelet", "host": "node-1"},
            "firstTimestamp": ts(3600),
            "lastTimestamp": ts(30),
            "count": 12,
        });
        let c = cells("Event", &ev);
        let want = [
            "30s",
            "Warning",
            "BackOff",
            "pod/web-0",
            "spec.containers{app}",
        ];
        assert_eq!(c[..5], want.map(|w| json!(w)));
        let want = [
            "kubelet, node-1",
            "Back-off restarting failed container",
            "60m",
        ];
        assert_eq!(c[5..8], want.map(|w| json!(w)));
        assert_eq!(c[8..], [json!(12), json!("web-0.17f3")]);
    }

    #[test]
    fn event_from_new_api_uses_event_time() {
        let ev = json!({
            "metadata": {"name": "n"},
            "involvedObject": {"kind": "Node", "name": "node-1"},
            "eventTime": "2026-11-22T00:19:09.123456Z",
            "reportingComponent": "kubelet",
            "reason": "Starting",
            "type": "Normal",
        });
        let c = cells("Event", &ev);
        // 59.88s elapsed truncates to 59s, as Go's int(d.Seconds()) does.
        assert_eq!(c[0], json!("59s"));
        assert_eq!(c[3], json!("node/node-1"));
        assert_eq!(c[5], json!("kubelet"));
        assert_eq!(c[7], json!("59s"));
        assert_eq!(c[8], json!(1));
        let mut series = ev.clone();
        series["series"] = json!({"count": 4, "lastObservedTime": ts(5)});
        let c = cells("Event", &series);
        assert_eq!((c[0].clone(), c[8].clone()), (json!("5s"), json!(4)));
    }
}
