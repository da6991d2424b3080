//! Server-side `meta.k8s.io/v1` Table output for the simulated API server.
//!
//! This module owns turning stored objects into the Table responses a real kube-apiserver
//! returns for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, the way the API
//! server's printers (`pkg/printers/internalversion`) and default table convertors do. It does
//! no I/O and knows nothing about storage: callers hand it JSON objects and the current time.
//!
//! The real server always prints with `Wide: true` and leaves it to the client to hide
//! priority-1 columns, so every row here carries the wide cells too.
//!
//! This file owns the envelope, the rows and the choice of printer per kind (plus the generic
//! convertors for kinds without one); each kind's columns and cells live in its own file
//! (`pods`, `workloads`, `services`, `cluster`, `config_data`), shared column definitions in
//! `columns`, cell formatting helpers in `format` and timestamps in `time`.

mod cluster;
mod columns;
mod config_data;
mod format;
mod pods;
mod services;
#[cfg(test)]
mod test_support;
mod time;
mod workloads;

use cluster::{EVENT, NAMESPACE, NODE};
use columns::{AGE_DESC, NAME_COL, col};
use config_data::{CONFIG_MAP, SECRET, SERVICE_ACCOUNT};
use format::{age, name, str_at};
use pods::POD;
use serde_json::{Map, Value, json};
use services::{ENDPOINTS, SERVICE};
use time::{format_rfc3339, parse_rfc3339_nanos};
use workloads::{CRON_JOB, DAEMON_SET, DEPLOYMENT, JOB, REPLICA_SET, STATEFUL_SET};

/// What each row's `object` field carries, from the request's `includeObject` query
/// parameter: `"None"`, `"Object"`, or `"PartialObjectMetadata"` (the default when absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludeObject {
    None,
    Metadata,
    Object,
}

impl IncludeObject {
    /// Maps the `includeObject` query value. The real server answers 400 for values it does
    /// not know; callers that care must check before calling, as this falls back to metadata.
    #[must_use]
    pub fn from_query(v: Option<&str>) -> Self {
        match v {
            Some("None") => Self::None,
            Some("Object") => Self::Object,
            _ => Self::Metadata,
        }
    }
}

/// A whole Table for a list response. `kind` is the object kind ("Pod", ...), `objects` the
/// items in order, `now_unix` the current time in Unix seconds (ages are computed from it),
/// `list_meta` the `ListMeta` to put in `metadata` (resourceVersion, continue,
/// remainingItemCount as the caller built it).
#[must_use]
pub fn table(
    kind: &str,
    objects: &[Value],
    now_unix: i64,
    include: IncludeObject,
    list_meta: Value,
) -> Value {
    let printer = printer_for(kind);
    let rows: Vec<Value> = objects
        .iter()
        .map(|o| row(printer, o, now_unix, include))
        .collect();
    let metadata = if list_meta.is_object() {
        list_meta
    } else {
        json!({})
    };
    envelope(metadata, Some(printer.columns), rows)
}

/// The Table for one watch event (`kubectl get -w`): same columns, one row, empty list
/// metadata except resourceVersion. `with_columns`: whether to include `columnDefinitions`
/// (the API server includes them only on the first event of a watch; later events come
/// without).
#[must_use]
pub fn watch_table(
    kind: &str,
    object: &Value,
    now_unix: i64,
    include: IncludeObject,
    with_columns: bool,
) -> Value {
    let printer = printer_for(kind);
    let mut metadata = Map::new();
    let rv = str_at(&object["metadata"], "resourceVersion");
    // ListMeta serializes an empty resourceVersion as an absent field.
    if !rv.is_empty() {
        metadata.insert("resourceVersion".into(), json!(rv));
    }
    let columns = with_columns.then_some(printer.columns);
    envelope(
        Value::Object(metadata),
        columns,
        vec![row(printer, object, now_unix, include)],
    )
}

// ---------------------------------------------------------------------------------------------
// Table envelope and rows
// ---------------------------------------------------------------------------------------------

struct Column {
    name: &'static str,
    ty: &'static str,
    format: &'static str,
    priority: u8,
    description: &'static str,
}

struct Printer {
    columns: &'static [Column],
    cells: fn(&Value, i64) -> Vec<Value>,
    /// Only the pod printer sets row conditions.
    pod_rows: bool,
}

