//! The kube-rs client (the one kview uses) against the in-process simulated cluster through a
//! written kubeconfig: paginated lists, watches with bookmarks and streaming lists, relisting
//! after 410 Gone, optimistic-concurrency conflicts, and the controllers reacting to writes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use futures::{StreamExt as _, TryStreamExt as _};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use kube::runtime::watcher::{self, Event};

use common::cluster;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paginated_list_is_complete_and_consistent() {
    let c = cluster(250).await;
    let pods: Api<Pod> = Api::all(c.client().await);
    let whole = pods.list(&ListParams::default()).await.unwrap();
    let mut names = BTreeSet::new();
    let mut pages = 0;
    let mut params = ListParams::default().limit(40);
    let mut first_rv = None;
    loop {
        let page = pods.list(&params).await.unwrap();
        pages += 1;
        first_rv.get_or_insert(page.metadata.resource_version.clone());
        // A change between pages must not show up in the remaining pages (consistent snapshot).
        if pages == 1 {
            let victim = page.items[0].metadata.name.clone().unwrap();
            let ns = page.items[0].metadata.namespace.clone().unwrap();
            Api::<Pod>::namespaced(c.client().await, &ns)
                .delete(&victim, &kube::api::DeleteParams::default())
                .await
                .unwrap();
        }
        assert_eq!(page.metadata.resource_version, first_rv.clone().unwrap());
        for p in page.items {
            names.insert((p.metadata.namespace.unwrap(), p.metadata.name.unwrap()));
        }
        match page.metadata.continue_ {
            Some(token) if !token.is_empty() => params = params.continue_token(&token),
            _ => break,
        }
    }
    assert!(pages > 5);
    assert_eq!(names.len(), whole.items.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn label_and_field_selectors_filter_lists() {
    let c = cluster(60).await;
    let pods: Api<Pod> = Api::namespaced(c.client().await, "shop");
    let front = pods
        .list(&ListParams::default().labels("app=frontend"))
        .await
        .unwrap();
    assert_eq!(front.items.len(), 3);
    let not_running = Api::<Pod>::all(c.client().await)
        .list(&ListParams::default().fields("status.phase!=Running"))
        .await
        .unwrap();
    assert!(
        not_running
            .items
            .iter()
            .all(|p| p.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Running"))
    );
    assert!(!not_running.items.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_with_stale_version_is_a_conflict() {
    let c = cluster(20).await;
    let cms: Api<ConfigMap> = Api::namespaced(c.client().await, "shop");
    let original = cms.get("frontend-config").await.unwrap();
    let mut changed = original.clone();
    changed
        .data
        .get_or_insert_default()
        .insert("mode".into(), "a".into());
    cms.replace("frontend-config", &PostParams::default(), &changed)
        .await
        .unwrap();
    let mut stale = original.clone();
    stale
        .data
        .get_or_insert_default()
        .insert("mode".into(), "b".into());
    let err = cms
        .replace("frontend-config", &PostParams::default(), &stale)
        .await
        .unwrap_err();
    match err {
        kube::Error::Api(s) => {
            assert!(s.is_conflict(), "{s:?}");
            assert!(s.message.contains("the object has been modified"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// Objects of the next complete (re)list, and the watch errors seen before it.
async fn collect_until_init_done(
    stream: &mut (impl futures::Stream<Item = Result<Event<Pod>, watcher::Error>> + Unpin),
) -> (usize, Vec<String>) {
    let mut seen = 0;
    let mut errors = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("watch event in time")
        {
            Some(Ok(Event::Init)) => seen = 0,
            Some(Ok(Event::InitApply(_))) => seen += 1,
            Some(Ok(Event::InitDone)) => return (seen, errors),
            Some(Ok(_)) => {}
            Some(Err(e)) => errors.push(e.to_string()),
            None => panic!("watch ended"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watcher_lists_then_follows_changes() {
    for streaming in [false, true] {
        let c = cluster(80).await;
        let pods: Api<Pod> = Api::namespaced(c.client().await, "shop");
        let mut config = watcher::Config::default().page_size(10);
        if streaming {
            config = config.streaming_lists();
        }
        let mut stream = watcher::watcher(pods.clone(), config).boxed();
        let (initial, _) = collect_until_init_done(&mut stream).await;
        assert_eq!(
            initial,
            pods.list(&ListParams::default()).await.unwrap().items.len()
        );
        Api::<Deployment>::namespaced(c.client().await, "shop")
            .patch_scale(
                "frontend",
                &PatchParams::default(),
                &Patch::Merge(serde_json::json!({"spec": {"replicas": 5}})),
            )
            .await
            .unwrap();
        let mut new_running = BTreeSet::new();
        while new_running.len() < 2 {
            let ev = tokio::time::timeout(Duration::from_secs(30), stream.try_next())
                .await
                .expect("events in time")
                .unwrap()
                .unwrap();
            if let Event::Apply(p) = ev
                && p.metadata
                    .name
                    .as_deref()
                    .is_some_and(|n| n.starts_with("frontend-"))
                && p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running")
                && p.metadata
                    .creation_timestamp
                    .as_ref()
                    .is_some_and(|t| t.0.as_second() > jiff::Timestamp::now().as_second() - 60)
            {
                new_running.insert(p.metadata.name.unwrap());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_relists_after_410_gone() {
    let c = common::cluster_without_bookmarks(40).await;
    let pods: Api<Pod> = Api::namespaced(c.client().await, "shop");
    let mut stream = watcher::watcher(pods.clone(), watcher::Config::default()).boxed();
    let (first, _) = collect_until_init_done(&mut stream).await;
    // The client must relist, not stall.
    c.expire_watch_positions().await;
    let (again, errors) = collect_until_init_done(&mut stream).await;
    assert_eq!(first, again);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("too old resource version")),
        "{errors:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_watch_sends_bookmarks_and_gone() {
    let c = cluster(20).await;
    let client = c.client().await;
    let pods: Api<Pod> = Api::namespaced(client, "shop");
    let list = pods.list(&ListParams::default()).await.unwrap();
    let rv = list.metadata.resource_version.unwrap();
    let params = kube::api::WatchParams {
        bookmarks: true,
        ..kube::api::WatchParams::default()
    }
    .timeout(5);
    let mut events = pods.watch(&params, &rv).await.unwrap().boxed();
    let bookmark = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Ok(Some(kube::api::WatchEvent::Bookmark(b))) = events.try_next().await {
                return b;
            }
        }
    })
    .await
    .expect("a bookmark within 5s");
    assert!(!bookmark.metadata.resource_version.is_empty());
    c.sim.compact();
    // A resourceVersion from before the compaction is gone.
    let mut gone = pods.watch(&params, "1").await.unwrap().boxed();
    match gone.try_next().await {
        Ok(Some(kube::api::WatchEvent::Error(e))) => assert_eq!(e.code, 410),
        other => panic!("expected 410, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_gone_offline_refuses_connections_and_serves_again_when_back() {
    let cluster = common::cluster(5).await;
    let pods: Api<Pod> = Api::all(cluster.client().await);
    let before = pods.list(&ListParams::default()).await.unwrap().items.len();
    cluster.sim.go_offline().await;
    assert!(
        std::net::TcpStream::connect(cluster.sim.addr).is_err(),
        "nothing listens while offline"
    );
    assert!(pods.list(&ListParams::default()).await.is_err());
    cluster.sim.go_online().await;
    // A fresh client: the old one's pooled connections were cut.
    let pods: Api<Pod> = Api::all(cluster.client().await);
    let after = pods.list(&ListParams::default()).await.unwrap().items.len();
    assert_eq!(
        before, after,
        "the same cluster, with the same certificate and token"
    );
}

#[tokio::test]
async fn the_outage_fault_takes_the_server_away_and_brings_it_back() {
    let cluster = common::cluster_with(kview::sim::SimOptions {
        faults: kview::sim::FaultPlan::parse("outage_every=500ms,outage_for=300ms").unwrap(),
        ..kview::sim::SimOptions::default()
    })
    .await;
    let addr = cluster.sim.addr;
    common::eventually("an outage", Duration::from_secs(10), || async {
        std::net::TcpStream::connect(addr).is_err().then_some(())
    })
    .await;
    common::eventually("the server back", Duration::from_secs(10), || async {
        std::net::TcpStream::connect(addr).is_ok().then_some(())
    })
    .await;
}
