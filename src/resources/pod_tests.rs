//! The pod STATUS / READY / RESTARTS table, checked against what kubectl 1.32 prints.

#![allow(clippy::needless_pass_by_value)]

use serde_json::{Value, json};

use super::*;
use crate::resources::wire::through_openapi;

const NOW: i64 = 1_700_000_000;

fn ts(seconds_ago: i64) -> String {
    jiff::Timestamp::from_second(NOW - seconds_ago)
        .unwrap()
        .to_string()
}

/// A pod with the given app containers, init containers (`true` = restartable sidecar) and
/// status, created an hour before `NOW`.
fn pod(containers: &[&str], init: &[(&str, bool)], status: Value) -> PodWire {
    let containers: Vec<Value> = containers.iter().map(|n| json!({"name": n})).collect();
    let init: Vec<Value> = init
        .iter()
        .map(|(n, sidecar)| {
            if *sidecar {
                json!({"name": n, "restartPolicy": "Always"})
            } else {
                json!({"name": n})
            }
        })
        .collect();
    through_openapi::<k8s_openapi::api::core::v1::Pod, _>(json!({
        "metadata": {
            "name": "web-1", "namespace": "prod",
            "creationTimestamp": ts(3600),
            "labels": {"app": "web"}
        },
        "spec": {"containers": containers, "initContainers": init, "nodeName": "node-a"},
        "status": status,
    }))
}

fn running(name: &str, ready: bool, restarts: i32) -> Value {
    json!({"name": name, "image": "i", "imageID": "", "ready": ready, "restartCount": restarts,
           "started": true, "state": {"running": {"startedAt": ts(600)}}})
}

fn waiting(name: &str, reason: &str, restarts: i32) -> Value {
    json!({"name": name, "image": "i", "imageID": "", "ready": false, "restartCount": restarts,
           "started": false, "state": {"waiting": {"reason": reason}}})
}

fn terminated(name: &str, reason: Option<&str>, exit: i32, signal: i32) -> Value {
    let mut t = json!({"exitCode": exit, "finishedAt": ts(30)});
    if let Some(r) = reason {
        t["reason"] = json!(r);
    }
    if signal != 0 {
        t["signal"] = json!(signal);
    }
    json!({"name": name, "image": "i", "imageID": "", "ready": false, "restartCount": 0,
           "started": false, "state": {"terminated": t}})
}

fn last_exit(mut cs: Value, seconds_ago: i64) -> Value {
    cs["lastState"] = json!({"terminated": {"exitCode": 1, "finishedAt": ts(seconds_ago)}});
    cs
}

fn cond(type_: &str, status: &str) -> Value {
    json!({"type": type_, "status": status})
}

fn deleting(mut p: PodWire) -> PodWire {
    p.metadata.object.deletion_timestamp =
        Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
            jiff::Timestamp::from_second(NOW - 5).unwrap(),
        ));
    p
}

struct Case {
    name: &'static str,
    pod: PodWire,
    status: &'static str,
    ready: &'static str,
    restarts: &'static str,
}

fn case(name: &'static str, pod: PodWire, status: &'static str, ready: &'static str) -> Case {
    Case {
        name,
        pod,
        status,
        ready,
        restarts: "0",
    }
}

fn restarted(mut c: Case, restarts: &'static str) -> Case {
    c.restarts = restarts;
    c
}

