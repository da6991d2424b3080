//! Debug containers and shells (`cluster::debug`) against the in-process simulated cluster:
//! the ephemeral container is added with its target and runs, an unpullable image reports
//! `ErrImagePull` with the kubelet's words, exec runs one command (and the exit code comes back),
//! an attached shell answers and ends on `exit`, RBAC and read-only mode refuse. The shell
//! fallback (a missing `bash` reported as the runtime reports it, then `sh`; an image with no
//! shell at all), and the clear refusals: no ephemeral container support, RBAC on `pods/exec`,
//! pods that do not run, Windows pods and nodes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, AttachParams, ListParams};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use kview::cluster::debug::{self, DebugSpec, Profile, ShellKind};
use kview::cluster::ops::{Mutator, OpReport, OpStatus, ReportSink};
use kview::resources::ObjKey;
use kview::sim::{SimOptions, WorldSpec};

const WAIT: Duration = Duration::from_secs(60);

/// A running pod of the simulated world and its first container.
async fn running_pod(client: &kube::Client) -> (ObjKey, String) {
    let api: Api<Pod> = Api::all(client.clone());
    common::eventually("a running pod", WAIT, || {
        let api = api.clone();
        async move {
            let pods = api.list(&ListParams::default()).await.ok()?;
            pods.items.into_iter().find_map(|p| {
                let running = p.status.as_ref()?.phase.as_deref() == Some("Running");
                let first = p.spec.as_ref()?.containers.first()?.name.clone();
                let ready = debug::readiness(&p, &first) == debug::Readiness::Running;
                (running && ready).then(|| {
                    let meta = p.metadata;
                    (
                        ObjKey::new(
                            meta.namespace.unwrap_or_default(),
                            meta.name.unwrap_or_default(),
                        ),
                        first,
                    )
                })
            })
        }
    })
    .await
}

fn spec(pod: &ObjKey, image: &str, target: &str) -> DebugSpec {
    DebugSpec {
        pod: pod.clone(),
        image: image.into(),
        target: Some(target.into()),
        profile: Profile::General,
        command: Vec::new(),
    }
}

fn recorder(client: kube::Client, readonly: bool) -> (Mutator, Arc<Mutex<Vec<OpReport>>>) {
    let reports = Arc::new(Mutex::new(Vec::new()));
    let seen = reports.clone();
    let sink: ReportSink = Arc::new(move |r| seen.lock().unwrap().push(r));
    (Mutator::new(client, readonly, sink), reports)
}

async fn outcome(reports: &Arc<Mutex<Vec<OpReport>>>, id: u64) -> OpStatus {
    common::eventually("the operation's outcome", WAIT, || {
        let reports = reports.clone();
        async move {
            reports
                .lock()
                .unwrap()
                .iter()
                .find(|r| r.id == id && r.status.is_final())
                .map(|r| r.status.clone())
        }
    })
    .await
}

/// Everything a process writes to stdout until it ends.
async fn read_all(process: &mut kube::api::AttachedProcess) -> String {
    let mut out = process.stdout().unwrap();
    let mut text = String::new();
    tokio::time::timeout(WAIT, out.read_to_string(&mut text))
        .await
        .expect("the process ends")
        .unwrap();
    text
}

