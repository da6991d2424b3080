//! The real kubectl against the simulated cluster (TLS + bearer token through a written
//! kubeconfig): reads, watches, writes of every patch type, conflicts, validation errors,
//! controllers converging, cordon/uncordon/drain. Skipped, visibly, when kubectl is not
//! installed.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{TestCluster, cluster};

fn kubectl_available() -> bool {
    let found = Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        // Written past the test harness's output capture, so a skip is always visible.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED: kubectl is not installed; kubectl compatibility was not checked"
        );
    }
    found
}

struct Kubectl<'a> {
    kubeconfig: &'a Path,
}

impl Kubectl<'_> {
    fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new("kubectl");
        cmd.env("KUBECONFIG", self.kubeconfig)
            .env_remove("KUBE_EDITOR")
            .args(args)
            .args(["--request-timeout=20s"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("kubectl runs")
    }

    /// Runs and asserts success; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "kubectl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs and asserts failure; returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "kubectl {args:?} unexpectedly succeeded: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    fn wait_for(&self, what: &str, args: &[&str], done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = self.run(args);
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            if out.status.success() && done(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; last output: {text}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// Runs a kubectl scenario against a fresh simulated cluster on its own runtime thread.
fn scenario(pods: usize, body: impl FnOnce(&Kubectl<'_>, &TestCluster)) {
    if !kubectl_available() {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let cluster = rt.block_on(cluster(pods));
    let k = Kubectl {
        kubeconfig: &cluster.kubeconfig,
    };
    body(&k, &cluster);
    drop(cluster);
    rt.shutdown_timeout(Duration::from_secs(2));
}

/// Reads up to `n` lines from a child's output, giving up after `timeout`.
fn read_lines_until(out: std::process::ChildStdout, n: usize, timeout: Duration) -> Vec<String> {
    use std::io::BufRead as _;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let deadline = Instant::now() + timeout;
    let mut got = Vec::new();
    while got.len() < n {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => got.push(line),
            Err(_) => break,
        }
    }
    got
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().filter(|l| !l.trim().is_empty()).collect()
}

#[test]
fn get_lists_every_namespace_with_kubectl_columns() {
    scenario(120, |k, _| {
        let out = k.ok(&["get", "pods", "-A"]);
        let header = lines(&out)[0].split_whitespace().collect::<Vec<_>>();
        assert_eq!(
            header,
            ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        );
        assert!(out.contains("CrashLoopBackOff"), "{out}");
        assert!(out.contains("ImagePullBackOff"), "{out}");
        assert!(out.contains("Completed"));
        assert!(lines(&out).len() > 120);
        let wide = k.ok(&["get", "pods", "-n", "shop", "-o", "wide"]);
        assert!(
            lines(&wide)[0].contains("IP") && lines(&wide)[0].contains("NODE"),
            "{wide}"
        );
        assert!(wide.contains("worker-"));
        let nodes = k.ok(&["get", "nodes"]);
        assert!(nodes.contains("SchedulingDisabled"), "{nodes}");
        assert!(nodes.contains("control-plane"));
        for kind in [
            "deploy", "rs", "svc", "ep", "events", "cm", "secrets", "ns", "sa",
        ] {
            k.ok(&["get", kind, "-A"]);
        }
    });
}

#[test]
fn chunked_lists_return_the_same_objects() {
    scenario(300, |k, _| {
        let whole = k.ok(&["get", "pods", "-A", "-o", "name"]);
        let chunked = k.ok(&["get", "pods", "-A", "-o", "name", "--chunk-size=7"]);
        assert_eq!(lines(&whole).len(), lines(&chunked).len());
        assert_eq!(whole, chunked);
        assert!(lines(&whole).len() >= 300);
    });
}

#[test]
fn yaml_and_selectors() {
    scenario(80, |k, _| {
        let name = k.ok(&[
            "get",
            "pods",
            "-n",
            "shop",
            "-l",
            "app=frontend",
            "-o",
            "name",
        ]);
        let names = lines(&name);
        assert_eq!(names.len(), 3, "{name}");
        assert!(names.iter().all(|n| n.starts_with("pod/frontend-")));
        let yaml = k.ok(&["get", "-n", "shop", names[0], "-o", "yaml"]);
        assert!(
            yaml.contains("kind: Pod")
                && yaml.contains("ownerReferences")
                && yaml.contains("pod-template-hash"),
            "{yaml}"
        );
        let not_front = k.ok(&[
            "get",
            "pods",
            "-n",
            "shop",
            "-l",
            "app!=frontend,tier in (backend)",
            "-o",
            "name",
        ]);
        assert!(
            !not_front.contains("frontend") && not_front.contains("cart"),
            "{not_front}"
        );
        let pending = k.ok(&[
            "get",
            "pods",
            "-A",
            "--field-selector",
            "status.phase=Pending",
            "-o",
            "name",
        ]);
        assert!(pending.contains("big-batch-train"), "{pending}");
        let on_node = k.ok(&[
            "get",
            "pods",
            "-A",
            "--field-selector",
            "spec.nodeName=worker-1",
            "-o",
            "wide",
        ]);
        assert!(
            lines(&on_node)
                .iter()
                .skip(1)
                .all(|l| l.contains("worker-1")),
            "{on_node}"
        );
        let err = k.fails(&["get", "pods", "--field-selector", "spec.bogus=x"]);
        assert!(
            err.contains("field label not supported: spec.bogus"),
            "{err}"
        );
    });
}

#[test]
fn watch_sees_pods_created_by_a_scale_up() {
    scenario(60, |k, c| {
        let mut watch = Command::new("kubectl")
            .env("KUBECONFIG", &c.kubeconfig)
            .args(["get", "pods", "-n", "shop", "-l", "app=cart", "-w"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kubectl -w starts");
        std::thread::sleep(Duration::from_millis(800));
        k.ok(&["scale", "deploy/cart", "-n", "shop", "--replicas=5"]);
        k.wait_for("cart 5/5", &["get", "deploy", "cart", "-n", "shop"], |o| {
            o.contains("5/5")
        });
        std::thread::sleep(Duration::from_millis(300));
        let _ = watch.kill();
        let out = watch.wait_with_output().expect("watch output");
        let text = String::from_utf8_lossy(&out.stdout);
        let names: std::collections::BTreeSet<&str> = text
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert!(names.len() >= 5, "watch saw {names:?}:\n{text}");
        assert!(
            text.contains("ContainerCreating") && text.contains("Running"),
            "{text}"
        );
    });
}

#[test]
fn apply_reports_created_unchanged_configured_and_server_side() {
    scenario(30, |k, _| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("app.yaml");
        let manifest = |replicas: u32| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hello\n  namespace: default\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: hello}}\n  template:\n    metadata:\n      labels: {{app: hello}}\n    spec:\n      containers:\n      - name: hello\n        image: nginx:1.27\n"
            )
        };
        std::fs::write(&file, manifest(2)).unwrap();
        let path = file.to_str().unwrap();
        assert!(
            k.ok(&["apply", "-f", path])
                .contains("deployment.apps/hello created")
        );
        assert!(
            k.ok(&["apply", "-f", path])
                .contains("deployment.apps/hello unchanged")
        );
        std::fs::write(&file, manifest(3)).unwrap();
        assert!(
            k.ok(&["apply", "-f", path])
                .contains("deployment.apps/hello configured")
        );
        k.wait_for("hello 3/3", &["get", "deploy", "hello"], |o| {
            o.contains("3/3")
        });
        std::fs::write(&file, manifest(1)).unwrap();
        assert!(
            k.ok(&["apply", "--server-side", "--force-conflicts", "-f", path])
                .contains("serverside-applied")
        );
        assert_eq!(
            k.ok(&["get", "deploy", "hello", "-o", "jsonpath={.spec.replicas}"]),
            "1"
        );
        let managers = k.ok(&[
            "get",
            "deploy",
            "hello",
            "-o",
            "jsonpath={.metadata.managedFields[*].manager}",
        ]);
        assert!(managers.contains("kubectl"), "{managers}");
    });
}