#[allow(clippy::too_many_lines)]
fn cases() -> Vec<Case> {
    vec![
        case(
            "pending, no status yet",
            pod(&["app"], &[], json!({"phase": "Pending"})),
            "Pending",
            "0/1",
        ),
        case(
            "scheduling gated",
            pod(
                &["app"],
                &[],
                json!({"phase": "Pending", "conditions": [
                {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}),
            ),
            "SchedulingGated",
            "0/1",
        ),
        case(
            "container creating",
            pod(
                &["app"],
                &[],
                json!({"phase": "Pending",
                "containerStatuses": [waiting("app", "ContainerCreating", 0)]}),
            ),
            "ContainerCreating",
            "0/1",
        ),
        case(
            "running and ready",
            pod(
                &["app"],
                &[],
                json!({"phase": "Running", "containerStatuses": [running("app", true, 0)]}),
            ),
            "Running",
            "1/1",
        ),
        case(
            "running, readiness failing",
            pod(
                &["app"],
                &[],
                json!({"phase": "Running", "containerStatuses": [running("app", false, 0)]}),
            ),
            "Running",
            "0/1",
        ),
        restarted(
            case(
                "crash loop with last restart two minutes ago",
                pod(
                    &["app"],
                    &[],
                    json!({"phase": "Running", "containerStatuses": [
                    last_exit(waiting("app", "CrashLoopBackOff", 5), 125)]}),
                ),
                "CrashLoopBackOff",
                "0/1",
            ),
            "5 (2m5s ago)",
        ),
        case(
            "image pull back-off",
            pod(
                &["app"],
                &[],
                json!({"phase": "Pending", "containerStatuses": [waiting("app", "ImagePullBackOff", 0)]}),
            ),
            "ImagePullBackOff",
            "0/1",
        ),
        case(
            "image pull error",
            pod(
                &["app"],
                &[],
                json!({"phase": "Pending", "containerStatuses": [waiting("app", "ErrImagePull", 0)]}),
            ),
            "ErrImagePull",
            "0/1",
        ),
        case(
            "OOM killed",
            pod(
                &["app"],
                &[],
                json!({"phase": "Running", "containerStatuses": [terminated("app", Some("OOMKilled"), 137, 0)]}),
            ),
            "OOMKilled",
            "0/1",
        ),
        case(
            "completed job pod",
            pod(
                &["app"],
                &[],
                json!({"phase": "Succeeded", "containerStatuses": [terminated("app", Some("Completed"), 0, 0)]}),
            ),
            "Completed",
            "0/1",
        ),
        case(
            "failed container",
            pod(
                &["app"],
                &[],
                json!({"phase": "Failed", "containerStatuses": [terminated("app", Some("Error"), 1, 0)]}),
            ),
            "Error",
            "0/1",
        ),
        case(
            "terminated without reason shows the exit code",
            pod(
                &["app"],
                &[],
                json!({"phase": "Failed", "containerStatuses": [terminated("app", None, 2, 0)]}),
            ),
            "ExitCode:2",
            "0/1",
        ),
        case(
            "terminated by a signal without reason",
            pod(
                &["app"],
                &[],
                json!({"phase": "Failed", "containerStatuses": [terminated("app", None, 137, 9)]}),
            ),
            "Signal:9",
            "0/1",
        ),
        case(
            "first of two init containers running",
            pod(
                &["app"],
                &[("init-a", false), ("init-b", false)],
                json!({"phase": "Pending",
                "initContainerStatuses": [running("init-a", false, 0), waiting("init-b", "PodInitializing", 0)],
                "containerStatuses": [waiting("app", "PodInitializing", 0)]}),
            ),
            "Init:0/2",
            "0/1",
        ),
        case(
            "second of two init containers running",
            pod(
                &["app"],
                &[("init-a", false), ("init-b", false)],
                json!({"phase": "Pending",
                "initContainerStatuses": [terminated("init-a", Some("Completed"), 0, 0), running("init-b", false, 0)],
                "containerStatuses": [waiting("app", "PodInitializing", 0)]}),
            ),
            "Init:1/2",
            "0/1",
        ),
        restarted(
            case(
                "init container crash loop",
                pod(
                    &["app"],
                    &[("init-a", false)],
                    json!({"phase": "Pending",
                    "initContainerStatuses": [last_exit(waiting("init-a", "CrashLoopBackOff", 3), 45)],
                    "containerStatuses": [waiting("app", "PodInitializing", 0)]}),
                ),
                "Init:CrashLoopBackOff",
                "0/1",
            ),
            "3 (45s ago)",
        ),
        case(
            "init container error",
            pod(
                &["app"],
                &[("init-a", false)],
                json!({"phase": "Pending",
                "initContainerStatuses": [terminated("init-a", Some("Error"), 1, 0)]}),
            ),
            "Init:Error",
            "0/1",
        ),
        case(
            "init container exit code without reason",
            pod(
                &["app"],
                &[("init-a", false)],
                json!({"phase": "Pending",
                "initContainerStatuses": [terminated("init-a", None, 3, 0)]}),
            ),
            "Init:ExitCode:3",
            "0/1",
        ),
        case(
            "init container killed by a signal",
            pod(
                &["app"],
                &[("init-a", false)],
                json!({"phase": "Pending",
                "initContainerStatuses": [terminated("init-a", None, 143, 15)]}),
            ),
            "Init:Signal:15",
            "0/1",
        ),
        case(
            "init done, app container initializing",
            pod(
                &["app"],
                &[("init-a", false)],
                json!({"phase": "Pending",
                "initContainerStatuses": [terminated("init-a", Some("Completed"), 0, 0)],
                "containerStatuses": [waiting("app", "PodInitializing", 0)]}),
            ),
            "PodInitializing",
            "0/1",
        ),
        case(
            "deleted while running",
            deleting(pod(
                &["app"],
                &[],
                json!({"phase": "Running", "containerStatuses": [running("app", true, 0)]}),
            )),
            "Terminating",
            "1/1",
        ),
        case(
            "deleted after completion keeps Completed",
            deleting(pod(
                &["app"],
                &[],
                json!({"phase": "Succeeded", "containerStatuses": [terminated("app", Some("Completed"), 0, 0)]}),
            )),
            "Completed",
            "0/1",
        ),
        case(
            "node lost",
            deleting(pod(
                &["app"],
                &[],
                json!({"phase": "Running", "reason": "NodeLost", "containerStatuses": [running("app", true, 0)]}),
            )),
            "Unknown",
            "1/1",
        ),
        case(
            "evicted",
            pod(
                &["app"],
                &[],
                json!({"phase": "Failed", "reason": "Evicted", "message": "low on memory"}),
            ),
            "Evicted",
            "0/1",
        ),
        case(
            "phase unknown",
            pod(&["app"], &[], json!({"phase": "Unknown"})),
            "Unknown",
            "0/1",
        ),
        case(
            "one container completed, one running, pod not ready",
            pod(
                &["a", "b"],
                &[],
                json!({"phase": "Running", "conditions": [cond("Ready", "False")],
                "containerStatuses": [terminated("a", Some("Completed"), 0, 0), running("b", true, 0)]}),
            ),
            "NotReady",
            "1/2",
        ),
        case(
            "one container completed, one running, pod ready",
            pod(
                &["a", "b"],
                &[],
                json!({"phase": "Running", "conditions": [cond("Ready", "True")],
                "containerStatuses": [terminated("a", Some("Completed"), 0, 0), running("b", true, 0)]}),
            ),
            "Running",
            "1/2",
        ),
        restarted(
            case(
                "one of two containers crash looping",
                pod(
                    &["a", "b"],
                    &[],
                    json!({"phase": "Running", "containerStatuses": [
                    running("a", true, 1), last_exit(waiting("b", "CrashLoopBackOff", 7), 3 * 3600)]}),
                ),
                "CrashLoopBackOff",
                "1/2",
            ),
            "8 (3h ago)",
        ),
        restarted(
            case(
                "sidecar started and ready counts as a container",
                pod(
                    &["app"],
                    &[("proxy", true)],
                    json!({"phase": "Running",
                    "conditions": [cond("Initialized", "True"), cond("Ready", "True")],
                    "initContainerStatuses": [last_exit(running("proxy", true, 2), 600)],
                    "containerStatuses": [running("app", true, 0)]}),
                ),
                "Running",
                "2/2",
            ),
            "2 (10m ago)",
        ),
        case(
            "sidecar not started yet",
            pod(
                &["app"],
                &[("proxy", true)],
                json!({"phase": "Pending",
                "initContainerStatuses": [waiting("proxy", "ContainerCreating", 0)],
                "containerStatuses": [waiting("app", "PodInitializing", 0)]}),
            ),
            "Init:ContainerCreating",
            "0/2",
        ),
        case(
            "init container then an unready sidecar, app running",
            pod(
                &["app"],
                &[("setup", false), ("proxy", true)],
                json!({"phase": "Running",
                "conditions": [cond("Initialized", "True")],
                "initContainerStatuses": [terminated("setup", Some("Completed"), 0, 0), running("proxy", false, 0)],
                "containerStatuses": [running("app", true, 0)]}),
            ),
            "Running",
            "1/2",
        ),
        restarted(
            case(
                "restart count without a known last exit shows the number alone",
                pod(
                    &["app"],
                    &[],
                    json!({"phase": "Running", "containerStatuses": [running("app", true, 4)]}),
                ),
                "Running",
                "1/1",
            ),
            "4",
        ),
    ]
}

#[test]
fn pod_status_ready_and_restarts_match_kubectl() {
    let mut failures = Vec::new();
    for c in cases() {
        let row = project(c.pod, &mut Interner::new());
        let got = (
            row.cell(col::STATUS, NOW).into_owned(),
            row.cell(col::READY, NOW).into_owned(),
            row.cell(col::RESTARTS, NOW).into_owned(),
        );
        let want_restarts = c.restarts;
        if got
            != (
                c.status.to_owned(),
                c.ready.to_owned(),
                want_restarts.to_owned(),
            )
        {
            failures.push(format!(
                "{}: got {got:?}, want ({:?}, {:?}, {want_restarts:?})",
                c.name, c.status, c.ready
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn at_least_twenty_status_cases_are_covered() {
    assert!(cases().len() >= 20);
}

#[test]
fn pod_cells_show_name_age_ip_node_and_none() {
    let mut p = pod(
        &["app"],
        &[],
        json!({"phase": "Running", "podIPs": [{"ip": "10.0.0.7"}],
        "containerStatuses": [running("app", true, 0)]}),
    );
    let row = project(p.clone(), &mut Interner::new());
    assert_eq!(row.cell(col::NAMESPACE, NOW), "prod");
    assert_eq!(row.cell(col::NAME, NOW), "web-1");
    assert_eq!(row.cell(col::AGE, NOW), "60m");
    assert_eq!(row.cell(col::IP, NOW), "10.0.0.7");
    assert_eq!(row.cell(col::NODE, NOW), "node-a");
    assert_eq!(row.labels.get("app"), Some("web"));
    assert_eq!(row.status_class, StatusClass::Running);

    p.spec.as_mut().unwrap().node_name = None;
    p.status.as_mut().unwrap().pod_ips = None;
    let row = project(p, &mut Interner::new());
    assert_eq!(row.cell(col::IP, NOW), "<none>");
    assert_eq!(row.cell(col::NODE, NOW), "<none>");
}

#[test]
fn hostile_names_and_reasons_are_sanitized_in_cells() {
    let mut p = pod(
        &["app"],
        &[],
        json!({"phase": "Pending",
        "containerStatuses": [waiting("app", "Bad\u{1b}]0;owned\u{7}", 0)]}),
    );
    p.metadata.object.name = Some("evil\u{1b}[2Jname".to_owned());
    let row = project(p, &mut Interner::new());
    assert_eq!(
        row.key.name, "evil\u{1b}[2Jname",
        "the key keeps the real name for API calls"
    );
    assert_eq!(row.cell(col::NAME, NOW), "evil\\e[2Jname");
    assert_eq!(row.cell(col::STATUS, NOW), "Bad\\e]0;owned\\x07");
    assert_eq!(row.status_class, StatusClass::Failed);
}

#[test]
fn status_classes_color_what_needs_attention() {
    assert_eq!(classify("Running", 1, 1), StatusClass::Running);
    assert_eq!(classify("Running", 0, 1), StatusClass::Pending);
    assert_eq!(classify("Init:1/3", 0, 1), StatusClass::Pending);
    assert_eq!(classify("Init:Error", 0, 1), StatusClass::Failed);
    assert_eq!(classify("CrashLoopBackOff", 0, 1), StatusClass::Failed);
    assert_eq!(classify("Completed", 0, 1), StatusClass::Succeeded);
    assert_eq!(classify("Terminating", 1, 1), StatusClass::Terminating);
    assert_eq!(classify("Unknown", 1, 1), StatusClass::Unknown);
}

#[test]
fn age_sorts_youngest_first_ascending() {
    let young = PodRow {
        created_unix: Some(NOW - 10),
        ..PodRow::default()
    };
    let old = PodRow {
        created_unix: Some(NOW - 1000),
        ..PodRow::default()
    };
    assert!(young.sort_key(col::AGE) < old.sort_key(col::AGE));
}
