//! End to end: the real `kview` binary in a pseudo-terminal against the in-process simulated
//! cluster, for the row actions: `+` pressed three times quickly is one scale request and the
//! row follows to the new count, `s` 7 Enter reaches 7/7, scaling to 0 asks first, read-only
//! mode refuses without a request, delete asks and the pod goes (Terminating first), restart
//! asks and replaces every pod with the rollout shown until it settles.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};

use common::TestCluster;
use common::pty::Session;

/// A simulated cluster on its own runtime, kept alive for the test.
struct Live {
    rt: tokio::runtime::Runtime,
    cluster: TestCluster,
}

impl Live {
    fn start() -> Self {
        let rt = common::runtime();
        let cluster = rt.block_on(common::cluster(30));
        Live { rt, cluster }
    }

    /// kview on namespace `shop` of this cluster, with `extra` arguments.
    fn kview(&self, extra: &[&str]) -> Session {
        let mut args = vec![
            "--kubeconfig",
            self.cluster.kubeconfig.to_str().unwrap(),
            "-n",
            "shop",
        ];
        args.extend_from_slice(extra);
        let s = Session::start(&args);
        s.wait_for("the shop pods", |t| t.contains("frontend-"));
        s
    }

    fn scale_requests(&self) -> u64 {
        self.cluster.sim.requests("patch", "deployments/scale")
    }

    fn frontend_pods(&self) -> BTreeSet<String> {
        self.rt.block_on(async {
            let pods: Api<Pod> = Api::namespaced(self.cluster.client().await, "shop");
            pods.list(&ListParams::default().labels("app=frontend"))
                .await
                .unwrap()
                .items
                .into_iter()
                .filter_map(|p| p.metadata.name)
                .collect()
        })
    }
}

/// The READY cell of `name`'s row.
fn ready_of(screen: &str, name: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let mut words = line
            .split(|c: char| c.is_whitespace() || c == '┃' || c == '│')
            .filter(|w| !w.is_empty())
            .skip_while(|w| *w != name);
        words.next()?;
        words.next().map(str::to_owned)
    })
}

/// Focuses the deployments pane, filtered to `name`, zoomed.
fn open_deployment(s: &mut Session, name: &str) {
    s.keys(":deploy\r");
    s.keys(&format!("/{name}\r"));
    s.keys("\r");
    s.wait_for("the zoomed deployment", |t| {
        t.contains("UP-TO-DATE") && ready_of(t, name).is_some()
    });
}

