//! Shared test support: start the simulated cluster in-process on a free port and write a
//! kubeconfig for it, exactly as a user's client would be pointed at a real cluster; and
//! (`pty`) run the real binary in a pseudo-terminal.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

pub mod pty;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kview::sim::{SimHandle, SimOptions, WorldSpec, start};

/// The runtime a blocking test (a pty session, a CLI run) keeps its simulator on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub struct TestCluster {
    pub sim: SimHandle,
    pub kubeconfig: PathBuf,
    _dir: tempfile::TempDir,
}

pub async fn cluster(pods: usize) -> TestCluster {
    cluster_with(SimOptions {
        world: WorldSpec {
            pods,
            namespaces: 4,
            seed: 7,
        },
        bookmark_every: Duration::from_millis(300),
        ..SimOptions::default()
    })
    .await
}

pub async fn cluster_with(options: SimOptions) -> TestCluster {
    let sim = start(options).await.expect("simulator starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, sim.kubeconfig()).expect("kubeconfig written");
    TestCluster {
        sim,
        kubeconfig,
        _dir: dir,
    }
}

/// A cluster that sends no bookmarks, so a client's watch position is only what it has seen.
pub async fn cluster_without_bookmarks(pods: usize) -> TestCluster {
    cluster_with(SimOptions {
        world: WorldSpec {
            pods,
            namespaces: 4,
            seed: 7,
        },
        bookmark_every: Duration::from_secs(600),
        ..SimOptions::default()
    })
    .await
}

impl TestCluster {
    /// Something changes that pod watches do not see, then the server forgets its history and
    /// drops every watch: every watcher's position is gone (410) and it must relist.
    pub async fn expire_watch_positions(&self) {
        let cms: kube::Api<k8s_openapi::api::core::v1::ConfigMap> =
            kube::Api::namespaced(self.client().await, "data");
        let bump = serde_json::json!({"metadata": {"generateName": "bump-"}});
        cms.create(
            &kube::api::PostParams::default(),
            &serde_json::from_value(bump).expect("configmap"),
        )
        .await
        .expect("configmap created");
        self.sim.compact();
        self.sim.break_watches();
    }

    /// A kube-rs client built from the written kubeconfig (TLS + token), as kview builds it.
    pub async fn client(&self) -> kube::Client {
        let kubeconfig =
            kube::config::Kubeconfig::read_from(&self.kubeconfig).expect("kubeconfig parses");
        let config = kube::Config::from_custom_kubeconfig(
            kubeconfig,
            &kube::config::KubeConfigOptions::default(),
        )
        .await
        .expect("config");
        kube::Client::try_from(config).expect("client")
    }
}

/// Polls `check` until it returns Some or the deadline passes.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
