//! Unit tests for `pods`.

use super::*;
use crate::sim::table::test_support::{
    app, cells, list, one_container, pod, pod_status, running_pod_with, terminated, ts, waiting,
};

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
    status["initContainerStatuses"] = json!([{"name": "a", "state": terminated(0, "Completed")}]);
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
