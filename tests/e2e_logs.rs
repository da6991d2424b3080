//! End to end: the log view of the real `kview` binary in a pseudo-terminal, against the
//! in-process simulated cluster. Opening a pod's logs and seeing new lines arrive, search
//! highlights, saving, and back to the same row; switching container and previous logs of a
//! crash-looping pod; a deployment-wide tail that picks up a pod added by scaling; and log
//! text with escape sequences shown inert.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::time::Duration;

use common::pty::Session;

const SLOW: Duration = Duration::from_secs(60);

/// The simulator on its own runtime, living as long as the test.
struct Cluster {
    rt: tokio::runtime::Runtime,
    cluster: common::TestCluster,
}

impl Cluster {
    fn start() -> Self {
        let rt = common::runtime();
        let cluster = rt.block_on(common::cluster(40));
        Cluster { rt, cluster }
    }

    fn kview(&self, namespace: &str, extra: &[&str]) -> Session {
        let mut args = vec![
            "--kubeconfig",
            self.cluster.kubeconfig.to_str().unwrap(),
            "-n",
            namespace,
        ];
        args.extend_from_slice(extra);
        // Truecolor, so highlight and selection colors read back exactly as the theme has them.
        Session::start_with(&args, &[("COLORTERM", "truecolor")])
    }

    fn scale(&self, ns: &str, name: &str, replicas: i32) {
        self.rt.block_on(async {
            use k8s_openapi::api::apps::v1::Deployment;
            let api: kube::Api<Deployment> = kube::Api::namespaced(self.cluster.client().await, ns);
            api.patch_scale(
                name,
                &kube::api::PatchParams::default(),
                &kube::api::Patch::Merge(serde_json::json!({"spec": {"replicas": replicas}})),
            )
            .await
            .unwrap();
        });
    }
}