#[tokio::test]
async fn debug_container_targets_the_container_and_runs() {
    let cluster = common::cluster(6).await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    let (mutator, reports) = recorder(client.clone(), false);
    let ready = Arc::new(Mutex::new(None));
    let r = ready.clone();
    let id = debug::start(&mutator, spec(&pod, "busybox:1.36", &first), move |name| {
        *r.lock().unwrap() = Some(name);
    });
    let status = outcome(&reports, id).await;
    assert!(
        matches!(&status, OpStatus::Succeeded(m) if m.contains("is running")),
        "{status:?}"
    );
    let name = ready
        .lock()
        .unwrap()
        .clone()
        .expect("ready with the container's name");
    assert!(name.starts_with("debugger-"));
    let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    let current = api.get(&pod.name).await.unwrap();
    let eph = current.spec.unwrap().ephemeral_containers.unwrap();
    let added = eph.iter().find(|c| c.name == name).unwrap();
    assert_eq!(added.target_container_name.as_deref(), Some(first.as_str()));
    assert_eq!(added.image.as_deref(), Some("busybox:1.36"));
    assert_eq!(added.stdin, Some(true));
    assert_eq!(added.tty, Some(true));

    // Its shell answers and `exit` ends the attachment.
    let (_, mut shell) = debug::open(client.clone(), &pod, Some(&name), &ShellKind::Attach)
        .await
        .unwrap();
    let mut stdin = shell.stdin().unwrap();
    stdin.write_all(b"hostname\rexit\r").await.unwrap();
    let text = read_all(&mut shell).await;
    assert!(text.contains(&format!("\r\n{}\r\n", pod.name)), "{text:?}");
}

#[tokio::test]
async fn unpullable_images_report_err_image_pull() {
    let cluster = common::cluster(4).await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    let (mutator, reports) = recorder(client, false);
    let id = debug::start(
        &mutator,
        spec(&pod, "busybox:does-not-exist", &first),
        |_| panic!("must not be ready"),
    );
    let status = outcome(&reports, id).await;
    assert!(
        matches!(&status, OpStatus::Failed(m) if m.contains("ErrImagePull") && m.contains("busybox:does-not-exist")),
        "{status:?}"
    );
}

#[tokio::test]
async fn exec_runs_one_command_and_reports_its_exit_code() {
    let cluster = common::cluster(4).await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    let params = AttachParams::default().container(&first).stderr(false);
    let mut p = api.exec(&pod.name, ["hostname"], &params).await.unwrap();
    let status = p.take_status().unwrap();
    assert_eq!(read_all(&mut p).await, format!("{}\n", pod.name));
    assert_eq!(status.await.unwrap().status.as_deref(), Some("Success"));

    let mut p = api
        .exec(&pod.name, ["sh", "-c", "exit 3"], &params)
        .await
        .unwrap();
    let status = p.take_status().unwrap().await.unwrap();
    assert_eq!(status.reason.as_deref(), Some("NonZeroExitCode"));
    let code = &status.details.unwrap().causes.unwrap()[0];
    assert_eq!(code.message.as_deref(), Some("3"));

    let refused = debug::open(
        client,
        &pod,
        Some("nope"),
        &ShellKind::Exec(vec!["sh".into()]),
    )
    .await
    .err()
    .unwrap();
    assert!(
        refused.contains("container nope is not valid for pod"),
        "{refused}"
    );
}

#[tokio::test]
async fn rbac_and_readonly_refuse_debug_containers() {
    let cluster = common::cluster_with(SimOptions {
        forbid: vec!["pods/ephemeralcontainers".into(), "pods/attach".into()],
        world: WorldSpec {
            pods: 4,
            namespaces: 2,
            seed: 7,
        },
        ..SimOptions::default()
    })
    .await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    let (mutator, reports) = recorder(client.clone(), false);
    let id = debug::start(&mutator, spec(&pod, "busybox:1.36", &first), |_| {});
    let status = outcome(&reports, id).await;
    assert!(
        matches!(&status, OpStatus::Failed(m) if m.contains("cannot patch resource \"pods/ephemeralcontainers\"")),
        "{status:?}"
    );
    // Reads of the pod itself still work: only the subresource is forbidden.
    let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    assert!(api.get(&pod.name).await.is_ok());
    let refused = debug::open(client.clone(), &pod, None, &ShellKind::Attach)
        .await
        .err()
        .unwrap();
    assert!(
        refused.contains("cannot create resource \"pods/attach\""),
        "{refused}"
    );
    // Exec is not forbidden here.
    let exec = ShellKind::Exec(vec!["sh".into()]);
    assert!(debug::open(client.clone(), &pod, None, &exec).await.is_ok());

    let (readonly, reports) = recorder(client, true);
    let id = debug::start(&readonly, spec(&pod, "busybox:1.36", &first), |_| {});
    assert!(matches!(outcome(&reports, id).await, OpStatus::Refused(m) if m.contains("read-only")));
}

