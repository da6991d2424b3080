//! Ephemeral debug containers and shells: adds a debug container to a pod through the
//! `pods/ephemeralcontainers` subresource the way `kubectl debug` does (name, image, target
//! container, profile's security context), waits (by watching) until it runs or reports why it
//! does not, and opens attach/exec streams into a pod's containers. Says before trying when a
//! debug container cannot work (the pod does not run, a Windows node) and words the API's
//! refusals (no ephemeral container support, RBAC).
//!
//! Owns what is sent and the words of the outcome. Must not touch the terminal: the app hands
//! the streams to the user's terminal.

use std::hash::{BuildHasher as _, Hasher as _};
use std::time::Duration;

use k8s_openapi::api::core::v1::{ContainerState, Pod};
use kube::api::{AttachParams, AttachedProcess, Patch, PatchParams};
use kube::runtime::wait::await_condition;
use kube::{Api, Client};
use serde_json::{Value, json};

use super::actions::FIELD_MANAGER;
use super::ops::{Mutator, Progress, error_text};
use crate::resources::ObjKey;

/// How long to wait for a debug container to start.
const START_WAIT: Duration = Duration::from_secs(120);

/// The security profiles of `kubectl debug --profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    #[default]
    General,
    Baseline,
    Restricted,
    Netadmin,
    Sysadmin,
}

impl Profile {
    pub const ALL: [Profile; 5] = [
        Profile::General,
        Profile::Baseline,
        Profile::Restricted,
        Profile::Netadmin,
        Profile::Sysadmin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::General => "general",
            Profile::Baseline => "baseline",
            Profile::Restricted => "restricted",
            Profile::Netadmin => "netadmin",
            Profile::Sysadmin => "sysadmin",
        }
    }

    /// The container's securityContext, as kubectl's profile sets it for an ephemeral container.
    pub fn security_context(self) -> Option<Value> {
        match self {
            // Process tracing of the target, which shares its process namespace.
            Profile::General => Some(json!({"capabilities": {"add": ["SYS_PTRACE"]}})),
            Profile::Baseline => None,
            Profile::Restricted => Some(json!({
                "runAsNonRoot": true,
                "allowPrivilegeEscalation": false,
                "capabilities": {"drop": ["ALL"]},
                "seccompProfile": {"type": "RuntimeDefault"}
            })),
            Profile::Netadmin => Some(json!({"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}})),
            Profile::Sysadmin => Some(json!({"privileged": true})),
        }
    }
}

/// What the user asked for in the debug form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugSpec {
    pub pod: ObjKey,
    pub image: String,
    /// The container whose process namespace the debug container joins.
    pub target: Option<String>,
    pub profile: Profile,
    /// Empty: the image's own entrypoint (a shell for the usual debug images).
    pub command: Vec<String>,
}

/// A fresh `debugger-xxxxx` name, in the alphabet kubectl's generated names use.
pub fn debugger_name() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut n = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let mut name = String::from("debugger-");
    for _ in 0..5 {
        name.push(char::from(ALPHABET[(n % ALPHABET.len() as u64) as usize]));
        n /= ALPHABET.len() as u64;
    }
    name
}

/// The strategic merge patch that adds the debug container (the list merges by name).
pub fn ephemeral_patch(spec: &DebugSpec, name: &str) -> Value {
    let mut container = json!({
        "name": name,
        "image": spec.image,
        "imagePullPolicy": "IfNotPresent",
        "stdin": true,
        "tty": true,
        "terminationMessagePolicy": "File",
        "resources": {},
    });
    if let Some(target) = &spec.target {
        container["targetContainerName"] = json!(target);
    }
    if !spec.command.is_empty() {
        container["command"] = json!(spec.command);
    }
    if let Some(sc) = spec.profile.security_context() {
        container["securityContext"] = sc;
    }
    json!({"spec": {"ephemeralContainers": [container]}})
}

/// Where a container of a pod stands, as far as attaching to it is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    Running,
    /// Waiting or terminated: the reason and the kubelet's message.
    NotRunning(String),
    /// No status yet.
    Unknown,
}

