//! The dashboard's watches (`cluster::WatchSet`) against the in-process simulated cluster
//! through a written kubeconfig: rows appear, change and disappear as objects do, a scale-up
//! shows new rows, a dropped watch recovers, a relist arrives whole, and a server without
//! streaming lists still fills the pane (through paginated lists) without ever emptying it.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use tokio::sync::mpsc;

use kview::cluster::{self, Update, WatchHealth, WatchSet};
use kview::resources::{ObjKey, PodRow, ResourceKind};
use kview::store::Delta;

/// A pane's rows as the updates describe them, applied the way the store applies them.
#[derive(Default)]
struct PodPane {
    rows: BTreeMap<ObjKey, PodRow>,
    resets: usize,
    health: Vec<WatchHealth>,
    /// Rows were shown and then the pane went empty.
    emptied: bool,
    /// Messages that carried several changes at once.
    batches: usize,
}

impl PodPane {
    fn apply(&mut self, update: Update) {
        let had_rows = !self.rows.is_empty();
        self.apply_one(update);
        self.emptied |= had_rows && self.rows.is_empty();
    }

    fn apply_one(&mut self, update: Update) {
        match update {
            Update::Pods(Delta::Batch(deltas)) => {
                self.batches += 1;
                for delta in deltas {
                    self.apply_one(Update::Pods(delta));
                }
            }
            Update::Pods(Delta::Reset(rows)) => {
                self.resets += 1;
                self.rows = rows.into_iter().map(|r| (r.key.clone(), r)).collect();
            }
            Update::Pods(Delta::Upsert(r)) => {
                self.rows.insert(r.key.clone(), r);
            }
            Update::Pods(Delta::Remove(k)) => {
                self.rows.remove(&k);
            }
            Update::Health {
                kind: ResourceKind::Pod,
                health,
            } => self.health.push(health),
            _ => {}
        }
    }
}

struct Harness {
    rx: mpsc::UnboundedReceiver<Update>,
    pane: PodPane,
    _watches: WatchSet,
}

impl Harness {
    async fn start(c: &common::TestCluster, namespace: Option<&str>) -> Self {
        let conn = cluster::connect(Some(&c.kubeconfig), None)
            .await
            .expect("connects");
        assert_eq!(conn.context, "kview-sim");
        let (tx, rx) = mpsc::unbounded_channel();
        let sink: cluster::watch::Sink = Arc::new(move |u| {
            let _ = tx.send(u);
        });
        let watches = WatchSet::start(&conn.client, namespace, sink);
        Harness {
            rx,
            pane: PodPane::default(),
            _watches: watches,
        }
    }

    /// Applies updates until `done` holds, or fails after a deadline.
    async fn until(&mut self, what: &str, done: impl Fn(&PodPane) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !done(&self.pane) {
            let update = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
            self.pane.apply(update.expect("watch channel open"));
        }
    }
}

