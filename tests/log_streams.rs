//! Log tails (`cluster::LogTail`) against the in-process simulated cluster through a written
//! kubeconfig: lines arrive in batches and keep coming while following; a broken stream
//! resumes without repeating a line; every container of a pod (init included) can be tailed;
//! previous logs of a crash-looping container; a container that has not started reports why
//! and then streams; a deployment tail picks up pods from a scale-up and marks removed pods
//! ended; dropping the tail stops every stream.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use tokio::sync::mpsc;

use kview::cluster::LogTail;
use kview::cluster::logs::{
    ContainerChoice, ContainerKind, LogLine, LogOptions, LogReport, LogSink, LogTarget, StreamState,
};
use kview::resources::ObjKey;

/// Everything a tail reported so far.
#[derive(Default)]
struct Seen {
    reports: Vec<LogReport>,
}

impl Seen {
    fn lines(&self, source: u32) -> Vec<&LogLine> {
        self.reports
            .iter()
            .filter_map(|r| match r {
                LogReport::Lines { source: s, lines } if *s == source => Some(lines.iter()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    fn all_lines(&self) -> usize {
        self.reports
            .iter()
            .map(|r| match r {
                LogReport::Lines { lines, .. } => lines.len(),
                _ => 0,
            })
            .sum()
    }

    fn states(&self, source: u32) -> Vec<&StreamState> {
        self.reports
            .iter()
            .filter_map(|r| match r {
                LogReport::State { source: s, state } if *s == source => Some(state),
                _ => None,
            })
            .collect()
    }

    fn sources(&self) -> Vec<(u32, String, Option<String>)> {
        self.reports
            .iter()
            .filter_map(|r| match r {
                LogReport::Source { id, pod, container } => {
                    Some((*id, pod.clone(), container.clone()))
                }
                _ => None,
            })
            .collect()
    }
}

struct Tail {
    rx: mpsc::UnboundedReceiver<LogReport>,
    seen: Seen,
    running: Option<LogTail>,
}

impl Tail {
    async fn start(c: &common::TestCluster, target: LogTarget, options: LogOptions) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let sink: LogSink = Arc::new(move |r| {
            let _ = tx.send(r);
        });
        let tail = LogTail::start(c.client().await, target, options, sink);
        Tail {
            rx,
            seen: Seen::default(),
            running: Some(tail),
        }
    }

    async fn until(&mut self, what: &str, done: impl Fn(&Seen) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while !done(&self.seen) {
            let report = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "timed out waiting for {what}; seen {:#?}",
                        self.seen.reports
                    )
                });
            self.seen.reports.push(report.expect("tail channel open"));
        }
    }
}

fn follow(tail: i64) -> LogOptions {
    LogOptions {
        tail_lines: Some(tail),
        since_seconds: None,
        previous: false,
        follow: true,
    }
}

async fn pod_named(c: &common::TestCluster, ns: &str, prefix: &str) -> String {
    let pods: Api<Pod> = Api::namespaced(c.client().await, ns);
    pods.list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|p| p.metadata.name)
        .find(|n| n.starts_with(prefix))
        .unwrap_or_else(|| panic!("no pod {prefix}* in {ns}"))
}

