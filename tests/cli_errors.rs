//! Errors before the TUI starts: one clear line on stderr and a non-zero exit, never a hang and
//! never a half-drawn screen.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

use std::process::{Command, Output};

fn kview(args: &[&str], env: &[(&str, &str)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kview"));
    cmd.args(args)
        .env_remove("KUBECONFIG")
        .env_remove("KVIEW_CONFIG_DIR")
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", home.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("kview runs")
}

fn one_line_error(out: &Output) -> String {
    assert!(!out.status.success(), "expected failure");
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.contains('\u{1b}'), "no escape sequences: {err:?}");
    err
}

#[test]
fn no_kubeconfig_says_where_it_looked() {
    let err = one_line_error(&kview(&[], &[]));
    assert!(err.starts_with("kview: no kubeconfig found"), "{err}");
    assert!(err.contains("--demo"), "{err}");
}

#[test]
fn malformed_kubeconfig_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "apiVersion: v1\nclusters: [oops\n").unwrap();
    let err = one_line_error(&kview(&["--kubeconfig", path.to_str().unwrap()], &[]));
    assert!(
        err.contains("cannot read kubeconfig") && err.contains(path.to_str().unwrap()),
        "{err}"
    );
}

fn kubeconfig_for(server: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("config");
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {server}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: dev\n  context:\n    cluster: c\n    user: u\ncurrent-context: dev\n"
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn unknown_context_is_named_with_the_alternatives() {
    let dir = tempfile::tempdir().unwrap();
    let path = kubeconfig_for("https://127.0.0.1:1", dir.path());
    let err = one_line_error(&kview(
        &["--kubeconfig", path.to_str().unwrap(), "--context", "prod"],
        &[],
    ));
    assert!(
        err.contains("context \"prod\" not found in kubeconfig (available: dev)"),
        "{err}"
    );
}

#[test]
fn unreachable_server_fails_fast_with_the_address() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let dir = tempfile::tempdir().unwrap();
    let path = kubeconfig_for(&format!("https://127.0.0.1:{port}"), dir.path());
    let err = one_line_error(&kview(&[], &[("KUBECONFIG", path.to_str().unwrap())]));
    assert!(
        err.contains("cannot reach the cluster at https://127.0.0.1:") && err.contains("\"dev\""),
        "{err}"
    );
}

#[test]
fn kubeconfig_paths_in_the_environment_are_merged() {
    let dir = tempfile::tempdir().unwrap();
    let first = kubeconfig_for("https://127.0.0.1:1", dir.path());
    let second = dir.path().join("second");
    std::fs::write(&second, "apiVersion: v1\nkind: Config\ncontexts:\n- name: other\n  context:\n    cluster: c\n    user: u\n").unwrap();
    let joined = format!("{}:{}", first.display(), second.display());
    let err = one_line_error(&kview(&["--context", "nope"], &[("KUBECONFIG", &joined)]));
    assert!(err.contains("(available: dev, other)"), "{err}");
}

#[test]
fn bad_theme_is_refused_before_the_tui() {
    let err = one_line_error(&kview(&["--demo", "--theme", "no-such-theme"], &[]));
    assert!(err.contains("no-such-theme"), "{err}");
}
