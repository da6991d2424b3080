//! Bodies captured from kubectl v1.32 (`tests/fixtures/<name>.pb`, the exact bytes kubectl
//! posted with `Content-Type: application/vnd.kubernetes.protobuf`) decode to the JSON the same
//! command prints with `--dry-run=client -o json` (`tests/fixtures/<name>.json`), verbatim:
//! no normalisation was needed (`creationTimestamp: null`, `status: {}` and friends match).
//!
//! Commands without `--dry-run` (`kubectl debug`, `create token`, `auth can-i`, `auth whoami`)
//! are checked against hand-derived JSON, documented at each test.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

use kview::sim::protobuf::decode;
use serde_json::{Value, json};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/protobuf")
        .join(name)
}

fn decoded(name: &str) -> Value {
    let body = std::fs::read(fixture(&format!("{name}.pb"))).unwrap();
    decode(&body).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(name: &str) {
    let got = decoded(name);
    let text = std::fs::read_to_string(fixture(&format!("{name}.json"))).unwrap();
    let want: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        got,
        want,
        "{name}:\n got: {}\nwant: {}",
        serde_json::to_string_pretty(&got).unwrap(),
        serde_json::to_string_pretty(&want).unwrap()
    );
}

macro_rules! same_as_dry_run {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name)); })*
    };
}

same_as_dry_run!(
    namespace,
    namespace_bar,
    configmap,
    configmap_file,
    secret_generic,
    secret_docker,
    secret_type,
    serviceaccount,
    service_clusterip,
    service_clusterip_none,
    service_nodeport,
    service_lb,
    service_externalname,
    service_multi,
    deployment,
    deployment_multi,
    deployment_port,
    job,
    job_plain,
    cronjob,
    cronjob_restart,
    quota,
    quota_scopes,
    role,
    role_names,
    rolebinding,
    rolebinding_sa,
    clusterrole,
    clusterrole_agg,
    clusterrole_nru,
    clusterrolebinding,
    ingress,
    ingress_full,
    pdb,
    pdb_max,
    priorityclass,
    priorityclass_full,
    autoscale,
);

/// `kubectl debug mypod --copy-to=mycopy --image=busybox --container=dbg`, where the server
/// returned a hand-written Pod using most PodSpec/Container fields (probes, env sources,
/// envFrom, Quantity maps, volumes of several kinds, affinity, tolerations, security
/// contexts, DNS config, topology spread...). `debug_copy.json` is that Pod with kubectl's
/// copy changes (new name; labels, uid, resourceVersion, ownerReferences, finalizers,
/// nodeName and status dropped; container `dbg` appended) and Go's JSON encoding applied
/// (`hostNetwork: false` omitted, `resources: {}` on the init container).
#[test]
fn debug_copy() {
    check("debug_copy");
}

/// `kubectl debug node/n1 --image=busybox` (legacy profile); the pod name has a random suffix.
#[test]
fn debug_node() {
    assert_eq!(
        decoded("debug_node"),
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "node-debugger-n1-j2ph5", "creationTimestamp": null},
            "spec": {
                "containers": [{
                    "name": "debugger", "image": "busybox", "resources": {},
                    "terminationMessagePolicy": "File",
                    "volumeMounts": [{"name": "host-root", "mountPath": "/host"}]
                }],
                "hostIPC": true, "hostNetwork": true, "hostPID": true, "nodeName": "n1",
                "restartPolicy": "Never", "tolerations": [{"operator": "Exists"}],
                "volumes": [{"name": "host-root", "hostPath": {"path": "/"}}]
            },
            "status": {}
        })
    );
}

/// `kubectl create token sa1 --duration=1h --audience=aud1 --audience=aud2`: a `TokenRequest`
/// posted to the `serviceaccounts/token` subresource. Fields without `omitempty` print as
/// zero values / null.
#[test]
fn token() {
    assert_eq!(
        decoded("token"),
        json!({
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
            "metadata": {"creationTimestamp": null},
            "spec": {"audiences": ["aud1", "aud2"], "expirationSeconds": 3600,
                     "boundObjectRef": null},
            "status": {"token": "", "expirationTimestamp": null}
        })
    );
}

/// `kubectl create token sa1 --bound-object-kind=Pod --bound-object-name=p1
/// --bound-object-uid=123`.
#[test]
fn token_bound() {
    assert_eq!(
        decoded("token_bound"),
        json!({
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
            "metadata": {"creationTimestamp": null},
            "spec": {"audiences": null, "expirationSeconds": null,
                     "boundObjectRef": {"kind": "Pod", "apiVersion": "v1", "name": "p1",
                                        "uid": "123"}},
            "status": {"token": "", "expirationTimestamp": null}
        })
    );
}

