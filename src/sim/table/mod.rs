//! Server-side `meta.k8s.io/v1` Table output for the simulated API server.
//!
//! This module owns turning stored objects into the Table responses a real kube-apiserver
//! returns for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, the way the API
//! server's printers (`pkg/printers/internalversion`) and default table convertors do. It does
//! no I/O and knows nothing about storage: callers hand it JSON objects and the current time.
//!
//! The real server always prints with `Wide: true` and leaves it to the client to hide
//! priority-1 columns, so every row here carries the wide cells too.

use serde_json::{Map, Value, json};

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

/// kubectl's `HumanDuration` formatting of an age in seconds ("0s", "45s", "2m3s", "12m",
/// "5h", "3d4h", "120d", "2y30d", ...).
#[must_use]
pub fn human_duration(seconds: i64) -> String {
    // Up to one second in the future still reads "0s": clocks of client and server drift.
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{days}d")
        } else {
            format!("{days}d{h}h")
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{days}d");
    }
    let years = days / 365;
    if hours < 24 * 365 * 8 {
        let d = days % 365;
        return if d == 0 {
            format!("{years}y")
        } else {
            format!("{years}y{d}d")
        };
    }
    format!("{years}y")
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

// ---------------------------------------------------------------------------------------------
// Column definitions
// ---------------------------------------------------------------------------------------------

const NAME_DESC: &str = "Name must be unique within a namespace. Is required when creating \
resources, although some resources may allow a client to request the generation of an \
appropriate name automatically. Name is primarily intended for creation idempotence and \
configuration definition. Cannot be updated. More info: \
https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

const AGE_DESC: &str = "CreationTimestamp is a timestamp representing the server time when this \
object was created. It is not guaranteed to be set in happens-before order across separate \
operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n\
Populated by the system. Read-only. Null for lists. More info: \
https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

const CONTAINERS_DESC: &str = "Names of each container in the template.";
const IMAGES_DESC: &str = "Images referenced by each container in the template.";
const SELECTOR_DESC: &str = "Label query over pods that should match the replica count.";

const fn col(name: &'static str, ty: &'static str, description: &'static str) -> Column {
    Column {
        name,
        ty,
        format: "",
        priority: 0,
        description,
    }
}

const fn wide(name: &'static str, ty: &'static str, description: &'static str) -> Column {
    Column {
        name,
        ty,
        format: "",
        priority: 1,
        description,
    }
}

/// kubectl finds the column to prefix with "kind/" (and to match `-o name`) by this format.
const NAME_COL: Column = Column {
    name: "Name",
    ty: "string",
    format: "name",
    priority: 0,
    description: NAME_DESC,
};
const AGE_COL: Column = col("Age", "string", AGE_DESC);
const CONTAINERS_COL: Column = wide("Containers", "string", CONTAINERS_DESC);
const IMAGES_COL: Column = wide("Images", "string", IMAGES_DESC);
const SELECTOR_COL: Column = wide("Selector", "string", SELECTOR_DESC);

static POD: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Ready",
            "string",
            "The aggregate readiness state of this pod for accepting traffic.",
        ),
        col(
            "Status",
            "string",
            "The aggregate status of the containers in this pod.",
        ),
        col(
            "Restarts",
            "string",
            "The number of times the containers in this pod have been restarted and when the \
             last container in this pod has restarted.",
        ),
        AGE_COL,
        wide("IP", "string", "podIP address allocated to the pod."),
        wide(
            "Node",
            "string",
            "NodeName indicates in which node this pod is scheduled.",
        ),
        wide(
            "Nominated Node",
            "string",
            "nominatedNodeName is set only when this pod preempts other pods on the node.",
        ),
        wide(
            "Readiness Gates",
            "string",
            "If specified, all readiness gates will be evaluated for pod readiness.",
        ),
    ],
    cells: pod_cells,
    pod_rows: true,
};

static DEPLOYMENT: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Ready", "string", "Number of the pod with ready state"),
        col(
            "Up-to-date",
            "string",
            "Total number of non-terminated pods targeted by this deployment that have the \
                desired template spec.",
        ),
        col(
            "Available",
            "string",
            "Total number of available pods (ready for at least minReadySeconds) targeted by this \
                deployment.",
        ),
        AGE_COL,
        CONTAINERS_COL,
        IMAGES_COL,
        SELECTOR_COL,
    ],
    cells: deployment_cells,
    pod_rows: false,
};

static REPLICA_SET: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Desired",
            "integer",
            "Replicas is the number of desired replicas.",
        ),
        col(
            "Current",
            "integer",
            "Replicas is the most recently observed number of replicas.",
        ),
        col(
            "Ready",
            "integer",
            "The number of ready replicas for this replica set.",
        ),
        AGE_COL,
        CONTAINERS_COL,
        IMAGES_COL,
        SELECTOR_COL,
    ],
    cells: replica_set_cells,
    pod_rows: false,
};

static STATEFUL_SET: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Ready", "string", "Number of the pod with ready state"),
        AGE_COL,
        CONTAINERS_COL,
        IMAGES_COL,
    ],
    cells: stateful_set_cells,
    pod_rows: false,
};

static DAEMON_SET: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Desired",
            "integer",
            "The total number of nodes that should be running the daemon pod.",
        ),
        col(
            "Current",
            "integer",
            "The number of nodes that are running at least 1 daemon pod and are supposed to run \
                the daemon pod.",
        ),
        col(
            "Ready",
            "integer",
            "The number of nodes that should be running the daemon pod and have one or more of \
                the daemon pod running and ready.",
        ),
        col(
            "Up-to-date",
            "integer",
            "The total number of nodes that are running updated daemon pod.",
        ),
        col(
            "Available",
            "integer",
            "The number of nodes that should be running the daemon pod and have one or more of \
                the daemon pod running and available.",
        ),
        col(
            "Node Selector",
            "string",
            "NodeSelector is a selector which must be true for the pod to fit on a node.",
        ),
        AGE_COL,
        CONTAINERS_COL,
        IMAGES_COL,
        SELECTOR_COL,
    ],
    cells: daemon_set_cells,
    pod_rows: false,
};

