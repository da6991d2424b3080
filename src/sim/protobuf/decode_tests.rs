//! Unit tests for `decode`.

use super::*;
use crate::sim::protobuf::decode;
use crate::sim::protobuf::wire::{WIRE_EGROUP, WIRE_I32, WIRE_I64, WIRE_SGROUP};

use serde_json::json;

// A tiny encoder for hand-built messages.
fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push(u8::try_from(v & 0x7f).unwrap() | 0x80);
        v >>= 7;
    }
    out.push(u8::try_from(v).unwrap());
}

fn tag(num: u64, wire: u8, out: &mut Vec<u8>) {
    varint(num << 3 | u64::from(wire), out);
}

fn len_field(num: u64, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    tag(num, WIRE_LEN, &mut out);
    varint(payload.len() as u64, &mut out);
    out.extend_from_slice(payload);
    out
}

fn var_field(num: u64, v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    tag(num, WIRE_VARINT, &mut out);
    varint(v, &mut out);
    out
}

fn envelope(api_version: &str, kind: &str, raw: &[u8]) -> Vec<u8> {
    let mut tm = len_field(1, api_version.as_bytes());
    tm.extend(len_field(2, kind.as_bytes()));
    let mut body = b"k8s\0".to_vec();
    body.extend(len_field(1, &tm));
    body.extend(len_field(2, raw));
    body.extend(len_field(3, b""));
    body.extend(len_field(4, b""));
    body
}

fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn base64_matches_std_padding() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"v"), "dg==");
    assert_eq!(base64(b"s3"), "czM=");
    assert_eq!(base64(b"s3cr3t"), "czNjcjN0");
    assert_eq!(base64(b"binary\x00\x01\xff"), "YmluYXJ5AAH/");
}

#[test]
fn rfc3339_formats_utc_seconds() {
    assert_eq!(rfc3339(0).unwrap(), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_714_979_289).unwrap(), "2024-05-06T07:08:09Z");
    assert_eq!(rfc3339(951_782_400).unwrap(), "2000-02-29T00:00:00Z");
    assert_eq!(rfc3339(-1).unwrap(), "1969-12-31T23:59:59Z");
    assert!(rfc3339(253_402_300_800).is_err());
}

#[test]
fn unknown_fields_of_every_wire_type_are_skipped() {
    let meta = cat(&[
        len_field(1, b"ns1"),
        var_field(99, 7),
        {
            let mut v = Vec::new();
            tag(100, WIRE_I64, &mut v);
            v.extend([0; 8]);
            tag(101, WIRE_I32, &mut v);
            v.extend([0; 4]);
            tag(102, WIRE_SGROUP, &mut v);
            tag(1, WIRE_VARINT, &mut v);
            v.push(1);
            tag(102, WIRE_EGROUP, &mut v);
            v
        },
        len_field(103, b"ignored"),
    ]);
    let raw = cat(&[len_field(1, &meta), len_field(42, b"future field")]);
    let got = decode(&envelope("v1", "Namespace", &raw)).unwrap();
    assert_eq!(
        got,
        json!({"apiVersion": "v1", "kind": "Namespace",
               "metadata": {"name": "ns1", "creationTimestamp": null},
               "spec": {}, "status": {}})
    );
}

#[test]
fn pointer_zero_survives_and_negative_int32_decodes() {
    // Deployment spec: replicas (pointer) = 0, minReadySeconds = -1 (sign-extended).
    let spec = cat(&[var_field(1, 0), var_field(5, u64::MAX)]);
    let raw = cat(&[len_field(1, &[]), len_field(2, &spec)]);
    let got = decode(&envelope("apps/v1", "Deployment", &raw)).unwrap();
    assert_eq!(got["spec"]["replicas"], json!(0));
    assert_eq!(got["spec"]["minReadySeconds"], json!(-1));
    assert_eq!(got["spec"]["selector"], Value::Null);
    assert_eq!(got["spec"]["strategy"], json!({}));
    assert_eq!(
        got["spec"]["template"],
        json!({"metadata": {"creationTimestamp": null},
                                               "spec": {"containers": null}})
    );
}

#[test]
fn packed_repeated_int64_is_accepted() {
    let mut packed = Vec::new();
    varint(1, &mut packed);
    varint(2, &mut packed);
    let sc = len_field(4, &packed);
    let spec = cat(&[len_field(14, &sc)]);
    let raw = cat(&[len_field(2, &spec)]);
    let got = decode(&envelope("v1", "Pod", &raw)).unwrap();
    assert_eq!(
        got["spec"]["securityContext"],
        json!({"supplementalGroups": [1, 2]})
    );
}

#[test]
fn time_and_quantity_and_int_or_string() {
    let time = var_field(1, 1_714_979_289);
    let meta = cat(&[len_field(8, &time), len_field(9, &[])]);
    let port = cat(&[
        var_field(3, 80),
        len_field(4, &cat(&[var_field(1, 1), len_field(3, b"http")])),
    ]);
    let spec = len_field(1, &port);
    let raw = cat(&[len_field(1, &meta), len_field(2, &spec)]);
    let got = decode(&envelope("v1", "Service", &raw)).unwrap();
    assert_eq!(
        got["metadata"]["creationTimestamp"],
        json!("2024-05-06T07:08:09Z")
    );
    assert_eq!(got["metadata"]["deletionTimestamp"], Value::Null);
    assert_eq!(
        got["spec"]["ports"],
        json!([{"port": 80, "targetPort": "http"}])
    );
    assert_eq!(got["status"], json!({"loadBalancer": {}}));
}

#[test]
fn wrong_wire_type_for_known_field_names_the_path() {
    let spec = len_field(1, b"x"); // replicas must be a varint
    let raw = len_field(2, &spec);
    let err = decode(&envelope("apps/v1", "Deployment", &raw)).unwrap_err();
    assert_eq!(
        err,
        "Deployment: spec.replicas: wire type 2, expected 0 (varint)"
    );
}

#[test]
fn runaway_group_nesting_is_an_error_not_a_crash() {
    let mut raw = Vec::new();
    for _ in 0..100 {
        tag(50, WIRE_SGROUP, &mut raw);
    }
    let err = decode(&envelope("v1", "Namespace", &raw)).unwrap_err();
    assert!(err.contains("nested too deeply"), "{err}");
}