#[test]
fn plus_three_times_quickly_is_one_request_and_s_sets_an_exact_count() {
    let live = Live::start();
    let mut s = live.kview(&[]);
    open_deployment(&mut s, "frontend");
    s.wait_for("3/3 ready", |t| {
        ready_of(t, "frontend").as_deref() == Some("3/3")
    });

    s.keys("+++");
    s.wait_for("the pending target on the row", |t| {
        ready_of(t, "frontend").is_some_and(|r| r.ends_with("→6"))
    });
    s.wait_for("6/6 ready", |t| {
        ready_of(t, "frontend").as_deref() == Some("6/6")
    });
    s.wait_for("the rollout's outcome", |t| {
        t.contains("deployment shop/frontend rolled out: 6/6 ready")
    });
    assert_eq!(live.scale_requests(), 1, "three quick presses, one request");

    s.keys("s");
    s.wait_for("the prompt prefilled", |t| {
        t.contains("scale frontend to replicas: 6")
    });
    s.keys("\u{15}7\r");
    s.wait_for("7/7 ready", |t| {
        ready_of(t, "frontend").as_deref() == Some("7/7")
    });
    assert_eq!(live.scale_requests(), 2);
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn scaling_to_zero_asks_first() {
    let live = Live::start();
    let mut s = live.kview(&[]);
    open_deployment(&mut s, "frontend");
    s.keys("s\u{15}0\r");
    s.wait_for("the question", |t| {
        t.contains("Scale deployment shop/frontend to 0 in context kview-sim?")
    });
    s.keys("n");
    s.wait_for("the question gone", |t| !t.contains("Confirm"));
    assert_eq!(live.scale_requests(), 0, "no request before a yes");
    s.keys("s\u{15}0\r");
    s.wait_for("the question again", |t| t.contains("Confirm"));
    s.keys("y");
    s.wait_for("0/0", |t| ready_of(t, "frontend").as_deref() == Some("0/0"));
    assert_eq!(live.scale_requests(), 1);
}

#[test]
fn read_only_mode_refuses_every_action_and_says_so() {
    let live = Live::start();
    let mut s = live.kview(&["--readonly"]);
    let screen = s.wait_for("the footer", |t| t.contains("READ-ONLY"));
    assert!(
        screen
            .lines()
            .last()
            .is_some_and(|l| l.contains("READ-ONLY")),
        "{screen}"
    );
    open_deployment(&mut s, "frontend");
    s.keys("+");
    s.wait_for("the refusal", |t| {
        t.contains("read-only mode: scale deployment shop/frontend to 4")
    });
    s.wait_for("the pending target taken back", |t| {
        ready_of(t, "frontend").as_deref() == Some("3/3")
    });
    s.keys("r");
    s.wait_for("the restart question", |t| t.contains("Restart deployment"));
    s.keys("y");
    s.wait_for("the refusal", |t| {
        t.contains("read-only mode: restart deployment shop/frontend")
    });
    s.keys("\u{4}");
    s.wait_for("the delete question", |t| t.contains("Delete deployment"));
    s.keys("y");
    s.keys("H");
    let screen = s.wait_for("the recent actions", |t| {
        t.contains("Recent actions (3)") && t.contains("⊘ delete deployment shop/frontend")
    });
    assert!(
        screen.contains("⊘ scale deployment shop/frontend to 4"),
        "{screen}"
    );
    for (verb, resource) in [
        ("patch", "deployments/scale"),
        ("patch", "deployments"),
        ("delete", "deployments"),
    ] {
        assert_eq!(
            live.cluster.sim.requests(verb, resource),
            0,
            "{verb} {resource}"
        );
    }
}

#[test]
fn delete_asks_and_the_pod_terminates_then_disappears() {
    let live = Live::start();
    let victim = live.frontend_pods().into_iter().next().unwrap();
    let mut s = live.kview(&[]);
    s.keys(&format!("/{victim}\r"));
    s.wait_for("the one pod", |t| t.contains("Pods (1/"));
    s.keys("\u{4}");
    s.wait_for("the question", |t| {
        t.contains(&format!("Delete pod shop/{victim} in context kview-sim?"))
    });
    s.keys("y");
    s.wait_for("Terminating", |t| {
        t.lines()
            .any(|l| l.contains(&victim) && l.contains("Terminating"))
    });
    s.wait_for("the pod gone", |t| t.contains("no pods match"));
    s.wait_for("the outcome", |t| {
        t.contains(&format!("deleted pod shop/{victim}"))
    });
    assert!(!live.frontend_pods().contains(&victim));
}

#[test]
fn restart_asks_and_replaces_every_pod() {
    let live = Live::start();
    let before = live.frontend_pods();
    let mut s = live.kview(&[]);
    open_deployment(&mut s, "frontend");
    s.keys("r");
    s.wait_for("the question", |t| {
        t.contains("Restart deployment shop/frontend in context kview-sim?")
    });
    s.keys("y");
    s.wait_for("the rollout's progress", |t| {
        t.contains("Rollouts (") && t.contains("(restart, ")
    });
    s.wait_for("the rollout's outcome", |t| {
        t.contains("deployment shop/frontend rolled out: 3/3 ready")
    });
    let after = live.frontend_pods();
    assert_eq!(after.len(), 3);
    assert!(
        after.is_disjoint(&before),
        "before {before:?}, after {after:?}"
    );
}
