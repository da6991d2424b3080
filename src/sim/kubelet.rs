//! The pod lifecycle the simulated scheduler and kubelet walk a pod through, as transitions of
//! its status: scheduled, containers creating, init containers one by one, running and ready,
//! crash loops with growing restarts, image pull failures, completion, and ephemeral containers.
//! Pure functions over the pod's JSON; the controllers decide when each happens.

use serde_json::{Value, json};

use super::clock;
use super::rng::fnv32a;

/// How a pod's containers behave, read from its images and restart policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    Run,
    ImagePullFails,
    Crash { oom: bool },
    Complete { fail: bool },
    Unschedulable,
}

pub fn behavior(pod: &Value) -> Behavior {
    let images: Vec<&str> = pod["spec"]["containers"]
        .as_array()
        .map(|cs| cs.iter().filter_map(|c| c["image"].as_str()).collect())
        .unwrap_or_default();
    let huge_request = pod["spec"]["containers"].as_array().is_some_and(|cs| {
        cs.iter().any(|c| {
            c["resources"]["requests"]["cpu"]
                .as_str()
                .and_then(|v| v.parse::<f64>().ok())
                .is_some_and(|cpu| cpu >= 64.0)
        })
    });
    if huge_request {
        return Behavior::Unschedulable;
    }
    if images
        .iter()
        .any(|i| i.contains("does-not-exist") || i.contains("doesnotexist"))
    {
        return Behavior::ImagePullFails;
    }
    if images.iter().any(|i| i.contains("oom")) {
        return Behavior::Crash { oom: true };
    }
    if images.iter().any(|i| i.contains("crash")) {
        return Behavior::Crash { oom: false };
    }
    if pod["spec"]["restartPolicy"]
        .as_str()
        .is_some_and(|p| p != "Always")
    {
        return Behavior::Complete {
            fail: images.iter().any(|i| i.contains("fail")),
        };
    }
    Behavior::Run
}

