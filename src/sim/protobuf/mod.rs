//! Decoding of `application/vnd.kubernetes.protobuf` request bodies into JSON.
//!
//! # What this module owns
//!
//! * The Kubernetes protobuf envelope: the 4-byte magic `k8s\0` followed by a
//!   `runtime.Unknown` message (`typeMeta{apiVersion,kind}`, `raw`, `contentEncoding`,
//!   `contentType`).
//! * A small schema-driven protobuf decoder and the schema tables (field number → JSON name,
//!   type and Go JSON presence rule) for the kinds kubectl sends as protobuf:
//!   - every `kubectl create <subcommand>`: `Namespace`, `ConfigMap`, `Secret`,
//!     `ServiceAccount`, `Service`, `ResourceQuota` (v1), `Deployment` (apps/v1), `Job` and
//!     `CronJob` (batch/v1), `Role`, `RoleBinding`, `ClusterRole`, `ClusterRoleBinding`
//!     (rbac.authorization.k8s.io/v1), `Ingress` (networking.k8s.io/v1),
//!     `PodDisruptionBudget` (policy/v1), `PriorityClass` (scheduling.k8s.io/v1) and
//!     `TokenRequest` (authentication.k8s.io/v1, `create token`);
//!   - `kubectl autoscale`: `HorizontalPodAutoscaler` (autoscaling/v1);
//!   - `kubectl debug`: `Pod` (v1);
//!   - `kubectl auth can-i` / `whoami`: `SelfSubjectAccessReview`
//!     (authorization.k8s.io/v1) / `SelfSubjectReview` (authentication.k8s.io/v1).
//!
//! Field numbers come from the Kubernetes `generated.proto` files; the presence rules from
//! the `json:` tags of the Go types.
//!
//! # What it must not do
//!
//! No I/O, no global state, no panics on malformed input: everything is a pure function of
//! the byte slice, and every failure is an `Err(String)`.
//!
//! # The JSON produced
//!
//! The result is the object that Go's `encoding/json` would print for the same typed object,
//! i.e. what the same kubectl command sends with `Content-Type: application/json` (and what
//! `kubectl create … --dry-run=client -o json` prints):
//!
//! * `omitempty` scalars, slices and maps are absent when zero/empty;
//! * pointer fields are present exactly when the protobuf carries them (so an explicit
//!   `replicas: 0` survives);
//! * non-pointer struct fields are always present, so `"status": {}`, `"resources": {}`,
//!   `"strategy": {}` and `"status": {"loadBalancer": {}}` appear as kubectl prints them;
//! * fields without `omitempty` are always present (`"containers": null` when empty);
//! * `metav1.Time` is RFC 3339 in UTC with second precision, and the zero time is `null`.
//!   In particular **`metadata.creationTimestamp` is always present and `null`** for the
//!   objects kubectl creates, exactly as kubectl v1.32 prints it; callers that store the
//!   object should overwrite it.
//! * `[]byte` values (`Secret.data`, `ConfigMap.binaryData`) are standard base64;
//!   `resource.Quantity` is its canonical string; `IntOrString` is a number or a string.
//!
//! Status sub-lists that no client sends on create (conditions other than `metav1.Condition`,
//! container statuses) are not modelled and are skipped like any unknown field. Unknown
//! fields are skipped by wire type; a known field with the wrong wire type is an error. When
//! a singular field occurs twice the last occurrence wins.
//!
//! # Where things are
//!
//! This file owns the entry point, the envelope and the schema types; the wire format is in
//! `wire`, the schema-driven decoder in `decode`, and the per-kind schema tables in `meta`,
//! `core_v1`, `pod`, `pod_scheduling`, `volumes`, `workloads`, `rbac_and_ingress` and
//! `policy_and_auth`.

mod core_v1;
mod decode;
mod meta;
mod pod;
mod pod_scheduling;
mod policy_and_auth;
mod rbac_and_ingress;
mod volumes;
mod wire;
mod workloads;

use core_v1::{CONFIG_MAP, NAMESPACE, RESOURCE_QUOTA, SECRET, SERVICE, SERVICE_ACCOUNT};
use decode::decode_message;
use pod::POD;
use policy_and_auth::{
    HPA, PDB, PRIORITY_CLASS, SELF_SUBJECT_ACCESS_REVIEW, SELF_SUBJECT_REVIEW, TOKEN_REQUEST,
};
use rbac_and_ingress::{CLUSTER_ROLE, INGRESS, ROLE, ROLE_BINDING};
use serde_json::Value;
use wire::{Reader, WIRE_LEN, lossy};
use workloads::{CRON_JOB, DEPLOYMENT, JOB};

