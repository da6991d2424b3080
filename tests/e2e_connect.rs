//! End to end: the real `kview` binary started (in a pseudo-terminal) while its cluster is
//! unreachable shows a retry screen instead of exiting, counts and backs off its attempts,
//! retries at once on `r`, and goes on into the dashboard when the server answers; `q` gives up
//! with a non-zero exit and the reason printed after the terminal is handed back.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::time::{Duration, Instant};

use common::pty::Session;

fn runtime() -> tokio::runtime::Runtime {
    common::runtime()
}

#[test]
fn an_unreachable_cluster_gets_a_retry_screen_then_the_dashboard_when_it_answers() {
    let rt = runtime();
    let cluster = rt.block_on(common::cluster(40));
    rt.block_on(cluster.sim.go_offline());
    let mut s = Session::start(&["--kubeconfig", cluster.kubeconfig.to_str().unwrap(), "-A"]);
    let screen = s.wait_for("the retry screen", |t| {
        t.contains("waiting for the cluster") && t.contains("retrying in")
    });
    assert!(
        screen.contains(&cluster.sim.url) && screen.contains("kview-sim"),
        "server and context named:\n{screen}"
    );
    assert!(
        screen.contains("Connection refused") || screen.contains("connect"),
        "the reason:\n{screen}"
    );
    assert!(
        screen.contains("<r> retry now") && screen.contains("<q> quit"),
        "{screen}"
    );
    // Backing off: the fourth failure waits 8s before the next attempt.
    s.wait_for_within("four failed attempts", Duration::from_secs(40), |t| {
        t.contains("attempt  4 · retrying in 8s")
    });
    // `r` tries at once, long before the 8s are over.
    let pressed = Instant::now();
    s.keys("r");
    s.wait_for("a fifth attempt", |t| t.contains("attempt  5"));
    assert!(
        pressed.elapsed() < Duration::from_secs(7),
        "r retried at once, not after the backoff"
    );

    rt.block_on(cluster.sim.go_online());
    let screen = s.wait_for_within("the dashboard with rows", Duration::from_secs(60), |t| {
        t.contains("Pods (") && t.contains("Running") && !t.contains("waiting for the cluster")
    });
    assert!(screen.contains("namespace: all"), "{screen}");
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn quitting_the_retry_screen_exits_non_zero_with_the_reason_after_restoring() {
    let rt = runtime();
    let cluster = rt.block_on(common::cluster(5));
    rt.block_on(cluster.sim.go_offline());
    let mut s = Session::start(&["--kubeconfig", cluster.kubeconfig.to_str().unwrap()]);
    s.wait_for("the retry screen", |t| {
        t.contains("waiting for the cluster")
    });
    s.keys("q");
    let status = s.wait_exit();
    assert!(!status.success(), "non-zero exit");
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    let left = raw.rfind("\u{1b}[?1049l").unwrap();
    let reason = raw
        .rfind("kview: cannot reach the cluster at")
        .expect("the reason is printed");
    assert!(reason > left, "printed after the terminal was restored");
    assert!(raw[reason..].contains("kview-sim"), "{}", &raw[reason..]);
}

#[test]
fn credentials_rejected_once_the_server_answers_end_the_wait_with_one_line() {
    let rt = runtime();
    let cluster = rt.block_on(common::cluster(5));
    rt.block_on(cluster.sim.go_offline());
    // Waiting cannot fix a wrong token: when the server is back, kview says so and exits.
    let text = std::fs::read_to_string(&cluster.kubeconfig).unwrap();
    let wrong = text.replace(&cluster.sim.token, "kview-sim-wrong-token");
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("config");
    std::fs::write(&kubeconfig, wrong).unwrap();
    let mut s = Session::start(&["--kubeconfig", kubeconfig.to_str().unwrap()]);
    s.wait_for("the retry screen", |t| {
        t.contains("waiting for the cluster")
    });
    rt.block_on(cluster.sim.go_online());
    s.keys("r");
    let status = s.wait_exit();
    assert!(!status.success(), "non-zero exit");
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    let left = raw.rfind("\u{1b}[?1049l").unwrap();
    assert!(
        raw[left..].contains("rejected the credentials of user \"kview-sim-admin\""),
        "{}",
        &raw[left..]
    );
}