/// Creates a bare pod in `shop` from its spec and waits until it runs; returns its key.
async fn run_pod(client: &kube::Client, name: &str, spec: serde_json::Value) -> ObjKey {
    let api: Api<Pod> = Api::namespaced(client.clone(), "shop");
    let pod: Pod = serde_json::from_value(serde_json::json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": spec,
    }))
    .unwrap();
    api.create(&kube::api::PostParams::default(), &pod)
        .await
        .unwrap();
    common::eventually("the new pod running", WAIT, || {
        let api = api.clone();
        async move {
            let p = api.get(name).await.ok()?;
            let running = p.status?.phase.as_deref() == Some("Running");
            running.then_some(())
        }
    })
    .await;
    ObjKey::new("shop", name)
}

fn shells(names: &[&str]) -> ShellKind {
    ShellKind::Shell(names.iter().map(|s| (*s).to_owned()).collect())
}

#[tokio::test]
async fn the_shell_falls_back_to_the_next_configured_one_and_names_what_was_missing() {
    let cluster = common::cluster(4).await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    // The API's own words for a missing executable, as kubectl would print them.
    let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    let params = AttachParams::default().container(&first).stderr(false);
    let mut p = api.exec(&pod.name, ["bash"], &params).await.unwrap();
    let status = p.take_status().unwrap().await.unwrap();
    let message = status.message.clone().unwrap_or_default();
    assert!(
        message.contains("exec: \"bash\": executable file not found in $PATH"),
        "{message}"
    );
    assert_eq!(status.code, Some(500));
    assert!(kview::cluster::shell_open::executable_missing(&status));

    let mut opened = kview::cluster::shell_open::open(
        client.clone(),
        &pod,
        Some(&first),
        &shells(&["bash", "sh"]),
    )
    .await
    .unwrap();
    assert_eq!(opened.shell.as_deref(), Some("sh"));
    assert_eq!(opened.missing, ["bash"]);
    assert_eq!(opened.container, first);
    assert_eq!(String::from_utf8_lossy(&opened.early_output), "/ # ");
    let mut stdin = opened.process.stdin().unwrap();
    stdin.write_all(b"hostname\rexit\r").await.unwrap();
    let mut text = String::new();
    tokio::time::timeout(WAIT, opened.stdout.read_to_string(&mut text))
        .await
        .expect("the shell ends")
        .unwrap();
    assert!(text.contains(&format!("\r\n{}\r\n", pod.name)), "{text:?}");
}

#[tokio::test]
async fn an_image_without_any_shell_is_refused_naming_the_shells_tried() {
    let cluster = common::cluster(4).await;
    let client = cluster.client().await;
    let spec = serde_json::json!({"containers": [
        {"name": "app", "image": "gcr.io/distroless/static:nonroot"}
    ]});
    let pod = run_pod(&client, "static-1", spec).await;
    let refused = kview::cluster::shell_open::open(client, &pod, None, &shells(&["bash", "sh"]))
        .await
        .err()
        .unwrap();
    assert!(
        refused.contains("no shell in shop/static-1/app (tried bash, sh)"),
        "{refused}"
    );
    assert!(refused.contains("D for a debug container"), "{refused}");
}