fn pod_target(ns: &str, name: &str, container: ContainerChoice) -> LogTarget {
    LogTarget::Pod {
        key: ObjKey::new(ns, name),
        container,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pod_tail_sends_the_last_lines_in_one_batch_then_follows() {
    let c = common::cluster(40).await;
    let pod = pod_named(&c, "shop", "frontend-").await;
    let mut t = Tail::start(
        &c,
        pod_target("shop", &pod, ContainerChoice::Default),
        follow(5),
    )
    .await;
    t.until("the first batch", |s| !s.lines(0).is_empty()).await;
    let first = t
        .seen
        .reports
        .iter()
        .find_map(|r| match r {
            LogReport::Lines { lines, .. } => Some(lines.len()),
            _ => None,
        })
        .unwrap();
    assert_eq!(first, 5, "the tail arrives as one batch");
    assert!(t.seen.lines(0)[0].text.contains("HTTP/1.1"));
    assert!(t.seen.lines(0).iter().all(|l| l.time.is_some()));
    assert_eq!(
        t.seen.sources(),
        vec![(0, pod.clone(), Some("frontend".into()))]
    );
    t.until("new lines while following", |s| s.lines(0).len() >= 7)
        .await;
    let states = t.seen.states(0);
    assert_eq!(
        states[..2],
        [&StreamState::Connecting, &StreamState::Streaming]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_stream_resumes_from_its_last_line_without_repeats() {
    let c = common::cluster(40).await;
    let pod = pod_named(&c, "shop", "frontend-").await;
    let mut t = Tail::start(
        &c,
        pod_target("shop", &pod, ContainerChoice::Default),
        follow(20),
    )
    .await;
    t.until("some lines", |s| s.lines(0).len() >= 21).await;
    c.sim.break_watches();
    t.until("the break reported", |s| {
        s.states(0)
            .iter()
            .any(|st| matches!(st, StreamState::Retrying { .. }))
    })
    .await;
    t.until("resumed", |s| {
        s.states(0)
            .iter()
            .any(|st| matches!(st, StreamState::Resumed { .. }))
    })
    .await;
    let before = t.seen.lines(0).len();
    t.until("lines after the break", |s| s.lines(0).len() >= before + 2)
        .await;
    let lines = t.seen.lines(0);
    let mut seen = HashSet::new();
    for l in &lines {
        assert!(seen.insert((l.time, l.text.clone())), "repeated: {l:?}");
    }
    let times: Vec<_> = lines.iter().map(|l| l.time.unwrap()).collect();
    assert!(
        times.windows(2).all(|w| w[0] < w[1]),
        "in order, none lost in between: {times:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_container_of_a_pod_init_included_or_one_by_name() {
    let c = common::cluster(40).await;
    let pod = pod_named(&c, "shop", "checkout-").await;
    let mut t = Tail::start(
        &c,
        pod_target("shop", &pod, ContainerChoice::All),
        follow(3),
    )
    .await;
    t.until("the container list", |s| {
        s.reports
            .iter()
            .any(|r| matches!(r, LogReport::Containers { .. }))
    })
    .await;
    let containers = t
        .seen
        .reports
        .iter()
        .find_map(|r| match r {
            LogReport::Containers { containers } => Some(containers.clone()),
            _ => None,
        })
        .unwrap();
    let names: Vec<(&str, ContainerKind)> = containers
        .iter()
        .map(|c| (c.name.as_str(), c.kind))
        .collect();
    assert_eq!(
        names,
        vec![
            ("migrate", ContainerKind::Init),
            ("wait-for-db", ContainerKind::Init),
            ("checkout", ContainerKind::Main),
            ("envoy-sidecar", ContainerKind::Main),
        ]
    );
    t.until("lines from every container", |s| {
        (0..4).all(|id| !s.lines(id).is_empty())
    })
    .await;
    t.until("the completed init containers ended, not retried", |s| {
        (0..2).all(|id| {
            s.states(id).iter().any(
                |st| matches!(st, StreamState::Ended { reason } if reason.contains("Completed")),
            )
        })
    })
    .await;
    assert!(
        (2..4).all(|id| !t
            .seen
            .states(id)
            .iter()
            .any(|st| matches!(st, StreamState::Ended { .. }))),
        "running containers go on"
    );
    drop(t);

    let mut t = Tail::start(
        &c,
        pod_target("shop", &pod, ContainerChoice::Named("envoy-sidecar".into())),
        follow(2),
    )
    .await;
    t.until("sidecar lines", |s| s.lines(0).len() >= 2).await;
    assert!(
        t.seen.lines(0)[0].text.contains("HTTP/1.1"),
        "envoy prints access logs"
    );

    let mut t = Tail::start(
        &c,
        pod_target("shop", &pod, ContainerChoice::Named("nope".into())),
        follow(2),
    )
    .await;
    t.until("the refusal", |s| {
        s.states(0)
            .iter()
            .any(|st| matches!(st, StreamState::Failed { message } if message.contains("container nope is not valid")))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn previous_logs_of_a_crash_looping_container_end_with_its_panic() {
    let c = common::cluster(40).await;
    let pod = pod_named(&c, "payments", "payment-gateway-").await;
    let options = LogOptions {
        previous: true,
        follow: false,
        ..follow(10)
    };
    let mut t = Tail::start(
        &c,
        pod_target("payments", &pod, ContainerChoice::Default),
        options,
    )
    .await;
    t.until("the end of the previous log", |s| {
        s.states(0)
            .iter()
            .any(|st| matches!(st, StreamState::Ended { .. }))
    })
    .await;
    let lines = t.seen.lines(0);
    assert!(lines.len() <= 10);
    assert!(
        lines.last().unwrap().text.starts_with("panic:"),
        "{lines:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_not_started_yet_says_why_then_streams() {
    let c = common::cluster(40).await;
    let pods: Api<Pod> = Api::namespaced(c.client().await, "default");
    let pod: Pod = serde_json::from_value(serde_json::json!({
        "metadata": {"name": "late-starter"},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}
    }))
    .unwrap();
    pods.create(&PostParams::default(), &pod).await.unwrap();
    let mut t = Tail::start(
        &c,
        pod_target("default", "late-starter", ContainerChoice::Default),
        follow(10),
    )
    .await;
    t.until("lines once it runs", |s| !s.lines(0).is_empty())
        .await;
    let waited = t.seen.states(0).iter().any(|st| {
        matches!(st, StreamState::Waiting { message } if message.contains("is waiting to start"))
    });
    assert!(waited, "states: {:?}", t.seen.states(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deployment_tail_follows_scaling() {
    let c = common::cluster(40).await;
    let mut t = Tail::start(
        &c,
        LogTarget::Deployment {
            key: ObjKey::new("shop", "frontend"),
        },
        follow(2),
    )
    .await;
    t.until("three pods", |s| s.sources().len() == 3).await;
    t.until("lines from each", |s| {
        (0..3).all(|id| !s.lines(id).is_empty())
    })
    .await;
    let deployments: Api<Deployment> = Api::namespaced(c.client().await, "shop");
    let scale = |n: i32| {
        let deployments = deployments.clone();
        async move {
            deployments
                .patch_scale(
                    "frontend",
                    &PatchParams::default(),
                    &Patch::Merge(serde_json::json!({"spec": {"replicas": n}})),
                )
                .await
                .unwrap();
        }
    };
    scale(4).await;
    t.until("the new pod joins", |s| s.sources().len() == 4)
        .await;
    t.until("its lines", |s| !s.lines(3).is_empty()).await;
    scale(2).await;
    t.until("two pods ended", |s| {
        (0..4)
            .filter(|id| {
                s.states(*id).iter().any(
                    |st| matches!(st, StreamState::Ended { reason } if reason == "pod deleted"),
                )
            })
            .count()
            == 2
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_tail_stops_all_of_its_streams() {
    let c = common::cluster(40).await;
    let mut t = Tail::start(
        &c,
        LogTarget::Deployment {
            key: ObjKey::new("shop", "frontend"),
        },
        follow(1),
    )
    .await;
    t.until("lines from three pods", |s| {
        (0..3).all(|id| !s.lines(id).is_empty())
    })
    .await;
    drop(t.running.take());
    // Every task is gone when its sender (held by the stream tasks) is dropped.
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        while t.rx.recv().await.is_some() {}
    })
    .await;
    assert!(closed.is_ok(), "a stream task outlived its tail");
    assert!(t.seen.all_lines() >= 3);
}
