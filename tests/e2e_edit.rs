//! End to end: YAML, describe and edit-and-reapply in the real `kview` binary in a
//! pseudo-terminal against the in-process simulated cluster, with a scripted editor (a small
//! shell script that edits the file it is given). What lands is checked through the API.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::TestCluster;
use common::pty::Session;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{DeleteParams, ListParams, Patch, PatchParams};
use serde_json::json;

/// A simulated cluster on its own runtime, and a directory for editor scripts.
struct World {
    rt: tokio::runtime::Runtime,
    cluster: TestCluster,
    scripts: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        let rt = common::runtime();
        let cluster = rt.block_on(common::cluster(30));
        Self {
            rt,
            cluster,
            scripts: tempfile::tempdir().unwrap(),
        }
    }

    fn pods(&self) -> kube::Api<Pod> {
        self.rt
            .block_on(async { kube::Api::namespaced(self.cluster.client().await, "shop") })
    }

    /// The name of a running pod whose name starts with `prefix`.
    fn pod_named(&self, prefix: &str) -> String {
        let pods = self.pods();
        let list = self.rt.block_on(pods.list(&ListParams::default())).unwrap();
        list.items
            .into_iter()
            .filter_map(|p| p.metadata.name)
            .find(|n| n.starts_with(prefix))
            .expect("a pod")
    }

    fn pod(&self, name: &str) -> Pod {
        let pods = self.pods();
        self.rt.block_on(pods.get(name)).unwrap()
    }

    fn label(&self, name: &str, key: &str) -> Option<String> {
        self.pod(name)
            .metadata
            .labels
            .unwrap_or_default()
            .get(key)
            .cloned()
    }

    /// What another client does.
    fn set_label(&self, name: &str, key: &str, value: &str) {
        let pods = self.pods();
        let patch = json!({"metadata": {"labels": {key: value}}});
        self.rt
            .block_on(pods.patch(name, &PatchParams::default(), &Patch::Merge(&patch)))
            .unwrap();
    }

    /// An executable editor script; `$1` is the file, `$dir` the scripts' directory.
    fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.scripts.path().join(name);
        std::fs::write(
            &path,
            format!("#!/bin/sh\ndir=\"$(dirname \"$0\")\"\n{body}\n"),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    }

    /// kview on namespace `shop` with `editor` as `$KUBE_EDITOR` (and a failing `$EDITOR`,
    /// which must not be the one used), the pods pane filtered down to `pod`.
    fn kview_on(&self, pod: &str, editor: &Path, extra: &[&str]) -> Session {
        let mut args = vec![
            "--kubeconfig",
            self.cluster.kubeconfig.to_str().unwrap(),
            "-n",
            "shop",
        ];
        args.extend_from_slice(extra);
        let mut s = Session::start_with(
            &args,
            &[
                ("KUBE_EDITOR", editor.to_str().unwrap()),
                ("EDITOR", "false"),
            ],
        );
        s.wait_for("pod rows", |t| t.contains(pod));
        // Keys are handled in order: the filter applies before the next key.
        s.keys(&format!("/{pod}\r"));
        s
    }
}

/// Adds a label line under `metadata.labels` (the only `labels:` in a pod's YAML).
fn add_label(key: &str, value: &str) -> String {
    format!("sed -i 's/^  labels:$/  labels:\\n    {key}: \"{value}\"/' \"$1\"")
}

