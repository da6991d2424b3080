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

use serde_json::{Map, Number, Value};

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
// Wire format

const WIRE_VARINT: u8 = 0;
const WIRE_I64: u8 = 1;
const WIRE_LEN: u8 = 2;
const WIRE_SGROUP: u8 = 3;
const WIRE_EGROUP: u8 = 4;
const WIRE_I32: u8 = 5;

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    fn done(&self) -> bool {
        self.pos >= self.buf.len()
    }

    fn varint(&mut self) -> Result<u64, String> {
        let start = self.pos;
        let mut value: u64 = 0;
        for shift in (0..70).step_by(7) {
            let Some(&b) = self.buf.get(self.pos) else {
                return Err(format!("truncated varint at byte {start}"));
            };
            self.pos += 1;
            if shift == 63 && b > 1 {
                return Err(format!("varint overflows 64 bits at byte {start}"));
            }
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(format!("varint longer than 10 bytes at byte {start}"))
    }

    fn tag(&mut self) -> Result<(u64, u8), String> {
        let at = self.pos;
        let key = self.varint()?;
        let num = key >> 3;
        if num == 0 {
            return Err(format!("invalid field number 0 at byte {at}"));
        }
        let wire = u8::try_from(key & 7).unwrap_or(u8::MAX);
        if wire > WIRE_I32 {
            return Err(format!(
                "invalid wire type {wire} for field {num} at byte {at}"
            ));
        }
        Ok((num, wire))
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let start = self.pos;
        let end = start
            .checked_add(n)
            .filter(|&end| end <= self.buf.len())
            .ok_or_else(|| {
                format!(
                    "truncated {what} at byte {start}: needs {n} bytes, {} left",
                    self.buf.len() - start
                )
            })?;
        self.pos = end;
        Ok(&self.buf[start..end])
    }

    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let len = self.varint()?;
        let len = usize::try_from(len).map_err(|_| format!("length {len} too large"))?;
        self.take(len, "length-delimited field")
    }

    /// Reads a length-delimited value, checking the wire type first.
    fn bytes_of(&mut self, wire: u8) -> Result<&'a [u8], String> {
        if wire != WIRE_LEN {
            return Err(format!("wire type {wire}, expected 2 (length-delimited)"));
        }
        self.bytes()
    }

    /// Skips one field's value; `num` is the field number (needed to match a group's end).
    fn skip(&mut self, num: u64, wire: u8, depth: usize) -> Result<(), String> {
        match wire {
            WIRE_VARINT => self.varint().map(drop),
            WIRE_I64 => self.take(8, "fixed64 field").map(drop),
            WIRE_LEN => self.bytes().map(drop),
            WIRE_I32 => self.take(4, "fixed32 field").map(drop),
            WIRE_SGROUP => {
                if depth >= MAX_GROUP_DEPTH {
                    return Err("groups nested too deeply".to_owned());
                }
                loop {
                    if self.done() {
                        return Err(format!("truncated group {num}"));
                    }
                    let (n, w) = self.tag()?;
                    if w == WIRE_EGROUP {
                        if n == num {
                            return Ok(());
                        }
                        return Err(format!("group {num} closed by end-group {n}"));
                    }
                    self.skip(n, w, depth + 1)?;
                }
            }
            _ => Err(format!("unexpected end-group for field {num}")),
        }
    }
}

fn lossy(bytes: &[u8]) -> String {
    // Go's encoding/json replaces invalid UTF-8 with U+FFFD; do the same.
    String::from_utf8_lossy(bytes).into_owned()
}

/// Protobuf `int32` is sent as a sign-extended 64-bit varint; keep the low 32 bits.
#[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
fn as_i32(v: u64) -> i32 {
    v as u32 as i32
}

#[allow(clippy::cast_possible_wrap)]
fn as_i64(v: u64) -> i64 {
    v as i64
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

use Pres::{Always as A, Null as N, Omit as O, Ptr as P};
use Ty::{
    Bool, Bytes, FieldsV1, I32, I64, Inline, IntStr, Map as M, Msg, Quantity, Str, StrList, Time,
};

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

// --- k8s.io/apimachinery/pkg/apis/meta/v1

const OBJECT_META: &[F] = &[
    f(1, "name", Str, O),
    f(2, "generateName", Str, O),
    f(3, "namespace", Str, O),
    f(4, "selfLink", Str, O),
    f(5, "uid", Str, O),
    f(6, "resourceVersion", Str, O),
    f(7, "generation", I64, O),
    f(8, "creationTimestamp", Time, A),
    f(9, "deletionTimestamp", Time, P),
    f(10, "deletionGracePeriodSeconds", I64, P),
    f(11, "labels", M(&Str), O),
    f(12, "annotations", M(&Str), O),
    r(13, "ownerReferences", Msg(OWNER_REFERENCE), O),
    r(14, "finalizers", Str, O),
    r(17, "managedFields", Msg(MANAGED_FIELDS_ENTRY), O),
];

const OWNER_REFERENCE: &[F] = &[
    f(5, "apiVersion", Str, A),
    f(1, "kind", Str, A),
    f(3, "name", Str, A),
    f(4, "uid", Str, A),
    f(6, "controller", Bool, P),
    f(7, "blockOwnerDeletion", Bool, P),
];

const MANAGED_FIELDS_ENTRY: &[F] = &[
    f(1, "manager", Str, O),
    f(2, "operation", Str, O),
    f(3, "apiVersion", Str, O),
    f(4, "time", Time, P),
    f(6, "fieldsType", Str, O),
    f(7, "fieldsV1", FieldsV1, P),
    f(8, "subresource", Str, O),
];

const LABEL_SELECTOR: &[F] = &[
    f(1, "matchLabels", M(&Str), O),
    r(2, "matchExpressions", Msg(SELECTOR_REQUIREMENT), O),
];

/// `LabelSelectorRequirement` and `FieldSelectorRequirement` share numbers and JSON.
const SELECTOR_REQUIREMENT: &[F] = &[
    f(1, "key", Str, A),
    f(2, "operator", Str, A),
    r(3, "values", Str, O),
];

const CONDITION: &[F] = &[
    f(1, "type", Str, A),
    f(2, "status", Str, A),
    f(3, "observedGeneration", I64, O),
    f(4, "lastTransitionTime", Time, A),
    f(5, "reason", Str, A),
    f(6, "message", Str, A),
];

// --- core/v1: small shared messages

const LOCAL_OBJECT_REFERENCE: &[F] = &[f(1, "name", Str, O)];

const OBJECT_REFERENCE: &[F] = &[
    f(1, "kind", Str, O),
    f(2, "namespace", Str, O),
    f(3, "name", Str, O),
    f(4, "uid", Str, O),
    f(5, "apiVersion", Str, O),
    f(6, "resourceVersion", Str, O),
    f(7, "fieldPath", Str, O),
];

const TYPED_LOCAL_OBJECT_REFERENCE: &[F] = &[
    f(1, "apiGroup", Str, N),
    f(2, "kind", Str, A),
    f(3, "name", Str, A),
];

const RESOURCE_REQUIREMENTS: &[F] = &[
    f(1, "limits", M(&Quantity), O),
    f(2, "requests", M(&Quantity), O),
    r(
        3,
        "claims",
        Msg(&[f(1, "name", Str, A), f(2, "request", Str, O)]),
        O,
    ),
];

// --- core/v1: Namespace, ConfigMap, Secret, ServiceAccount, ResourceQuota

const NAMESPACE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(&[r(1, "finalizers", Str, O)]), A),
    f(3, "status", Msg(NAMESPACE_STATUS), A),
];