/// The state of container `name` (regular, init or ephemeral) in a pod.
pub fn readiness(pod: &Pod, name: &str) -> Readiness {
    let Some(status) = pod.status.as_ref() else {
        return Readiness::Unknown;
    };
    let state: Option<&ContainerState> = [
        &status.container_statuses,
        &status.init_container_statuses,
        &status.ephemeral_container_statuses,
    ]
    .into_iter()
    .flatten()
    .flatten()
    .find(|s| s.name == name)
    .and_then(|s| s.state.as_ref());
    let Some(state) = state else {
        return Readiness::Unknown;
    };
    if state.running.is_some() {
        return Readiness::Running;
    }
    let (reason, message) = if let Some(w) = &state.waiting {
        (w.reason.clone(), w.message.clone())
    } else if let Some(t) = &state.terminated {
        (
            t.reason
                .clone()
                .or(Some(format!("exit code {}", t.exit_code))),
            t.message.clone(),
        )
    } else {
        (None, None)
    };
    match (reason, message) {
        // Still starting: not an answer yet.
        (Some(r), _) if r == "ContainerCreating" || r == "PodInitializing" => Readiness::Unknown,
        (Some(r), Some(m)) => Readiness::NotRunning(format!("{r}: {m}")),
        (Some(r), None) => Readiness::NotRunning(r),
        (None, Some(m)) => Readiness::NotRunning(m),
        (None, None) => Readiness::Unknown,
    }
}

/// Adds the debug container and waits until it runs. Returns its name; the error is what the
/// user reads (the API's message, or the container's waiting reason).
pub async fn add_debug_container(
    client: Client,
    spec: &DebugSpec,
    progress: &Progress,
) -> Result<String, String> {
    let targets = super::shell_target::fetch(client.clone(), &spec.pod).await?;
    if let Some(why) = targets.not_running {
        return Err(format!(
            "{why}; a debug container starts only in a running pod"
        ));
    }
    if targets.windows {
        return Err(super::debug_refusals::windows_debug_text(&spec.pod));
    }
    let api: Api<Pod> = Api::namespaced(client, &spec.pod.namespace);
    let name = debugger_name();
    let mut spec = spec.clone();
    if spec.target.is_none() {
        spec.target = Some(first_container(&api, &spec.pod.name).await?);
    }
    let params = PatchParams {
        field_manager: Some(FIELD_MANAGER.to_owned()),
        ..PatchParams::default()
    };
    let patch = ephemeral_patch(&spec, &name);
    api.patch_ephemeral_containers(&spec.pod.name, &params, &Patch::Strategic(&patch))
        .await
        .map_err(|e| super::debug_refusals::ephemeral_error(&e, &spec.pod))?;
    progress.update(format!(
        "waiting for {name} ({}) to start in pod {}",
        spec.image, spec.pod
    ));
    let condition = {
        let name = name.clone();
        move |pod: Option<&Pod>| pod.is_none_or(|p| readiness(p, &name) != Readiness::Unknown)
    };
    let waited = tokio::time::timeout(START_WAIT, await_condition(api, &spec.pod.name, condition));
    match waited.await {
        Err(_) => Err(format!(
            "{name} did not start within {}s",
            START_WAIT.as_secs()
        )),
        Ok(Err(e)) => Err(format!("could not watch {name} start: {e}")),
        Ok(Ok(None)) => Err(format!("pod {} is gone", spec.pod)),
        Ok(Ok(Some(pod))) => match readiness(&pod, &name) {
            Readiness::Running => Ok(name),
            Readiness::NotRunning(why) => Err(format!("{name} is not running: {why}")),
            Readiness::Unknown => Err(format!("{name} did not start")),
        },
    }
}

/// What the operation is called in toasts and the recent-actions list.
pub fn label(spec: &DebugSpec) -> String {
    format!("debug pod {} with {}", spec.pod, spec.image)
}

/// Starts adding a debug container through the mutator (read-only mode refuses it); once it
/// runs, `ready` gets its name. Returns the operation's id.
pub fn start(
    mutator: &Mutator,
    spec: DebugSpec,
    ready: impl FnOnce(String) + Send + 'static,
) -> u64 {
    mutator.start(label(&spec), move |client, progress| async move {
        let name = add_debug_container(client, &spec, &progress).await?;
        ready(name.clone());
        Ok(format!("{name} is running in pod {}", spec.pod))
    })
}

/// How to reach a process in a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellKind {
    /// The container's main process.
    Attach,
    /// A new process running this command.
    Exec(Vec<String>),
    /// An interactive shell: the first of these programs the container has.
    Shell(Vec<String>),
}