/// Decodes a `application/vnd.kubernetes.protobuf` request body: the 4-byte magic `k8s\0`,
/// then a runtime.Unknown message (typeMeta{apiVersion,kind}, raw, contentEncoding,
/// contentType) whose `raw` is the object. Returns the object as JSON with "apiVersion" and
/// "kind" set, exactly the JSON the same kubectl command would have sent as
/// application/json (see the module documentation for the encoding rules; in particular
/// `metadata.creationTimestamp` is `null`, as kubectl prints it).
///
/// # Errors
///
/// Returns a message when the magic is missing, the envelope or the object is not valid
/// protobuf (truncated varint or field, invalid wire type, wrong wire type for a known
/// field), the envelope names no kind, `contentEncoding` is set, or the kind is not one this
/// module knows (`unsupported kind "X" (apiVersion "Y")`).
pub fn decode(body: &[u8]) -> Result<Value, String> {
    let Some(rest) = body.strip_prefix(MAGIC) else {
        let shown = &body[..body.len().min(4)];
        return Err(format!(
            "bad magic: a Kubernetes protobuf body starts with 6b 38 73 00 (\"k8s\\0\"), got {}",
            hex(shown)
        ));
    };
    let env = Envelope::parse(rest).map_err(|e| format!("envelope: {e}"))?;
    if env.kind.is_empty() {
        return Err("envelope: typeMeta has no kind".to_owned());
    }
    if !env.content_encoding.is_empty() {
        return Err(format!(
            "unsupported contentEncoding \"{}\" for {}",
            env.content_encoding, env.kind
        ));
    }
    if !env.content_type.is_empty() && env.content_type != "application/vnd.kubernetes.protobuf" {
        return Err(format!(
            "unsupported raw contentType \"{}\" for {}",
            env.content_type, env.kind
        ));
    }
    let Some(schema) = schema_for(&env.api_version, &env.kind) else {
        return Err(format!(
            "unsupported kind \"{}\" (apiVersion \"{}\")",
            env.kind, env.api_version
        ));
    };
    let mut obj = decode_message(env.raw, schema).map_err(|e| e.render(&env.kind))?;
    obj.insert("apiVersion".to_owned(), Value::String(env.api_version));
    obj.insert("kind".to_owned(), Value::String(env.kind));
    Ok(Value::Object(obj))
}

const MAGIC: &[u8] = b"k8s\0";

/// Nesting limit for skipped groups (wire types 3/4), which are not bounded by a schema.
const MAX_GROUP_DEPTH: usize = 64;

fn hex(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "an empty body".to_owned();
    }
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Envelope

struct Envelope<'a> {
    api_version: String,
    kind: String,
    raw: &'a [u8],
    content_encoding: String,
    content_type: String,
}

impl<'a> Envelope<'a> {
    fn parse(buf: &'a [u8]) -> Result<Self, String> {
        let mut env = Envelope {
            api_version: String::new(),
            kind: String::new(),
            raw: &[],
            content_encoding: String::new(),
            content_type: String::new(),
        };
        let mut r = Reader::new(buf);
        while !r.done() {
            let (num, wire) = r.tag()?;
            match (num, wire) {
                (1, WIRE_LEN) => {
                    let mut tm = Reader::new(r.bytes()?);
                    while !tm.done() {
                        match tm.tag()? {
                            (1, WIRE_LEN) => env.api_version = lossy(tm.bytes()?),
                            (2, WIRE_LEN) => env.kind = lossy(tm.bytes()?),
                            (n, w) => tm.skip(n, w, 0)?,
                        }
                    }
                }
                (2, WIRE_LEN) => env.raw = r.bytes()?,
                (3, WIRE_LEN) => env.content_encoding = lossy(r.bytes()?),
                (4, WIRE_LEN) => env.content_type = lossy(r.bytes()?),
                (1..=4, w) => return Err(format!("field {num} has wire type {w}, expected 2")),
                (n, w) => r.skip(n, w, 0)?,
            }
        }
        Ok(env)
    }
}

// ---------------------------------------------------------------------------------------------
// Schema