const NAMESPACE_STATUS: &[F] = &[
    f(1, "phase", Str, O),
    r(
        2,
        "conditions",
        Msg(&[
            f(1, "type", Str, A),
            f(2, "status", Str, A),
            f(4, "lastTransitionTime", Time, A),
            f(5, "reason", Str, O),
            f(6, "message", Str, O),
        ]),
        O,
    ),
];

const CONFIG_MAP: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(4, "immutable", Bool, P),
    f(2, "data", M(&Str), O),
    f(3, "binaryData", M(&Bytes), O),
];

const SECRET: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(5, "immutable", Bool, P),
    f(2, "data", M(&Bytes), O),
    f(4, "stringData", M(&Str), O),
    f(3, "type", Str, O),
];

const SERVICE_ACCOUNT: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(2, "secrets", Msg(OBJECT_REFERENCE), O),
    r(3, "imagePullSecrets", Msg(LOCAL_OBJECT_REFERENCE), O),
    f(4, "automountServiceAccountToken", Bool, P),
];

const RESOURCE_QUOTA: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(RESOURCE_QUOTA_SPEC), A),
    f(
        3,
        "status",
        Msg(&[f(1, "hard", M(&Quantity), O), f(2, "used", M(&Quantity), O)]),
        A,
    ),
];

const RESOURCE_QUOTA_SPEC: &[F] = &[
    f(1, "hard", M(&Quantity), O),
    r(2, "scopes", Str, O),
    f(
        3,
        "scopeSelector",
        Msg(&[r(
            1,
            "matchExpressions",
            Msg(&[
                f(1, "scopeName", Str, A),
                f(2, "operator", Str, A),
                r(3, "values", Str, O),
            ]),
            O,
        )]),
        P,
    ),
];

// --- core/v1: Service

const SERVICE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(SERVICE_SPEC), A),
    f(3, "status", Msg(SERVICE_STATUS), A),
];

const SERVICE_SPEC: &[F] = &[
    r(1, "ports", Msg(SERVICE_PORT), O),
    f(2, "selector", M(&Str), O),
    f(3, "clusterIP", Str, O),
    r(18, "clusterIPs", Str, O),
    f(4, "type", Str, O),
    r(5, "externalIPs", Str, O),
    f(7, "sessionAffinity", Str, O),
    f(8, "loadBalancerIP", Str, O),
    r(9, "loadBalancerSourceRanges", Str, O),
    f(10, "externalName", Str, O),
    f(11, "externalTrafficPolicy", Str, O),
    f(12, "healthCheckNodePort", I32, O),
    f(13, "publishNotReadyAddresses", Bool, O),
    f(
        14,
        "sessionAffinityConfig",
        Msg(&[f(1, "clientIP", Msg(&[f(1, "timeoutSeconds", I32, P)]), P)]),
        P,
    ),
    r(19, "ipFamilies", Str, O),
    f(17, "ipFamilyPolicy", Str, P),
    f(20, "allocateLoadBalancerNodePorts", Bool, P),
    f(21, "loadBalancerClass", Str, P),
    f(22, "internalTrafficPolicy", Str, P),
    f(23, "trafficDistribution", Str, P),
];

const SERVICE_PORT: &[F] = &[
    f(1, "name", Str, O),
    f(2, "protocol", Str, O),
    f(6, "appProtocol", Str, P),
    f(3, "port", I32, A),
    f(4, "targetPort", IntStr, A),
    f(5, "nodePort", I32, O),
];

/// `PortStatus` (core/v1) and `IngressPortStatus` (networking/v1) share numbers and JSON.
const PORT_STATUS: &[F] = &[
    f(1, "port", I32, A),
    f(2, "protocol", Str, A),
    f(3, "error", Str, P),
];

const SERVICE_STATUS: &[F] = &[
    f(
        1,
        "loadBalancer",
        Msg(&[r(
            1,
            "ingress",
            Msg(&[
                f(1, "ip", Str, O),
                f(2, "hostname", Str, O),
                f(3, "ipMode", Str, P),
                r(4, "ports", Msg(PORT_STATUS), O),
            ]),
            O,
        )]),
        A,
    ),
    r(2, "conditions", Msg(CONDITION), O),
];

// --- core/v1: Pod

const POD: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(POD_SPEC), A),
    f(3, "status", Msg(POD_STATUS), A),
];

const POD_TEMPLATE_SPEC: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(POD_SPEC), A),
];