fn envelope(metadata: Value, columns: Option<&[Column]>, rows: Vec<Value>) -> Value {
    let mut t = Map::new();
    t.insert("kind".into(), json!("Table"));
    t.insert("apiVersion".into(), json!("meta.k8s.io/v1"));
    t.insert("metadata".into(), metadata);
    // The real server sends `null` here on later watch events; leaving the key out decodes
    // identically in kubectl and in Go clients.
    if let Some(cols) = columns {
        let defs: Vec<Value> = cols
            .iter()
            .map(|c| {
                json!({
                    "name": c.name,
                    "type": c.ty,
                    "format": c.format,
                    "description": c.description,
                    "priority": c.priority,
                })
            })
            .collect();
        t.insert("columnDefinitions".into(), Value::Array(defs));
    }
    t.insert("rows".into(), Value::Array(rows));
    Value::Object(t)
}

fn row(printer: &Printer, obj: &Value, now: i64, include: IncludeObject) -> Value {
    let mut r = Map::new();
    r.insert("cells".into(), Value::Array((printer.cells)(obj, now)));
    if let Some(conditions) = printer.pod_rows.then(|| pod_row_conditions(obj)).flatten() {
        r.insert("conditions".into(), conditions);
    }
    match include {
        IncludeObject::None => {}
        IncludeObject::Object => {
            r.insert("object".into(), obj.clone());
        }
        IncludeObject::Metadata => {
            let metadata = match &obj["metadata"] {
                m @ Value::Object(_) => m.clone(),
                _ => json!({}),
            };
            r.insert(
                "object".into(),
                json!({
                    "kind": "PartialObjectMetadata",
                    "apiVersion": "meta.k8s.io/v1",
                    "metadata": metadata,
                }),
            );
        }
    }
    Value::Object(r)
}

/// Finished pods carry a `Completed` row condition, which clients use to de-emphasize them.
fn pod_row_conditions(obj: &Value) -> Option<Value> {
    let (reason, message) = match str_at(&obj["status"], "phase") {
        "Succeeded" => ("Succeeded", "The pod has completed successfully."),
        "Failed" => ("Failed", "The pod failed."),
        _ => return None,
    };
    Some(json!([{"type": "Completed", "status": "True", "reason": reason, "message": message}]))
}

fn printer_for(kind: &str) -> &'static Printer {
    match kind {
        "Pod" => &POD,
        "Deployment" => &DEPLOYMENT,
        "ReplicaSet" => &REPLICA_SET,
        "StatefulSet" => &STATEFUL_SET,
        "DaemonSet" => &DAEMON_SET,
        "Job" => &JOB,
        "CronJob" => &CRON_JOB,
        "Service" => &SERVICE,
        "Node" => &NODE,
        "Namespace" => &NAMESPACE,
        "Event" => &EVENT,
        "Endpoints" => &ENDPOINTS,
        "ConfigMap" => &CONFIG_MAP,
        "Secret" => &SECRET,
        "ServiceAccount" => &SERVICE_ACCOUNT,
        // Built-in kinds without a registered printer get the generic convertor's table.
        "Role" | "ClusterRole" | "CustomResourceDefinition" => &CREATED_AT,
        // Custom resources without printer columns: the apiextensions default "Age" column.
        _ => &DEFAULT,
    }
}
static CREATED_AT: Printer = Printer {
    columns: &[NAME_COL, col("Created At", "date", AGE_DESC)],
    cells: created_at_cells,
    pod_rows: false,
};

static DEFAULT: Printer = Printer {
    columns: &[NAME_COL, col("Age", "date", AGE_DESC)],
    cells: default_cells,
    pod_rows: false,
};

fn created_at_cells(obj: &Value, _now: i64) -> Vec<Value> {
    let created = parse_rfc3339_nanos(str_at(&obj["metadata"], "creationTimestamp"));
    // Go formats a missing timestamp as its zero time.
    let text = created.map_or_else(|| "0001-01-01T00:00:00Z".to_string(), format_rfc3339);
    vec![json!(name(obj)), json!(text)]
}