/// The line count in the log view's title ("following · 1,234 lines").
fn line_count(screen: &str) -> Option<usize> {
    let title = screen.lines().find(|l| l.contains(" Logs "))?;
    let at = title.find(" lines")?;
    let digits: String = title[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

/// Cells whose background is `rgb`, on the whole screen.
fn cells_with_background(s: &Session, rgb: (u8, u8, u8)) -> usize {
    s.with_screen(|screen| {
        let (rows, cols) = screen.size();
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter(|&(r, c)| {
                screen
                    .cell(r, c)
                    .is_some_and(|cell| cell.bgcolor() == vt100::Color::Rgb(rgb.0, rgb.1, rgb.2))
            })
            .count()
    })
}

/// The text of the row whose cells have the selection background.
fn selected_row(s: &Session) -> Option<String> {
    s.with_screen(|screen| {
        let (rows, cols) = screen.size();
        (0..rows).find_map(|r| {
            let selected = screen
                .cell(r, 3)
                .is_some_and(|c| c.bgcolor() == vt100::Color::Rgb(0x30, 0x3a, 0x4a));
            selected.then(|| screen.contents_between(r, 0, r, cols))
        })
    })
}

/// The frontend pod in the selected row.
fn selected_pod(s: &Session) -> Option<String> {
    let row = selected_row(s)?;
    let at = row.find("frontend-")?;
    Some(
        row[at..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect(),
    )
}

#[test]
fn pod_logs_follow_search_save_and_return_to_the_same_row() {
    let c = Cluster::start();
    let mut s = c.kview("shop", &[]);
    s.wait_for_within("pod rows", SLOW, |t| t.contains("frontend-"));
    s.keys("/frontend\r");
    s.wait_for("the filter", |t| !t.contains("cart-"));
    s.wait_for("a selected frontend row", |_| selected_pod(&s).is_some());
    let first = selected_pod(&s).unwrap();
    s.keys("j");
    s.wait_for("the second row selected", |_| {
        selected_pod(&s).is_some_and(|p| p != first)
    });
    let pod = selected_pod(&s).unwrap();

    s.keys("l");
    let screen = s.wait_for_within("the log view", SLOW, |t| {
        t.contains(&format!("Logs pod shop/{pod}")) && t.contains("HTTP/1.1")
    });
    assert!(screen.contains("following"), "{screen}");
    let first = line_count(&screen).unwrap();
    s.wait_for_within("new lines arriving", SLOW, |t| {
        line_count(t).is_some_and(|n| n > first)
    });

    s.keys("/GET\r");
    s.wait_for("the search in force", |t| t.contains("<n> next"));
    s.wait_for("matches highlighted", |_| {
        cells_with_background(&s, (0xd7, 0xaf, 0x5f))
            + cells_with_background(&s, (0xff, 0x87, 0x00))
            >= 3
    });

    s.keys("\u{13}"); // ctrl-s
    let screen = s.wait_for("the saved path", |t| t.contains("log saved to"));
    let dir = s.home().join(".local/state/kview/logs");
    let saved: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}\n{screen}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let text = std::fs::read_to_string(&saved[0]).unwrap();
    assert!(text.contains("HTTP/1.1"), "{text}");
    assert!(
        saved[0].to_string_lossy().contains(&pod),
        "named after the pod: {saved:?}"
    );

    s.keys("\u{1b}");
    s.wait_for("the dashboard again", |t| {
        t.contains("Pods (") && !t.contains(" Logs ")
    });
    s.wait_for("the same row selected", |_| {
        selected_pod(&s).is_some_and(|p| p == pod)
    });
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn switching_container_and_previous_logs_of_a_crash_loop() {
    let c = Cluster::start();
    let mut s = c.kview("shop", &[]);
    s.wait_for_within("pod rows", SLOW, |t| t.contains("checkout-"));
    s.keys("/checkout\r");
    s.wait_for("the filter", |t| !t.contains("frontend-"));
    s.keys("l");
    s.wait_for_within("the checkout container's log", SLOW, |t| {
        t.contains("container checkout of 4") && t.contains("INFO")
    });
    s.keys("c");
    let screen = s.wait_for("the container picker", |t| {
        t.contains("enter chooses") && t.contains("envoy-sidecar")
    });
    assert!(screen.contains("migrate (init)"), "{screen}");
    assert!(screen.contains("all containers"), "{screen}");
    s.keys("j\r");
    s.wait_for_within("the sidecar's access log", SLOW, |t| {
        t.contains("container envoy-sidecar")
            && t.contains("HTTP/1.1")
            && !t.contains("enter chooses")
    });

    s.keys("\u{1b}");
    s.wait_for("the dashboard again", |t| t.contains("Pods ("));
    s.keys("\u{1b}");
    s.wait_for("the filter cleared", |t| t.contains("frontend-"));
    s.keys(":ns payments\r");
    s.wait_for_within("payments pods", SLOW, |t| t.contains("payment-gateway-"));
    s.keys("/payment-gateway\r");
    s.wait_for("the filter", |t| !t.contains("payments-api-"));
    s.keys("l");
    s.wait_for_within("the gateway's log", SLOW, |t| {
        t.contains("Logs pod payments/payment-gateway-")
    });
    s.keys("p");
    let screen = s.wait_for_within("the previous instance's panic", SLOW, |t| {
        t.contains("previous instance") && t.contains("panic: dial tcp")
    });
    assert!(!screen.contains("panicked"), "{screen}");
    s.keys("q");
    s.wait_for("the dashboard again", |t| t.contains("Pods ("));
}

#[test]
fn a_deployment_tail_picks_up_a_pod_added_by_scaling() {
    let c = Cluster::start();
    let mut s = c.kview("shop", &["--tail", "3"]);
    s.wait_for_within("rows", SLOW, |t| t.contains("frontend-"));
    s.keys(":deploy\r/frontend\r");
    s.wait_for("the deployment row", |t| {
        t.lines().any(|l| l.contains("┏ Deployments"))
    });
    s.keys("l");
    let joined = |t: &str| t.matches("joined the tail").count();
    let screen = s.wait_for_within("three pods joined", SLOW, |t| {
        t.contains("Logs deployment shop/frontend") && joined(t) == 3
    });
    assert!(screen.contains("tail 3"), "--tail is used: {screen}");
    s.wait_for_within("prefixed lines from the pods", SLOW, |t| {
        t.lines()
            .filter(|l| l.starts_with("frontend-") && l.contains("HTTP/1.1"))
            .count()
            >= 3
    });
    c.scale("shop", "frontend", 4);
    s.wait_for_within("the new pod joined", SLOW, |t| {
        joined(t) == 4 && t.contains("● 4 streaming")
    });
    s.keys("q");
}

#[test]
fn escape_sequences_in_log_lines_are_shown_inert() {
    let c = Cluster::start();
    let mut s = c.kview("platform", &[]);
    s.wait_for_within("rows", SLOW, |t| t.contains("ansi-logger-"));
    s.keys("/ansi\r");
    s.wait_for("the filter", |t| !t.contains("ingress-gateway-"));
    s.keys("l");
    let screen = s.wait_for_within("the escaped sequences", SLOW, |t| {
        t.contains("\\e]0;pwned-title\\x07progress") && t.contains("\\e[31mERROR\\e[0m")
    });
    assert!(
        screen.contains("Logs pod platform/ansi-logger-"),
        "{screen}"
    );
    s.keys("q");
    s.keys("q");
    s.wait_exit();
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        !raw.contains("\u{1b}]0;"),
        "a title change reached the terminal"
    );
    assert!(!raw.contains('\u{7}'), "a bell reached the terminal");
}

#[test]
fn the_configured_tail_length_is_used_and_the_flag_overrides_it() {
    let c = Cluster::start();
    let config = tempfile::tempdir().unwrap();
    std::fs::write(config.path().join("config.yaml"), "log_tail_lines: 2\n").unwrap();
    let kubeconfig = c.cluster.kubeconfig.to_str().unwrap().to_owned();
    let open_logs = |extra: &[&str]| {
        let mut args = vec!["--kubeconfig", kubeconfig.as_str(), "-n", "shop"];
        args.extend_from_slice(extra);
        let mut s =
            Session::start_with_env(&args, &[("KVIEW_CONFIG_DIR", config.path().as_os_str())]);
        s.wait_for_within("rows", SLOW, |t| t.contains("frontend-"));
        s.keys("/frontend\r");
        s.wait_for("the filter", |t| !t.contains("cart-"));
        s.keys("l");
        let screen = s.wait_for_within("the log view", SLOW, |t| {
            t.contains("Logs pod shop/frontend-")
        });
        s.keys("q");
        screen
    };
    // "tail 2" but not "tail 200" (the default).
    let shows_tail = |screen: &str, n: &str| {
        screen
            .match_indices("tail ")
            .any(|(at, _)| screen[at + 5..].split(|c: char| !c.is_ascii_digit()).next() == Some(n))
    };
    let configured = open_logs(&[]);
    assert!(shows_tail(&configured, "2"), "config.yaml: {configured}");
    let flagged = open_logs(&["--tail", "7"]);
    assert!(shows_tail(&flagged, "7"), "--tail wins: {flagged}");
}