const POD_SPEC: &[F] = &[
    r(1, "volumes", Msg(VOLUME), O),
    r(20, "initContainers", Msg(CONTAINER), O),
    r(2, "containers", Msg(CONTAINER), A),
    r(34, "ephemeralContainers", Msg(EPHEMERAL_CONTAINER), O),
    f(3, "restartPolicy", Str, O),
    f(4, "terminationGracePeriodSeconds", I64, P),
    f(5, "activeDeadlineSeconds", I64, P),
    f(6, "dnsPolicy", Str, O),
    f(7, "nodeSelector", M(&Str), O),
    f(8, "serviceAccountName", Str, O),
    f(9, "serviceAccount", Str, O),
    f(21, "automountServiceAccountToken", Bool, P),
    f(10, "nodeName", Str, O),
    f(11, "hostNetwork", Bool, O),
    f(12, "hostPID", Bool, O),
    f(13, "hostIPC", Bool, O),
    f(27, "shareProcessNamespace", Bool, P),
    f(14, "securityContext", Msg(POD_SECURITY_CONTEXT), P),
    r(15, "imagePullSecrets", Msg(LOCAL_OBJECT_REFERENCE), O),
    f(16, "hostname", Str, O),
    f(17, "subdomain", Str, O),
    f(18, "affinity", Msg(AFFINITY), P),
    f(19, "schedulerName", Str, O),
    r(22, "tolerations", Msg(TOLERATION), O),
    r(
        23,
        "hostAliases",
        Msg(&[f(1, "ip", Str, A), r(2, "hostnames", Str, O)]),
        O,
    ),
    f(24, "priorityClassName", Str, O),
    f(25, "priority", I32, P),
    f(26, "dnsConfig", Msg(POD_DNS_CONFIG), P),
    r(
        28,
        "readinessGates",
        Msg(&[f(1, "conditionType", Str, A)]),
        O,
    ),
    f(29, "runtimeClassName", Str, P),
    f(30, "enableServiceLinks", Bool, P),
    f(31, "preemptionPolicy", Str, P),
    f(32, "overhead", M(&Quantity), O),
    r(
        33,
        "topologySpreadConstraints",
        Msg(TOPOLOGY_SPREAD_CONSTRAINT),
        O,
    ),
    f(35, "setHostnameAsFQDN", Bool, P),
    f(36, "os", Msg(&[f(1, "name", Str, A)]), P),
    f(37, "hostUsers", Bool, P),
    r(38, "schedulingGates", Msg(&[f(1, "name", Str, A)]), O),
    r(
        39,
        "resourceClaims",
        Msg(&[
            f(1, "name", Str, A),
            f(3, "resourceClaimName", Str, P),
            f(4, "resourceClaimTemplateName", Str, P),
        ]),
        O,
    ),
    f(40, "resources", Msg(RESOURCE_REQUIREMENTS), P),
];

/// `Container` and `EphemeralContainerCommon` share numbers and JSON.
const CONTAINER: &[F] = &[
    f(1, "name", Str, A),
    f(2, "image", Str, O),
    r(3, "command", Str, O),
    r(4, "args", Str, O),
    f(5, "workingDir", Str, O),
    r(6, "ports", Msg(CONTAINER_PORT), O),
    r(19, "envFrom", Msg(ENV_FROM_SOURCE), O),
    r(7, "env", Msg(ENV_VAR), O),
    f(8, "resources", Msg(RESOURCE_REQUIREMENTS), A),
    r(
        23,
        "resizePolicy",
        Msg(&[f(1, "resourceName", Str, A), f(2, "restartPolicy", Str, A)]),
        O,
    ),
    f(24, "restartPolicy", Str, P),
    r(9, "volumeMounts", Msg(VOLUME_MOUNT), O),
    r(
        21,
        "volumeDevices",
        Msg(&[f(1, "name", Str, A), f(2, "devicePath", Str, A)]),
        O,
    ),
    f(10, "livenessProbe", Msg(PROBE), P),
    f(11, "readinessProbe", Msg(PROBE), P),
    f(22, "startupProbe", Msg(PROBE), P),
    f(12, "lifecycle", Msg(LIFECYCLE), P),
    f(13, "terminationMessagePath", Str, O),
    f(20, "terminationMessagePolicy", Str, O),
    f(14, "imagePullPolicy", Str, O),
    f(15, "securityContext", Msg(SECURITY_CONTEXT), P),
    f(16, "stdin", Bool, O),
    f(17, "stdinOnce", Bool, O),
    f(18, "tty", Bool, O),
];

const EPHEMERAL_CONTAINER: &[F] = &[inline(1, CONTAINER), f(2, "targetContainerName", Str, O)];

const CONTAINER_PORT: &[F] = &[
    f(1, "name", Str, O),
    f(2, "hostPort", I32, O),
    f(3, "containerPort", I32, A),
    f(4, "protocol", Str, O),
    f(5, "hostIP", Str, O),
];

const ENV_VAR: &[F] = &[
    f(1, "name", Str, A),
    f(2, "value", Str, O),
    f(
        3,
        "valueFrom",
        Msg(&[
            f(1, "fieldRef", Msg(OBJECT_FIELD_SELECTOR), P),
            f(2, "resourceFieldRef", Msg(RESOURCE_FIELD_SELECTOR), P),
            f(3, "configMapKeyRef", Msg(KEY_SELECTOR), P),
            f(4, "secretKeyRef", Msg(KEY_SELECTOR), P),
        ]),
        P,
    ),
];

/// `ConfigMapKeySelector` and `SecretKeySelector`.
const KEY_SELECTOR: &[F] = &[
    inline(1, LOCAL_OBJECT_REFERENCE),
    f(2, "key", Str, A),
    f(3, "optional", Bool, P),
];

const OBJECT_FIELD_SELECTOR: &[F] = &[f(1, "apiVersion", Str, O), f(2, "fieldPath", Str, A)];

const RESOURCE_FIELD_SELECTOR: &[F] = &[
    f(1, "containerName", Str, O),
    f(2, "resource", Str, A),
    f(3, "divisor", Quantity, A),
];

/// `ConfigMapEnvSource` and `SecretEnvSource`.
const ENV_SOURCE: &[F] = &[inline(1, LOCAL_OBJECT_REFERENCE), f(2, "optional", Bool, P)];

const ENV_FROM_SOURCE: &[F] = &[
    f(1, "prefix", Str, O),
    f(2, "configMapRef", Msg(ENV_SOURCE), P),
    f(3, "secretRef", Msg(ENV_SOURCE), P),
];

const VOLUME_MOUNT: &[F] = &[
    f(1, "name", Str, A),
    f(2, "readOnly", Bool, O),
    f(7, "recursiveReadOnly", Str, P),
    f(3, "mountPath", Str, A),
    f(4, "subPath", Str, O),
    f(5, "mountPropagation", Str, P),
    f(6, "subPathExpr", Str, O),
];

const PROBE: &[F] = &[
    inline(1, PROBE_HANDLER),
    f(2, "initialDelaySeconds", I32, O),
    f(3, "timeoutSeconds", I32, O),
    f(4, "periodSeconds", I32, O),
    f(5, "successThreshold", I32, O),
    f(6, "failureThreshold", I32, O),
    f(7, "terminationGracePeriodSeconds", I64, P),
];

const EXEC_ACTION: &[F] = &[r(1, "command", Str, O)];

