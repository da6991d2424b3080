//! Bench support: real pod objects from the simulated cluster (with managedFields, specs and
//! statuses as the API server sends them), and large sets of rows made from them.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)] // benchmark support

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};
use kview::resources::PodRow;
use kview::resources::wire::PodWire;

/// The JSON of `n` pods as the simulated API server serves them (every state kubectl knows).
pub fn pod_json(n: usize) -> Vec<String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sim = kview::sim::start(kview::sim::SimOptions {
            world: kview::sim::WorldSpec {
                pods: n,
                namespaces: 8,
                seed: 3,
            },
            ..kview::sim::SimOptions::default()
        })
        .await
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kubeconfig");
        std::fs::write(&path, sim.kubeconfig()).unwrap();
        let kc = kube::config::Kubeconfig::read_from(&path).unwrap();
        let config =
            kube::Config::from_custom_kubeconfig(kc, &kube::config::KubeConfigOptions::default())
                .await
                .unwrap();
        let client = kube::Client::try_from(config).unwrap();
        let pods: Api<Pod> = Api::all(client);
        let list = pods.list(&ListParams::default()).await.unwrap();
        sim.shutdown();
        list.items
            .iter()
            .map(|p| serde_json::to_string(p).unwrap())
            .collect()
    })
}

/// A watch event line carrying `object`, as the API server streams it.
pub fn event_line(object: &str) -> String {
    format!("{{\"type\":\"MODIFIED\",\"object\":{object}}}")
}

/// `n` distinct pod rows, projected from real pods and renamed `<name>-<i>`.
pub fn rows(samples: &[String], n: usize) -> Vec<PodRow> {
    let mut interner = kview::resources::Interner::new();
    let projected: Vec<PodRow> = samples
        .iter()
        .map(|j| {
            kview::resources::pod::project(
                serde_json::from_str::<PodWire>(j).unwrap(),
                &mut interner,
            )
        })
        .collect();
    (0..n)
        .map(|i| {
            let mut row = projected[i % projected.len()].clone();
            row.key.name = format!("{}-{i}", row.key.name);
            row
        })
        .collect()
}
