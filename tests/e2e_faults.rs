//! End to end: the real `kview` binary (in a pseudo-terminal) against a flaky simulated
//! cluster. Through dropped watches, 410 Gone, 5% server errors and slow responses, and through
//! a server that disappears and comes back, the pods pane ends up showing exactly what the API
//! says (compared through a client), without duplicates, and says when it is stale.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::time::Duration;

use common::pty::{Session, pane_names};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use kube::Api;
use kube::api::{DeleteParams, ListParams, Patch, PatchParams};

fn runtime() -> tokio::runtime::Runtime {
    common::runtime()
}

/// Runs `op` until the (flaky) server accepts it.
async fn until_ok<T, F, Fut>(mut op: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, kube::Error>>,
{
    for _ in 0..100 {
        if let Ok(v) = op().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server never accepted the request");
}

async fn pod_names(pods: &Api<Pod>) -> Vec<String> {
    let params = ListParams::default();
    let list = until_ok(|| pods.list(&params)).await;
    let mut names: Vec<String> = list
        .items
        .into_iter()
        .filter_map(|p| p.metadata.name)
        .collect();
    names.sort();
    names
}

/// Deletes two pods and scales `frontend` up by two: names disappear and appear.
async fn change_pods(client: kube::Client) {
    let pods: Api<Pod> = Api::namespaced(client.clone(), "shop");
    let now = DeleteParams::default().grace_period(0);
    for name in pod_names(&pods).await.into_iter().take(2) {
        until_ok(|| pods.delete(&name, &now)).await;
    }
    let deployments: Api<Deployment> = Api::namespaced(client, "shop");
    let scale = until_ok(|| deployments.get_scale("frontend")).await;
    let replicas = scale.spec.and_then(|s| s.replicas).unwrap_or(0) + 2;
    let patch = Patch::Merge(serde_json::json!({"spec": {"replicas": replicas}}));
    let params = PatchParams::default();
    until_ok(|| deployments.patch_scale("frontend", &params, &patch)).await;
}

/// Waits until the pods pane shows exactly the API's pods: the same count in its title, the
/// same names, each once, and no stale marker.
fn wait_until_the_pane_matches_the_api(s: &Session, rt: &tokio::runtime::Runtime, pods: &Api<Pod>) {
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        let expected = rt.block_on(pod_names(pods));
        let screen = s.text();
        let mut shown = pane_names(&screen, "Pods");
        let count = shown.len();
        shown.sort();
        shown.dedup();
        let title = format!("Pods ({})", expected.len());
        let stale = screen
            .lines()
            .any(|l| l.contains("┏ Pods") && l.contains("stale"));
        if shown == expected && count == expected.len() && screen.contains(&title) && !stale {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the pods pane never matched the API\nAPI:    {expected:?}\nscreen: {shown:?} ({count} rows)\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn through_dropped_watches_gone_errors_and_slowness_the_pods_pane_converges() {
    let rt = runtime();
    let cluster = rt.block_on(common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 40,
            namespaces: 4,
            seed: 7,
        },
        bookmark_every: Duration::from_millis(300),
        faults: kview::sim::FaultPlan::parse(
            "drop_watch_every=1s,gone_every=3s,error_rate=0.05,slow_ms=50",
        )
        .unwrap(),
        ..kview::sim::SimOptions::default()
    }));
    let client = rt.block_on(cluster.client());
    let pods: Api<Pod> = Api::namespaced(client.clone(), "shop");
    let mut s = Session::start(&[
        "--kubeconfig",
        cluster.kubeconfig.to_str().unwrap(),
        "-n",
        "shop",
    ]);
    s.wait_for_within("pod rows", Duration::from_secs(60), |t| {
        t.contains("frontend-") && t.contains("Pods (")
    });
    s.keys("\r"); // zoom: every row of the namespace on screen
    wait_until_the_pane_matches_the_api(&s, &rt, &pods);
    // Changes while watches keep dropping, positions expire and requests fail; between two
    // rounds of changes, kview's pod watch is dropped and started again (at least) twice.
    for _ in 0..3 {
        rt.block_on(change_pods(client.clone()));
        let watches = cluster.sim.requests("watch", "pods");
        rt.block_on(common::eventually(
            "pod watches dropped and restarted",
            Duration::from_secs(30),
            || async { (cluster.sim.requests("watch", "pods") >= watches + 2).then_some(()) },
        ));
    }
    wait_until_the_pane_matches_the_api(&s, &rt, &pods);
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_server_that_disappears_and_comes_back_shows_stale_then_the_right_rows() {
    let rt = runtime();
    let cluster = rt.block_on(common::cluster(40));
    let client = rt.block_on(cluster.client());
    let pods: Api<Pod> = Api::namespaced(client.clone(), "shop");
    let mut s = Session::start(&[
        "--kubeconfig",
        cluster.kubeconfig.to_str().unwrap(),
        "-n",
        "shop",
    ]);
    s.wait_for("pod rows", |t| {
        t.contains("frontend-") && t.contains("Pods (")
    });
    s.keys("\r");
    wait_until_the_pane_matches_the_api(&s, &rt, &pods);

    // Changes the watches may or may not see, then the server vanishes and forgets its
    // history, so the client must relist when it is back.
    rt.block_on(change_pods(client));
    rt.block_on(cluster.sim.go_offline());
    cluster.sim.compact();
    let screen = s.wait_for("the pane marked stale", |t| {
        t.lines()
            .any(|l| l.contains("┏ Pods") && l.contains("stale since"))
    });
    assert!(
        screen.contains("frontend-"),
        "a pane whose watch is down keeps its rows:\n{screen}"
    );
    rt.block_on(cluster.sim.go_online());
    wait_until_the_pane_matches_the_api(&s, &rt, &pods);
    s.keys("q");
    assert!(s.wait_exit().success());
}