#[test]
fn edit_with_a_scripted_editor_applies_the_change() {
    scenario(30, |k, _| {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("editor.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\nsed -i 's/replicas: 2/replicas: 4/' \"$1\"\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let out = k.run_env(
            &["edit", "deploy/cart", "-n", "shop"],
            &[("EDITOR", script.to_str().unwrap())],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("deployment.apps/cart edited"));
        k.wait_for("cart 4/4", &["get", "deploy", "cart", "-n", "shop"], |o| {
            o.contains("4/4")
        });
    });
}

#[test]
fn patches_of_every_type() {
    scenario(30, |k, _| {
        k.ok(&[
            "patch",
            "deploy",
            "cart",
            "-n",
            "shop",
            "--type=merge",
            "-p",
            r#"{"metadata":{"labels":{"team":"checkout"}}}"#,
        ]);
        k.ok(&[
            "patch",
            "deploy",
            "cart",
            "-n",
            "shop",
            "--type=json",
            "-p",
            r#"[{"op":"replace","path":"/spec/replicas","value":1}]"#,
        ]);
        k.ok(&["patch", "deploy", "cart", "-n", "shop", "-p", r#"{"spec":{"template":{"spec":{"containers":[{"name":"cart","image":"ghcr.io/acme/cart:2.5.0"}]}}}}"#]);
        let got = k.ok(&["get", "deploy", "cart", "-n", "shop", "-o", "jsonpath={.metadata.labels.team} {.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].name}"]);
        assert_eq!(got, "checkout 1 ghcr.io/acme/cart:2.5.0 LOG_LEVEL");
        k.ok(&[
            "label",
            "pods",
            "-n",
            "shop",
            "-l",
            "app=frontend",
            "audited=yes",
        ]);
        assert_eq!(
            lines(&k.ok(&[
                "get",
                "pods",
                "-n",
                "shop",
                "-l",
                "audited=yes",
                "-o",
                "name"
            ]))
            .len(),
            3
        );
        let err = k.fails(&[
            "patch",
            "deploy",
            "cart",
            "-n",
            "shop",
            "--type=json",
            "-p",
            r#"[{"op":"test","path":"/spec/replicas","value":9}]"#,
        ]);
        assert!(!err.is_empty());
    });
}

#[test]
fn replace_with_a_stale_resource_version_conflicts() {
    scenario(30, |k, _| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cm.yaml");
        let yaml = k.ok(&["get", "cm", "frontend-config", "-n", "shop", "-o", "yaml"]);
        std::fs::write(&file, &yaml).unwrap();
        k.ok(&[
            "label",
            "cm",
            "frontend-config",
            "-n",
            "shop",
            "touched=now",
        ]);
        let err = k.fails(&["replace", "-f", file.to_str().unwrap()]);
        assert!(err.contains("Operation cannot be fulfilled on configmaps \"frontend-config\": the object has been modified"), "{err}");
    });
}

#[test]
fn deleted_pods_are_replaced_and_restarts_converge() {
    scenario(30, |k, _| {
        let before = k.ok(&[
            "get",
            "pods",
            "-n",
            "shop",
            "-l",
            "app=frontend",
            "-o",
            "name",
        ]);
        let victim = lines(&before)[0].to_string();
        assert!(k.ok(&["delete", "-n", "shop", &victim]).contains("deleted"));
        k.wait_for(
            "a replacement pod",
            &[
                "get",
                "pods",
                "-n",
                "shop",
                "-l",
                "app=frontend",
                "-o",
                "name",
            ],
            |o| lines(o).len() == 3 && !o.contains(&victim),
        );
        k.ok(&["rollout", "restart", "deploy/frontend", "-n", "shop"]);
        let status = k.ok(&[
            "rollout",
            "status",
            "deploy/frontend",
            "-n",
            "shop",
            "--timeout=60s",
        ]);
        assert!(status.contains("successfully rolled out"), "{status}");
        let rs = k.ok(&["get", "rs", "-n", "shop", "-l", "app=frontend"]);
        assert_eq!(lines(&rs).len(), 3, "old and new replicaset: {rs}");
    });
}

#[test]
fn create_namespace_and_deployment() {
    scenario(30, |k, _| {
        assert!(
            k.ok(&["create", "namespace", "kv-test"])
                .contains("namespace/kv-test created")
        );
        assert!(
            k.ok(&[
                "create",
                "deployment",
                "web",
                "--image=nginx:1.27",
                "--replicas=2",
                "-n",
                "kv-test"
            ])
            .contains("deployment.apps/web created")
        );
        k.wait_for("web 2/2", &["get", "deploy", "web", "-n", "kv-test"], |o| {
            o.contains("2/2")
        });
        k.ok(&[
            "create",
            "configmap",
            "settings",
            "--from-literal=mode=fast",
            "-n",
            "kv-test",
        ]);
        assert_eq!(
            k.ok(&[
                "get",
                "cm",
                "settings",
                "-n",
                "kv-test",
                "-o",
                "jsonpath={.data.mode}"
            ]),
            "fast"
        );
        let err = k.fails(&["create", "namespace", "kv-test"]);
        assert!(
            err.contains("AlreadyExists") || err.contains("already exists"),
            "{err}"
        );
        assert!(
            k.ok(&["delete", "namespace", "kv-test", "--timeout=60s"])
                .contains("deleted")
        );
        k.fails(&["get", "namespace", "kv-test"]);
    });
}

#[test]
fn cordon_uncordon_and_drain_a_node() {
    scenario(30, |k, c| {
        assert_eq!(
            k.ok(&["cordon", "worker-2"]).trim(),
            "node/worker-2 cordoned"
        );
        let nodes = k.ok(&["get", "node", "worker-2"]);
        assert!(nodes.contains("Ready,SchedulingDisabled"), "{nodes}");
        assert_eq!(
            k.ok(&[
                "get",
                "node",
                "worker-2",
                "-o",
                "jsonpath={.spec.unschedulable}"
            ]),
            "true"
        );
        assert_eq!(
            k.ok(&["uncordon", "worker-2"]).trim(),
            "node/worker-2 uncordoned"
        );
        let nodes = k.ok(&["get", "node", "worker-2"]);
        assert!(!nodes.contains("SchedulingDisabled"), "{nodes}");

        let on_node = [
            "get",
            "pods",
            "-A",
            "--field-selector",
            "spec.nodeName=worker-1",
            "-o",
            "name",
        ];
        let before = lines(&k.ok(&on_node)).len();
        assert!(before > 0, "the world puts pods on worker-1");
        let out = k.ok(&[
            "drain",
            "worker-1",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=60s",
        ]);
        assert!(out.contains("node/worker-1 drained"), "{out}");
        assert_eq!(
            out.matches(" evicted").count(),
            before,
            "every pod on the node evicted: {out}"
        );
        assert_eq!(
            c.sim.requests("create", "pods/eviction"),
            u64::try_from(before).unwrap()
        );
        assert!(lines(&k.ok(&on_node)).is_empty());
        assert!(
            k.ok(&["get", "node", "worker-1"])
                .contains("SchedulingDisabled")
        );
    });
}

#[test]
fn bad_credentials_and_invalid_objects_are_refused() {
    scenario(30, |k, _| {
        let err = k.fails(&["get", "pods", "--token=not-the-token"]);
        assert!(err.contains("You must be logged in to the server"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.yaml");
        std::fs::write(
            &file,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: default\n",
        )
        .unwrap();
        let err = k.fails(&["apply", "-f", file.to_str().unwrap()]);
        assert!(
            err.contains("is invalid") && err.contains("Bad_Name"),
            "{err}"
        );
        let err = k.fails(&[
            "patch",
            "deploy",
            "cart",
            "-n",
            "shop",
            "--type=merge",
            "-p",
            r#"{"spec":{"replicas":-1}}"#,
        ]);
        assert!(
            err.contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
            "{err}"
        );
        let err = k.fails(&["get", "pod", "no-such-pod"]);
        assert!(err.contains("pods \"no-such-pod\" not found"), "{err}");
    });
}

#[test]
fn logs_tail_and_follow() {
    scenario(30, |k, c| {
        let out = k.ok(&["logs", "-n", "shop", "deploy/frontend", "--tail=3"]);
        assert_eq!(lines(&out).len(), 3, "{out}");
        assert!(out.contains("HTTP/1.1"));
        let err = k.fails(&["logs", "-n", "shop", "deploy/checkout", "-c", "nope"]);
        assert!(err.contains("container nope is not valid"), "{err}");
        let mut follow = Command::new("kubectl")
            .env("KUBECONFIG", &c.kubeconfig)
            .args(["logs", "-f", "-n", "shop", "deploy/frontend", "--tail=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kubectl logs -f");
        // The tail line, then lines the container prints while we follow.
        let got = read_lines_until(follow.stdout.take().unwrap(), 3, Duration::from_secs(20));
        let _ = follow.kill();
        let _ = follow.wait();
        assert_eq!(got.len(), 3, "follow printed new lines: {got:?}");
        assert_ne!(got[1], got[2]);
        let prev = k.ok(&[
            "logs",
            "-n",
            "payments",
            "deploy/payment-gateway",
            "--previous",
            "--tail=1",
        ]);
        assert!(prev.contains("panic"), "{prev}");
    });
}

#[test]
fn logs_follow_tail_five_and_container_choice() {
    scenario(30, |k, c| {
        let mut follow = Command::new("kubectl")
            .env("KUBECONFIG", &c.kubeconfig)
            .args(["logs", "-f", "--tail=5", "-n", "shop", "deploy/frontend"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kubectl logs -f");
        // The five last lines, then at least one the container prints while we follow.
        let got = read_lines_until(follow.stdout.take().unwrap(), 6, Duration::from_secs(20));
        let _ = follow.kill();
        let _ = follow.wait();
        assert_eq!(got.len(), 6, "five tail lines and a new one: {got:?}");
        assert!(got.iter().all(|l| l.contains("HTTP/1.1")), "{got:?}");
        let unique: std::collections::HashSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), 6, "no line twice: {got:?}");

        // A pod with two containers and two init containers: each by name.
        let sidecar = k.ok(&[
            "logs",
            "-n",
            "shop",
            "deploy/checkout",
            "-c",
            "envoy-sidecar",
            "--tail=2",
        ]);
        assert_eq!(lines(&sidecar).len(), 2, "{sidecar}");
        assert!(sidecar.contains("HTTP/1.1"), "envoy access log: {sidecar}");
        let app = k.ok(&[
            "logs",
            "-n",
            "shop",
            "deploy/checkout",
            "-c",
            "checkout",
            "--tail=2",
        ]);
        assert!(app.contains("\"level\""), "JSON lines: {app}");
        let init = k.ok(&["logs", "-n", "shop", "deploy/checkout", "-c", "migrate"]);
        assert!(
            init.contains("starting busybox"),
            "an init container's log: {init}"
        );
        let all = k.ok(&[
            "logs",
            "-n",
            "shop",
            "deploy/checkout",
            "--all-containers",
            "--prefix",
            "--tail=1",
        ]);
        for container in ["migrate", "wait-for-db", "checkout", "envoy-sidecar"] {
            assert!(
                all.contains(&format!("/{container}]")),
                "{container} in {all}"
            );
        }
    });
}

/// A running pod of namespace `shop` (every container running) and its first container.
fn running_shop_pod(k: &Kubectl<'_>) -> (String, String) {
    let jsonpath = "jsonpath={range .items[?(@.status.phase==\"Running\")]}\
                    {.metadata.name} {.spec.containers[0].name} \
                    {.status.containerStatuses[*].state.running.startedAt}{\"\\n\"}{end}";
    let out = k.wait_for(
        "a running pod in shop",
        &["get", "pods", "-n", "shop", "-o", jsonpath],
        |o| o.lines().any(|l| l.split_whitespace().count() >= 3),
    );
    let line = out
        .lines()
        .find(|l| l.split_whitespace().count() >= 3)
        .unwrap();
    let mut words = line.split_whitespace();
    (
        words.next().unwrap().to_owned(),
        words.next().unwrap().to_owned(),
    )
}

#[test]
fn exec_over_websocket_runs_the_command() {
    scenario(30, |k, _| {
        let (pod, container) = running_shop_pod(k);
        let out = k.ok(&[
            "exec", &pod, "-n", "shop", "-c", &container, "--", "hostname",
        ]);
        assert_eq!(out, format!("{pod}\n"));
        let out = k.run(&["exec", &pod, "-n", "shop", "--", "sh", "-c", "exit 3"]);
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        let err = k.fails(&["exec", &pod, "-n", "shop", "-c", "nope", "--", "true"]);
        assert!(err.contains("container nope is not valid for pod"), "{err}");
        // A program the image lacks: the runtime's words, as kubectl prints them.
        let err = k.fails(&["exec", &pod, "-n", "shop", "--", "bash"]);
        assert!(
            err.contains("error: Internal error occurred: error executing command in container")
                && err.contains("exec: \"bash\": executable file not found in $PATH"),
            "{err}"
        );
        // Scripted stdin through an interactive shell.
        let mut child = Command::new("kubectl")
            .env("KUBECONFIG", k.kubeconfig)
            .args(["exec", "-i", &pod, "-n", "shop", "--", "sh"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().unwrap();
            stdin
                .write_all(b"echo from stdin\nhostname\nexit\n")
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!("from stdin\n{pod}\n")
        );
    });
}

#[test]
fn debug_on_a_cluster_without_ephemeral_containers_is_refused_in_kubectl_words() {
    if !kubectl_available() {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let cluster = rt.block_on(common::cluster_with(kview::sim::SimOptions {
        ephemeral_containers: false,
        world: kview::sim::WorldSpec {
            pods: 30,
            namespaces: 4,
            seed: 7,
        },
        ..kview::sim::SimOptions::default()
    }));
    let k = Kubectl {
        kubeconfig: &cluster.kubeconfig,
    };
    let (pod, _) = running_shop_pod(&k);
    // kubectl recognises the 404 of a missing subresource (no name in its details).
    let err = k.fails(&["debug", &pod, "-n", "shop", "--image=busybox", "--", "true"]);
    assert!(
        err.contains("ephemeral containers are disabled for this cluster"),
        "{err}"
    );
    drop(cluster);
    rt.shutdown_timeout(Duration::from_secs(2));
}

#[test]
fn debug_adds_an_ephemeral_container_targeting_the_container() {
    scenario(30, |k, _| {
        let (pod, container) = running_shop_pod(k);
        let target = format!("--target={container}");
        let out = k.ok(&[
            "debug",
            &pod,
            "-n",
            "shop",
            "--image=busybox",
            &target,
            "--",
            "true",
        ]);
        assert!(out.contains("debugger-") || out.is_empty(), "{out}");
        let spec = k.ok(&[
            "get",
            "pod",
            &pod,
            "-n",
            "shop",
            "-o",
            "jsonpath={.spec.ephemeralContainers[0].image} {.spec.ephemeralContainers[0].targetContainerName}",
        ]);
        assert_eq!(spec, format!("busybox {container}"));
        let state = k.wait_for(
            "the debug container running",
            &[
                "get",
                "pod",
                &pod,
                "-n",
                "shop",
                "-o",
                "jsonpath={.status.ephemeralContainerStatuses[0].state}",
            ],
            |o| o.contains("running"),
        );
        assert!(state.contains("startedAt"), "{state}");

        // Interactive, with scripted stdin: the debug container's shell answers.
        let mut child = Command::new("kubectl")
            .env("KUBECONFIG", k.kubeconfig)
            .args([
                "debug",
                "-i",
                &pod,
                "-n",
                "shop",
                "--image=busybox",
                &target,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(b"hostname\nexit\n").unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&format!("{pod}\n")),
            "{out:?}"
        );
    });
}