fn container_names(pod: &Value, list: &str) -> Vec<(String, String)> {
    pod["spec"][list]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap_or_default().to_string(),
                        c["image"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn container_id(pod: &Value, name: &str, restarts: i64) -> String {
    let seed = format!(
        "{}/{name}/{restarts}",
        pod["metadata"]["uid"].as_str().unwrap_or_default()
    );
    let mut out = String::from("containerd://");
    for i in 0..8 {
        out.push_str(&format!("{:08x}", fnv32a(format!("{seed}{i}").as_bytes())));
    }
    out
}

fn image_id(image: &str) -> String {
    let repo = image.split(':').next().unwrap_or(image);
    let mut digest = String::new();
    for i in 0..8 {
        digest.push_str(&format!("{:08x}", fnv32a(format!("{image}{i}").as_bytes())));
    }
    format!("{repo}@sha256:{digest}")
}

fn condition(t: &str, ok: bool, at: i64) -> Value {
    json!({"type": t, "status": if ok { "True" } else { "False" }, "lastProbeTime": null, "lastTransitionTime": clock::rfc3339(at)})
}

fn set_conditions(pod: &mut Value, initialized: bool, ready: bool, at: i64) {
    let scheduled_at = pod["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "PodScheduled"))
        .and_then(|c| c["lastTransitionTime"].as_str())
        .and_then(clock::parse_unix)
        .unwrap_or(at);
    pod["status"]["conditions"] = json!([
        condition("PodReadyToStartContainers", true, at),
        condition("Initialized", initialized, at),
        condition("Ready", ready, at),
        condition("ContainersReady", ready, at),
        condition("PodScheduled", true, scheduled_at),
    ]);
}

fn restarts_of(pod: &Value, list: &str, name: &str) -> i64 {
    pod["status"][list]
        .as_array()
        .and_then(|ss| ss.iter().find(|s| s["name"] == name))
        .and_then(|s| s["restartCount"].as_i64())
        .unwrap_or(0)
}

fn status_entry(
    pod: &Value,
    name: &str,
    image: &str,
    restarts: i64,
    state: Value,
    ready: bool,
    last: Value,
) -> Value {
    let running = state.get("running").is_some();
    let mut s = json!({
        "name": name, "image": image, "imageID": "", "ready": ready, "started": running,
        "restartCount": restarts, "state": state, "lastState": last,
    });
    if running || state.get("terminated").is_some() {
        s["containerID"] = json!(container_id(pod, name, restarts));
        s["imageID"] = json!(image_id(image));
    }
    s
}

pub fn schedule(pod: &mut Value, node: &str, at: i64) {
    pod["spec"]["nodeName"] = json!(node);
    pod["status"]["phase"] = json!("Pending");
    pod["status"]["conditions"] = json!([condition("PodScheduled", true, at)]);
}

pub fn unschedulable(pod: &mut Value, nodes: usize, at: i64) {
    let mut c = condition("PodScheduled", false, at);
    c["reason"] = json!("Unschedulable");
    c["message"] = json!(format!(
        "0/{nodes} nodes are available: {nodes} Insufficient cpu. preemption: 0/{nodes} nodes are available: {nodes} No preemption victims found for incoming pod."
    ));
    pod["status"]["phase"] = json!("Pending");
    pod["status"]["conditions"] = json!([c]);
}

/// Containers being created (or the first init container starting).
pub fn creating(pod: &mut Value, host_ip: &str, at: i64) {
    pod["status"]["hostIP"] = json!(host_ip);
    pod["status"]["hostIPs"] = json!([{"ip": host_ip}]);
    pod["status"]["startTime"] = json!(clock::rfc3339(at));
    let inits = container_names(pod, "initContainers");
    let waiting_reason = if inits.is_empty() {
        "ContainerCreating"
    } else {
        "PodInitializing"
    };
    let statuses: Vec<Value> = container_names(pod, "containers")
        .iter()
        .map(|(n, i)| {
            status_entry(
                pod,
                n,
                i,
                0,
                json!({"waiting": {"reason": waiting_reason}}),
                false,
                json!({}),
            )
        })
        .collect();
    pod["status"]["containerStatuses"] = json!(statuses);
    if !inits.is_empty() {
        let init_statuses: Vec<Value> = inits
            .iter()
            .enumerate()
            .map(|(k, (n, i))| {
                let state = if k == 0 {
                    json!({"running": {"startedAt": clock::rfc3339(at)}})
                } else {
                    json!({"waiting": {"reason": "PodInitializing"}})
                };
                status_entry(pod, n, i, 0, state, false, json!({}))
            })
            .collect();
        pod["status"]["initContainerStatuses"] = json!(init_statuses);
    }
    set_conditions(pod, inits.is_empty(), false, at);
    pod["status"]["phase"] = json!("Pending");
}

/// Init container `k` finished; the next one starts. Returns whether all are done.
pub fn init_step(pod: &mut Value, k: usize, at: i64) -> bool {
    let inits = container_names(pod, "initContainers");
    let statuses: Vec<Value> = inits
        .iter()
        .enumerate()
        .map(|(j, (n, i))| {
            let state = if j <= k {
                json!({"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": clock::rfc3339(at - 1), "finishedAt": clock::rfc3339(at)}})
            } else if j == k + 1 {
                json!({"running": {"startedAt": clock::rfc3339(at)}})
            } else {
                json!({"waiting": {"reason": "PodInitializing"}})
            };
            status_entry(pod, n, i, 0, state, j <= k, json!({}))
        })
        .collect();
    pod["status"]["initContainerStatuses"] = json!(statuses);
    k + 1 >= inits.len()
}

/// Every container running; ready unless `ready` is false.
pub fn running(pod: &mut Value, pod_ip: &str, at: i64, ready: bool) {
    pod["status"]["podIP"] = json!(pod_ip);
    pod["status"]["podIPs"] = json!([{"ip": pod_ip}]);
    let list = "containerStatuses";
    let statuses: Vec<Value> = container_names(pod, "containers")
        .iter()
        .map(|(n, i)| {
            let restarts = restarts_of(pod, list, n);
            let last = pod["status"][list]
                .as_array()
                .and_then(|ss| ss.iter().find(|s| s["name"] == n.as_str()))
                .map_or_else(|| json!({}), |s| s["lastState"].clone());
            status_entry(
                pod,
                n,
                i,
                restarts,
                json!({"running": {"startedAt": clock::rfc3339(at)}}),
                ready,
                last,
            )
        })
        .collect();
    pod["status"][list] = json!(statuses);
    set_conditions(pod, true, ready, at);
    pod["status"]["phase"] = json!("Running");
}

/// The main container exits and the kubelet backs off: `CrashLoopBackOff` with one more restart.
pub fn crash(pod: &mut Value, at: i64, oom: bool) {
    let list = "containerStatuses";
    let first = container_names(pod, "containers")
        .first()
        .cloned()
        .unwrap_or_default();
    let Some(statuses) = pod["status"][list].as_array().cloned() else {
        return;
    };
    let updated: Vec<Value> = statuses
        .into_iter()
        .map(|mut s| {
            if s["name"] == first.0.as_str() {
                let started = s["state"]["running"]["startedAt"].clone();
                let restarts = s["restartCount"].as_i64().unwrap_or(0) + 1;
                let (code, reason) = if oom { (137, "OOMKilled") } else { (1, "Error") };
                s["lastState"] = json!({"terminated": {"exitCode": code, "reason": reason, "startedAt": started, "finishedAt": clock::rfc3339(at), "containerID": s["containerID"]}});
                s["state"] = json!({"waiting": {"reason": "CrashLoopBackOff", "message": format!("back-off {}s restarting failed container={} pod={}", backoff_secs(restarts), first.0, pod["metadata"]["name"].as_str().unwrap_or_default())}});
                s["restartCount"] = json!(restarts);
                s["ready"] = json!(false);
                s["started"] = json!(false);
            }
            s
        })
        .collect();
    pod["status"][list] = json!(updated);
    set_conditions(pod, true, false, at);
}

/// The kubelet's restart back-off for the n-th restart (10s doubling to 5m, scaled down 2x in
/// the simulator so that demos move).
pub fn backoff_secs(restarts: i64) -> i64 {
    let exp = u32::try_from(restarts.clamp(1, 6) - 1).unwrap_or(0);
    (10 * 2_i64.pow(exp)).min(300)
}

pub fn image_pull_failed(pod: &mut Value, at: i64, backoff: bool) {
    let list = "containerStatuses";
    let statuses: Vec<Value> = container_names(pod, "containers")
        .iter()
        .map(|(n, i)| {
            let (reason, message) = if backoff {
                ("ImagePullBackOff", format!("Back-off pulling image \"{i}\""))
            } else {
                ("ErrImagePull", format!("failed to pull and unpack image \"{i}\": failed to resolve reference \"{i}\": not found"))
            };
            status_entry(pod, n, i, 0, json!({"waiting": {"reason": reason, "message": message}}), false, json!({}))
        })
        .collect();
    pod["status"][list] = json!(statuses);
    set_conditions(pod, true, false, at);
}

/// A run-to-completion pod ends: Succeeded (Completed) or Failed (Error).
pub fn finish(pod: &mut Value, at: i64, fail: bool) {
    let list = "containerStatuses";
    let (code, reason, phase) = if fail {
        (1, "Error", "Failed")
    } else {
        (0, "Completed", "Succeeded")
    };
    let statuses: Vec<Value> = container_names(pod, "containers")
        .iter()
        .map(|(n, i)| {
            let state = json!({"terminated": {"exitCode": code, "reason": reason, "startedAt": clock::rfc3339(at - 5), "finishedAt": clock::rfc3339(at)}});
            status_entry(pod, n, i, 0, state, false, json!({}))
        })
        .collect();
    pod["status"][list] = json!(statuses);
    set_conditions(pod, true, false, at);
    if let Some(c) = pod["status"]["conditions"].as_array_mut() {
        for cond in c
            .iter_mut()
            .filter(|c| c["type"] == "Ready" || c["type"] == "ContainersReady")
        {
            cond["reason"] = json!("PodCompleted");
        }
    }
    pod["status"]["phase"] = json!(phase);
}

/// Ephemeral containers without a status start (or fail to pull their image).
pub fn start_ephemeral(pod: &mut Value, at: i64) -> bool {
    let specs = container_names(pod, "ephemeralContainers");
    let mut statuses: Vec<Value> = pod["status"]["ephemeralContainerStatuses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut changed = false;
    for (n, i) in specs {
        if statuses.iter().any(|s| s["name"] == n.as_str()) {
            continue;
        }
        let state = if i.contains("does-not-exist") || i.contains("doesnotexist") {
            json!({"waiting": {"reason": "ErrImagePull", "message": format!("failed to pull and unpack image \"{i}\": not found")}})
        } else {
            json!({"running": {"startedAt": clock::rfc3339(at)}})
        };
        statuses.push(status_entry(pod, &n, &i, 0, state, false, json!({})));
        changed = true;
    }
    if changed {
        pod["status"]["ephemeralContainerStatuses"] = json!(statuses);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod() -> Value {
        json!({
            "metadata": {"name": "p", "uid": "u"},
            "spec": {"containers": [{"name": "app", "image": "nginx"}], "initContainers": [{"name": "migrate", "image": "busybox"}, {"name": "seed", "image": "busybox"}], "restartPolicy": "Always"},
            "status": {"phase": "Pending"}
        })
    }

    #[test]
    fn a_pod_walks_through_init_to_running() {
        let mut p = pod();
        schedule(&mut p, "worker-1", 100);
        creating(&mut p, "10.0.0.1", 101);
        assert_eq!(
            p["status"]["initContainerStatuses"][0]["state"]["running"]["startedAt"],
            clock::rfc3339(101)
        );
        assert!(!init_step(&mut p, 0, 102));
        assert!(init_step(&mut p, 1, 103));
        running(&mut p, "10.244.1.5", 104, true);
        assert_eq!(p["status"]["phase"], "Running");
        assert_eq!(p["status"]["containerStatuses"][0]["ready"], true);
        assert!(
            p["status"]["containerStatuses"][0]["containerID"]
                .as_str()
                .unwrap()
                .starts_with("containerd://")
        );
    }

    #[test]
    fn crashes_count_restarts_and_keep_the_last_state() {
        let mut p = pod();
        creating(&mut p, "10.0.0.1", 100);
        running(&mut p, "10.244.1.5", 101, true);
        crash(&mut p, 110, false);
        running(&mut p, "10.244.1.5", 120, false);
        crash(&mut p, 130, true);
        let s = &p["status"]["containerStatuses"][0];
        assert_eq!(s["restartCount"], 2);
        assert_eq!(s["state"]["waiting"]["reason"], "CrashLoopBackOff");
        assert_eq!(s["lastState"]["terminated"]["reason"], "OOMKilled");
        assert_eq!(backoff_secs(1), 10);
        assert_eq!(backoff_secs(20), 300);
    }

    #[test]
    fn behavior_is_read_from_images_and_policy() {
        let mut p = pod();
        assert_eq!(behavior(&p), Behavior::Run);
        p["spec"]["containers"][0]["image"] = json!("ghcr.io/acme/crashy:1");
        assert_eq!(behavior(&p), Behavior::Crash { oom: false });
        p["spec"]["containers"][0]["image"] = json!("acme/api:does-not-exist");
        assert_eq!(behavior(&p), Behavior::ImagePullFails);
        p["spec"]["containers"][0]["image"] = json!("busybox");
        p["spec"]["restartPolicy"] = json!("Never");
        assert_eq!(behavior(&p), Behavior::Complete { fail: false });
    }
}