static JOB: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Status", "string", "Status of the job."),
        col(
            "Completions",
            "string",
            "The number of pods which reached phase Succeeded.",
        ),
        col("Duration", "string", "Time required to complete the job."),
        AGE_COL,
        CONTAINERS_COL,
        IMAGES_COL,
        SELECTOR_COL,
    ],
    cells: job_cells,
    pod_rows: false,
};

static CRON_JOB: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Schedule", "string", "The schedule in Cron format."),
        col(
            "Timezone",
            "string",
            "The time zone name for the given schedule.",
        ),
        col(
            "Suspend",
            "boolean",
            "This flag tells the controller to suspend subsequent executions.",
        ),
        col(
            "Active",
            "integer",
            "A list of pointers to currently running jobs.",
        ),
        col(
            "Last Schedule",
            "string",
            "Information when was the last time the job was successfully scheduled.",
        ),
        AGE_COL,
        CONTAINERS_COL,
        IMAGES_COL,
        SELECTOR_COL,
    ],
    cells: cron_job_cells,
    pod_rows: false,
};

static SERVICE: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Type",
            "string",
            "type determines how the Service is exposed.",
        ),
        col(
            "Cluster-IP",
            "string",
            "clusterIP is the IP address of the service.",
        ),
        col(
            "External-IP",
            "string",
            "externalIPs is a list of IP addresses for which nodes in the cluster will also \
                accept traffic for this service.",
        ),
        col(
            "Port(s)",
            "string",
            "The list of ports that are exposed by this service.",
        ),
        AGE_COL,
        wide(
            "Selector",
            "string",
            "Route service traffic to pods with label keys and values matching this selector.",
        ),
    ],
    cells: service_cells,
    pod_rows: false,
};

static NODE: Printer = Printer {
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

static NAMESPACE: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Status", "string", "The status of the namespace"),
        AGE_COL,
    ],
    cells: namespace_cells,
    pod_rows: false,
};

static EVENT: Printer = Printer {
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

static ENDPOINTS: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Endpoints",
            "string",
            "The set of all endpoints is the union of all subsets.",
        ),
        AGE_COL,
    ],
    cells: endpoints_cells,
    pod_rows: false,
};

static CONFIG_MAP: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Data", "string", "Data contains the configuration data."),
        AGE_COL,
    ],
    cells: config_map_cells,
    pod_rows: false,
};

static SECRET: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Type",
            "string",
            "Used to facilitate programmatic handling of secret data.",
        ),
        col("Data", "string", "Data contains the secret data."),
        AGE_COL,
    ],
    cells: secret_cells,
    pod_rows: false,
};

static SERVICE_ACCOUNT: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Secrets",
            "string",
            "Secrets is a list of the secrets in the same namespace that pods running using this \
                ServiceAccount are allowed to use.",
        ),
        AGE_COL,
    ],
    cells: service_account_cells,
    pod_rows: false,
};

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

// ---------------------------------------------------------------------------------------------
// Per-kind cells
// ---------------------------------------------------------------------------------------------

fn pod_cells(pod: &Value, now: i64) -> Vec<Value> {
    let spec = &pod["spec"];
    let status = &pod["status"];
    let summary = pod_summary(pod, now);

    let ip = arr(&status["podIPs"])
        .first()
        .map(|p| str_at(p, "ip"))
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| str_at(status, "podIP"));

    let gates = arr(&spec["readinessGates"]);
    let readiness_gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let conditions = arr(&status["conditions"]);
        let passed = gates
            .iter()
            .filter(|g| {
                let wanted = str_at(g, "conditionType");
                conditions
                    .iter()
                    .find(|c| str_at(c, "type") == wanted)
                    .is_some_and(|c| str_at(c, "status") == "True")
            })
            .count();
        format!("{passed}/{}", gates.len())
    };

    vec![
        json!(name(pod)),
        json!(summary.ready),
        json!(summary.status),
        json!(summary.restarts),
        json!(age(pod, now)),
        json!(or_none(ip)),
        json!(or_none(str_at(spec, "nodeName"))),
        json!(or_none(str_at(status, "nominatedNodeName"))),
        json!(readiness_gates),
    ]
}

struct PodSummary {
    ready: String,
    status: String,
    restarts: String,
}

/// Mirrors the API server's pod printer: the STATUS column is a reason derived from phase,
/// init containers, then app containers (walked last to first so the first one wins).
fn pod_summary(pod: &Value, now: i64) -> PodSummary {
    let spec = &pod["spec"];
    let status = &pod["status"];
    let sidecars = arr(&spec["initContainers"])
        .iter()
        .filter(|c| is_restartable(c))
        .count();
    let total = arr(&spec["containers"]).len() + sidecars;

    let phase = str_at(status, "phase");
    let mut reason = match str_at(status, "reason") {
        "" => phase.to_string(),
        r => r.to_string(),
    };
    if scheduling_gated(pod) {
        reason = "SchedulingGated".into();
    }

    let mut ready = 0usize;
    let mut all = Restarts::default();
    let mut sidecar = Restarts::default();
    let init_reason = init_containers(pod, &mut ready, &mut all, &mut sidecar);
    let initializing = init_reason.is_some();
    if let Some(r) = init_reason {
        reason = r;
    }

    if !initializing || first_condition_true(status, "Initialized") {
        // Once initialized, only sidecar restarts still matter among init containers.
        all = sidecar;
        let mut has_running = false;
        for cs in arr(&status["containerStatuses"]).iter().rev() {
            all.add(cs);
            let state = &cs["state"];
            let waiting_reason = str_at(&state["waiting"], "reason");
            if !waiting_reason.is_empty() {
                reason = waiting_reason.to_string();
            } else if state["terminated"].is_object() {
                reason = terminated_reason(&state["terminated"], "");
            } else if cs["ready"].as_bool() == Some(true) && state["running"].is_object() {
                has_running = true;
                ready += 1;
            }
        }
        // A finished sidecar-style container must not hide that the pod is still serving.
        if reason == "Completed" && has_running {
            let ready_pod = any_condition_true(status, "Ready");
            reason = if ready_pod { "Running" } else { "NotReady" }.to_string();
        }
    }

    let deleting = !pod["metadata"]["deletionTimestamp"].is_null();
    if deleting && str_at(status, "reason") == "NodeLost" {
        reason = "Unknown".into();
    } else if deleting && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".into();
    }

    let restarts = match all.last {
        Some(t) if all.count != 0 => format!("{} ({} ago)", all.count, since(t, now)),
        _ => all.count.to_string(),
    };
    PodSummary {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
    }
}