#[tokio::test]
async fn a_cluster_without_ephemeral_containers_says_so() {
    let cluster = common::cluster_with(SimOptions {
        ephemeral_containers: false,
        world: WorldSpec {
            pods: 4,
            namespaces: 2,
            seed: 7,
        },
        ..SimOptions::default()
    })
    .await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    let (mutator, reports) = recorder(client, false);
    let id = debug::start(&mutator, spec(&pod, "busybox:1.36", &first), |_| {});
    let status = outcome(&reports, id).await;
    assert!(
        matches!(&status, OpStatus::Failed(m)
            if m.contains("this cluster does not support ephemeral debug containers")
            && m.contains("the server could not find the requested resource")),
        "{status:?}"
    );
}

#[tokio::test]
async fn rbac_forbidding_exec_is_explained() {
    let cluster = common::cluster_with(SimOptions {
        forbid: vec!["pods/exec".into()],
        world: WorldSpec {
            pods: 4,
            namespaces: 2,
            seed: 7,
        },
        ..SimOptions::default()
    })
    .await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    let refused =
        kview::cluster::shell_open::open(client.clone(), &pod, Some(&first), &shells(&["sh"]))
            .await
            .err()
            .unwrap();
    assert!(
        refused.starts_with("RBAC does not allow pods/exec here"),
        "{refused}"
    );
    assert!(
        refused.contains("cannot create resource \"pods/exec\""),
        "{refused}"
    );
    // Attach is not forbidden here.
    let opened =
        kview::cluster::shell_open::open(client, &pod, Some(&first), &ShellKind::Attach).await;
    assert!(opened.is_ok());
}

#[tokio::test]
async fn pods_that_do_not_run_are_refused_before_trying() {
    let cluster = common::cluster(30).await;
    let client = cluster.client().await;
    let api: Api<Pod> = Api::all(client.clone());
    let (pod, phase) = common::eventually("a pod that does not run", WAIT, || {
        let api = api.clone();
        async move {
            let pods = api.list(&ListParams::default()).await.ok()?;
            pods.items.into_iter().find_map(|p| {
                let phase = p.status.as_ref()?.phase.clone()?;
                (phase != "Running").then(|| {
                    let meta = p.metadata;
                    let key = ObjKey::new(meta.namespace?, meta.name?);
                    Some((key, phase))
                })?
            })
        }
    })
    .await;
    let targets = kview::cluster::shell_target::fetch(client.clone(), &pod)
        .await
        .unwrap();
    let why = targets.not_running.expect("not running");
    assert!(
        why.contains(&format!("pod {pod}")) && why.contains(&phase),
        "{why}"
    );
    let (mutator, reports) = recorder(client, false);
    let id = debug::start(&mutator, spec(&pod, "busybox:1.36", "main"), |_| {});
    let status = outcome(&reports, id).await;
    assert!(
        matches!(&status, OpStatus::Failed(m) if m.contains("a debug container starts only in a running pod")),
        "{status:?}"
    );
}

#[tokio::test]
async fn windows_pods_get_windows_shells_and_no_debug_container() {
    let cluster = common::cluster(4).await;
    let client = cluster.client().await;
    let spec = serde_json::json!({
        "os": {"name": "windows"},
        "containers": [{"name": "iis", "image": "mcr.microsoft.com/windows/nanoserver:ltsc2022"}]
    });
    let pod = run_pod(&client, "win-1", spec).await;
    let targets = kview::cluster::shell_target::fetch(client.clone(), &pod)
        .await
        .unwrap();
    assert!(targets.windows);
    // What `x` tries there: nanoserver has no PowerShell, cmd it is.
    let windows = shells(&kview::state::shell_picker::WINDOWS_SHELLS);
    let opened = kview::cluster::shell_open::open(client.clone(), &pod, None, &windows)
        .await
        .unwrap();
    assert_eq!(opened.shell.as_deref(), Some("cmd"));
    assert_eq!(opened.missing, ["powershell"]);
    drop(opened);
    let (mutator, reports) = recorder(client.clone(), false);
    let id = debug::start(&mutator, spec_of(&pod), |_| {});
    let status = outcome(&reports, id).await;
    assert!(
        matches!(&status, OpStatus::Failed(m) if m.contains("runs on a Windows node") && m.contains("shared process namespace")),
        "{status:?}"
    );

    // A pod that does not say its OS is on Windows when its node is.
    let (linux_pod, _) = running_pod(&client).await;
    let nodes: Api<k8s_openapi::api::core::v1::Node> = Api::all(client.clone());
    let node = Api::<Pod>::namespaced(client.clone(), &linux_pod.namespace)
        .get(&linux_pod.name)
        .await
        .unwrap()
        .spec
        .unwrap()
        .node_name
        .unwrap();
    let label = serde_json::json!({"metadata": {"labels": {"kubernetes.io/os": "windows"}}});
    nodes
        .patch(
            &node,
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(&label),
        )
        .await
        .unwrap();
    let targets = kview::cluster::shell_target::fetch(client, &linux_pod)
        .await
        .unwrap();
    assert!(targets.windows);
}