fn recovery_files(s: &Session) -> Vec<PathBuf> {
    let dir = s.home().join(".local/state/kview/recovery");
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

fn eventually(what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_label_change_lands_after_the_diff_is_confirmed() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let editor = w.script("label.sh", &add_label("edited", "by-kview"));
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("e");
    let screen = s.wait_for("the diff", |t| t.contains("Apply this edit of pod shop/"));
    assert!(
        screen.contains(&format!("Apply this edit of pod shop/{pod}?")),
        "{screen}"
    );
    assert!(screen.contains("+    edited: by-kview"), "{screen}");
    assert!(screen.contains("+1 −0 lines"), "{screen}");
    assert_eq!(w.label(&pod, "edited"), None, "nothing applied before `y`");
    assert_eq!(
        recovery_files(&s).len(),
        1,
        "the text is kept before applying"
    );
    s.keys("y");
    s.wait_for("the outcome", |t| {
        t.contains(&format!("pod shop/{pod} edited"))
    });
    assert_eq!(w.label(&pod, "edited").as_deref(), Some("by-kview"));
    assert!(recovery_files(&s).is_empty(), "removed after success");
    // The dashboard is back, with the row still there, and quits cleanly.
    s.wait_for("the pods pane", |t| {
        t.contains("Pods (") && t.contains(&pod)
    });
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn invalid_yaml_reopens_with_the_error_and_a_second_pass_succeeds() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let body = format!(
        "n=$(cat \"$dir/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$dir/count\"\n\
         cp \"$1\" \"$dir/round-$n.yaml\"\n\
         if [ \"$n\" = 1 ]; then printf 'bad: [unclosed\\n' >> \"$1\"; exit 0; fi\n\
         sed -i '/^bad: \\[unclosed$/d' \"$1\"\n{}",
        add_label("fixed", "yes")
    );
    let editor = w.script("twice.sh", &body);
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("e");
    s.wait_for("the diff", |t| t.contains("Apply this edit of pod shop/"));
    let first = std::fs::read_to_string(w.scripts.path().join("round-1.yaml")).unwrap();
    assert!(
        first.starts_with(&format!("# kview: editing pod shop/{pod}.")),
        "{first}"
    );
    let second = std::fs::read_to_string(w.scripts.path().join("round-2.yaml")).unwrap();
    let header: Vec<&str> = second.lines().take_while(|l| l.starts_with('#')).collect();
    assert!(
        header
            .iter()
            .any(|l| l.contains("The file is not valid YAML")),
        "the error is a comment block on top:\n{second}"
    );
    assert!(
        second.lines().any(|l| l == "bad: [unclosed"),
        "the user's own text is kept:\n{second}"
    );
    s.keys("y");
    s.wait_for("the outcome", |t| {
        t.contains(&format!("pod shop/{pod} edited"))
    });
    assert_eq!(w.label(&pod, "fixed").as_deref(), Some("yes"));
    assert_eq!(w.label(&pod, "bad"), None);
}

#[test]
fn a_concurrent_change_is_detected_merged_and_never_overwritten() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let editor = w.script("mine.sh", &add_label("mine", "1"));
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("e");
    s.wait_for("the diff", |t| {
        t.contains("+    mine: '1'") || t.contains("+    mine: \"1\"")
    });
    // Another client changes the pod between the read and the apply.
    w.set_label(&pod, "theirs", "2");
    s.keys("y");
    let screen = s.wait_for("the diff against the new version", |t| {
        t.contains("was changed by someone else since you opened it")
    });
    assert!(
        !screen.contains("-    theirs"),
        "their change is not undone:\n{screen}"
    );
    s.keys("y");
    s.wait_for("the outcome", |t| {
        t.contains(&format!("pod shop/{pod} edited"))
    });
    eventually("both changes", || {
        w.label(&pod, "mine").as_deref() == Some("1")
            && w.label(&pod, "theirs").as_deref() == Some("2")
    });
}

#[test]
fn an_overlapping_concurrent_change_reopens_the_editor_and_is_kept() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let body = format!(
        "n=$(cat \"$dir/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$dir/count\"\n\
         cp \"$1\" \"$dir/round-$n.yaml\"\n\
         if [ \"$n\" = 2 ]; then : > \"$1\"; exit 0; fi\n{}",
        add_label("owner", "mine")
    );
    let editor = w.script("overlap.sh", &body);
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("e");
    s.wait_for("the diff", |t| t.contains("Apply this edit of pod shop/"));
    w.set_label(&pod, "owner", "theirs");
    s.keys("y");
    s.wait_for("the edit cancelled", |t| {
        t.contains("cancelled: the file was empty")
    });
    let second = std::fs::read_to_string(w.scripts.path().join("round-2.yaml")).unwrap();
    assert!(
        second.contains("was changed by someone else while you were editing it"),
        "{second}"
    );
    assert!(
        second.contains("metadata.labels.owner: yours \"mine\", theirs \"theirs\""),
        "{second}"
    );
    assert_eq!(
        w.label(&pod, "owner").as_deref(),
        Some("theirs"),
        "not overwritten"
    );
}

#[test]
fn aborted_and_unchanged_edits_change_nothing() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let body = "n=$(cat \"$dir/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$dir/count\"\n\
                if [ \"$n\" = 2 ]; then : > \"$1\"; fi";
    let editor = w.script("abort.sh", body);
    let version = w.pod(&pod).metadata.resource_version;
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("e");
    s.wait_for("no changes", |t| {
        t.contains("edit cancelled, no changes made")
    });
    s.keys("e");
    s.wait_for("cancelled", |t| t.contains("cancelled: the file was empty"));
    assert_eq!(w.pod(&pod).metadata.resource_version, version);
    assert!(recovery_files(&s).is_empty());
}

