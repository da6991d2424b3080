//! End to end: the real `kview` binary in a pseudo-terminal against the in-process simulated
//! cluster. `D` then Enter adds an ephemeral debug container targeting the selected pod's
//! container (checked in the pod spec through the API), the terminal is handed to its shell, a
//! typed `hostname` prints the pod's name, `exit` brings the dashboard back with the same pod
//! selected (its describe view lists the debug container); `x` on a pod with several containers
//! shows the container picker, Enter opens a shell in the preselected one, `hostname` prints the
//! pod's name and `exit` returns to the same pod; `x` with `shell: [bash, sh]` ends in `sh` with
//! a note on the terminal, and Ctrl-D returns; an image without any shell is refused with the
//! shells tried; read-only mode refuses `D`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};

use common::TestCluster;
use common::pty::Session;

struct Live {
    rt: tokio::runtime::Runtime,
    cluster: TestCluster,
}

impl Live {
    fn start() -> Self {
        let rt = common::runtime();
        let cluster = rt.block_on(common::cluster(30));
        Live { rt, cluster }
    }

    fn api(&self) -> Api<Pod> {
        self.rt
            .block_on(async { Api::namespaced(self.cluster.client().await, "shop") })
    }

    /// A running pod of namespace `shop` with every container running, and its first container.
    fn running_pod(&self) -> (String, String) {
        let api = self.api();
        self.rt.block_on(common::eventually(
            "a running pod in shop",
            Duration::from_secs(60),
            || {
                let api = api.clone();
                async move {
                    let pods = api.list(&ListParams::default()).await.ok()?;
                    pods.items.into_iter().find_map(|p| {
                        let status = p.status.as_ref()?;
                        let all_running = status
                            .container_statuses
                            .as_ref()?
                            .iter()
                            .all(|c| c.state.as_ref().is_some_and(|s| s.running.is_some()));
                        (status.phase.as_deref() == Some("Running") && all_running).then(|| {
                            let first = p.spec.as_ref().unwrap().containers[0].name.clone();
                            (p.metadata.name.clone().unwrap(), first)
                        })
                    })
                }
            },
        ))
    }

    /// Creates a bare pod in `shop` with these containers (name, image) and waits until every
    /// container runs.
    fn create_pod(&self, name: &str, containers: &[(&str, &str)]) {
        let api = self.api();
        let containers: Vec<serde_json::Value> = containers
            .iter()
            .map(|(n, i)| serde_json::json!({"name": n, "image": i}))
            .collect();
        let pod: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": name, "namespace": "shop"},
            "spec": {"containers": containers},
        }))
        .unwrap();
        self.rt
            .block_on(api.create(&kube::api::PostParams::default(), &pod))
            .unwrap();
        self.rt.block_on(common::eventually(
            "the new pod running",
            Duration::from_secs(60),
            || {
                let api = api.clone();
                async move {
                    let status = api.get(name).await.ok()?.status?;
                    let all_running = status
                        .container_statuses?
                        .iter()
                        .all(|c| c.state.as_ref().is_some_and(|s| s.running.is_some()));
                    (status.phase.as_deref() == Some("Running") && all_running).then_some(())
                }
            },
        ));
    }

    /// kview on namespace `shop`, filtered to `pod` (so it is the selected row).
    fn kview_on(&self, pod: &str, extra: &[&str]) -> Session {
        self.kview_with(pod, extra, &[])
    }

    /// As `kview_on`, with environment variables (e.g. `KVIEW_CONFIG_DIR`).
    fn kview_with(&self, pod: &str, extra: &[&str], env: &[(&str, &str)]) -> Session {
        let mut args = vec![
            "--kubeconfig",
            self.cluster.kubeconfig.to_str().unwrap(),
            "-n",
            "shop",
        ];
        args.extend_from_slice(extra);
        let mut s = Session::start_with(&args, env);
        s.wait_for("the pod", |t| t.contains(pod));
        s.keys(&format!("/{pod}\r"));
        s.wait_for("the filtered pods pane", |t| t.contains("Pods (1"));
        s
    }
}

fn has_line(screen: &str, text: &str) -> bool {
    screen.lines().any(|l| l.trim_end() == text)
}