const HTTP_GET_ACTION: &[F] = &[
    f(1, "path", Str, O),
    f(2, "port", IntStr, A),
    f(3, "host", Str, O),
    f(4, "scheme", Str, O),
    r(
        5,
        "httpHeaders",
        Msg(&[f(1, "name", Str, A), f(2, "value", Str, A)]),
        O,
    ),
];

const TCP_SOCKET_ACTION: &[F] = &[f(1, "port", IntStr, A), f(2, "host", Str, O)];

const PROBE_HANDLER: &[F] = &[
    f(1, "exec", Msg(EXEC_ACTION), P),
    f(2, "httpGet", Msg(HTTP_GET_ACTION), P),
    f(3, "tcpSocket", Msg(TCP_SOCKET_ACTION), P),
    f(
        4,
        "grpc",
        Msg(&[f(1, "port", I32, A), f(2, "service", Str, N)]),
        P,
    ),
];

const LIFECYCLE_HANDLER: &[F] = &[
    f(1, "exec", Msg(EXEC_ACTION), P),
    f(2, "httpGet", Msg(HTTP_GET_ACTION), P),
    f(3, "tcpSocket", Msg(TCP_SOCKET_ACTION), P),
    f(4, "sleep", Msg(&[f(1, "seconds", I64, A)]), P),
];

const LIFECYCLE: &[F] = &[
    f(1, "postStart", Msg(LIFECYCLE_HANDLER), P),
    f(2, "preStop", Msg(LIFECYCLE_HANDLER), P),
    f(3, "stopSignal", Str, P),
];

const SE_LINUX_OPTIONS: &[F] = &[
    f(1, "user", Str, O),
    f(2, "role", Str, O),
    f(3, "type", Str, O),
    f(4, "level", Str, O),
];

const WINDOWS_OPTIONS: &[F] = &[
    f(1, "gmsaCredentialSpecName", Str, P),
    f(2, "gmsaCredentialSpec", Str, P),
    f(3, "runAsUserName", Str, P),
    f(4, "hostProcess", Bool, P),
];

/// `SeccompProfile` and `AppArmorProfile`.
const PROFILE: &[F] = &[f(1, "type", Str, A), f(2, "localhostProfile", Str, P)];

const SECURITY_CONTEXT: &[F] = &[
    f(
        1,
        "capabilities",
        Msg(&[r(1, "add", Str, O), r(2, "drop", Str, O)]),
        P,
    ),
    f(2, "privileged", Bool, P),
    f(3, "seLinuxOptions", Msg(SE_LINUX_OPTIONS), P),
    f(10, "windowsOptions", Msg(WINDOWS_OPTIONS), P),
    f(4, "runAsUser", I64, P),
    f(8, "runAsGroup", I64, P),
    f(5, "runAsNonRoot", Bool, P),
    f(6, "readOnlyRootFilesystem", Bool, P),
    f(7, "allowPrivilegeEscalation", Bool, P),
    f(9, "procMount", Str, P),
    f(11, "seccompProfile", Msg(PROFILE), P),
    f(12, "appArmorProfile", Msg(PROFILE), P),
];

const POD_SECURITY_CONTEXT: &[F] = &[
    f(1, "seLinuxOptions", Msg(SE_LINUX_OPTIONS), P),
    f(8, "windowsOptions", Msg(WINDOWS_OPTIONS), P),
    f(2, "runAsUser", I64, P),
    f(6, "runAsGroup", I64, P),
    f(3, "runAsNonRoot", Bool, P),
    r(4, "supplementalGroups", I64, O),
    f(12, "supplementalGroupsPolicy", Str, P),
    f(5, "fsGroup", I64, P),
    r(
        7,
        "sysctls",
        Msg(&[f(1, "name", Str, A), f(2, "value", Str, A)]),
        O,
    ),
    f(9, "fsGroupChangePolicy", Str, P),
    f(10, "seccompProfile", Msg(PROFILE), P),
    f(11, "appArmorProfile", Msg(PROFILE), P),
    f(13, "seLinuxChangePolicy", Str, P),
];

const TOLERATION: &[F] = &[
    f(1, "key", Str, O),
    f(2, "operator", Str, O),
    f(3, "value", Str, O),
    f(4, "effect", Str, O),
    f(5, "tolerationSeconds", I64, P),
];

const POD_DNS_CONFIG: &[F] = &[
    r(1, "nameservers", Str, O),
    r(2, "searches", Str, O),
    r(
        3,
        "options",
        Msg(&[f(1, "name", Str, O), f(2, "value", Str, P)]),
        O,
    ),
];

const TOPOLOGY_SPREAD_CONSTRAINT: &[F] = &[
    f(1, "maxSkew", I32, A),
    f(2, "topologyKey", Str, A),
    f(3, "whenUnsatisfiable", Str, A),
    f(4, "labelSelector", Msg(LABEL_SELECTOR), P),
    f(5, "minDomains", I32, P),
    f(6, "nodeAffinityPolicy", Str, P),
    f(7, "nodeTaintsPolicy", Str, P),
    r(8, "matchLabelKeys", Str, O),
];

const NODE_SELECTOR_TERM: &[F] = &[
    r(1, "matchExpressions", Msg(SELECTOR_REQUIREMENT), O),
    r(2, "matchFields", Msg(SELECTOR_REQUIREMENT), O),
];

const POD_AFFINITY_TERM: &[F] = &[
    f(1, "labelSelector", Msg(LABEL_SELECTOR), P),
    r(2, "namespaces", Str, O),
    f(3, "topologyKey", Str, A),
    f(4, "namespaceSelector", Msg(LABEL_SELECTOR), P),
    r(5, "matchLabelKeys", Str, O),
    r(6, "mismatchLabelKeys", Str, O),
];

/// `PodAffinity` and `PodAntiAffinity`.
const POD_AFFINITY: &[F] = &[
    r(
        1,
        "requiredDuringSchedulingIgnoredDuringExecution",
        Msg(POD_AFFINITY_TERM),
        O,
    ),
    r(
        2,
        "preferredDuringSchedulingIgnoredDuringExecution",
        Msg(&[
            f(1, "weight", I32, A),
            f(2, "podAffinityTerm", Msg(POD_AFFINITY_TERM), A),
        ]),
        O,
    ),
];