#[test]
fn the_recovery_file_keeps_the_text_after_a_failure() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let editor = w.script("lost.sh", &add_label("precious", "work"));
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("e");
    s.wait_for("the diff", |t| t.contains("Apply this edit of pod shop/"));
    // The pod goes away before the edit is applied.
    let pods = w.pods();
    w.rt.block_on(pods.delete(&pod, &DeleteParams::default().grace_period(0)))
        .unwrap();
    s.keys("y");
    s.wait_for("the failure", |t| t.contains("was not edited"));
    let files = recovery_files(&s);
    assert_eq!(files.len(), 1, "{files:?}");
    let kept = std::fs::read_to_string(&files[0]).unwrap();
    assert!(kept.contains("precious: \"work\""), "{kept}");
    assert!(kept.contains(&format!("name: {pod}")), "{kept}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "private");
    }
}

#[test]
fn readonly_refuses_before_the_editor_opens() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let editor = w.script("never.sh", "touch \"$dir/ran\"");
    let mut s = w.kview_on(&pod, &editor, &["--readonly"]);
    s.keys("e");
    s.wait_for("the refusal", |t| t.contains("read-only mode: edit"));
    assert!(
        !w.scripts.path().join("ran").exists(),
        "the editor never ran"
    );
}

#[test]
fn yaml_view_copies_saves_and_describe_shows_events() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let editor = w.script("unused.sh", "exit 1");
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("y");
    let screen = s.wait_for("the YAML", |t| {
        t.contains("YAML · pod shop/") && t.contains("apiVersion: v1")
    });
    assert!(!screen.contains("managedFields:"), "{screen}");
    s.keys("m");
    s.wait_for("managedFields", |t| t.contains("managedFields:"));
    s.keys("/image\r");
    s.wait_for("the search", |t| t.contains("/image "));
    s.keys("c");
    s.wait_for("copied", |t| t.contains("copied"));
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("\u{1b}]52;c;"), "an OSC 52 sequence was sent");
    s.keys("w");
    s.wait_for("saved", |t| t.contains("saved to"));
    let saved = s.home().join(format!("pod-shop-{pod}.yaml"));
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains(&format!("name: {pod}")), "{text}");
    s.keys("d");
    s.wait_for("the description", |t| {
        t.contains("Describe · pod shop/") && t.contains("Status:")
    });
    s.keys("G");
    s.wait_for("the events", |t| t.contains("Events:"));
    s.keys("\u{1b}");
    s.wait_for("the dashboard", |t| {
        t.contains("Pods (") && t.contains(&pod)
    });
}

#[test]
fn an_applied_edit_is_journaled_and_undone_from_history() {
    let w = World::new();
    let pod = w.pod_named("cart-");
    let editor = w.script("label.sh", &add_label("edited", "by-kview"));
    let mut s = w.kview_on(&pod, &editor, &[]);
    s.keys("e");
    s.wait_for("the diff", |t| t.contains("Apply this edit of pod shop/"));
    s.keys("y");
    s.wait_for("the outcome", |t| {
        t.contains(&format!("pod shop/{pod} edited"))
    });
    assert_eq!(w.label(&pod, "edited").as_deref(), Some("by-kview"));
    let journal = s.home().join(".local/state/kview/journal.jsonl");
    let text = std::fs::read_to_string(&journal).expect("the journal");
    assert_eq!(text.lines().count(), 1, "{text}");

    s.keys(":history\r");
    let screen = s.wait_for("the history", |t| t.contains("Edit history (1)"));
    assert!(screen.contains(&format!("pod shop/{pod}")), "{screen}");
    assert!(screen.contains("+    edited: by-kview"), "{screen}");
    s.keys("\r");
    s.wait_for("the whole diff", |t| t.contains("Change of pod shop/"));

    s.keys("u");
    let screen = s.wait_for("the undo's diff", |t| {
        t.contains("Apply this edit of pod shop/")
    });
    assert!(screen.contains("-    edited: by-kview"), "{screen}");
    assert!(screen.contains("Undo:"), "{screen}");
    assert_eq!(w.label(&pod, "edited").as_deref(), Some("by-kview"));
    s.keys("y");
    s.wait_for("the undo's outcome", |t| {
        t.contains(&format!("pod shop/{pod} restored"))
    });
    eventually("the old labels", || w.label(&pod, "edited").is_none());
    let text = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(text.lines().count(), 2, "the undo is journaled too: {text}");
    let screen = s.wait_for("the undo in the list", |t| t.contains("Edit history (2)"));
    assert!(screen.contains("-    edited: by-kview"), "{screen}");
    s.keys("\x1b");
    s.wait_for("the pods pane", |t| t.contains("Pods ("));
    s.keys("q");
    assert!(s.wait_exit().success());
}