fn status_of(pane: &PodPane, ns: &str, name: &str) -> Option<String> {
    pane.rows
        .get(&ObjKey::new(ns, name))
        .map(|r| r.status.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pod_rows_follow_create_change_and_delete() {
    let c = common::cluster(40).await;
    let mut h = Harness::start(&c, Some("default")).await;
    h.until("the first list, live", |p| {
        p.resets >= 1 && p.health.contains(&WatchHealth::Live)
    })
    .await;
    let pods: Api<Pod> = Api::namespaced(c.client().await, "default");
    let pod: Pod = serde_json::from_value(serde_json::json!({
        "metadata": {"name": "hello", "labels": {"app": "hello"}},
        "spec": {"containers": [{"name": "hello", "image": "nginx:1.27"}]}
    }))
    .unwrap();
    pods.create(&PostParams::default(), &pod).await.unwrap();
    h.until("the new pod's row", |p| {
        status_of(p, "default", "hello").is_some()
    })
    .await;
    h.until("the pod running", |p| {
        status_of(p, "default", "hello").as_deref() == Some("Running")
    })
    .await;
    pods.delete("hello", &DeleteParams::default())
        .await
        .unwrap();
    h.until("Terminating", |p| {
        status_of(p, "default", "hello").as_deref() == Some("Terminating")
    })
    .await;
    h.until("the row gone", |p| {
        status_of(p, "default", "hello").is_none()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scaling_shows_new_rows() {
    let c = common::cluster(40).await;
    let mut h = Harness::start(&c, Some("shop")).await;
    h.until("the first list", |p| p.resets >= 1).await;
    let frontend = |p: &PodPane| {
        p.rows
            .keys()
            .filter(|k| k.name.starts_with("frontend-"))
            .count()
    };
    assert_eq!(frontend(&h.pane), 3);
    Api::<Deployment>::namespaced(c.client().await, "shop")
        .patch_scale(
            "frontend",
            &PatchParams::default(),
            &Patch::Merge(serde_json::json!({"spec": {"replicas": 6}})),
        )
        .await
        .unwrap();
    h.until("six frontend rows", |p| frontend(p) == 6).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_watch_recovers_and_a_relist_arrives_whole() {
    let c = common::cluster_without_bookmarks(60).await;
    let mut h = Harness::start(&c, None).await;
    h.until("the first list", |p| p.resets >= 1).await;
    let before = h.pane.rows.len();
    let pods: Api<Pod> = Api::namespaced(c.client().await, "shop");
    let victim = pods
        .list(&kube::api::ListParams::default())
        .await
        .unwrap()
        .items[0]
        .metadata
        .name
        .clone()
        .unwrap();
    pods.delete(
        &victim,
        &DeleteParams {
            grace_period_seconds: Some(0),
            ..DeleteParams::default()
        },
    )
    .await
    .unwrap();
    h.until("the deleted row gone", |p| {
        !p.rows.contains_key(&ObjKey::new("shop", &victim))
    })
    .await;
    c.expire_watch_positions().await;
    h.until("a second, complete list", |p| p.resets >= 2).await;
    assert!(
        h.pane
            .health
            .iter()
            .any(|x| matches!(x, WatchHealth::Retrying { .. })),
        "{:?}",
        h.pane.health
    );
    assert!(!h.pane.rows.contains_key(&ObjKey::new("shop", &victim)));
    assert!(h.pane.rows.len() + 1 >= before);
    // And it keeps following changes after recovery.
    Api::<Deployment>::namespaced(c.client().await, "shop")
        .patch_scale(
            "cart",
            &PatchParams::default(),
            &Patch::Merge(serde_json::json!({"spec": {"replicas": 4}})),
        )
        .await
        .unwrap();
    h.until("the scaled-up cart pods", |p| {
        p.rows
            .keys()
            .filter(|k| k.name.starts_with("cart-"))
            .count()
            == 4
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forbidden_kind_is_reported_and_the_others_still_load() {
    let c = common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 30,
            namespaces: 4,
            seed: 7,
        },
        forbid: vec!["nodes".into()],
        ..kview::sim::SimOptions::default()
    })
    .await;
    let conn = cluster::connect(Some(&c.kubeconfig), None)
        .await
        .expect("connects");
    let (tx, mut rx) = mpsc::unbounded_channel();
    let sink: cluster::watch::Sink = Arc::new(move |u| {
        let _ = tx.send(u);
    });
    let _watches = WatchSet::start(&conn.client, None, sink);
    let mut nodes_forbidden = None;
    let mut pods_live = false;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while nodes_forbidden.is_none() || !pods_live {
        let update = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("updates in time")
            .expect("open");
        match update {
            Update::Health {
                kind: ResourceKind::Node,
                health: WatchHealth::Forbidden { message },
            } => nodes_forbidden = Some(message),
            Update::Health {
                kind: ResourceKind::Pod,
                health: WatchHealth::Live,
            } => pods_live = true,
            _ => {}
        }
    }
    let message = nodes_forbidden.unwrap();
    assert!(
        message.contains("cannot list resource \"nodes\""),
        "{message}"
    );
}

/// Waits for the health of every kind, until each is live or forbidden.
async fn healths(
    conn: &cluster::Connection,
    namespace: Option<&str>,
) -> BTreeMap<&'static str, WatchHealth> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let sink: cluster::watch::Sink = Arc::new(move |u| {
        let _ = tx.send(u);
    });
    let _watches = WatchSet::start(&conn.client, namespace, sink);
    let mut seen = BTreeMap::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while seen.len() < 4 {
        let update = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .unwrap_or_else(|_| panic!("every kind settles in time; so far {seen:?}"))
            .expect("open");
        if let Update::Health { kind, health } = update
            && matches!(health, WatchHealth::Live | WatchHealth::Forbidden { .. })
        {
            seen.insert(kind.plural(), health);
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_bound_to_one_namespace_sees_it_but_nothing_across_namespaces() {
    let c = common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 30,
            namespaces: 4,
            seed: 7,
        },
        only_namespaces: vec!["shop".into()],
        ..kview::sim::SimOptions::default()
    })
    .await;
    let conn = cluster::connect(Some(&c.kubeconfig), None)
        .await
        .expect("connects: /version needs no permission");
    let all = healths(&conn, None).await;
    for kind in ["pods", "deployments", "services", "nodes"] {
        assert!(
            matches!(&all[kind], WatchHealth::Forbidden { message } if message.contains("at the cluster scope")),
            "{kind}: {:?}",
            all[kind]
        );
    }
    let shop = healths(&conn, Some("shop")).await;
    for kind in ["pods", "deployments", "services"] {
        assert_eq!(shop[kind], WatchHealth::Live, "{kind}");
    }
    assert!(matches!(shop["nodes"], WatchHealth::Forbidden { .. }));
    let other: Api<Pod> = Api::namespaced(c.client().await, "web");
    let refused = other
        .list(&kube::api::ListParams::default())
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("in the namespace \"web\""),
        "{refused}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_converge_on_a_flaky_server() {
    let c = common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 40,
            namespaces: 4,
            seed: 7,
        },
        faults: kview::sim::FaultPlan::parse(
            "drop_watch_every=700ms,gone_every=2s,error_rate=0.1,slow_ms=20",
        )
        .unwrap(),
        ..kview::sim::SimOptions::default()
    })
    .await;
    let mut h = Harness::start(&c, Some("shop")).await;
    h.until("the first list", |p| p.resets >= 1).await;
    let deployments: Api<Deployment> = Api::namespaced(c.client().await, "shop");
    let scale = Patch::Merge(serde_json::json!({"spec": {"replicas": 5}}));
    // The server fails some requests on purpose; retry like a user would.
    let mut attempts = 0;
    while deployments
        .patch_scale("frontend", &PatchParams::default(), &scale)
        .await
        .is_err()
    {
        attempts += 1;
        assert!(attempts < 20, "scale never got through");
    }
    h.until("five frontend rows", |p| {
        p.rows
            .keys()
            .filter(|k| k.name.starts_with("frontend-"))
            .count()
            == 5
    })
    .await;
    // After the faults, what the pane shows is what the server has: nothing missing, nothing extra.
    let pods: Api<Pod> = Api::namespaced(c.client().await, "shop");
    let truth = loop {
        if let Ok(list) = pods.list(&kube::api::ListParams::default()).await {
            break list
                .items
                .into_iter()
                .map(|p| ObjKey::new("shop", p.metadata.name.unwrap()))
                .collect::<std::collections::BTreeSet<_>>();
        }
    };
    h.until("the pane to match the server", |p| {
        p.rows
            .keys()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            == truth
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_streaming_lists_still_fills_the_pane_through_pages() {
    // More pods than one page, on a server that ignores `sendInitialEvents` as old ones do.
    let c = common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 1_200,
            namespaces: 4,
            seed: 7,
        },
        watch_list: false,
        ..kview::sim::SimOptions::default()
    })
    .await;
    let pods: Api<Pod> = Api::all(c.client().await);
    let truth = pods
        .list(&kube::api::ListParams::default())
        .await
        .unwrap()
        .items
        .len();
    assert!(truth > 1_000, "{truth} pods");
    let mut h = Harness::start(&c, None).await;
    h.until("the complete list, live", |p| {
        p.resets >= 1 && p.rows.len() == truth && p.health.last() == Some(&WatchHealth::Live)
    })
    .await;
    assert!(!h.pane.emptied, "the pane never went empty on the way");
    // And it follows changes afterwards.
    Api::<Deployment>::namespaced(c.client().await, "shop")
        .patch_scale(
            "frontend",
            &PatchParams::default(),
            &Patch::Merge(serde_json::json!({"spec": {"replicas": 7}})),
        )
        .await
        .unwrap();
    h.until("seven frontend rows", |p| {
        p.rows
            .keys()
            .filter(|k| &*k.namespace == "shop" && k.name.starts_with("frontend-"))
            .count()
            == 7
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_changes_arrives_in_few_messages() {
    let c = common::cluster(40).await;
    let mut h = Harness::start(&c, Some("shop")).await;
    h.until("the first list, live", |p| {
        p.resets >= 1 && p.health.contains(&WatchHealth::Live)
    })
    .await;
    // Scaling up by 60 at once makes well over a hundred pod events within moments.
    Api::<Deployment>::namespaced(c.client().await, "shop")
        .patch_scale(
            "frontend",
            &PatchParams::default(),
            &Patch::Merge(serde_json::json!({"spec": {"replicas": 63}})),
        )
        .await
        .unwrap();
    h.until("63 frontend rows", |p| {
        p.rows
            .keys()
            .filter(|k| k.name.starts_with("frontend-"))
            .count()
            == 63
    })
    .await;
    assert!(h.pane.batches > 0, "changes of a burst were batched");
}
