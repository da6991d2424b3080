//! End to end: the real `kview` binary on `--demo` in a pseudo-terminal, driven by keystrokes
//! and read back through a terminal emulator (vt100). Checks what a user sees, and that the
//! terminal is handed back (alternate screen left, cursor shown) on quit and on SIGTERM.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

use std::io::{Read as _, Write as _};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod common;

const ROWS: u16 = 40;
const COLS: u16 = 120;

struct Session {
    screen: Arc<Mutex<(vt100::Parser, Vec<u8>)>>,
    writer: Box<dyn std::io::Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _pair_master: Box<dyn portable_pty::MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Session {
    fn start(args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let home = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kview"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home.path());
        cmd.env_remove("KUBECONFIG");
        cmd.env("KVIEW_LOG", home.path().join("kview.log"));
        let child = pair.slave.spawn_command(cmd).expect("kview starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new((vt100::Parser::new(ROWS, COLS, 0), Vec::new())));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut s = sink.lock().unwrap();
                s.0.process(&buf[..n]);
                s.1.extend_from_slice(&buf[..n]);
            }
        });
        Session {
            screen,
            writer,
            child,
            _pair_master: pair.master,
            _home: home,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().0.screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.screen.lock().unwrap().1.clone()
    }

    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.text();
            if check(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "kview did not exit; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The terminal was handed back: the alternate screen was left after it was last entered,
    /// and the cursor shown again.
    fn assert_restored(&self) {
        // Give the reader thread a moment to take the last bytes.
        std::thread::sleep(Duration::from_millis(200));
        let raw = self.raw();
        let text = String::from_utf8_lossy(&raw);
        let entered = text
            .rfind("\u{1b}[?1049h")
            .expect("alternate screen entered");
        let left = text.rfind("\u{1b}[?1049l").expect("alternate screen left");
        assert!(
            left > entered,
            "left the alternate screen after entering it"
        );
        assert!(
            text[left..].contains("\u{1b}[?25h")
                || text.rfind("\u{1b}[?25h").is_some_and(|s| s > entered),
            "cursor shown again"
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn line_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(needle))
}

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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
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
