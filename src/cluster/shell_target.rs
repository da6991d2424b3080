//! Where a shell (`x`) or an attach (`a`) can go in a pod, read from the live pod before
//! anything is opened: whether the pod runs at all (Pending, Succeeded, Failed, Terminating
//! are said before trying), whether it is a Windows pod (its `spec.os.name`, else its node's
//! `kubernetes.io/os` label), and its containers with their state (regular ones, running
//! sidecars, ephemeral ones), the first running regular container preselected.
//!
//! Owns reading the pod (and its node) and the words for a pod that does not run. Must not
//! open streams (`debug` and `shell_open` do) or decide what the user is shown.

use k8s_openapi::api::core::v1::{Node, Pod};
use kube::{Api, Client};

use super::log_tail::{containers_of, default_container};
use super::logs::{ContainerInfo, ContainerKind};
use super::ops::error_text;
use crate::resources::ObjKey;

/// The operating system label nodes carry.
const OS_LABEL: &str = "kubernetes.io/os";

/// What `x` and `a` can reach in a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellTargets {
    pub pod: ObjKey,
    /// Why no process of the pod can be reached now (`pod shop/web-1 is Pending: …`).
    pub not_running: Option<String>,
    /// The pod runs on Windows: no `sh`, no Linux debug images, no shared process namespace.
    pub windows: bool,
    /// Regular containers, then running sidecars (restartable init containers), then
    /// ephemeral containers; each with its state (`running`, `terminated: Completed`, …).
    pub containers: Vec<ContainerInfo>,
    /// The entry chosen when the user just confirms: the default container (kubectl's
    /// annotation, else the first) when it runs, else the first running regular container.
    pub preselected: usize,
}

impl ShellTargets {
    /// From the live pod; `node_os` is its node's `kubernetes.io/os` label, when known.
    pub fn of(pod: &Pod, node_os: Option<&str>) -> ShellTargets {
        let key = ObjKey::new(
            pod.metadata.namespace.clone().unwrap_or_default(),
            pod.metadata.name.clone().unwrap_or_default(),
        );
        let pod_os = pod
            .spec
            .as_ref()
            .and_then(|s| s.os.as_ref())
            .map(|os| os.name.as_str());
        let windows = pod_os.or(node_os) == Some("windows");
        let containers: Vec<ContainerInfo> = {
            let all = containers_of(pod);
            let main = all.iter().filter(|c| c.kind == ContainerKind::Main);
            // An init container that still runs is a sidecar; finished ones are history.
            let sidecars = all
                .iter()
                .filter(|c| c.kind == ContainerKind::Init && is_running(c));
            let ephemeral = all.iter().filter(|c| c.kind == ContainerKind::Ephemeral);
            main.chain(sidecars).chain(ephemeral).cloned().collect()
        };
        let default = default_container(pod);
        let preselected = containers
            .iter()
            .position(|c| Some(&c.name) == default.as_ref() && is_running(c))
            .or_else(|| {
                containers
                    .iter()
                    .position(|c| c.kind == ContainerKind::Main && is_running(c))
            })
            .unwrap_or(0);
        ShellTargets {
            not_running: not_running(pod, &key),
            pod: key,
            windows,
            containers,
            preselected,
        }
    }
}

/// Whether a process can be started in (or attached to) this container now.
pub fn is_running(container: &ContainerInfo) -> bool {
    container.state == "running"
}

/// Why the pod's containers cannot be reached now, or `None` when it runs.
pub fn not_running(pod: &Pod, key: &ObjKey) -> Option<String> {
    if pod.metadata.deletion_timestamp.is_some() {
        return Some(format!(
            "pod {key} is Terminating: its containers are being stopped"
        ));
    }
    let phase = pod
        .status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending");
    match phase {
        "Running" => None,
        "Pending" => Some(format!("pod {key} is Pending: no container of it runs yet")),
        "Succeeded" | "Failed" => Some(format!(
            "pod {key} has completed ({phase}): its containers have stopped"
        )),
        other => Some(format!("pod {key} is {other}, not Running")),
    }
}

