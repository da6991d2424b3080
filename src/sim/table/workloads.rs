//! The workload printers: `Deployment`, `ReplicaSet`, `StatefulSet`, `DaemonSet`, `Job` and
//! `CronJob` columns and cells, with the template container/image summary they share.
//!
//! It owns these kinds' cells only; it must not build the Table envelope or rows (see `mod`).

use super::Printer;
use super::columns::{AGE_COL, CONTAINERS_COL, IMAGES_COL, NAME_COL, SELECTOR_COL, col};
use super::format::{
    age, arr, format_label_selector, format_labels, int_at, name, nanos_to_secs, or_none,
    selector_string, since, str_at,
};
use super::pods::first_condition_true;
use super::time::{human_duration, parse_rfc3339_nanos};
use serde_json::{Value, json};

pub(super) static DEPLOYMENT: Printer = Printer {
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

pub(super) static REPLICA_SET: Printer = Printer {
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

pub(super) static STATEFUL_SET: Printer = Printer {
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

pub(super) static DAEMON_SET: Printer = Printer {
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

pub(super) static JOB: Printer = Printer {
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

pub(super) static CRON_JOB: Printer = Printer {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::table::test_support::{cells, ts};

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
