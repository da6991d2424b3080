//! The row actions (`cluster::actions`) through the `Mutator` against the in-process simulated
//! cluster: scale through the `scale` subresource (and the quota refusing it with the API's
//! words), rollout restart replacing every pod, delete waiting until the pod is gone,
//! deployments cascading, cordon/uncordon, drain evicting what it should and saying what it
//! skipped, and read-only mode refusing without a request.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::{Api, EvictParams, ListParams, PostParams};
use serde_json::json;

use kview::cluster::{Mutation, Mutator, OpReport, OpStatus, actions};
use kview::resources::{ObjKey, ResourceKind};

const WAIT: Duration = Duration::from_secs(30);

/// A mutator whose reports land in a list the test reads.
struct Recorder {
    mutator: Mutator,
    reports: Arc<Mutex<Vec<OpReport>>>,
}

impl Recorder {
    fn new(client: kube::Client, readonly: bool) -> Self {
        let reports = Arc::new(Mutex::new(Vec::new()));
        let seen = reports.clone();
        let sink: kview::cluster::ops::ReportSink = Arc::new(move |r| seen.lock().unwrap().push(r));
        Recorder {
            mutator: Mutator::new(client, readonly, sink),
            reports,
        }
    }

    /// Runs `mutation` to its outcome; returns the final status and every progress text.
    async fn run(&self, mutation: Mutation) -> (OpStatus, Vec<String>) {
        let id = actions::start(&self.mutator, mutation);
        let reports = self.reports.clone();
        let status = common::eventually("the operation's outcome", Duration::from_secs(90), || {
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
        .await;
        let progress = self
            .reports
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.id == id)
            .filter_map(|r| match &r.status {
                OpStatus::Progress(text) => Some(text.clone()),
                _ => None,
            })
            .collect();
        (status, progress)
    }
}

fn succeeded(status: &OpStatus) -> &str {
    match status {
        OpStatus::Succeeded(text) => text,
        other => panic!("expected success, got {other:?}"),
    }
}

async fn pods_of(client: &kube::Client, ns: &str, app: &str) -> Vec<Pod> {
    let api: Api<Pod> = Api::namespaced(client.clone(), ns);
    api.list(&ListParams::default().labels(&format!("app={app}")))
        .await
        .unwrap()
        .items
}

fn names(pods: &[Pod]) -> BTreeSet<String> {
    pods.iter()
        .filter_map(|p| p.metadata.name.clone())
        .collect()
}

fn running_and_ready(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_none()
        && pod
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_goes_through_the_scale_subresource_once() {
    let c = common::cluster(30).await;
    let client = c.client().await;
    let r = Recorder::new(client.clone(), false);
    let key = ObjKey::new("shop", "frontend");
    let (status, _) = r
        .run(Mutation::Scale {
            key: key.clone(),
            replicas: 5,
        })
        .await;
    assert_eq!(succeeded(&status), "scaled deployment shop/frontend to 5");
    assert_eq!(c.sim.requests("patch", "deployments/scale"), 1);
    assert_eq!(c.sim.requests("patch", "deployments"), 0);
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "shop");
    common::eventually("5 ready frontend pods", WAIT, || {
        let client = client.clone();
        async move {
            let pods = pods_of(&client, "shop", "frontend").await;
            (pods.iter().filter(|p| running_and_ready(p)).count() == 5).then_some(())
        }
    })
    .await;
    let d = deployments.get("frontend").await.unwrap();
    assert_eq!(d.spec.replicas, Some(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quota_refuses_scale_ups_with_the_api_servers_words() {
    let c = common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 30,
            namespaces: 4,
            seed: 7,
        },
        quota_pods: Some(12),
        ..kview::sim::SimOptions::default()
    })
    .await;
    let r = Recorder::new(c.client().await, false);
    let key = ObjKey::new("shop", "frontend");
    let (status, _) = r
        .run(Mutation::Scale {
            key: key.clone(),
            replicas: 40,
        })
        .await;
    let OpStatus::Failed(message) = status else {
        panic!("a scale past the quota must fail: {status:?}");
    };
    assert!(
        message.starts_with("deployments.apps \"frontend\" is forbidden: exceeded quota: pod-quota, requested: pods=37"),
        "{message}"
    );
    assert!(message.ends_with("limited: pods=12"), "{message}");
    // Scaling down is never refused.
    let (status, _) = r.run(Mutation::Scale { key, replicas: 1 }).await;
    succeeded(&status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_replaces_every_pod_through_a_new_replicaset() {
    let c = common::cluster(30).await;
    let client = c.client().await;
    let before = names(&pods_of(&client, "shop", "frontend").await);
    assert_eq!(before.len(), 3);
    let r = Recorder::new(client.clone(), false);
    let (status, _) = r
        .run(Mutation::Restart {
            key: ObjKey::new("shop", "frontend"),
        })
        .await;
    assert!(succeeded(&status).starts_with("restarted deployment shop/frontend"));
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "shop");
    let d = deployments.get("frontend").await.unwrap();
    let annotations = d.spec.template.metadata.unwrap().annotations.unwrap();
    assert!(annotations.contains_key(actions::RESTARTED_AT));
    common::eventually(
        "three new ready pods and no old ones",
        Duration::from_secs(60),
        || {
            let client = client.clone();
            let before = before.clone();
            async move {
                let pods = pods_of(&client, "shop", "frontend").await;
                let fresh = pods
                    .iter()
                    .filter(|p| running_and_ready(p))
                    .filter(|p| !before.contains(p.metadata.name.as_deref().unwrap_or_default()))
                    .count();
                (fresh == 3 && pods.len() == 3).then_some(())
            }
        },
    )
    .await;
    let rs: Api<ReplicaSet> = Api::namespaced(client, "shop");
    let sets = rs
        .list(&ListParams::default().labels("app=frontend"))
        .await
        .unwrap();
    assert_eq!(
        sets.items.len(),
        2,
        "the old replicaset is kept, scaled to 0"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_reports_terminating_and_returns_once_the_pod_is_gone() {
    let c = common::cluster(30).await;
    let client = c.client().await;
    let victim = pods_of(&client, "shop", "frontend").await[0]
        .metadata
        .name
        .clone()
        .unwrap();
    let r = Recorder::new(client.clone(), false);
    let (status, progress) = r
        .run(Mutation::Delete {
            kind: ResourceKind::Pod,
            key: ObjKey::new("shop", &victim),
        })
        .await;
    assert_eq!(succeeded(&status), format!("deleted pod shop/{victim}"));
    assert!(
        progress.iter().any(|p| p.contains("is terminating")),
        "{progress:?}"
    );
    let pods: Api<Pod> = Api::namespaced(client.clone(), "shop");
    assert!(pods.get_opt(&victim).await.unwrap().is_none());
    common::eventually("a replacement pod", WAIT, || {
        let client = client.clone();
        async move { (pods_of(&client, "shop", "frontend").await.len() == 3).then_some(()) }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_deployment_takes_its_pods_with_it() {
    let c = common::cluster(30).await;
    let client = c.client().await;
    let r = Recorder::new(client.clone(), false);
    let (status, _) = r
        .run(Mutation::Delete {
            kind: ResourceKind::Deployment,
            key: ObjKey::new("shop", "frontend"),
        })
        .await;
    assert_eq!(succeeded(&status), "deleted deployment shop/frontend");
    common::eventually("the frontend pods gone", WAIT, || {
        let client = client.clone();
        async move {
            pods_of(&client, "shop", "frontend")
                .await
                .is_empty()
                .then_some(())
        }
    })
    .await;
    // Deleting what is gone shows the API's message.
    let (status, _) = r
        .run(Mutation::Delete {
            kind: ResourceKind::Deployment,
            key: ObjKey::new("shop", "frontend"),
        })
        .await;
    assert_eq!(
        status,
        OpStatus::Failed("deployments.apps \"frontend\" not found".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cordon_and_uncordon_flip_spec_unschedulable() {
    let c = common::cluster(30).await;
    let client = c.client().await;
    let nodes: Api<Node> = Api::all(client.clone());
    let unschedulable = |n: Node| n.spec.and_then(|s| s.unschedulable) == Some(true);
    let r = Recorder::new(client.clone(), false);
    let node = "worker-2".to_owned();
    let (status, _) = r.run(Mutation::Cordon { node: node.clone() }).await;
    assert_eq!(succeeded(&status), "node worker-2 cordoned");
    assert!(unschedulable(nodes.get(&node).await.unwrap()));
    let (status, _) = r.run(Mutation::Cordon { node: node.clone() }).await;
    assert_eq!(succeeded(&status), "node worker-2 already cordoned");
    let (status, _) = r.run(Mutation::Uncordon { node: node.clone() }).await;
    assert_eq!(succeeded(&status), "node worker-2 uncordoned");
    assert!(!unschedulable(nodes.get(&node).await.unwrap()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eviction_terminates_gracefully() {
    let c = common::cluster(30).await;
    let client = c.client().await;
    let victim = pods_of(&client, "shop", "frontend").await[0]
        .metadata
        .name
        .clone()
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(client, "shop");
    pods.evict(&victim, &EvictParams::default()).await.unwrap();
    let evicted = pods.get(&victim).await.unwrap();
    assert!(
        evicted.metadata.deletion_timestamp.is_some(),
        "an evicted pod terminates for its grace period first"
    );
    assert_eq!(evicted.metadata.deletion_grace_period_seconds, Some(30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drain_evicts_managed_pods_and_says_what_it_skipped() {
    let c = common::cluster(30).await;
    let client = c.client().await;
    let node = "worker-1";
    // A DaemonSet pod and a bare pod on the node: both must stay.
    let pods: Api<Pod> = Api::namespaced(client.clone(), "default");
    for (name, owner) in [("proxy-abcde", Some("DaemonSet")), ("bare", None)] {
        let mut pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"nodeName": node, "containers": [{"name": "c", "image": "busybox"}]},
        });
        if let Some(kind) = owner {
            pod["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": kind,
                "name": "proxy", "uid": "00000000-0000-0000-0000-000000000001", "controller": true}]);
        }
        pods.create(
            &PostParams::default(),
            &serde_json::from_value(pod).unwrap(),
        )
        .await
        .unwrap();
    }
    let all: Api<Pod> = Api::all(client.clone());
    let on_node = ListParams::default().fields(&format!("spec.nodeName={node}"));
    let managed = all.list(&on_node).await.unwrap().items.len() - 2;
    assert!(managed > 0, "the world puts pods on {node}");

    let r = Recorder::new(client.clone(), false);
    let (status, progress) = r
        .run(Mutation::Drain {
            node: node.to_owned(),
        })
        .await;
    let text = succeeded(&status);
    assert!(
        text.starts_with(&format!("drained node {node}: evicted {managed} pods")),
        "{text}"
    );
    assert!(
        text.contains("skipped 1 DaemonSet pod: default/proxy-abcde"),
        "{text}"
    );
    assert!(
        text.contains("skipped 1 pod without a controller"),
        "{text}"
    );
    assert!(text.contains("default/bare"), "{text}");
    assert!(
        text.ends_with("PodDisruptionBudgets not checked: this cluster does not serve them"),
        "{text}"
    );
    assert!(
        progress.iter().any(|p| p.starts_with("evicting 1/")),
        "{progress:?}"
    );
    assert_eq!(
        c.sim.requests("create", "pods/eviction"),
        u64::try_from(managed).unwrap()
    );
    let nodes: Api<Node> = Api::all(client.clone());
    let cordoned = nodes.get(node).await.unwrap().spec.unwrap().unschedulable;
    assert_eq!(cordoned, Some(true));
    let left: BTreeSet<String> = names(&all.list(&on_node).await.unwrap().items);
    assert_eq!(
        left,
        BTreeSet::from(["bare".to_owned(), "proxy-abcde".to_owned()]),
        "drain returns once the evicted pods are gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_refuses_every_action_without_a_request() {
    let c = common::cluster(30).await;
    let r = Recorder::new(c.client().await, true);
    let key = ObjKey::new("shop", "frontend");
    for mutation in [
        Mutation::Scale {
            key: key.clone(),
            replicas: 9,
        },
        Mutation::Restart { key: key.clone() },
        Mutation::Delete {
            kind: ResourceKind::Deployment,
            key: key.clone(),
        },
        Mutation::Drain {
            node: "worker-1".to_owned(),
        },
    ] {
        let label = mutation.label();
        let (status, _) = r.run(mutation).await;
        assert_eq!(
            status,
            OpStatus::Refused(format!(
                "read-only mode: {label} refused (kview was started with --readonly)"
            ))
        );
    }
    for (verb, resource) in [
        ("patch", "deployments/scale"),
        ("patch", "deployments"),
        ("delete", "deployments"),
        ("patch", "nodes"),
    ] {
        assert_eq!(c.sim.requests(verb, resource), 0, "{verb} {resource}");
    }
}