/// Reads the pod and, unless the pod names its OS, its node's OS label (a node that cannot be
/// read, e.g. RBAC forbids nodes, counts as Linux).
pub async fn fetch(client: Client, pod: &ObjKey) -> Result<ShellTargets, String> {
    let pods: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    let live = pods.get(&pod.name).await.map_err(|e| error_text(&e))?;
    let names_os = live.spec.as_ref().is_some_and(|s| s.os.is_some());
    let node_name = live.spec.as_ref().and_then(|s| s.node_name.clone());
    let node_os = match node_name {
        Some(node) if !names_os => {
            let nodes: Api<Node> = Api::all(client);
            nodes
                .get(&node)
                .await
                .ok()
                .and_then(|n| n.metadata.labels?.get(OS_LABEL).cloned())
        }
        _ => None,
    };
    Ok(ShellTargets::of(&live, node_os.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(extra: serde_json::Value) -> Pod {
        let mut base = json!({
            "metadata": {"name": "web-1", "namespace": "shop"},
            "spec": {
                "containers": [{"name": "app"}, {"name": "proxy"}],
                "initContainers": [{"name": "setup"}, {"name": "mesh"}],
                "ephemeralContainers": [{"name": "debugger-abcde"}]
            },
            "status": {
                "phase": "Running",
                "containerStatuses": [
                    {"name": "app", "image": "", "imageID": "", "ready": false,
                     "restartCount": 3, "state": {"waiting": {"reason": "CrashLoopBackOff"}}},
                    {"name": "proxy", "image": "", "imageID": "", "ready": true,
                     "restartCount": 0, "state": {"running": {}}}
                ],
                "initContainerStatuses": [
                    {"name": "setup", "image": "", "imageID": "", "ready": false,
                     "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                    {"name": "mesh", "image": "", "imageID": "", "ready": true,
                     "restartCount": 0, "state": {"running": {}}}
                ],
                "ephemeralContainerStatuses": [
                    {"name": "debugger-abcde", "image": "", "imageID": "", "ready": false,
                     "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}
                ]
            }
        });
        json_patch(&mut base, extra);
        serde_json::from_value(base).unwrap()
    }

    fn json_patch(base: &mut serde_json::Value, extra: serde_json::Value) {
        if let (Some(b), serde_json::Value::Object(e)) = (base.as_object_mut(), extra) {
            for (k, v) in e {
                match b.get_mut(&k) {
                    Some(inner) if v.is_object() => json_patch(inner, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
    }

    #[test]
    fn containers_in_order_with_the_first_running_regular_one_preselected() {
        let t = ShellTargets::of(&pod(json!({})), None);
        let names: Vec<&str> = t.containers.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["app", "proxy", "mesh", "debugger-abcde"]);
        assert_eq!(t.preselected, 1, "app crash-loops, proxy runs");
        assert_eq!(t.containers[3].state, "terminated: Completed");
        assert!(t.not_running.is_none());
        assert!(!t.windows);
    }

    #[test]
    fn the_annotated_default_container_wins_when_it_runs() {
        let p = pod(json!({"metadata": {"annotations": {
            "kubectl.kubernetes.io/default-container": "mesh"}}}));
        assert_eq!(ShellTargets::of(&p, None).preselected, 2);
    }

    #[test]
    fn pods_that_do_not_run_say_why() {
        let pending = pod(json!({"status": {"phase": "Pending"}}));
        let why = ShellTargets::of(&pending, None).not_running.unwrap();
        assert_eq!(
            why,
            "pod shop/web-1 is Pending: no container of it runs yet"
        );
        let done = pod(json!({"status": {"phase": "Succeeded"}}));
        let why = ShellTargets::of(&done, None).not_running.unwrap();
        assert!(why.contains("has completed (Succeeded)"), "{why}");
        let leaving = pod(json!({"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"}}));
        let why = ShellTargets::of(&leaving, None).not_running.unwrap();
        assert!(why.contains("is Terminating"), "{why}");
    }

    #[test]
    fn windows_from_the_pod_or_its_node() {
        let p = pod(json!({"spec": {"os": {"name": "windows"}}}));
        assert!(ShellTargets::of(&p, None).windows);
        assert!(ShellTargets::of(&pod(json!({})), Some("windows")).windows);
        let linux = pod(json!({"spec": {"os": {"name": "linux"}}}));
        assert!(
            !ShellTargets::of(&linux, Some("windows")).windows,
            "the pod's own word wins"
        );
    }
}