fn spec_of(pod: &ObjKey) -> DebugSpec {
    DebugSpec {
        target: None,
        ..spec(pod, "busybox:1.36", "")
    }
}

#[tokio::test]
async fn a_debug_container_is_listed_with_its_state_and_its_logs_stream() {
    use kview::cluster::logs::{
        ContainerChoice, ContainerKind, LogOptions, LogReport, LogSink, LogTarget,
    };
    let cluster = common::cluster(4).await;
    let client = cluster.client().await;
    let (pod, first) = running_pod(&client).await;
    let (mutator, reports) = recorder(client.clone(), false);
    let ready = Arc::new(Mutex::new(None));
    let r = ready.clone();
    let id = debug::start(&mutator, spec(&pod, "busybox:1.36", &first), move |name| {
        *r.lock().unwrap() = Some(name);
    });
    assert!(matches!(
        outcome(&reports, id).await,
        OpStatus::Succeeded(_)
    ));
    let name = ready.lock().unwrap().clone().unwrap();

    // The pod view (describe) lists it with its state; `x`/`a` and the log picker offer it.
    let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
    let live = api.get(&pod.name).await.unwrap();
    let text = kview::manifest::describe::describe(&serde_json::to_value(&live).unwrap(), &[], 0)
        .join("\n");
    let section = text
        .split("Ephemeral Containers:")
        .nth(1)
        .expect("an ephemeral containers section");
    assert!(section.contains(&name), "{text}");
    assert!(
        section
            .lines()
            .any(|l| l.trim_start().starts_with("State:") && l.contains("Running")),
        "{section}"
    );
    let targets = kview::cluster::shell_target::fetch(client.clone(), &pod)
        .await
        .unwrap();
    let listed = targets.containers.iter().find(|c| c.name == name).unwrap();
    assert_eq!(
        (listed.kind, listed.state.as_str()),
        (ContainerKind::Ephemeral, "running")
    );

    // `l` then choosing it: its log streams.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let sink: LogSink = Arc::new(move |r| {
        let _ = tx.send(r);
    });
    let target = LogTarget::Pod {
        key: pod.clone(),
        container: ContainerChoice::Named(name.clone()),
    };
    let options = LogOptions {
        tail_lines: Some(10),
        since_seconds: None,
        previous: false,
        follow: true,
    };
    let _tail = kview::cluster::LogTail::start(client, target, options, sink);
    let mut source = None;
    let got_lines = tokio::time::timeout(WAIT, async {
        while let Some(report) = rx.recv().await {
            match report {
                LogReport::Source { container, .. } => source = container,
                LogReport::Lines { lines, .. } if !lines.is_empty() => return true,
                LogReport::Failed { message } => panic!("{message}"),
                _ => {}
            }
        }
        false
    })
    .await
    .expect("log lines of the debug container");
    assert!(got_lines);
    assert_eq!(source.as_deref(), Some(name.as_str()));
}
