//! No Secret value in the log file, at trace level: the flows that touch a Secret (fetch, the
//! YAML view masked and decoded, an edit checked, dry-run and applied through the mutator, a
//! stale edit refused with 409, the journal entry) run against the simulated cluster with
//! kview's log subscriber writing every level to a file; then a server that sends a Secret
//! kube cannot decode (kube-client logs such bodies whole). A planted value, and its base64,
//! must appear nowhere in the log (nor in the journal).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use k8s_openapi::api::core::v1::Secret;
use kube::api::PostParams;
use kview::cluster::object::{self, ObjectRef};
use kview::cluster::ops::{self, Mutator, OpReport, OpStatus};
use kview::journal::{Journal, JournalEntry, masked_objects};
use kview::manifest::diff;
use kview::manifest::edit::{Checked, check, editable, file_text, initial_body, to_send};
use kview::manifest::yaml::{YamlOptions, to_yaml, view_text};
use kview::resources::{ObjKey, ResourceKind};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tracing::instrument::WithSubscriber as _;

const PLANTED: &str = "kv-planted-7Qz3xW-value";
const EDITED: &str = "kv-edited-9Lp2vR-value";

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Every form a planted value could take in a file.
fn forms() -> Vec<String> {
    let mut out = Vec::new();
    for value in [PLANTED, EDITED] {
        out.push(value.to_owned());
        out.push(b64(value));
        out.push(b64(value).trim_end_matches('=').to_owned());
    }
    out
}

fn assert_clean(what: &str, text: &str) {
    for form in forms() {
        assert!(!text.contains(&form), "{what} holds {form:?}:\n{text}");
    }
}

/// A server that answers every request with a Secret whose metadata cannot be decoded.
async fn undecodable_secret_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let body = json!({
        "apiVersion": "v1", "kind": "Secret", "metadata": 7,
        "data": {"token": b64(PLANTED)},
    })
    .to_string();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    url
}

/// Runs `op` through the mutator, as the app does, and waits for its final report.
async fn mutate<F, Fut>(client: &kube::Client, label: &str, op: F) -> OpStatus
where
    F: FnOnce(kube::Client, ops::Progress) -> Fut + Send + 'static,
    Fut: Future<Output = Result<String, String>> + Send + 'static,
{
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<OpReport>();
    let mutator = Mutator::new(
        client.clone(),
        false,
        std::sync::Arc::new(move |r| {
            let _ = tx.send(r);
        }),
    );
    mutator.start(label, op);
    loop {
        let report = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the operation reports in time")
            .expect("a report");
        if report.status.is_final() {
            return report.status;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_values_never_reach_the_log_file_at_trace_level() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("kview.log");
    let file = std::fs::File::create(&log_path).unwrap();
    tracing::subscriber::set_global_default(kview::logging::subscriber(Mutex::new(file), "trace"))
        .expect("the only subscriber of this test binary");

    let cluster = common::cluster(5).await;
    let client = cluster.client().await;

    // A Secret holding the planted value.
    let secrets: kube::Api<Secret> = kube::Api::namespaced(client.clone(), "shop");
    let planted: Secret = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": "planted", "namespace": "shop"},
        "data": {"token": b64(PLANTED)},
    }))
    .unwrap();
    secrets
        .create(&PostParams::default(), &planted)
        .await
        .unwrap();

    // The YAML view, masked and decoded.
    let target = ObjectRef::secret("shop", "planted");
    let live = object::get(&client, &target).await.unwrap();
    let masked = view_text(&live, YamlOptions::default());
    assert!(!masked.contains(PLANTED) && !masked.contains(&b64(PLANTED)));
    let decoded = view_text(
        &live,
        YamlOptions {
            reveal_secrets: true,
            ..YamlOptions::default()
        },
    );
    assert!(
        decoded.contains(PLANTED),
        "the flow really saw the value: {decoded}"
    );

    // The edit: the file the user edits, checked, dry run, applied through the mutator.
    let read = editable(&live);
    let body = initial_body(&read).replace(&b64(PLANTED), &b64(EDITED));
    let text = file_text("secret shop/planted", None, &body);
    let Checked::Changed(edited) = check(&read.value, &text) else {
        panic!("the edit is read as a change");
    };
    let send = to_send(&edited, read.resource_version.as_deref());
    object::replace(&client, &target, &send, true)
        .await
        .unwrap();
    let applied = {
        let (target, send) = (target.clone(), send.clone());
        mutate(
            &client,
            "edit secret shop/planted",
            move |client, _| async move {
                object::replace(&client, &target, &send, false)
                    .await
                    .map(|_| "secret shop/planted edited".to_owned())
                    .map_err(|e| ops::error_text(&e))
            },
        )
        .await
    };
    assert!(matches!(applied, OpStatus::Succeeded(_)), "{applied:?}");
    // The same edit again, on the old version: refused with the API's 409.
    let refused = {
        let target = target.clone();
        mutate(
            &client,
            "edit secret shop/planted",
            move |client, _| async move {
                object::replace(&client, &target, &send, false)
                    .await
                    .map(|_| "edited".to_owned())
                    .map_err(|e| ops::error_text(&e))
            },
        )
        .await
    };
    assert!(matches!(refused, OpStatus::Failed(_)), "{refused:?}");
    let after = object::get(&client, &target).await.unwrap();
    assert_eq!(after["data"]["token"], b64(EDITED));

    // The journal entry of the change, as the app records it.
    let (before, now) = masked_objects(&live, &edited);
    let lines = diff::unified(&to_yaml(&before), &to_yaml(&now), 3)
        .iter()
        .map(diff::DiffLine::marked)
        .collect();
    // A Secret has no pane kind; the entry is recorded from the object itself.
    let entry = JournalEntry::new(
        1_700_000_000,
        "sim",
        ResourceKind::Pod,
        &ObjKey::new("shop", "planted"),
        lines,
        &live,
    );
    let journal = Journal::at(dir.path().join("journal.jsonl"));
    journal.append(&entry).unwrap();
    assert_clean(
        "the journal",
        &std::fs::read_to_string(journal.path()).unwrap(),
    );

    // A body kube cannot decode: kube-client logs it whole, and without kview's filter the
    // value would be in the file (shown on a throwaway subscriber first).
    let url = undecodable_secret_server().await;
    let hostile = kube::Client::try_from(kube::Config::new(url.parse().unwrap())).unwrap();
    let unfiltered = SharedBuffer::default();
    let control = unfiltered.clone();
    let plain = tracing_subscriber::fmt()
        .with_writer(move || control.clone())
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let err = object::get(&hostile, &target)
        .with_subscriber(plain)
        .await
        .unwrap_err();
    assert!(matches!(err, kube::Error::SerdeError(_)), "{err}");
    assert!(
        unfiltered.text().contains(&b64(PLANTED)),
        "kube-client logs undecodable bodies (the leak the filter exists for)"
    );
    let err = object::get(&hostile, &target).await.unwrap_err();
    assert!(matches!(err, kube::Error::SerdeError(_)), "{err}");

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("operation finished") && log.contains("HTTP"),
        "the log was written at trace level: {log}"
    );
    assert!(log.lines().count() > 20, "{log}");
    assert_clean("the log file", &log);
}

/// A writer into memory, shared with the test.
#[derive(Clone, Default)]
struct SharedBuffer(std::sync::Arc<Mutex<Vec<u8>>>);

impl SharedBuffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