#[derive(Clone, Copy, Default)]
struct Restarts {
    count: i64,
    /// When the most recent restart's previous run finished, in nanoseconds.
    last: Option<i128>,
}

impl Restarts {
    fn add(&mut self, container_status: &Value) {
        self.count += int_at(container_status, "restartCount");
        let finished = parse_rfc3339_nanos(str_at(
            &container_status["lastState"]["terminated"],
            "finishedAt",
        ));
        if let Some(f) = finished
            && self.last.is_none_or(|l| l < f)
        {
            self.last = Some(f);
        }
    }
}

/// Walks init container statuses up to the first one that has not finished; returns the
/// "Init:..." reason when the pod is still initializing. Started sidecars count as ready.
fn init_containers(
    pod: &Value,
    ready: &mut usize,
    all: &mut Restarts,
    sidecar_restarts: &mut Restarts,
) -> Option<String> {
    let init_specs = arr(&pod["spec"]["initContainers"]);
    for (i, cs) in arr(&pod["status"]["initContainerStatuses"])
        .iter()
        .enumerate()
    {
        all.add(cs);
        let cname = str_at(cs, "name");
        let sidecar = init_specs
            .iter()
            .any(|c| str_at(c, "name") == cname && is_restartable(c));
        if sidecar {
            sidecar_restarts.add(cs);
        }
        let state = &cs["state"];
        let terminated = &state["terminated"];
        let waiting_reason = str_at(&state["waiting"], "reason");
        if terminated.is_object() && int_at(terminated, "exitCode") == 0 {
            continue;
        }
        if sidecar && cs["started"].as_bool() == Some(true) {
            if cs["ready"].as_bool() == Some(true) {
                *ready += 1;
            }
            continue;
        }
        return Some(if terminated.is_object() {
            terminated_reason(terminated, "Init:")
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            format!("Init:{waiting_reason}")
        } else {
            format!("Init:{i}/{}", init_specs.len())
        });
    }
    None
}

fn terminated_reason(terminated: &Value, prefix: &str) -> String {
    match str_at(terminated, "reason") {
        "" => match int_at(terminated, "signal") {
            0 => format!("{prefix}ExitCode:{}", int_at(terminated, "exitCode")),
            sig => format!("{prefix}Signal:{sig}"),
        },
        r => format!("{prefix}{r}"),
    }
}

fn is_restartable(container: &Value) -> bool {
    str_at(container, "restartPolicy") == "Always"
}

/// The printer reads the `PodScheduled` condition; the real API server adds that condition
/// on create whenever `spec.schedulingGates` is set, so gates without any `PodScheduled`
/// condition are treated the same way.
fn scheduling_gated(pod: &Value) -> bool {
    let conditions = arr(&pod["status"]["conditions"]);
    let by_condition = conditions
        .iter()
        .any(|c| str_at(c, "type") == "PodScheduled" && str_at(c, "reason") == "SchedulingGated");
    let has_scheduled_condition = conditions
        .iter()
        .any(|c| str_at(c, "type") == "PodScheduled");
    by_condition || (!arr(&pod["spec"]["schedulingGates"]).is_empty() && !has_scheduled_condition)
}

fn first_condition_true(status: &Value, ty: &str) -> bool {
    arr(&status["conditions"])
        .iter()
        .find(|c| str_at(c, "type") == ty)
        .is_some_and(|c| str_at(c, "status") == "True")
}

fn any_condition_true(status: &Value, ty: &str) -> bool {
    arr(&status["conditions"])
        .iter()
        .any(|c| str_at(c, "type") == ty && str_at(c, "status") == "True")
}

fn deployment_cells(d: &Value, now: i64) -> Vec<Value> {
    let status = &d["status"];
    let (names, images) = container_cells(&d["spec"]["template"]);
    let selector = selector_string(&d["spec"]["selector"]).unwrap_or_else(|| "<invalid>".into());
    vec![
        json!(name(d)),
        json!(format!(
            "{}/{}",
            int_at(status, "readyReplicas"),
            replicas(d)
        )),
        json!(int_at(status, "updatedReplicas")),
        json!(int_at(status, "availableReplicas")),
        json!(age(d, now)),
        json!(names),
        json!(images),
        json!(selector),
    ]
}