const AFFINITY: &[F] = &[
    f(
        1,
        "nodeAffinity",
        Msg(&[
            f(
                1,
                "requiredDuringSchedulingIgnoredDuringExecution",
                Msg(&[r(1, "nodeSelectorTerms", Msg(NODE_SELECTOR_TERM), A)]),
                P,
            ),
            r(
                2,
                "preferredDuringSchedulingIgnoredDuringExecution",
                Msg(&[
                    f(1, "weight", I32, A),
                    f(2, "preference", Msg(NODE_SELECTOR_TERM), A),
                ]),
                O,
            ),
        ]),
        P,
    ),
    f(2, "podAffinity", Msg(POD_AFFINITY), P),
    f(3, "podAntiAffinity", Msg(POD_AFFINITY), P),
];

const VOLUME: &[F] = &[f(1, "name", Str, A), inline(2, VOLUME_SOURCE)];

const KEY_TO_PATH: &[F] = &[
    f(1, "key", Str, A),
    f(2, "path", Str, A),
    f(3, "mode", I32, P),
];

const DOWNWARD_API_VOLUME_FILE: &[F] = &[
    f(1, "path", Str, A),
    f(2, "fieldRef", Msg(OBJECT_FIELD_SELECTOR), P),
    f(3, "resourceFieldRef", Msg(RESOURCE_FIELD_SELECTOR), P),
    f(4, "mode", I32, P),
];

/// `SecretProjection` and `ConfigMapProjection`.
const KEYED_PROJECTION: &[F] = &[
    inline(1, LOCAL_OBJECT_REFERENCE),
    r(2, "items", Msg(KEY_TO_PATH), O),
    f(4, "optional", Bool, P),
];

const VOLUME_SOURCE: &[F] = &[
    f(
        1,
        "hostPath",
        Msg(&[f(1, "path", Str, A), f(2, "type", Str, P)]),
        P,
    ),
    f(
        2,
        "emptyDir",
        Msg(&[f(1, "medium", Str, O), f(2, "sizeLimit", Quantity, P)]),
        P,
    ),
    f(
        6,
        "secret",
        Msg(&[
            f(1, "secretName", Str, O),
            r(2, "items", Msg(KEY_TO_PATH), O),
            f(3, "defaultMode", I32, P),
            f(4, "optional", Bool, P),
        ]),
        P,
    ),
    f(
        7,
        "nfs",
        Msg(&[
            f(1, "server", Str, A),
            f(2, "path", Str, A),
            f(3, "readOnly", Bool, O),
        ]),
        P,
    ),
    f(
        10,
        "persistentVolumeClaim",
        Msg(&[f(1, "claimName", Str, A), f(2, "readOnly", Bool, O)]),
        P,
    ),
    f(
        16,
        "downwardAPI",
        Msg(&[
            r(1, "items", Msg(DOWNWARD_API_VOLUME_FILE), O),
            f(2, "defaultMode", I32, P),
        ]),
        P,
    ),
    f(
        19,
        "configMap",
        Msg(&[
            inline(1, LOCAL_OBJECT_REFERENCE),
            r(2, "items", Msg(KEY_TO_PATH), O),
            f(3, "defaultMode", I32, P),
            f(4, "optional", Bool, P),
        ]),
        P,
    ),
    f(
        26,
        "projected",
        Msg(&[
            r(1, "sources", Msg(VOLUME_PROJECTION), A),
            f(2, "defaultMode", I32, P),
        ]),
        P,
    ),
    f(
        28,
        "csi",
        Msg(&[
            f(1, "driver", Str, A),
            f(2, "readOnly", Bool, P),
            f(3, "fsType", Str, P),
            f(4, "volumeAttributes", M(&Str), O),
            f(5, "nodePublishSecretRef", Msg(LOCAL_OBJECT_REFERENCE), P),
        ]),
        P,
    ),
    f(
        30,
        "image",
        Msg(&[f(1, "reference", Str, O), f(2, "pullPolicy", Str, O)]),
        P,
    ),
];

const VOLUME_PROJECTION: &[F] = &[
    f(1, "secret", Msg(KEYED_PROJECTION), P),
    f(
        2,
        "downwardAPI",
        Msg(&[r(1, "items", Msg(DOWNWARD_API_VOLUME_FILE), O)]),
        P,
    ),
    f(3, "configMap", Msg(KEYED_PROJECTION), P),
    f(
        4,
        "serviceAccountToken",
        Msg(&[
            f(1, "audience", Str, O),
            f(2, "expirationSeconds", I64, P),
            f(3, "path", Str, A),
        ]),
        P,
    ),
];

const POD_STATUS: &[F] = &[
    f(1, "phase", Str, O),
    f(3, "message", Str, O),
    f(4, "reason", Str, O),
    f(11, "nominatedNodeName", Str, O),
    f(5, "hostIP", Str, O),
    r(16, "hostIPs", Msg(&[f(1, "ip", Str, A)]), O),
    f(6, "podIP", Str, O),
    r(12, "podIPs", Msg(&[f(1, "ip", Str, A)]), O),
    f(7, "startTime", Time, P),
    f(9, "qosClass", Str, O),
    f(14, "resize", Str, O),
];

// --- apps/v1

const DEPLOYMENT: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(DEPLOYMENT_SPEC), A),
    f(3, "status", Msg(DEPLOYMENT_STATUS), A),
];

const DEPLOYMENT_SPEC: &[F] = &[
    f(1, "replicas", I32, P),
    f(2, "selector", Msg(LABEL_SELECTOR), N),
    f(3, "template", Msg(POD_TEMPLATE_SPEC), A),
    f(
        4,
        "strategy",
        Msg(&[
            f(1, "type", Str, O),
            f(
                2,
                "rollingUpdate",
                Msg(&[
                    f(1, "maxUnavailable", IntStr, P),
                    f(2, "maxSurge", IntStr, P),
                ]),
                P,
            ),
        ]),
        A,
    ),
    f(5, "minReadySeconds", I32, O),
    f(6, "revisionHistoryLimit", I32, P),
    f(7, "paused", Bool, O),
    f(9, "progressDeadlineSeconds", I32, P),
];

const DEPLOYMENT_STATUS: &[F] = &[
    f(1, "observedGeneration", I64, O),
    f(2, "replicas", I32, O),
    f(3, "updatedReplicas", I32, O),
    f(7, "readyReplicas", I32, O),
    f(4, "availableReplicas", I32, O),
    f(5, "unavailableReplicas", I32, O),
    f(9, "terminatingReplicas", I32, P),
    f(8, "collisionCount", I32, P),
];

// --- batch/v1

