//! Shared test support: start the simulated cluster in-process on a free port and write a
//! kubeconfig for it, exactly as a user's client would be pointed at a real cluster.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kview::sim::{SimHandle, SimOptions, WorldSpec, start};

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

impl TestCluster {
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
pub mod pty;