/// Opens an interactive terminal stream (stdin, stdout, tty) to a container (`None`: the
/// pod's first container). Returns the container's name with the stream.
pub async fn open(
    client: Client,
    pod: &ObjKey,
    container: Option<&str>,
    kind: &ShellKind,
) -> Result<(String, AttachedProcess), String> {
    let api: Api<Pod> = Api::namespaced(client, &pod.namespace);
    let container = match container {
        Some(c) => c.to_owned(),
        None => first_container(&api, &pod.name).await?,
    };
    let params = AttachParams::interactive_tty().container(&container);
    let opened = match kind {
        ShellKind::Attach => api.attach(&pod.name, &params).await,
        ShellKind::Exec(command) => api.exec(&pod.name, command.clone(), &params).await,
        // Without the fallback (`shell_open` tries them in turn): the first one.
        ShellKind::Shell(shells) => {
            let first = shells.first().cloned().unwrap_or_else(|| "sh".to_owned());
            api.exec(&pod.name, vec![first], &params).await
        }
    };
    opened.map(|p| (container, p)).map_err(|e| error_text(&e))
}

/// The name of a pod's first container (the one kubectl picks when none is named).
async fn first_container(api: &Api<Pod>, pod: &str) -> Result<String, String> {
    let current = api.get(pod).await.map_err(|e| error_text(&e))?;
    let spec = current.spec.unwrap_or_default();
    let annotated = current
        .metadata
        .annotations
        .and_then(|a| a.get("kubectl.kubernetes.io/default-container").cloned());
    annotated
        .or_else(|| spec.containers.first().map(|c| c.name.clone()))
        .ok_or_else(|| format!("pod {pod} has no containers"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> DebugSpec {
        DebugSpec {
            pod: ObjKey::new("shop", "cart-1"),
            image: "busybox:1.36".into(),
            target: Some("app".into()),
            profile: Profile::General,
            command: Vec::new(),
        }
    }

    #[test]
    fn patch_is_what_kubectl_debug_sends() {
        let p = ephemeral_patch(&spec(), "debugger-abcde");
        let c = &p["spec"]["ephemeralContainers"][0];
        assert_eq!(c["name"], "debugger-abcde");
        assert_eq!(c["image"], "busybox:1.36");
        assert_eq!(c["targetContainerName"], "app");
        assert_eq!(c["stdin"], true);
        assert_eq!(c["tty"], true);
        assert_eq!(c["securityContext"]["capabilities"]["add"][0], "SYS_PTRACE");
        assert!(c.get("command").is_none());
        let p = ephemeral_patch(
            &DebugSpec {
                profile: Profile::Restricted,
                command: vec!["sleep".into(), "1d".into()],
                target: None,
                ..spec()
            },
            "d",
        );
        let c = &p["spec"]["ephemeralContainers"][0];
        assert_eq!(c["command"], json!(["sleep", "1d"]));
        assert_eq!(c["securityContext"]["runAsNonRoot"], true);
        assert!(c.get("targetContainerName").is_none());
    }

    #[test]
    fn profiles_follow_kubectl() {
        assert_eq!(Profile::Baseline.security_context(), None);
        assert_eq!(
            Profile::Sysadmin.security_context(),
            Some(json!({"privileged": true}))
        );
        assert_eq!(
            Profile::Netadmin.security_context().unwrap()["capabilities"]["add"],
            json!(["NET_ADMIN", "NET_RAW"])
        );
    }

    #[test]
    fn names_look_generated() {
        let n = debugger_name();
        assert!(n.starts_with("debugger-") && n.len() == 14, "{n}");
    }

    #[test]
    fn readiness_tells_waiting_reasons() {
        let pod: Pod = serde_json::from_value(json!({
            "metadata": {"name": "p"},
            "status": {"ephemeralContainerStatuses": [
                {"name": "d1", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"waiting": {"reason": "ErrImagePull", "message": "not found"}}},
                {"name": "d2", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"running": {}}},
                {"name": "d3", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"waiting": {"reason": "ContainerCreating"}}}
            ]}
        }))
        .unwrap();
        assert_eq!(
            readiness(&pod, "d1"),
            Readiness::NotRunning("ErrImagePull: not found".into())
        );
        assert_eq!(readiness(&pod, "d2"), Readiness::Running);
        assert_eq!(readiness(&pod, "d3"), Readiness::Unknown);
        assert_eq!(readiness(&pod, "none"), Readiness::Unknown);
    }
}