const JOB: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(JOB_SPEC), A),
    f(3, "status", Msg(JOB_STATUS), A),
];

const JOB_SPEC: &[F] = &[
    f(1, "parallelism", I32, P),
    f(2, "completions", I32, P),
    f(3, "activeDeadlineSeconds", I64, P),
    f(
        11,
        "podFailurePolicy",
        Msg(&[r(1, "rules", Msg(POD_FAILURE_POLICY_RULE), A)]),
        P,
    ),
    f(
        16,
        "successPolicy",
        Msg(&[r(
            1,
            "rules",
            Msg(&[
                f(1, "succeededIndexes", Str, P),
                f(2, "succeededCount", I32, P),
            ]),
            A,
        )]),
        P,
    ),
    f(7, "backoffLimit", I32, P),
    f(12, "backoffLimitPerIndex", I32, P),
    f(13, "maxFailedIndexes", I32, P),
    f(4, "selector", Msg(LABEL_SELECTOR), P),
    f(5, "manualSelector", Bool, P),
    f(6, "template", Msg(POD_TEMPLATE_SPEC), A),
    f(8, "ttlSecondsAfterFinished", I32, P),
    f(9, "completionMode", Str, P),
    f(10, "suspend", Bool, P),
    f(14, "podReplacementPolicy", Str, P),
    f(15, "managedBy", Str, P),
];

const POD_FAILURE_POLICY_RULE: &[F] = &[
    f(1, "action", Str, A),
    f(
        2,
        "onExitCodes",
        Msg(&[
            f(1, "containerName", Str, P),
            f(2, "operator", Str, A),
            r(3, "values", I32, A),
        ]),
        P,
    ),
    r(
        3,
        "onPodConditions",
        Msg(&[f(1, "type", Str, A), f(2, "status", Str, A)]),
        O,
    ),
];

const JOB_STATUS: &[F] = &[
    f(2, "startTime", Time, P),
    f(3, "completionTime", Time, P),
    f(4, "active", I32, O),
    f(5, "succeeded", I32, O),
    f(6, "failed", I32, O),
    f(11, "terminating", I32, P),
    f(7, "completedIndexes", Str, O),
    f(10, "failedIndexes", Str, P),
    f(
        8,
        "uncountedTerminatedPods",
        Msg(&[r(1, "succeeded", Str, O), r(2, "failed", Str, O)]),
        P,
    ),
    f(9, "ready", I32, P),
];

const CRON_JOB: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(CRON_JOB_SPEC), A),
    f(
        3,
        "status",
        Msg(&[
            r(1, "active", Msg(OBJECT_REFERENCE), O),
            f(4, "lastScheduleTime", Time, P),
            f(5, "lastSuccessfulTime", Time, P),
        ]),
        A,
    ),
];

const CRON_JOB_SPEC: &[F] = &[
    f(1, "schedule", Str, A),
    f(8, "timeZone", Str, P),
    f(2, "startingDeadlineSeconds", I64, P),
    f(3, "concurrencyPolicy", Str, O),
    f(4, "suspend", Bool, P),
    f(
        5,
        "jobTemplate",
        Msg(&[
            f(1, "metadata", Msg(OBJECT_META), A),
            f(2, "spec", Msg(JOB_SPEC), A),
        ]),
        A,
    ),
    f(6, "successfulJobsHistoryLimit", I32, P),
    f(7, "failedJobsHistoryLimit", I32, P),
];

// --- rbac.authorization.k8s.io/v1

const POLICY_RULE: &[F] = &[
    r(1, "verbs", Str, A),
    r(2, "apiGroups", Str, O),
    r(3, "resources", Str, O),
    r(4, "resourceNames", Str, O),
    r(5, "nonResourceURLs", Str, O),
];

const ROLE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(2, "rules", Msg(POLICY_RULE), A),
];

const CLUSTER_ROLE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(2, "rules", Msg(POLICY_RULE), A),
    f(
        3,
        "aggregationRule",
        Msg(&[r(1, "clusterRoleSelectors", Msg(LABEL_SELECTOR), O)]),
        P,
    ),
];

/// `RoleBinding` and `ClusterRoleBinding`.
const ROLE_BINDING: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(
        2,
        "subjects",
        Msg(&[
            f(1, "kind", Str, A),
            f(2, "apiGroup", Str, O),
            f(3, "name", Str, A),
            f(4, "namespace", Str, O),
        ]),
        O,
    ),
    f(
        3,
        "roleRef",
        Msg(&[
            f(1, "apiGroup", Str, A),
            f(2, "kind", Str, A),
            f(3, "name", Str, A),
        ]),
        A,
    ),
];

// --- networking.k8s.io/v1

const INGRESS: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(INGRESS_SPEC), A),
    f(
        3,
        "status",
        Msg(&[f(
            1,
            "loadBalancer",
            Msg(&[r(
                1,
                "ingress",
                Msg(&[
                    f(1, "ip", Str, O),
                    f(2, "hostname", Str, O),
                    r(4, "ports", Msg(PORT_STATUS), O),
                ]),
                O,
            )]),
            A,
        )]),
        A,
    ),
];

const INGRESS_BACKEND: &[F] = &[
    f(
        4,
        "service",
        Msg(&[
            f(1, "name", Str, A),
            f(
                2,
                "port",
                Msg(&[f(1, "name", Str, O), f(2, "number", I32, O)]),
                A,
            ),
        ]),
        P,
    ),
    f(3, "resource", Msg(TYPED_LOCAL_OBJECT_REFERENCE), P),
];

const INGRESS_SPEC: &[F] = &[
    f(4, "ingressClassName", Str, P),
    f(1, "defaultBackend", Msg(INGRESS_BACKEND), P),
    r(
        2,
        "tls",
        Msg(&[r(1, "hosts", Str, O), f(2, "secretName", Str, O)]),
        O,
    ),
    r(
        3,
        "rules",
        Msg(&[f(1, "host", Str, O), inline(2, INGRESS_RULE_VALUE)]),
        O,
    ),
];

const INGRESS_RULE_VALUE: &[F] = &[f(
    1,
    "http",
    Msg(&[r(
        1,
        "paths",
        Msg(&[
            f(1, "path", Str, O),
            f(3, "pathType", Str, N),
            f(2, "backend", Msg(INGRESS_BACKEND), A),
        ]),
        A,
    )]),
    P,
)];

// --- policy/v1, scheduling.k8s.io/v1, autoscaling/v1