/// The type of one field's value.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    /// `[]byte`: base64 in JSON.
    Bytes,
    I32,
    I64,
    Bool,
    /// A nested message.
    Msg(&'static [F]),
    /// An embedded Go struct with `json:",inline"`: its fields merge into the parent.
    Inline(&'static [F]),
    /// `metav1.Time` (message `{seconds, nanos}`): RFC 3339, `null` when zero.
    Time,
    /// `intstr.IntOrString` (message `{type, intVal, strVal}`).
    IntStr,
    /// `resource.Quantity` (message `{string}`).
    Quantity,
    /// `metav1.FieldsV1` (message `{Raw}` holding JSON).
    FieldsV1,
    /// A message whose only field 1 is `repeated string` and whose JSON is that array
    /// (`authentication/v1.ExtraValue`).
    StrList,
    /// `map<string, T>` (repeated entry messages `{1: key, 2: value}`).
    Map(&'static Ty),
}

/// How Go's `encoding/json` decides whether the field appears.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pres {
    /// `omitempty` on a scalar, slice or map: absent when zero or empty.
    Omit,
    /// A pointer with `omitempty`: present exactly when the protobuf carries it.
    Ptr,
    /// No `omitempty`, or a non-pointer struct: always present (zero value when absent).
    Always,
    /// A pointer or slice without `omitempty`: `null` when absent.
    Null,
}

#[derive(Clone, Copy)]
struct F {
    num: u64,
    name: &'static str,
    ty: Ty,
    rep: bool,
    pres: Pres,
}

const fn f(num: u64, name: &'static str, ty: Ty, pres: Pres) -> F {
    F {
        num,
        name,
        ty,
        rep: false,
        pres,
    }
}

const fn r(num: u64, name: &'static str, ty: Ty, pres: Pres) -> F {
    F {
        num,
        name,
        ty,
        rep: true,
        pres,
    }
}

const fn inline(num: u64, schema: &'static [F]) -> F {
    F {
        num,
        name: "",
        ty: Ty::Inline(schema),
        rep: false,
        pres: Pres::Always,
    }
}

fn schema_for(api_version: &str, kind: &str) -> Option<&'static [F]> {
    Some(match (api_version, kind) {
        ("v1", "Namespace") => NAMESPACE,
        ("v1", "ConfigMap") => CONFIG_MAP,
        ("v1", "Secret") => SECRET,
        ("v1", "ServiceAccount") => SERVICE_ACCOUNT,
        ("v1", "Service") => SERVICE,
        ("v1", "Pod") => POD,
        ("v1", "ResourceQuota") => RESOURCE_QUOTA,
        ("apps/v1", "Deployment") => DEPLOYMENT,
        ("batch/v1", "Job") => JOB,
        ("batch/v1", "CronJob") => CRON_JOB,
        ("rbac.authorization.k8s.io/v1", "Role") => ROLE,
        ("rbac.authorization.k8s.io/v1", "ClusterRole") => CLUSTER_ROLE,
        ("rbac.authorization.k8s.io/v1", "RoleBinding" | "ClusterRoleBinding") => ROLE_BINDING,
        ("networking.k8s.io/v1", "Ingress") => INGRESS,
        ("policy/v1", "PodDisruptionBudget") => PDB,
        ("scheduling.k8s.io/v1", "PriorityClass") => PRIORITY_CLASS,
        ("autoscaling/v1", "HorizontalPodAutoscaler") => HPA,
        ("authentication.k8s.io/v1", "TokenRequest") => TOKEN_REQUEST,
        ("authentication.k8s.io/v1", "SelfSubjectReview") => SELF_SUBJECT_REVIEW,
        ("authorization.k8s.io/v1", "SelfSubjectAccessReview") => SELF_SUBJECT_ACCESS_REVIEW,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::protobuf::Pres::Omit as O;
    use crate::sim::protobuf::Ty::Map as M;
    use crate::sim::protobuf::Ty::{Inline, IntStr, Msg, Quantity, Time};

    /// Every schema reachable from a kind: unique field numbers and JSON names, presence rules
    /// that match the type (struct-like values are never `Omit`, inline fields never repeated).
    #[test]
    fn schemas_are_consistent() {
        fn check(fields: &'static [F], seen: &mut Vec<usize>) {
            let addr = fields.as_ptr() as usize;
            if seen.contains(&addr) {
                return;
            }
            seen.push(addr);
            let mut nums = std::collections::BTreeSet::new();
            let mut names = std::collections::BTreeSet::new();
            for fd in fields {
                assert!(nums.insert(fd.num), "duplicate field number {}", fd.num);
                if let Inline(inner) = fd.ty {
                    assert!(!fd.rep && fd.name.is_empty());
                    for inner_fd in inner {
                        assert!(
                            names.insert(inner_fd.name),
                            "duplicate name {}",
                            inner_fd.name
                        );
                    }
                    check(inner, seen);
                    continue;
                }
                assert!(names.insert(fd.name), "duplicate name {}", fd.name);
                let struct_like = matches!(fd.ty, Msg(_) | Time | IntStr | Quantity);
                if struct_like && !fd.rep {
                    assert_ne!(fd.pres, O, "{}: a struct value is never omitted", fd.name);
                }
                if matches!(fd.ty, M(_)) {
                    assert!(!fd.rep, "{}: maps are implicitly repeated", fd.name);
                }
                if let Msg(inner) = fd.ty {
                    check(inner, seen);
                }
            }
        }
        let kinds = [
            ("v1", "Namespace"),
            ("v1", "ConfigMap"),
            ("v1", "Secret"),
            ("v1", "ServiceAccount"),
            ("v1", "Service"),
            ("v1", "Pod"),
            ("v1", "ResourceQuota"),
            ("apps/v1", "Deployment"),
            ("batch/v1", "Job"),
            ("batch/v1", "CronJob"),
            ("rbac.authorization.k8s.io/v1", "Role"),
            ("rbac.authorization.k8s.io/v1", "ClusterRole"),
            ("rbac.authorization.k8s.io/v1", "RoleBinding"),
            ("networking.k8s.io/v1", "Ingress"),
            ("policy/v1", "PodDisruptionBudget"),
            ("scheduling.k8s.io/v1", "PriorityClass"),
            ("autoscaling/v1", "HorizontalPodAutoscaler"),
            ("authentication.k8s.io/v1", "TokenRequest"),
            ("authentication.k8s.io/v1", "SelfSubjectReview"),
            ("authorization.k8s.io/v1", "SelfSubjectAccessReview"),
        ];
        let mut seen = Vec::new();
        for (gv, kind) in kinds {
            check(schema_for(gv, kind).unwrap(), &mut seen);
        }
    }
}