fn replica_set_cells(rs: &Value, now: i64) -> Vec<Value> {
    let status = &rs["status"];
    let (names, images) = container_cells(&rs["spec"]["template"]);
    vec![
        json!(name(rs)),
        json!(replicas(rs)),
        json!(int_at(status, "replicas")),
        json!(int_at(status, "readyReplicas")),
        json!(age(rs, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(&rs["spec"]["selector"])),
    ]
}

fn stateful_set_cells(sts: &Value, now: i64) -> Vec<Value> {
    let (names, images) = container_cells(&sts["spec"]["template"]);
    vec![
        json!(name(sts)),
        json!(format!(
            "{}/{}",
            int_at(&sts["status"], "readyReplicas"),
            replicas(sts)
        )),
        json!(age(sts, now)),
        json!(names),
        json!(images),
    ]
}

fn daemon_set_cells(ds: &Value, now: i64) -> Vec<Value> {
    let status = &ds["status"];
    let (names, images) = container_cells(&ds["spec"]["template"]);
    vec![
        json!(name(ds)),
        json!(int_at(status, "desiredNumberScheduled")),
        json!(int_at(status, "currentNumberScheduled")),
        json!(int_at(status, "numberReady")),
        json!(int_at(status, "updatedNumberScheduled")),
        json!(int_at(status, "numberAvailable")),
        json!(format_labels(
            &ds["spec"]["template"]["spec"]["nodeSelector"]
        )),
        json!(age(ds, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(&ds["spec"]["selector"])),
    ]
}

fn job_cells(job: &Value, now: i64) -> Vec<Value> {
    let spec = &job["spec"];
    let status = &job["status"];
    let succeeded = int_at(status, "succeeded");
    let completions = match spec["completions"].as_i64() {
        Some(c) => format!("{succeeded}/{c}"),
        None => match int_at(spec, "parallelism") {
            p if p > 1 => format!("{succeeded}/1 of {p}"),
            _ => format!("{succeeded}/1"),
        },
    };
    let start = parse_rfc3339_nanos(str_at(status, "startTime"));
    let end = parse_rfc3339_nanos(str_at(status, "completionTime"));
    let duration = match (start, end) {
        (None, _) => String::new(),
        (Some(s), None) => since(s, now),
        (Some(s), Some(e)) => human_duration(nanos_to_secs(e - s)),
    };
    let has = |ty: &str| first_condition_true(status, ty);
    let state = if has("Complete") {
        "Complete"
    } else if has("Failed") {
        "Failed"
    } else if !job["metadata"]["deletionTimestamp"].is_null() {
        "Terminating"
    } else if has("Suspended") {
        "Suspended"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    };
    let (names, images) = container_cells(&spec["template"]);
    vec![
        json!(name(job)),
        json!(state),
        json!(completions),
        json!(duration),
        json!(age(job, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(&spec["selector"])),
    ]
}

fn cron_job_cells(cj: &Value, now: i64) -> Vec<Value> {
    let spec = &cj["spec"];
    let last_schedule = match parse_rfc3339_nanos(str_at(&cj["status"], "lastScheduleTime")) {
        Some(t) => since(t, now),
        None => "<none>".into(),
    };
    // The server defaults `suspend` to false, so an absent value prints like false.
    let suspend = if spec["suspend"].as_bool() == Some(true) {
        "True"
    } else {
        "False"
    };
    let job_spec = &spec["jobTemplate"]["spec"];
    let (names, images) = container_cells(&job_spec["template"]);
    vec![
        json!(name(cj)),
        json!(str_at(spec, "schedule")),
        json!(or_none(str_at(spec, "timeZone"))),
        json!(suspend),
        json!(arr(&cj["status"]["active"]).len()),
        json!(last_schedule),
        json!(age(cj, now)),
        json!(names),
        json!(images),
        json!(format_label_selector(&job_spec["selector"])),
    ]
}

fn service_cells(svc: &Value, now: i64) -> Vec<Value> {
    let spec = &svc["spec"];
    // Objects that skipped the server's defaulting still print as the default type.
    let ty = match str_at(spec, "type") {
        "" => "ClusterIP",
        t => t,
    };
    let cluster_ip = arr(&spec["clusterIPs"])
        .first()
        .and_then(Value::as_str)
        .unwrap_or_else(|| str_at(spec, "clusterIP"));
    let ports: Vec<String> = arr(&spec["ports"])
        .iter()
        .map(|p| {
            let protocol = match str_at(p, "protocol") {
                "" => "TCP",
                proto => proto,
            };
            let port = int_at(p, "port");
            match int_at(p, "nodePort") {
                np if np > 0 => format!("{port}:{np}/{protocol}"),
                _ => format!("{port}/{protocol}"),
            }
        })
        .collect();
    let ports = if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(",")
    };
    vec![
        json!(name(svc)),
        json!(ty),
        json!(or_none(cluster_ip)),
        json!(service_external_ip(svc, ty)),
        json!(ports),
        json!(age(svc, now)),
        json!(format_labels(&spec["selector"])),
    ]
}

fn service_external_ip(svc: &Value, ty: &str) -> String {
    let external: Vec<&str> = arr(&svc["spec"]["externalIPs"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    match ty {
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                "<none>".into()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            // Ingress points are de-duplicated and sorted; no truncation since the server
            // always renders the wide form.
            let mut lb: Vec<&str> = arr(&svc["status"]["loadBalancer"]["ingress"])
                .iter()
                .map(|i| match str_at(i, "ip") {
                    "" => str_at(i, "hostname"),
                    ip => ip,
                })
                .filter(|s| !s.is_empty())
                .collect();
            lb.sort_unstable();
            lb.dedup();
            lb.extend(external);
            if lb.is_empty() {
                "<pending>".into()
            } else {
                lb.join(",")
            }
        }
        "ExternalName" => str_at(&svc["spec"], "externalName").to_string(),
        _ => "<unknown>".into(),
    }
}

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

fn endpoints_cells(ep: &Value, now: i64) -> Vec<Value> {
    vec![
        json!(name(ep)),
        json!(format_endpoints(ep)),
        json!(age(ep, now)),
    ]
}

/// At most three addresses are listed; the rest are summarized as "+ N more...".
fn format_endpoints(ep: &Value) -> String {
    const MAX: usize = 3;
    let subsets = arr(&ep["subsets"]);
    if subsets.is_empty() {
        return "<none>".into();
    }
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0usize;
    for ss in subsets {
        let addresses = arr(&ss["addresses"]);
        let ports = arr(&ss["ports"]);
        if ports.is_empty() {
            // Headless services may have addresses without ports.
            count += addresses.len();
            for a in addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(str_at(a, "ip").to_string());
            }
            continue;
        }
        for port in ports {
            count += addresses.len();
            for a in addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(join_host_port(str_at(a, "ip"), int_at(port, "port")));
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - MAX)
    } else {
        joined
    }
}

fn join_host_port(host: &str, port: i64) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn config_map_cells(cm: &Value, now: i64) -> Vec<Value> {
    let n = obj_len(&cm["data"]) + obj_len(&cm["binaryData"]);
    vec![json!(name(cm)), json!(n), json!(age(cm, now))]
}

fn secret_cells(secret: &Value, now: i64) -> Vec<Value> {
    let ty = match str_at(secret, "type") {
        "" => "Opaque",
        t => t,
    };
    vec![
        json!(name(secret)),
        json!(ty),
        json!(obj_len(&secret["data"])),
        json!(age(secret, now)),
    ]
}

fn service_account_cells(sa: &Value, now: i64) -> Vec<Value> {
    vec![
        json!(name(sa)),
        json!(arr(&sa["secrets"]).len()),
        json!(age(sa, now)),
    ]
}

fn created_at_cells(obj: &Value, _now: i64) -> Vec<Value> {
    let created = parse_rfc3339_nanos(str_at(&obj["metadata"], "creationTimestamp"));
    // Go formats a missing timestamp as its zero time.
    let text = created.map_or_else(|| "0001-01-01T00:00:00Z".to_string(), format_rfc3339);
    vec![json!(name(obj)), json!(text)]
}

fn default_cells(obj: &Value, now: i64) -> Vec<Value> {
    vec![json!(name(obj)), json!(age(obj, now))]
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers shared by printers
// ---------------------------------------------------------------------------------------------

fn container_cells(template: &Value) -> (String, String) {
    let containers = arr(&template["spec"]["containers"]);
    let names: Vec<&str> = containers.iter().map(|c| str_at(c, "name")).collect();
    let images: Vec<&str> = containers.iter().map(|c| str_at(c, "image")).collect();
    (names.join(","), images.join(","))
}

/// `spec.replicas` as the server would have defaulted it.
fn replicas(obj: &Value) -> i64 {
    obj["spec"]["replicas"].as_i64().unwrap_or(1)
}

/// `labels.FormatLabels`: sorted `k=v` pairs, or `<none>`.
fn format_labels(map: &Value) -> String {
    let Some(m) = map.as_object().filter(|m| !m.is_empty()) else {
        return "<none>".into();
    };
    let mut pairs: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect();
    pairs.sort();
    pairs.join(",")
}

/// `metav1.FormatLabelSelector`: the selector string, `<none>` when it selects everything.
fn format_label_selector(selector: &Value) -> String {
    match selector_string(selector) {
        None => "<error>".into(),
        Some(s) if s.is_empty() => "<none>".into(),
        Some(s) => s,
    }
}

/// `LabelSelectorAsSelector(...).String()`: requirements sorted by key; `None` when an
/// operator is unknown (the Go conversion fails then).
fn selector_string(selector: &Value) -> Option<String> {
    let mut reqs: Vec<(String, String)> = Vec::new();
    if let Some(labels) = selector["matchLabels"].as_object() {
        for (k, v) in labels {
            reqs.push((k.clone(), format!("{k}={}", v.as_str().unwrap_or_default())));
        }
    }
    for expr in arr(&selector["matchExpressions"]) {
        let key = str_at(expr, "key");
        let mut values: Vec<&str> = arr(&expr["values"])
            .iter()
            .filter_map(Value::as_str)
            .collect();
        values.sort_unstable();
        let text = match str_at(expr, "operator") {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.to_string(),
            "DoesNotExist" => format!("!{key}"),
            _ => return None,
        };
        reqs.push((key.to_string(), text));
    }
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    Some(
        reqs.into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(","),
    )
}

fn name(obj: &Value) -> &str {
    str_at(&obj["metadata"], "name")
}

fn age(obj: &Value, now: i64) -> String {
    since_opt(
        parse_rfc3339_nanos(str_at(&obj["metadata"], "creationTimestamp")),
        now,
    )
}

fn since_opt(t: Option<i128>, now: i64) -> String {
    t.map_or_else(|| "<unknown>".into(), |t| since(t, now))
}

fn since(t_nanos: i128, now: i64) -> String {
    human_duration(nanos_to_secs(i128::from(now) * NANOS - t_nanos))
}

/// Truncates toward zero, as Go's `int(d.Seconds())` does.
fn nanos_to_secs(d: i128) -> i64 {
    i64::try_from(d / NANOS).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "<none>" } else { s }
}

fn arr(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn int_at(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or_default()
}

fn obj_len(v: &Value) -> usize {
    v.as_object().map_or(0, Map::len)
}

// ---------------------------------------------------------------------------------------------
// RFC 3339 timestamps
// ---------------------------------------------------------------------------------------------

const NANOS: i128 = 1_000_000_000;

/// Parses `2026-11-22T00:20:09Z`, with optional fraction and numeric offset, into nanoseconds
/// since the Unix epoch. Anything else (including empty) is `None`, which prints as unknown.
fn parse_rfc3339_nanos(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    let num = |from: usize, to: usize| -> Option<i64> {
        let digits = b.get(from..to)?;
        digits.iter().try_fold(0i64, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
        })
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }

    let mut i = 19;
    let mut frac: i128 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            // Digits past nanosecond precision do not change the result.
            if i - start < 9 {
                frac = frac * 10 + i128::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..9 {
            frac *= 10;
        }
    }

    let offset_secs = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && sep(i + 3, b":") => {
            let (oh, om) = (num(i + 1, i + 3)?, num(i + 4, i + 6)?);
            let off = oh * 3600 + om * 60;
            if sign == b'-' { -off } else { off }
        }
        _ => return None,
    };

    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    Some(i128::from(secs) * NANOS + frac)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Formats as Go's `time.RFC3339` in UTC, dropping fractional seconds.
fn format_rfc3339(nanos: i128) -> String {
    let secs = i64::try_from(nanos.div_euclid(NANOS)).unwrap_or_default();
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-22T00:20:09Z
    const NOW: i64 = 1_795_306_809;

    fn ts(secs_ago: i64) -> String {
        format_rfc3339(i128::from(NOW - secs_ago) * NANOS)
    }

    fn list(kind: &str, obj: &Value) -> Value {
        table(
            kind,
            std::slice::from_ref(obj),
            NOW,
            IncludeObject::None,
            json!({}),
        )
    }

    fn cells(kind: &str, obj: &Value) -> Vec<Value> {
        list(kind, obj)["rows"][0]["cells"]
            .as_array()
            .cloned()
            .unwrap()
    }

    fn pod(spec: Value, status: Value) -> Value {
        let mut p = json!({
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": ts(300)},
        });
        p["spec"] = spec;
        p["status"] = status;
        p
    }

    fn one_container() -> Value {
        json!({"containers": [{"name": "app", "image": "nginx"}]})
    }

    fn pod_status(spec: Value, status: Value) -> String {
        cells("Pod", &pod(spec, status))[2]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn app(state: Value, ready: bool, restarts: i64) -> Value {
        let mut cs = json!({"name": "app", "ready": ready, "restartCount": restarts});
        cs["state"] = state;
        cs
    }

    fn waiting(reason: &str) -> Value {
        json!({"waiting": {"reason": reason}})
    }

    fn terminated(exit_code: i64, reason: &str) -> Value {
        json!({"terminated": {"exitCode": exit_code, "reason": reason}})
    }

    fn running_pod_with(statuses: Value) -> String {
        let mut status = json!({"phase": "Running"});
        status["containerStatuses"] = statuses;
        pod_status(one_container(), status)
    }

    fn names_and_priorities(t: &Value) -> Vec<(&str, i64)> {
        t["columnDefinitions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["name"].as_str().unwrap(), d["priority"].as_i64().unwrap()))
            .collect()
    }

    #[test]
    fn timestamp_parsing_round_trips() {
        let now = i128::from(NOW) * NANOS;
        assert_eq!(format_rfc3339(now), "2026-11-22T00:20:09Z");
        assert_eq!(parse_rfc3339_nanos("2026-11-22T00:20:09Z"), Some(now));
        assert_eq!(
            parse_rfc3339_nanos("2026-11-22T01:20:09.5+01:00"),
            Some(now + 500_000_000)
        );
        assert_eq!(parse_rfc3339_nanos("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_nanos("2024-02-29T00:00:00Z"),
            Some(1_709_164_800 * NANOS)
        );
        assert_eq!(parse_rfc3339_nanos(""), None);
        assert_eq!(parse_rfc3339_nanos("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_nanos("2026-11-22T00:20:09"), None);
    }

    #[test]
    fn human_duration_boundaries() {
        let cases = [
            (-5, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (123, "2m3s"),
            (599, "9m59s"),
            (600, "10m"),
            (720, "12m"),
            (3 * 3600 - 1, "179m"),
            (3 * 3600, "3h"),
            (5 * 3600 + 30 * 60, "5h30m"),
            (8 * 3600, "8h"),
            (47 * 3600 + 59 * 60, "47h"),
            (48 * 3600, "2d"),
            (3 * 86_400 + 4 * 3600, "3d4h"),
            (8 * 86_400, "8d"),
            (120 * 86_400, "120d"),
            (729 * 86_400, "729d"),
            (730 * 86_400, "2y"),
            (760 * 86_400, "2y30d"),
            (8 * 365 * 86_400, "8y"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(secs), want, "{secs}s");
        }
    }

    #[test]
    fn pod_running_ready() {
        let status = json!({
            "phase": "Running",
            "podIP": "10.244.0.5",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [app(json!({"running": {}}), true, 0)],
        });
        let c = cells("Pod", &pod(one_container(), status));
        let want = [
            "web-0",
            "1/1",
            "Running",
            "0",
            "5m",
            "10.244.0.5",
            "<none>",
            "<none>",
        ];
        assert_eq!(c[..8], want.map(|w| json!(w)));
        assert_eq!(c[8], json!("<none>"));
    }

    #[test]
    fn pod_pending_and_container_creating() {
        assert_eq!(
            pod_status(one_container(), json!({"phase": "Pending"})),
            "Pending"
        );
        let mut status = json!({"phase": "Pending"});
        status["containerStatuses"] = json!([app(waiting("ContainerCreating"), false, 0)]);
        assert_eq!(pod_status(one_container(), status), "ContainerCreating");
    }

    #[test]
    fn pod_waiting_reasons_pass_through() {
        for reason in [
            "ImagePullBackOff",
            "ErrImagePull",
            "CreateContainerConfigError",
        ] {
            assert_eq!(
                running_pod_with(json!([app(waiting(reason), false, 0)])),
                reason
            );
        }
    }

    #[test]
    fn pod_crash_loop_with_recent_restart() {
        let mut cs = app(waiting("CrashLoopBackOff"), false, 5);
        cs["lastState"] = terminated(1, "Error");
        cs["lastState"]["terminated"]["finishedAt"] = json!(ts(120));
        let mut status = json!({"phase": "Running"});
        status["containerStatuses"] = json!([cs]);
        let c = cells("Pod", &pod(one_container(), status));
        assert_eq!(
            c[1..4],
            [json!("0/1"), json!("CrashLoopBackOff"), json!("5 (2m ago)")]
        );
    }

    #[test]
    fn pod_restarts_without_finish_time_have_no_suffix() {
        let mut status = json!({"phase": "Running"});
        status["containerStatuses"] = json!([app(json!({"running": {}}), true, 3)]);
        assert_eq!(cells("Pod", &pod(one_container(), status))[3], json!("3"));
    }

    #[test]
    fn pod_terminated_reasons() {
        let cases = [
            (terminated(137, "OOMKilled"), "OOMKilled"),
            (terminated(0, "Completed"), "Completed"),
            (terminated(1, "Error"), "Error"),
            (terminated(2, ""), "ExitCode:2"),
            (
                json!({"terminated": {"exitCode": 0, "signal": 9}}),
                "Signal:9",
            ),
        ];
        for (state, want) in cases {
            assert_eq!(running_pod_with(json!([app(state, false, 0)])), want);
        }
    }

    #[test]
    fn pod_init_progress_and_failures() {
        let spec = json!({
            "initContainers": [{"name": "a", "image": "busybox"}, {"name": "b", "image": "bb"}],
            "containers": [{"name": "app", "image": "nginx"}],
        });
        let init = |a: Value, b: Value| {
            json!({"phase": "Pending", "initContainerStatuses": [
                {"name": "a", "restartCount": 0, "state": a},
                {"name": "b", "restartCount": 0, "state": b},
            ]})
        };
        let running = json!({"running": {}});
        let done = terminated(0, "Completed");
        let pod_init = waiting("PodInitializing");
        let signaled = json!({"terminated": {"exitCode": 143, "signal": 15}});
        // A zero exit code means done, even when a signal is recorded.
        let zero_signaled = json!({"terminated": {"exitCode": 0, "signal": 15}});
        let cases = [
            (init(running.clone(), pod_init.clone()), "Init:0/2"),
            (init(done.clone(), running), "Init:1/2"),
            (init(zero_signaled, pod_init.clone()), "Init:1/2"),
            (
                init(waiting("CrashLoopBackOff"), pod_init.clone()),
                "Init:CrashLoopBackOff",
            ),
            (init(terminated(1, "Error"), pod_init.clone()), "Init:Error"),
            (init(terminated(3, ""), pod_init.clone()), "Init:ExitCode:3"),
            (init(signaled, pod_init.clone()), "Init:Signal:15"),
            (init(done, pod_init), "Init:1/2"),
        ];
        for (status, want) in cases {
            assert_eq!(pod_status(spec.clone(), status), want);
        }
    }

    #[test]
    fn pod_initializing_after_init_done() {
        let spec = json!({
            "initContainers": [{"name": "a", "image": "busybox"}],
            "containers": [{"name": "app", "image": "nginx"}],
        });
        let mut status = json!({"phase": "Pending"});
        status["initContainerStatuses"] =
            json!([{"name": "a", "state": terminated(0, "Completed")}]);
        status["containerStatuses"] = json!([app(waiting("PodInitializing"), false, 0)]);
        assert_eq!(pod_status(spec, status), "PodInitializing");
    }

    #[test]
    fn pod_sidecar_counts_toward_ready_and_restarts() {
        let spec = json!({
            "initContainers": [{"name": "proxy", "image": "envoy", "restartPolicy": "Always"}],
            "containers": [{"name": "app", "image": "nginx"}],
        });
        let mut status = json!({
            "phase": "Running",
            "conditions": [
                {"type": "Initialized", "status": "True"},
                {"type": "Ready", "status": "True"},
            ],
            "initContainerStatuses": [{
                "name": "proxy", "ready": true, "started": true, "restartCount": 2,
                "state": {"running": {}},
                "lastState": {"terminated": {"exitCode": 1, "finishedAt": ts(600)}},
            }],
        });
        status["containerStatuses"] = json!([app(json!({"running": {}}), true, 1)]);
        let c = cells("Pod", &pod(spec, status));
        assert_eq!(
            c[1..4],
            [json!("2/2"), json!("Running"), json!("3 (10m ago)")]
        );
    }

    #[test]
    fn pod_not_ready_when_one_container_completed() {
        let spec = json!({"containers": [{"name": "job", "image": "a"}, {"name": "app"}]});
        let status = |ready: &str| {
            let job = json!({"name": "job", "ready": false, "state": terminated(0, "Completed")});
            json!({
                "phase": "Running",
                "conditions": [{"type": "Ready", "status": ready}],
                "containerStatuses": [job, app(json!({"running": {}}), true, 0)],
            })
        };
        assert_eq!(pod_status(spec.clone(), status("False")), "NotReady");
        assert_eq!(pod_status(spec, status("True")), "Running");
    }

    #[test]
    fn pod_terminating_and_node_lost() {
        let mut p = pod(one_container(), json!({"phase": "Running"}));
        p["metadata"]["deletionTimestamp"] = json!(ts(10));
        assert_eq!(cells("Pod", &p)[2], json!("Terminating"));
        p["status"]["reason"] = json!("NodeLost");
        assert_eq!(cells("Pod", &p)[2], json!("Unknown"));
        let mut done = pod(one_container(), json!({"phase": "Succeeded"}));
        done["metadata"]["deletionTimestamp"] = json!(ts(10));
        assert_eq!(cells("Pod", &done)[2], json!("Succeeded"));
    }

    #[test]
    fn pod_scheduling_gated() {
        let gated = json!({"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"});
        let by_condition = json!({"phase": "Pending", "conditions": [gated]});
        assert_eq!(pod_status(one_container(), by_condition), "SchedulingGated");
        let mut spec = one_container();
        spec["schedulingGates"] = json!([{"name": "example.com/gate"}]);
        assert_eq!(
            pod_status(spec, json!({"phase": "Pending"})),
            "SchedulingGated"
        );
    }

    #[test]
    fn pod_wide_columns_and_readiness_gates() {
        let mut spec = one_container();
        spec["nodeName"] = json!("node-1");
        spec["readinessGates"] = json!([{"conditionType": "a"}, {"conditionType": "b"}]);
        let status = json!({
            "phase": "Running",
            "podIPs": [{"ip": "10.0.0.9"}, {"ip": "fd00::9"}],
            "nominatedNodeName": "node-2",
            "conditions": [{"type": "a", "status": "True"}, {"type": "b", "status": "False"}],
        });
        let c = cells("Pod", &pod(spec, status));
        assert_eq!(
            c[5..],
            ["10.0.0.9", "node-1", "node-2", "1/2"].map(|w| json!(w))
        );
    }

    #[test]
    fn pod_rows_of_finished_pods_carry_completed_condition() {
        let t = list("Pod", &pod(one_container(), json!({"phase": "Succeeded"})));
        assert_eq!(t["rows"][0]["conditions"][0]["type"], json!("Completed"));
        assert_eq!(t["rows"][0]["conditions"][0]["reason"], json!("Succeeded"));
        let running = list("Pod", &pod(one_container(), json!({"phase": "Running"})));
        assert!(running["rows"][0].get("conditions").is_none());
    }

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
    fn deployment_and_replica_set_cells() {
        let template = json!({"spec": {"containers": [
            {"name": "web", "image": "nginx:1.27"},
            {"name": "log", "image": "fluentbit"},
        ]}});
        let mut d = json!({
            "metadata": {"name": "web", "creationTimestamp": ts(3 * 86_400 + 4 * 3600)},
            "spec": {"replicas": 3, "selector": {
                "matchLabels": {"app": "web"},
                "matchExpressions": [{"key": "tier", "operator": "In", "values": ["b", "a"]}],
            }},
            "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2},
        });
        d["spec"]["template"] = template.clone();
        assert_eq!(
            cells("Deployment", &d),
            [
                json!("web"),
                json!("2/3"),
                json!(3),
                json!(2),
                json!("3d4h"),
                json!("web,log"),
                json!("nginx:1.27,fluentbit"),
                json!("app=web,tier in (a,b)"),
            ]
        );
        let mut rs = json!({
            "metadata": {"name": "web-5d9c", "creationTimestamp": ts(60)},
            "spec": {"replicas": 3, "selector": {}},
            "status": {"replicas": 3, "readyReplicas": 1},
        });
        rs["spec"]["template"] = template;
        let c = cells("ReplicaSet", &rs);
        assert_eq!(
            c[..5],
            [
                json!("web-5d9c"),
                json!(3),
                json!(3),
                json!(1),
                json!("60s")
            ]
        );
        assert_eq!(c[7], json!("<none>"));
    }

    #[test]
    fn service_ports_and_cluster_ip() {
        let svc = json!({
            "metadata": {"name": "kube-dns", "creationTimestamp": ts(5)},
            "spec": {
                "type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
                "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
                "selector": {"k8s-app": "kube-dns"},
            },
        });
        let want = [
            "kube-dns",
            "ClusterIP",
            "10.96.0.10",
            "<none>",
            "53/UDP,53/TCP",
            "5s",
        ];
        assert_eq!(cells("Service", &svc)[..6], want.map(|w| json!(w)));
        assert_eq!(cells("Service", &svc)[6], json!("k8s-app=kube-dns"));
        let np = json!({"metadata": {"name": "np"}, "spec": {
            "type": "NodePort", "clusterIP": "10.96.1.1",
            "ports": [{"port": 80, "nodePort": 30080}, {"port": 443, "nodePort": 30443}],
        }});
        let c = cells("Service", &np);
        assert_eq!(c[4], json!("80:30080/TCP,443:30443/TCP"));
        assert_eq!(c[6], json!("<none>"));
        let headless = json!({"metadata": {"name": "h"}, "spec": {"clusterIP": "None"}});
        let c = cells("Service", &headless);
        assert_eq!(
            c[1..5],
            ["ClusterIP", "None", "<none>", "<none>"].map(|w| json!(w))
        );
    }

    #[test]
    fn service_external_ips() {
        let svc = |spec: Value, status: Value| {
            let mut s = json!({"metadata": {"name": "s"}});
            s["spec"] = spec;
            s["status"] = status;
            cells("Service", &s)[3].clone()
        };
        let pending = svc(json!({"type": "LoadBalancer"}), json!({}));
        assert_eq!(pending, json!("<pending>"));
        let ingress = json!([{"ip": "203.0.113.9"}, {"hostname": "a.example.com"}]);
        let lb = svc(
            json!({"type": "LoadBalancer", "externalIPs": ["1.1.1.1"]}),
            json!({"loadBalancer": {"ingress": ingress}}),
        );
        assert_eq!(lb, json!("203.0.113.9,a.example.com,1.1.1.1"));
        let ext = svc(
            json!({"type": "ExternalName", "externalName": "db.example.com"}),
            json!({}),
        );
        assert_eq!(ext, json!("db.example.com"));
        let cip = svc(
            json!({"type": "ClusterIP", "externalIPs": ["1.2.3.4", "5.6.7.8"]}),
            json!({}),
        );
        assert_eq!(cip, json!("1.2.3.4,5.6.7.8"));
    }

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
    fn endpoints_truncation() {
        let ep = |ips: &[&str], ports: Value| {
            let addresses: Vec<Value> = ips.iter().map(|ip| json!({"ip": ip})).collect();
            let mut subset = json!({"addresses": addresses});
            if !ports.is_null() {
                subset["ports"] = ports;
            }
            let e = json!({"metadata": {"name": "e"}, "subsets": [subset]});
            cells("Endpoints", &e)[1].clone()
        };
        let http = json!([{"port": 80}]);
        assert_eq!(
            ep(&["10.0.0.1", "10.0.0.2"], http.clone()),
            json!("10.0.0.1:80,10.0.0.2:80")
        );
        let six = [
            "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6",
        ];
        assert_eq!(
            ep(&six, http),
            json!("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...")
        );
        let two_ports = json!([{"port": 80}, {"port": 443}]);
        assert_eq!(
            ep(&["10.0.0.1", "fd00::1"], two_ports),
            json!("10.0.0.1:80,[fd00::1]:80,10.0.0.1:443 + 1 more...")
        );
        assert_eq!(ep(&["10.0.0.7"], Value::Null), json!("10.0.0.7"));
        let empty = json!({"metadata": {"name": "e"}, "subsets": []});
        assert_eq!(cells("Endpoints", &empty)[1], json!("<none>"));
        assert_eq!(
            cells("Endpoints", &json!({"metadata": {"name": "e"}}))[1],
            json!("<none>")
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

    #[test]
    fn config_map_secret_and_namespace() {
        let cm = json!({
            "metadata": {"name": "cfg", "creationTimestamp": ts(0)},
            "data": {"a": "1", "b": "2"},
            "binaryData": {"c": "AA=="},
        });
        assert_eq!(
            cells("ConfigMap", &cm),
            [json!("cfg"), json!(3), json!("0s")]
        );
        let secret = json!({
            "metadata": {"name": "tls"},
            "type": "kubernetes.io/tls",
            "data": {"tls.crt": "", "tls.key": ""},
        });
        let want = [
            json!("tls"),
            json!("kubernetes.io/tls"),
            json!(2),
            json!("<unknown>"),
        ];
        assert_eq!(cells("Secret", &secret), want);
        let ns = json!({
            "metadata": {"name": "kube-system", "creationTimestamp": ts(5 * 3600)},
            "status": {"phase": "Terminating"},
        });
        assert_eq!(
            cells("Namespace", &ns),
            ["kube-system", "Terminating", "5h"].map(|w| json!(w))
        );
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

    #[test]
    fn workload_printers() {
        let template = json!({"spec": {"containers": [{"name": "c", "image": "i"}]}});
        let mut sts = json!({"metadata": {"name": "db"}, "spec": {"replicas": 3}});
        sts["spec"]["template"] = template.clone();
        sts["status"] = json!({"readyReplicas": 2});
        assert_eq!(
            cells("StatefulSet", &sts)[1..],
            ["2/3", "<unknown>", "c", "i"].map(|w| json!(w))
        );
        let mut job = json!({"metadata": {"name": "j"}, "spec": {"completions": 1}});
        job["status"] = json!({
            "succeeded": 1,
            "startTime": ts(200),
            "completionTime": ts(80),
            "conditions": [{"type": "Complete", "status": "True"}],
        });
        assert_eq!(
            cells("Job", &job)[1..4],
            ["Complete", "1/1", "2m"].map(|w| json!(w))
        );
        let cj = json!({
            "metadata": {"name": "cj"},
            "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {}}},
            "status": {"active": [{"name": "j"}], "lastScheduleTime": ts(45)},
        });
        let c = cells("CronJob", &cj);
        let want = [
            json!("*/5 * * * *"),
            json!("<none>"),
            json!("False"),
            json!(1),
            json!("45s"),
        ];
        assert_eq!(c[1..6], want);
    }
}