const PDB: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            f(1, "minAvailable", IntStr, P),
            f(2, "selector", Msg(LABEL_SELECTOR), P),
            f(3, "maxUnavailable", IntStr, P),
            f(4, "unhealthyPodEvictionPolicy", Str, P),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[
            f(1, "observedGeneration", I64, O),
            f(2, "disruptedPods", M(&Time), O),
            f(3, "disruptionsAllowed", I32, A),
            f(4, "currentHealthy", I32, A),
            f(5, "desiredHealthy", I32, A),
            f(6, "expectedPods", I32, A),
            r(7, "conditions", Msg(CONDITION), O),
        ]),
        A,
    ),
];

const PRIORITY_CLASS: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "value", I32, A),
    f(3, "globalDefault", Bool, O),
    f(4, "description", Str, O),
    f(5, "preemptionPolicy", Str, P),
];

const HPA: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            f(
                1,
                "scaleTargetRef",
                Msg(&[
                    f(1, "kind", Str, A),
                    f(2, "name", Str, A),
                    f(3, "apiVersion", Str, O),
                ]),
                A,
            ),
            f(2, "minReplicas", I32, P),
            f(3, "maxReplicas", I32, A),
            f(4, "targetCPUUtilizationPercentage", I32, P),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[
            f(1, "observedGeneration", I64, P),
            f(2, "lastScaleTime", Time, P),
            f(3, "currentReplicas", I32, A),
            f(4, "desiredReplicas", I32, A),
            f(5, "currentCPUUtilizationPercentage", I32, P),
        ]),
        A,
    ),
];

// --- authentication.k8s.io/v1, authorization.k8s.io/v1

const TOKEN_REQUEST: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            r(1, "audiences", Str, A),
            f(4, "expirationSeconds", I64, N),
            f(
                3,
                "boundObjectRef",
                Msg(&[
                    f(1, "kind", Str, O),
                    f(2, "apiVersion", Str, O),
                    f(3, "name", Str, O),
                    f(4, "uid", Str, O),
                ]),
                N,
            ),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[f(1, "token", Str, A), f(2, "expirationTimestamp", Time, A)]),
        A,
    ),
];

const SELF_SUBJECT_REVIEW: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "status",
        Msg(&[f(
            1,
            "userInfo",
            Msg(&[
                f(1, "username", Str, O),
                f(2, "uid", Str, O),
                r(3, "groups", Str, O),
                f(4, "extra", M(&StrList), O),
            ]),
            A,
        )]),
        A,
    ),
];

/// `FieldSelectorAttributes` and `LabelSelectorAttributes`.
const SELECTOR_ATTRIBUTES: &[F] = &[
    f(1, "rawSelector", Str, O),
    r(2, "requirements", Msg(SELECTOR_REQUIREMENT), O),
];

const SELF_SUBJECT_ACCESS_REVIEW: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            f(
                1,
                "resourceAttributes",
                Msg(&[
                    f(1, "namespace", Str, O),
                    f(2, "verb", Str, O),
                    f(3, "group", Str, O),
                    f(4, "version", Str, O),
                    f(5, "resource", Str, O),
                    f(6, "subresource", Str, O),
                    f(7, "name", Str, O),
                    f(8, "fieldSelector", Msg(SELECTOR_ATTRIBUTES), P),
                    f(9, "labelSelector", Msg(SELECTOR_ATTRIBUTES), P),
                ]),
                P,
            ),
            f(
                2,
                "nonResourceAttributes",
                Msg(&[f(1, "path", Str, O), f(2, "verb", Str, O)]),
                P,
            ),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[
            f(1, "allowed", Bool, A),
            f(4, "denied", Bool, O),
            f(2, "reason", Str, O),
            f(3, "evaluationError", Str, O),
        ]),
        A,
    ),
];

// ---------------------------------------------------------------------------------------------
// Decoder

/// A decoding failure with the JSON path (innermost last) of the field being decoded.
struct DecodeError {
    path: Vec<&'static str>,
    msg: String,
}

impl DecodeError {
    fn new(msg: String) -> Self {
        DecodeError {
            path: Vec::new(),
            msg,
        }
    }

    fn within(mut self, name: &'static str) -> Self {
        if !name.is_empty() {
            self.path.push(name);
        }
        self
    }

    fn render(self, kind: &str) -> String {
        if self.path.is_empty() {
            return format!("{kind}: {}", self.msg);
        }
        let path: Vec<&str> = self.path.into_iter().rev().collect();
        format!("{kind}: {}: {}", path.join("."), self.msg)
    }
}

impl From<String> for DecodeError {
    fn from(msg: String) -> Self {
        DecodeError::new(msg)
    }
}

/// Decodes one message; absent fields get the value Go's JSON encoding would print.
fn decode_message(buf: &[u8], fields: &[F]) -> Result<Map<String, Value>, DecodeError> {
    let mut slots: Vec<Option<Value>> = vec![None; fields.len()];
    let mut r = Reader::new(buf);
    while !r.done() {
        let (num, wire) = r.tag()?;
        let Some(idx) = fields.iter().position(|fd| fd.num == num) else {
            r.skip(num, wire, 0)?;
            continue;
        };
        let fd = fields[idx];
        read_field(&mut r, wire, fd, &mut slots[idx]).map_err(|e| e.within(fd.name))?;
    }
    let mut out = Map::new();
    for (fd, slot) in fields.iter().zip(slots) {
        if let Inline(schema) = fd.ty {
            let inner = match slot {
                Some(Value::Object(m)) => m,
                _ => decode_message(&[], schema)?,
            };
            out.extend(inner);
            continue;
        }
        let collection = fd.rep || matches!(fd.ty, M(_));
        let slot = slot.filter(|v| !(collection && is_zero(v)));
        let value = match (slot, fd.pres) {
            (Some(v), O) if is_zero(&v) => continue,
            (Some(v), _) => v,
            (None, O | P) => continue,
            (None, N) => Value::Null,
            (None, A) if collection => Value::Null,
            (None, A) => zero_value(fd.ty)?,
        };
        out.insert(fd.name.to_owned(), value);
    }
    Ok(out)
}