fn default_cells(obj: &Value, now: i64) -> Vec<Value> {
    vec![json!(name(obj)), json!(age(obj, now))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::table::test_support::{
        NOW, list, names_and_priorities, one_container, pod, ts,
    };

    #[test]
    fn wide_columns_have_priority_one() {
        let t = table(
            "Pod",
            &[],
            NOW,
            IncludeObject::None,
            json!({"resourceVersion": "7"}),
        );
        assert_eq!(
            names_and_priorities(&t),
            [
                ("Name", 0),
                ("Ready", 0),
                ("Status", 0),
                ("Restarts", 0),
                ("Age", 0),
                ("IP", 1),
                ("Node", 1),
                ("Nominated Node", 1),
                ("Readiness Gates", 1),
            ]
        );
        assert_eq!(t["columnDefinitions"][0]["format"], json!("name"));
        assert_eq!(t["columnDefinitions"][1]["format"], json!(""));
        assert_eq!(t["columnDefinitions"][3]["type"], json!("string"));
        assert_eq!(t["rows"], json!([]));
        assert_eq!(t["metadata"], json!({"resourceVersion": "7"}));
        assert_eq!(t["kind"], json!("Table"));
        assert_eq!(t["apiVersion"], json!("meta.k8s.io/v1"));
        let node = table("Node", &[], NOW, IncludeObject::None, Value::Null);
        let wide: Vec<_> = names_and_priorities(&node)
            .into_iter()
            .filter(|c| c.1 == 1)
            .collect();
        assert_eq!(wide.len(), 5);
        assert_eq!(node["metadata"], json!({}));
    }

    #[test]
    fn every_printer_fills_every_column() {
        let kinds = [
            "Pod",
            "Deployment",
            "ReplicaSet",
            "StatefulSet",
            "DaemonSet",
            "Job",
            "CronJob",
            "Service",
            "Node",
            "Namespace",
            "Event",
            "Endpoints",
            "ConfigMap",
            "Secret",
            "ServiceAccount",
            "ClusterRole",
            "Widget",
        ];
        let obj = json!({"metadata": {"name": "x"}});
        for kind in kinds {
            let t = list(kind, &obj);
            let cols = t["columnDefinitions"].as_array().unwrap().len();
            assert_eq!(
                t["rows"][0]["cells"].as_array().unwrap().len(),
                cols,
                "{kind}"
            );
        }
    }

    #[test]
    fn default_tables_for_other_kinds() {
        let widget = json!({"metadata": {"name": "w", "creationTimestamp": ts(90)}});
        let t = list("Widget", &widget);
        assert_eq!(names_and_priorities(&t), [("Name", 0), ("Age", 0)]);
        assert_eq!(t["columnDefinitions"][1]["type"], json!("date"));
        assert_eq!(t["rows"][0]["cells"], json!(["w", "90s"]));
        let role =
            json!({"metadata": {"name": "admin", "creationTimestamp": "2026-01-02T03:04:05Z"}});
        let t = list("ClusterRole", &role);
        assert_eq!(names_and_priorities(&t), [("Name", 0), ("Created At", 0)]);
        assert_eq!(
            t["rows"][0]["cells"],
            json!(["admin", "2026-01-02T03:04:05Z"])
        );
    }

    #[test]
    fn include_object_variants() {
        assert_eq!(IncludeObject::from_query(None), IncludeObject::Metadata);
        let partial = IncludeObject::from_query(Some("PartialObjectMetadata"));
        assert_eq!(partial, IncludeObject::Metadata);
        assert_eq!(IncludeObject::from_query(Some("None")), IncludeObject::None);
        assert_eq!(
            IncludeObject::from_query(Some("Object")),
            IncludeObject::Object
        );
        let p = pod(one_container(), json!({"phase": "Running"}));
        let objects = std::slice::from_ref(&p);
        let meta = table("Pod", objects, NOW, IncludeObject::Metadata, json!({}));
        let mut want = json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1"});
        want["metadata"] = p["metadata"].clone();
        assert_eq!(meta["rows"][0]["object"], want);
        let full = table("Pod", objects, NOW, IncludeObject::Object, json!({}));
        assert_eq!(full["rows"][0]["object"], p);
        let none = table("Pod", objects, NOW, IncludeObject::None, json!({}));
        assert!(none["rows"][0].get("object").is_none());
    }

    #[test]
    fn watch_table_with_and_without_columns() {
        let mut p = pod(one_container(), json!({"phase": "Running"}));
        p["metadata"]["resourceVersion"] = json!("42");
        let first = watch_table("Pod", &p, NOW, IncludeObject::Metadata, true);
        assert_eq!(first["kind"], json!("Table"));
        assert_eq!(first["metadata"], json!({"resourceVersion": "42"}));
        assert_eq!(first["columnDefinitions"].as_array().unwrap().len(), 9);
        assert_eq!(first["rows"].as_array().unwrap().len(), 1);
        assert_eq!(first["rows"][0]["cells"][0], json!("web-0"));
        let later = watch_table("Pod", &p, NOW, IncludeObject::Metadata, false);
        assert!(later.get("columnDefinitions").is_none());
        assert_eq!(later["rows"][0]["cells"], first["rows"][0]["cells"]);
        assert_eq!(
            later["rows"][0]["object"]["metadata"]["resourceVersion"],
            json!("42")
        );
        let no_rv = watch_table(
            "Pod",
            &pod(one_container(), json!({})),
            NOW,
            IncludeObject::None,
            true,
        );
        assert_eq!(no_rv["metadata"], json!({}));
    }
}
