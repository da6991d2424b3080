//! The Pod printer: its columns and the STATUS/READY/RESTARTS cells, computed the way the
//! server's pod printer does (init containers, sidecars, terminating and node-lost pods,
//! scheduling gates, readiness gates).
//!
//! It owns pod cells only; it must not build the Table envelope or rows (see `mod`).

use super::Printer;
use super::columns::{AGE_COL, NAME_COL, col, wide};
use super::format::{age, arr, int_at, name, or_none, since, str_at};
use super::time::parse_rfc3339_nanos;
use serde_json::{Value, json};

pub(super) static POD: Printer = Printer {
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

pub(super) fn first_condition_true(status: &Value, ty: &str) -> bool {
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

#[cfg(test)]
#[path = "pods_tests.rs"]
mod tests;