fn read_field(
    r: &mut Reader<'_>,
    wire: u8,
    fd: F,
    slot: &mut Option<Value>,
) -> Result<(), DecodeError> {
    match fd.ty {
        M(value_ty) => {
            let (key, value) = read_map_entry(r.bytes_of(wire)?, *value_ty)?;
            if let Some(Value::Object(m)) = slot {
                m.insert(key, value);
            } else {
                *slot = Some(Value::Object(Map::from_iter([(key, value)])));
            }
        }
        Inline(schema) => {
            let inner = decode_message(r.bytes_of(wire)?, schema)?;
            match slot {
                Some(Value::Object(m)) => m.extend(inner),
                _ => *slot = Some(Value::Object(inner)),
            }
        }
        ty if fd.rep => {
            let mut items = Vec::new();
            if wire == WIRE_LEN && matches!(ty, I32 | I64 | Bool) {
                // Packed repeated scalars.
                let mut packed = Reader::new(r.bytes()?);
                while !packed.done() {
                    items.push(read_value(&mut packed, WIRE_VARINT, ty)?);
                }
            } else {
                items.push(read_value(r, wire, ty)?);
            }
            if let Some(Value::Array(a)) = slot {
                a.extend(items);
            } else {
                *slot = Some(Value::Array(items));
            }
        }
        ty => *slot = Some(read_value(r, wire, ty)?),
    }
    Ok(())
}

fn read_value(r: &mut Reader<'_>, wire: u8, ty: Ty) -> Result<Value, DecodeError> {
    let want_varint = matches!(ty, I32 | I64 | Bool);
    if want_varint && wire != WIRE_VARINT {
        return Err(DecodeError::new(format!(
            "wire type {wire}, expected 0 (varint)"
        )));
    }
    Ok(match ty {
        I32 => Value::from(as_i32(r.varint()?)),
        I64 => Value::from(as_i64(r.varint()?)),
        Bool => Value::Bool(r.varint()? != 0),
        Str => Value::String(lossy(r.bytes_of(wire)?)),
        Bytes => Value::String(base64(r.bytes_of(wire)?)),
        Msg(schema) => Value::Object(decode_message(r.bytes_of(wire)?, schema)?),
        Time => decode_time(r.bytes_of(wire)?)?,
        IntStr => decode_int_or_string(r.bytes_of(wire)?)?,
        Quantity => decode_quantity(r.bytes_of(wire)?)?,
        FieldsV1 => decode_fields_v1(r.bytes_of(wire)?)?,
        StrList => decode_str_list(r.bytes_of(wire)?)?,
        Inline(_) | M(_) => {
            return Err(DecodeError::new(
                "map or inline value nested in a map".to_owned(),
            ));
        }
    })
}

fn read_map_entry(buf: &[u8], value_ty: Ty) -> Result<(String, Value), DecodeError> {
    let mut key = String::new();
    let mut value = None;
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => key = lossy(r.bytes_of(w)?),
            (2, w) => value = Some(read_value(&mut r, w, value_ty)?),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    let value = match value {
        Some(v) => v,
        // A map value that is absent on the wire is the zero value; Go's gogo decoder keeps
        // an empty []byte non-nil, so JSON shows "" rather than null.
        None if matches!(value_ty, Bytes) => Value::String(String::new()),
        None => zero_value(value_ty)?,
    };
    Ok((key, value))
}

/// The JSON Go prints for a zero value of a non-pointer field of this type.
fn zero_value(ty: Ty) -> Result<Value, DecodeError> {
    Ok(match ty {
        Str => Value::String(String::new()),
        I32 | I64 | IntStr => Value::from(0),
        Bool => Value::Bool(false),
        Quantity => Value::String("0".to_owned()),
        Msg(schema) => Value::Object(decode_message(&[], schema)?),
        Inline(_) | Bytes | Time | FieldsV1 | StrList | M(_) => Value::Null,
    })
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_i64() == Some(0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
    }
}

/// `metav1.Time`: empty message is the zero time (`null`); otherwise whole seconds (the
/// apiserver ignores `nanos` for `Time`), printed as RFC 3339 in UTC.
fn decode_time(buf: &[u8]) -> Result<Value, DecodeError> {
    if buf.is_empty() {
        return Ok(Value::Null);
    }
    let mut seconds = 0i64;
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, WIRE_VARINT) => seconds = as_i64(r.varint()?),
            (1, w) => return Err(DecodeError::new(format!("time seconds: wire type {w}"))),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    rfc3339(seconds)
        .map(Value::String)
        .map_err(DecodeError::new)
}

fn rfc3339(seconds: i64) -> Result<String, String> {
    let days = seconds.div_euclid(86_400);
    let secs_of_day = seconds.rem_euclid(86_400);
    // Civil-from-days (proleptic Gregorian), after Howard Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(0..=9_999).contains(&year) {
        return Err(format!(
            "time {seconds}s: year {year} outside of range [0,9999]"
        ));
    }
    Ok(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs_of_day / 3_600,
        secs_of_day % 3_600 / 60,
        secs_of_day % 60
    ))
}

/// `intstr.IntOrString`: `type` 1 means string, anything else int.
fn decode_int_or_string(buf: &[u8]) -> Result<Value, DecodeError> {
    let (mut kind, mut int_val, mut str_val) = (0u64, 0i32, String::new());
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, WIRE_VARINT) => kind = r.varint()?,
            (2, WIRE_VARINT) => int_val = as_i32(r.varint()?),
            (3, w) => str_val = lossy(r.bytes_of(w)?),
            (n @ (1 | 2), w) => {
                return Err(DecodeError::new(format!(
                    "IntOrString field {n}: wire type {w}"
                )));
            }
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    Ok(if kind == 1 {
        Value::String(str_val)
    } else {
        Value::Number(Number::from(int_val))
    })
}

/// `resource.Quantity`: its canonical string; the zero quantity prints as "0".
fn decode_quantity(buf: &[u8]) -> Result<Value, DecodeError> {
    let mut s = String::new();
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => s = lossy(r.bytes_of(w)?),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    if s.is_empty() {
        s.push('0');
    }
    Ok(Value::String(s))
}

/// `metav1.FieldsV1`: field 1 holds raw JSON, printed as is (`null` when empty).
fn decode_fields_v1(buf: &[u8]) -> Result<Value, DecodeError> {
    let mut raw: &[u8] = &[];
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => raw = r.bytes_of(w)?,
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    if raw.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(raw).map_err(|e| DecodeError::new(format!("FieldsV1 is not JSON: {e}")))
}

/// A message `{repeated string items = 1}` printed as a bare array.
fn decode_str_list(buf: &[u8]) -> Result<Value, DecodeError> {
    let mut items = Vec::new();
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => items.push(Value::String(lossy(r.bytes_of(w)?))),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    Ok(if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    })
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
