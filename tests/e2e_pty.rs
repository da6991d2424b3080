//! End to end: the real `kview` binary on `--demo` in a pseudo-terminal, driven by keystrokes
//! and read back through a terminal emulator (vt100). Checks what a user sees, and that the
//! terminal is handed back (alternate screen left, cursor shown) on quit and on SIGTERM.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use common::pty::{Session, line_with};

#[test]
fn demo_shows_four_live_panes_filters_switches_and_quits_cleanly() {
    let mut s = Session::start(&["--demo"]);
    let screen = s.wait_for("rows in every pane", |t| {
        t.contains("Running") && t.contains("worker-1") && t.contains("kubernetes")
    });
    for pane in ["Pods (", "Deployments (", "Services (", "Nodes ("] {
        assert!(screen.contains(pane), "{pane} missing:\n{screen}");
    }
    assert!(
        line_with(&screen, "┏").is_some_and(|l| l.contains("Pods")),
        "pods focused at start:\n{screen}"
    );
    assert!(
        screen.contains("kview-sim"),
        "context in the header:\n{screen}"
    );

    s.keys("/payment-gateway\r");
    let screen = s.wait_for("the filtered pods", |t| t.contains("CrashLoopBackOff"));
    let pods_pane: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("┏ Pods"))
        .take_while(|l| !l.contains("┗"))
        .collect();
    assert!(
        pods_pane
            .iter()
            .skip(2)
            .all(|l| l.contains("payment-gateway")
                || l.trim_matches(|c| c == '┃' || c == ' ').is_empty()),
        "only matches:\n{screen}"
    );

    s.keys(":deploy\r");
    s.wait_for("deployments focused", |t| {
        line_with(t, "┏").is_some_and(|l| l.contains("Deployments"))
    });

    s.keys("/payment\r");
    let screen = s.wait_for("the filtered deployments", |t| {
        let pane: Vec<&str> = t
            .lines()
            .skip_while(|l| !l.contains("┏ Deployments"))
            .skip(2)
            .take(3)
            .collect();
        pane.iter().any(|l| l.contains("payment")) && !pane.iter().any(|l| l.contains("frontend"))
    });
    assert!(!screen.contains("panicked"), "{screen}");

    s.keys("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("pod rows", |t| {
        t.contains("Pods (") && t.contains("Running")
    });
    let pid = s.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn escape_sequences_from_the_cluster_are_shown_inert() {
    // A status reason is free text set by whoever writes pod status. One that carries a
    // title-changing OSC sequence must be shown escaped, never reach the terminal raw.
    let rt = common::runtime();
    let cluster = rt.block_on(common::cluster(30));
    let mut s = Session::start(&[
        "--kubeconfig",
        cluster.kubeconfig.to_str().unwrap(),
        "-n",
        "shop",
    ]);
    s.wait_for("pod rows", |t| t.contains("frontend-"));
    rt.block_on(async {
        use k8s_openapi::api::core::v1::Pod;
        let pods: kube::Api<Pod> = kube::Api::namespaced(cluster.client().await, "shop");
        let name = pods.list(&kube::api::ListParams::default()).await.unwrap().items.into_iter().find(|p| p.metadata.name.as_deref().unwrap_or_default().starts_with("cart-")).unwrap().metadata.name.unwrap();
        let patch = serde_json::json!({"status": {"containerStatuses": [{"name": "cart", "image": "x", "imageID": "", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "\u{1b}]0;pwned\u{7}Evil"}}}]}});
        pods.patch_status(&name, &kube::api::PatchParams::default(), &kube::api::Patch::Merge(patch)).await.unwrap();
    });
    let screen = s.wait_for("the escaped reason", |t| t.contains("Evil"));
    assert!(screen.contains("\\e]0;pwned"), "shown escaped:\n{screen}");
    s.keys("q");
    s.wait_exit();
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        !raw.contains("\u{1b}]0;pwned"),
        "an OSC title sequence reached the terminal"
    );
}

#[test]
fn namespace_switch_restarts_the_watches_and_forbidden_panes_say_so() {
    let rt = common::runtime();
    let cluster = rt.block_on(common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 60,
            namespaces: 4,
            seed: 7,
        },
        forbid: vec!["nodes".into()],
        ..kview::sim::SimOptions::default()
    }));
    let mut s = Session::start(&["--kubeconfig", cluster.kubeconfig.to_str().unwrap(), "-A"]);
    let screen = s.wait_for("all namespaces and a forbidden nodes pane", |t| {
        t.contains("namespace: all") && t.contains("Running") && t.contains("forbidden")
    });
    assert!(line_with(&screen, "NAMESPACE").is_some(), "{screen}");
    s.keys(":ns shop\r");
    let screen = s.wait_for("the shop namespace", |t| {
        t.contains("namespace: shop") && t.contains("frontend-")
    });
    let pods_pane: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("┏ Pods"))
        .take_while(|l| !l.contains("┗"))
        .collect();
    assert!(
        !pods_pane.iter().any(|l| l.contains("NAMESPACE")),
        "no namespace column for one namespace:\n{screen}"
    );
    assert!(
        !pods_pane
            .iter()
            .any(|l| l.contains("coredns") || l.contains("payment")),
        "only shop pods:\n{screen}"
    );
    s.keys(":ns all\r");
    s.wait_for("all namespaces again", |t| {
        t.contains("namespace: all") && t.contains("coredns")
    });
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn every_pod_loads_from_a_server_without_streaming_lists() {
    let rt = common::runtime();
    // More pods than one page, and a server that ignores `sendInitialEvents`.
    let cluster = rt.block_on(common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 1_200,
            namespaces: 4,
            seed: 7,
        },
        watch_list: false,
        ..kview::sim::SimOptions::default()
    }));
    let client = rt.block_on(cluster.client());
    let total = rt
        .block_on(
            kube::Api::<k8s_openapi::api::core::v1::Pod>::all(client)
                .list(&kube::api::ListParams::default()),
        )
        .unwrap()
        .items
        .len();
    let title = format!("Pods ({},{:03})", total / 1000, total % 1000);
    let mut s = Session::start(&["--kubeconfig", cluster.kubeconfig.to_str().unwrap(), "-A"]);
    let screen = s.wait_for(&title, |t| t.contains(&title) && !t.contains("loading"));
    assert!(screen.contains("Running"), "{screen}");
    s.keys("q");
    assert!(s.wait_exit().success());
}