#[test]
fn d_enter_opens_a_debug_shell_and_exit_comes_back_to_the_same_pod() {
    let live = Live::start();
    let (pod, first) = live.running_pod();
    let mut s = live.kview_on(&pod, &[]);
    s.keys("D");
    s.wait_for("the debug form", |t| t.contains("Debug container"));
    s.keys("\r");
    s.wait_for_within("the debug shell's prompt", Duration::from_secs(60), |t| {
        t.contains("/ # ") && !t.contains("Pods (")
    });
    let spec = live
        .rt
        .block_on(live.api().get(&pod))
        .unwrap()
        .spec
        .unwrap();
    let eph = spec.ephemeral_containers.unwrap_or_default();
    assert_eq!(eph.len(), 1, "one debug container added");
    assert!(eph[0].name.starts_with("debugger-"));
    assert_eq!(
        eph[0].target_container_name.as_deref(),
        Some(first.as_str())
    );
    assert_eq!(eph[0].image.as_deref(), Some("busybox:1.36"));

    s.keys("hostname\r");
    s.wait_for("the pod's name from the shell", |t| has_line(t, &pod));
    s.keys("exit\r");
    s.wait_for("the dashboard again", |t| t.contains("Pods (1"));
    // The same pod is still the selected row: describe shows it, with its debug container.
    s.keys("d");
    let name = eph[0].name.clone();
    s.wait_for("the describe view of the pod", |t| {
        t.contains("Name:") && t.contains(&pod) && t.contains("Ephemeral Containers")
    });
    s.wait_for("the debug container in describe", |t| t.contains(&name));
    s.keys("\x1b");
    s.wait_for("the dashboard", |t| t.contains("Pods (1"));
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn x_on_a_pod_with_several_containers_picks_one_and_exit_returns_to_the_pod() {
    let live = Live::start();
    live.create_pod(
        "duo-1",
        &[
            ("app", "busybox:1.36"),
            ("proxy", "envoyproxy/envoy:v1.32.1"),
        ],
    );
    let mut s = live.kview_on("duo-1", &[]);
    s.keys("x");
    let picker = s.wait_for("the container picker", |t| {
        t.contains("Shell in shop/duo-1") && t.contains("proxy")
    });
    assert!(
        picker
            .lines()
            .any(|l| l.contains("▶ app") && l.contains("running")),
        "the first running container is preselected:\n{picker}"
    );
    s.keys("\r");
    s.wait_for("the shell's prompt", |t| {
        t.contains("/ # ") && !t.contains("Pods (")
    });
    s.keys("hostname\r");
    s.wait_for("the pod's name from the shell", |t| has_line(t, "duo-1"));
    s.keys("exit\r");
    s.wait_for("the dashboard again", |t| {
        t.contains("Pods (1") && t.contains("duo-1")
    });
    // Still the selected row: `a` reads the same pod again; Esc closes the picker.
    s.keys("a");
    s.wait_for("the attach picker of the same pod", |t| {
        t.contains("Attach to shop/duo-1")
    });
    s.keys("\x1b");
    s.wait_for("the picker closed", |t| {
        !t.contains("Attach to shop/duo-1") && t.contains("Pods (1")
    });
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn x_falls_back_to_the_next_configured_shell_with_a_note_and_ctrl_d_returns() {
    let live = Live::start();
    live.create_pod("solo-1", &[("app", "busybox:1.36")]);
    let config = tempfile::tempdir().unwrap();
    std::fs::write(config.path().join("config.yaml"), "shell: [bash, sh]\n").unwrap();
    let dir = config.path().to_str().unwrap();
    let mut s = live.kview_with("solo-1", &[], &[("KVIEW_CONFIG_DIR", dir)]);
    s.keys("x");
    let screen = s.wait_for("the shell's prompt", |t| {
        t.contains("/ # ") && !t.contains("Pods (")
    });
    assert!(
        screen.contains("kview: bash not in app; using sh"),
        "the note:\n{screen}"
    );
    s.keys("echo hi there\r");
    s.wait_for("the echo", |t| has_line(t, "hi there"));
    s.keys("\x04");
    s.wait_for("the dashboard again", |t| {
        t.contains("Pods (1") && t.contains("solo-1")
    });
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn x_on_an_image_without_a_shell_is_refused_with_the_shells_tried() {
    let live = Live::start();
    live.create_pod("static-1", &[("app", "gcr.io/distroless/static:nonroot")]);
    let mut s = live.kview_on("static-1", &[]);
    s.keys("x");
    s.wait_for("the refusal", |t| {
        t.contains("no shell in shop/static-1/app (tried bash, sh)")
    });
    let screen = s.text();
    assert!(screen.contains("Pods (1"), "the dashboard stays:\n{screen}");
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn readonly_refuses_the_debug_container() {
    let live = Live::start();
    let (pod, _) = live.running_pod();
    let mut s = live.kview_on(&pod, &["--readonly"]);
    s.keys("D");
    s.wait_for("the debug form", |t| t.contains("Debug container"));
    s.keys("\r");
    s.wait_for("the refusal", |t| t.contains("read-only"));
    let spec = live
        .rt
        .block_on(live.api().get(&pod))
        .unwrap()
        .spec
        .unwrap();
    assert!(spec.ephemeral_containers.unwrap_or_default().is_empty());
    s.keys("q");
    s.wait_exit();
}
