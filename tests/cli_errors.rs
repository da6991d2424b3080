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

mod common;

/// A simulated cluster served from its own runtime, for the lifetime of one test.
struct Served {
    cluster: common::TestCluster,
    _rt: tokio::runtime::Runtime,
}

fn served() -> Served {
    let rt = common::runtime();
    let cluster = rt.block_on(common::cluster_with(kview::sim::SimOptions {
        world: kview::sim::WorldSpec {
            pods: 3,
            namespaces: 1,
            seed: 7,
        },
        ..kview::sim::SimOptions::default()
    }));
    Served { cluster, _rt: rt }
}

fn b64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// A kubeconfig for `server` with the given cluster and user entries (YAML, indented 4).
fn kubeconfig_with(dir: &std::path::Path, server: &str, cluster: &str, user: &str) -> String {
    let path = dir.join("config");
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {server}\n{cluster}users:\n- name: alice\n  user:\n{user}contexts:\n- name: prod\n  context:\n    cluster: c\n    user: alice\ncurrent-context: prod\n"
    );
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_rejected_token_names_the_user_and_context_and_says_how_to_refresh() {
    let s = served();
    let dir = tempfile::tempdir().unwrap();
    let ca = format!(
        "    certificate-authority-data: {}\n",
        b64(&s.cluster.sim.ca_pem)
    );
    let path = kubeconfig_with(
        dir.path(),
        &s.cluster.sim.url,
        &ca,
        "    token: expired-token\n",
    );
    let err = one_line_error(&kview(&["--kubeconfig", &path], &[]));
    assert!(
        err.contains("rejected the credentials of user \"alice\" in context \"prod\"")
            && err.contains(&s.cluster.sim.url)
            && err.contains("401")
            && err.contains("may have expired")
            && err.contains("log in again"),
        "{err}"
    );
}

#[test]
fn a_failing_credential_plugin_is_shown_with_its_stderr_command_and_status() {
    let s = served();
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("get-token");
    std::fs::write(
        &plugin,
        "#!/bin/sh\necho 'error: the refresh token was revoked' >&2\nexit 3\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let ca = format!(
        "    certificate-authority-data: {}\n",
        b64(&s.cluster.sim.ca_pem)
    );
    let user = format!(
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: IfAvailable\n",
        plugin.display()
    );
    let path = kubeconfig_with(dir.path(), &s.cluster.sim.url, &ca, &user);
    let err = one_line_error(&kview(&["--kubeconfig", &path], &[]));
    assert!(
        err.contains("cannot get credentials for user \"alice\" (context \"prod\"")
            && err.contains(&plugin.display().to_string())
            && err.contains("exit status 3")
            && err.contains("the refresh token was revoked"),
        "{err}"
    );
}

#[test]
fn an_unknown_certificate_authority_is_named_as_the_tls_reason() {
    let s = served();
    let dir = tempfile::tempdir().unwrap();
    // Some other authority: a valid CA certificate that did not sign this server's.
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "some-other-ca");
    let other = params
        .self_signed(&rcgen::KeyPair::generate().unwrap())
        .unwrap();
    let ca = format!("    certificate-authority-data: {}\n", b64(&other.pem()));
    let token = format!("    token: {}\n", s.cluster.sim.token);
    let path = kubeconfig_with(dir.path(), &s.cluster.sim.url, &ca, &token);
    let err = one_line_error(&kview(&["--kubeconfig", &path], &[]));
    assert!(
        err.contains(&format!(
            "TLS with the cluster at {}/ (context \"prod\") failed",
            s.cluster.sim.url
        )) && err.contains("signed by an unknown authority"),
        "{err}"
    );
}

#[test]
fn a_certificate_for_another_name_is_named_as_the_tls_reason() {
    let s = served();
    let dir = tempfile::tempdir().unwrap();
    let cluster = format!(
        "    certificate-authority-data: {}\n    tls-server-name: api.wrong.example\n",
        b64(&s.cluster.sim.ca_pem)
    );
    let token = format!("    token: {}\n", s.cluster.sim.token);
    let path = kubeconfig_with(dir.path(), &s.cluster.sim.url, &cluster, &token);
    let err = one_line_error(&kview(&["--kubeconfig", &path], &[]));
    assert!(
        err.contains("TLS with the cluster at")
            && err.contains("(context \"prod\")")
            && err.contains("not valid for the name api.wrong.example"),
        "{err}"
    );
}

#[test]
fn an_unusable_client_certificate_names_the_user() {
    let s = served();
    let dir = tempfile::tempdir().unwrap();
    let ca = format!(
        "    certificate-authority-data: {}\n",
        b64(&s.cluster.sim.ca_pem)
    );
    let user = format!(
        "    client-certificate-data: {}\n    client-key-data: {}\n",
        b64("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"),
        b64("not a key")
    );
    let path = kubeconfig_with(dir.path(), &s.cluster.sim.url, &ca, &user);
    let err = one_line_error(&kview(&["--kubeconfig", &path], &[]));
    assert!(
        err.contains("the client certificate of user \"alice\" (context \"prod\"")
            && err.contains("cannot be used"),
        "{err}"
    );
}

/// A TLS server on 127.0.0.1 whose certificate (from its own CA, returned as PEM) expired in
/// 2021; it only completes handshakes.
fn expired_tls_server() -> (String, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "expired-test-ca");
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    leaf.not_before = rcgen::date_time_ymd(2020, 1, 1);
    leaf.not_after = rcgen::date_time_ymd(2021, 1, 1);
    let key = KeyPair::generate().unwrap();
    let cert = leaf.signed_by(&key, &issuer).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .unwrap();
    let config = std::sync::Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let Ok(mut conn) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tcp = tcp;
            let _ = conn.complete_io(&mut tcp);
        }
    });
    (url, ca_cert.pem())
}

#[test]
fn an_expired_server_certificate_is_named_as_the_tls_reason() {
    let (url, ca) = expired_tls_server();
    let dir = tempfile::tempdir().unwrap();
    let cluster = format!("    certificate-authority-data: {}\n", b64(&ca));
    let path = kubeconfig_with(dir.path(), &url, &cluster, "    token: t\n");
    let err = one_line_error(&kview(&["--kubeconfig", &path], &[]));
    assert!(
        err.contains(&format!(
            "TLS with the cluster at {url}/ (context \"prod\") failed"
        )) && err.contains("certificate has expired"),
        "{err}"
    );
}

#[test]
fn a_missing_client_certificate_file_names_the_user_and_server() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-cert.pem");
    let user = format!(
        "    client-certificate: {}\n    client-key: {}\n",
        missing.display(),
        missing.display()
    );
    let path = kubeconfig_with(dir.path(), "https://127.0.0.1:1", "", &user);
    let err = one_line_error(&kview(&["--kubeconfig", &path], &[]));
    assert!(
        err.contains(
            "the client certificate of user \"alice\" (context \"prod\", server https://127.0.0.1:1"
        ) && err.contains("no-such-cert.pem"),
        "{err}"
    );
}