/// `kubectl auth can-i list pods.apps --subresource=log -n kube-system`.
#[test]
fn auth_can_i() {
    assert_eq!(
        decoded("cani"),
        json!({
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "metadata": {"creationTimestamp": null},
            "spec": {"resourceAttributes": {"namespace": "kube-system", "verb": "list",
                                            "resource": "pods.apps", "subresource": "log"}},
            "status": {"allowed": false}
        })
    );
}

/// `kubectl auth can-i get /logs`.
#[test]
fn auth_can_i_non_resource() {
    assert_eq!(
        decoded("cani_nr"),
        json!({
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "metadata": {"creationTimestamp": null},
            "spec": {"nonResourceAttributes": {"path": "/logs", "verb": "get"}},
            "status": {"allowed": false}
        })
    );
}

/// `kubectl auth whoami`.
#[test]
fn auth_whoami() {
    assert_eq!(
        decoded("whoami"),
        json!({
            "apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview",
            "metadata": {"creationTimestamp": null},
            "status": {"userInfo": {}}
        })
    );
}

// --- errors

fn all_fixture_bodies() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pb") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read(&path).unwrap()));
        }
    }
    assert!(out.len() >= 40, "fixtures missing");
    out
}

#[test]
fn bad_magic() {
    let err = decode(br#"{"kind":"Namespace"}"#).unwrap_err();
    assert!(err.starts_with("bad magic"), "{err}");
    assert!(err.contains("7b 22 6b 69"), "{err}");
    let err = decode(b"").unwrap_err();
    assert!(
        err.starts_with("bad magic") && err.contains("an empty body"),
        "{err}"
    );
    let err = decode(b"k8s").unwrap_err();
    assert!(err.starts_with("bad magic"), "{err}");
}

#[test]
fn truncated_varint() {
    // Magic, then a tag whose varint never ends.
    let err = decode(b"k8s\0\x0a\x80").unwrap_err();
    assert_eq!(err, "envelope: truncated varint at byte 1");
}

#[test]
fn truncated_object() {
    let body = std::fs::read(fixture("deployment.pb")).unwrap();
    // Cut in the middle of the container list: the raw field claims more bytes than remain.
    let err = decode(&body[..body.len() - 40]).unwrap_err();
    assert!(
        err.starts_with("envelope: truncated length-delimited field"),
        "{err}"
    );
}

#[test]
fn truncated_nested_field_inside_raw() {
    // A Namespace whose raw bytes end inside metadata.name: the envelope is intact, the object
    // is not.
    let raw = [0x0a, 0x05, 0x0a, 0x09, b'a', b'b', b'c'];
    let mut body = b"k8s\0\x0a\x0f\x0a\x02v1\x12\x09Namespace".to_vec();
    body.extend([0x12, u8::try_from(raw.len()).unwrap()]);
    body.extend(raw);
    let err = decode(&body).unwrap_err();
    assert_eq!(
        err,
        concat!(
            "Namespace: metadata.name: ",
            "truncated length-delimited field at byte 2: needs 9 bytes, 3 left"
        )
    );
}

#[test]
fn unsupported_kind_is_named() {
    let mut body = b"k8s\0\x0a\x18\x0a\x0eexample.com/v1\x12\x06Widget".to_vec();
    body.extend([0x12, 0x00]);
    let err = decode(&body).unwrap_err();
    assert_eq!(
        err,
        r#"unsupported kind "Widget" (apiVersion "example.com/v1")"#
    );
}

#[test]
fn missing_kind_and_content_encoding_are_errors() {
    let err = decode(b"k8s\0\x12\x00").unwrap_err();
    assert_eq!(err, "envelope: typeMeta has no kind");
    let err = decode(b"k8s\0\x0a\x0f\x0a\x02v1\x12\x09Namespace\x1a\x04gzip").unwrap_err();
    assert_eq!(err, r#"unsupported contentEncoding "gzip" for Namespace"#);
}

/// No prefix and no single-byte corruption of any captured body may panic.
#[test]
fn mangled_fixtures_never_panic() {
    for (name, body) in all_fixture_bodies() {
        for cut in 0..body.len() {
            let _ = decode(&body[..cut]);
        }
        for i in 4..body.len() {
            for delta in [1u8, 0x80, 0xff] {
                let mut mangled = body.clone();
                mangled[i] = mangled[i].wrapping_add(delta);
                let _ = decode(&mangled);
            }
        }
        assert!(decode(&body).is_ok(), "{name}");
    }
}
