//! Create/update validation for the kinds the simulator serves, producing the field errors
//! and the 422 `Invalid` Status body exactly as kube-apiserver v1.32 words them.
//!
//! This module owns: the per-kind validation rules (metadata names, labels, annotations,
//! workload specs, Service ports, config keys, ...), apimachinery's field-error message
//! formats (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`), Go's
//! value formatting inside those messages, and the Status JSON that carries them.
//!
//! It must not: do I/O, look at or know about stored objects (uniqueness, `AlreadyExists`,
//! allocated node ports), or apply defaults to the object. It reads the object as the server
//! would see it after defaulting, treating absent defaulted fields as their default values.
//! The caller is expected to have done what the server does before validating: set
//! `metadata.namespace` from the request path for namespaced kinds, and generate
//! `metadata.name` from `generateName`.

use super::names::{
    config_map_key_errors, dns1035_label_errors, dns1123_label_errors, dns1123_subdomain_errors,
    go_quote, label_value_errors, port_name_errors, qualified_name_errors, regex_error,
};
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// One field error, as it appears in a Status's `details.causes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// `FieldValueInvalid`, `FieldValueRequired`, `FieldValueNotSupported`,
    /// `FieldValueDuplicate`, `FieldValueForbidden`, `FieldValueNotFound` or
    /// `FieldValueTooLong`.
    pub reason: &'static str,
    /// The field path, e.g. `spec.template.spec.containers[0].image`.
    pub field: String,
    /// The message without the field, e.g. `Required value`.
    pub message: String,
}

const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";
const NEGATIVE: &str = "must be greater than or equal to 0";
const NODE_PORT_RANGE: &str =
    "provided port is not in the valid range. The range of valid ports is 30000-32767";
const MAX_CONFIG_BYTES: usize = 1024 * 1024;
const MAX_ANNOTATION_BYTES: usize = 256 * 1024;

/// Validates an object of `kind` (`Pod`, `Deployment`, `ReplicaSet`, `Service`, `Node`,
/// `Namespace`, `ConfigMap`, `Secret`, `Endpoints`, `Event`) the way the server does on create.
/// Kinds not listed here are accepted as they are.
///
/// # Errors
///
/// Every field error found, in the server's order. A `Service` whose requested node port is
/// outside 30000-32767 fails with only that error, because the server allocates node ports
/// (and rejects them) before it validates.
pub fn validate(kind: &str, obj: &Value) -> Result<(), Vec<Cause>> {
    let mut e = Errs(Vec::new());
    match kind {
        "Pod" => validate_pod(obj, &mut e),
        "Deployment" => validate_deployment(obj, &mut e),
        "ReplicaSet" => validate_replica_set(obj, &mut e),
        "Service" => {
            if let Some(cause) = node_port_out_of_range(obj) {
                return Err(vec![cause]);
            }
            validate_service(obj, &mut e);
        }
        "Node" => validate_node(obj, &mut e),
        "Namespace" => validate_namespace(obj, &mut e),
        "ConfigMap" => validate_config_map(obj, &mut e),
        "Secret" => validate_secret(obj, &mut e),
        "Endpoints" => validate_endpoints(obj, &mut e),
        "Event" => validate_event(obj, &mut e),
        _ => {}
    }
    if e.0.is_empty() { Ok(()) } else { Err(e.0) }
}

/// `validate`, plus what only a new object is refused for: ephemeral containers are added to
/// an existing pod through their subresource, never set on create.
pub fn validate_new(kind: &str, obj: &Value) -> Result<(), Vec<Cause>> {
    let mut e = Errs(validate(kind, obj).err().unwrap_or_default());
    if kind == "Pod" && !items(get(obj, "spec"), "ephemeralContainers").is_empty() {
        e.forbidden("spec.ephemeralContainers", "cannot be set on create");
    }
    if e.0.is_empty() { Ok(()) } else { Err(e.0) }
}

/// The 422 Status body the server sends for `causes`: `message` is
/// `<Kind>[.<group>] "<name>" is invalid: <field>: <message>` (several causes are joined as
/// `[a, b]`, identical lines once), and empty `name`/`group` are omitted from `details` just
/// as the server's `omitempty` does.
#[must_use]
pub fn invalid_status(kind: &str, group: &str, name: &str, causes: &[Cause]) -> Value {
    let qualified = if group.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}.{group}")
    };
    let mut seen = BTreeSet::new();
    let lines: Vec<String> = causes
        .iter()
        .map(|c| format!("{}: {}", c.field, c.message))
        .filter(|line| seen.insert(line.clone()))
        .collect();
    let message = match lines.as_slice() {
        [] => format!("{qualified} {} is invalid", go_quote(name)),
        [one] => format!("{qualified} {} is invalid: {one}", go_quote(name)),
        many => format!(
            "{qualified} {} is invalid: [{}]",
            go_quote(name),
            many.join(", ")
        ),
    };
    let mut details = Map::new();
    for (key, value) in [("name", name), ("group", group), ("kind", kind)] {
        if !value.is_empty() {
            details.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    }
    if !causes.is_empty() {
        let list = causes
            .iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("reason".to_owned(), Value::String(c.reason.to_owned()));
                m.insert("message".to_owned(), Value::String(c.message.clone()));
                if !c.field.is_empty() {
                    m.insert("field".to_owned(), Value::String(c.field.clone()));
                }
                Value::Object(m)
            })
            .collect();
        details.insert("causes".to_owned(), Value::Array(list));
    }
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": "Invalid",
        "details": details,
        "code": 422
    })
}

// ---------------------------------------------------------------------------------------------
// Field errors
// ---------------------------------------------------------------------------------------------

/// How the offending value is printed: the server formats strings with `%q`, integers with
/// `%v` and everything else with `%#v`, so callers pick the matching variant.
enum Bad<'a> {
    Str(&'a str),
    Int(i64),
    Go(String),
}

impl Bad<'_> {
    fn render(&self) -> String {
        match self {
            Bad::Str(s) => go_quote(s),
            Bad::Int(n) => n.to_string(),
            Bad::Go(s) => s.clone(),
        }
    }
}

struct Errs(Vec<Cause>);

impl Errs {
    fn push(&mut self, reason: &'static str, field: &str, message: String) {
        self.0.push(Cause {
            reason,
            field: field.to_owned(),
            message,
        });
    }

    fn invalid(&mut self, field: &str, bad: &Bad<'_>, detail: &str) {
        let mut message = format!("Invalid value: {}", bad.render());
        if !detail.is_empty() {
            message.push_str(": ");
            message.push_str(detail);
        }
        self.push("FieldValueInvalid", field, message);
    }

    fn invalid_all(&mut self, field: &str, value: &str, msgs: Vec<String>) {
        for msg in msgs {
            self.invalid(field, &Bad::Str(value), &msg);
        }
    }

    fn required(&mut self, field: &str, detail: &str) {
        let message = if detail.is_empty() {
            "Required value".to_owned()
        } else {
            format!("Required value: {detail}")
        };
        self.push("FieldValueRequired", field, message);
    }

    fn duplicate(&mut self, field: &str, bad: &Bad<'_>) {
        self.push(
            "FieldValueDuplicate",
            field,
            format!("Duplicate value: {}", bad.render()),
        );
    }

    fn not_supported(&mut self, field: &str, value: &str, valid: &[&str]) {
        let quoted: Vec<String> = valid.iter().map(|v| go_quote(v)).collect();
        let message = format!(
            "Unsupported value: {}: supported values: {}",
            go_quote(value),
            quoted.join(", ")
        );
        self.push("FieldValueNotSupported", field, message);
    }

    fn forbidden(&mut self, field: &str, detail: &str) {
        let message = if detail.is_empty() {
            "Forbidden".to_owned()
        } else {
            format!("Forbidden: {detail}")
        };
        self.push("FieldValueForbidden", field, message);
    }

    fn not_found(&mut self, field: &str, value: &str) {
        self.push(
            "FieldValueNotFound",
            field,
            format!("Not found: {}", go_quote(value)),
        );
    }

    fn too_long(&mut self, field: &str, max: usize) {
        self.push(
            "FieldValueTooLong",
            field,
            format!("Too long: may not be more than {max} bytes"),
        );
    }

    fn nonnegative(&mut self, field: &str, value: i64) {
        if value < 0 {
            self.invalid(field, &Bad::Int(value), NEGATIVE);
        }
    }

    fn port_num(&mut self, field: &str, value: i64) {
        if !(1..=65535).contains(&value) {
            self.invalid(field, &Bad::Int(value), PORT_RANGE);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON access
// ---------------------------------------------------------------------------------------------

static NULL: Value = Value::Null;

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&NULL)
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn int(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn object<'a>(v: &'a Value, key: &str) -> Option<&'a Map<String, Value>> {
    v.get(key).and_then(Value::as_object)
}

fn present(v: &Value, key: &str) -> bool {
    v.get(key).is_some_and(|x| !x.is_null())
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameRule {
    Subdomain,
    Label,
    Dns1035,
    /// Only what fits in a URL path segment; what the server checks for kinds (Events) whose
    /// own validation says nothing about the name.
    PathSegment,
}

#[derive(Debug, Clone, Copy)]
struct MetaRules {
    name: NameRule,
    namespaced: bool,
    /// Core and apps kinds additionally insist that finalizer names without a `/` be one of
    /// the built-in ones.
    kube_finalizers: bool,
}

const NAMESPACED: MetaRules = MetaRules {
    name: NameRule::Subdomain,
    namespaced: true,
    kube_finalizers: true,
};

fn name_errors(rule: NameRule, name: &str, prefix: bool) -> Vec<String> {
    if rule == NameRule::PathSegment {
        return path_segment_errors(name, prefix);
    }
    // A generateName prefix may end in '-': the server swaps the last two bytes for "a"
    // before checking, since random characters will follow.
    let name = if prefix && name.len() > 1 && name.ends_with('-') {
        format!(
            "{}a",
            String::from_utf8_lossy(&name.as_bytes()[..name.len() - 2])
        )
    } else {
        name.to_owned()
    };
    match rule {
        NameRule::Label => dns1123_label_errors(&name),
        NameRule::Dns1035 => dns1035_label_errors(&name),
        NameRule::Subdomain | NameRule::PathSegment => dns1123_subdomain_errors(&name),
    }
}

fn path_segment_errors(name: &str, prefix: bool) -> Vec<String> {
    if !prefix {
        for bad in [".", ".."] {
            if name == bad {
                return vec![format!("may not be '{bad}'")];
            }
        }
    }
    ["/", "%"]
        .iter()
        .filter(|bad| name.contains(**bad))
        .map(|bad| format!("may not contain '{bad}'"))
        .collect()
}

fn validate_meta(obj: &Value, rules: MetaRules, e: &mut Errs) {
    let meta = get(obj, "metadata");
    let name = text(meta, "name");
    let generate = text(meta, "generateName");
    if !generate.is_empty() {
        e.invalid_all(
            "metadata.generateName",
            generate,
            name_errors(rules.name, generate, true),
        );
    }
    if !name.is_empty() {
        e.invalid_all("metadata.name", name, name_errors(rules.name, name, false));
    } else if generate.is_empty() {
        e.required("metadata.name", "name or generateName is required");
    }
    if rules.namespaced {
        let ns = text(meta, "namespace");
        if ns.is_empty() {
            e.required("metadata.namespace", "");
        } else {
            e.invalid_all("metadata.namespace", ns, dns1123_label_errors(ns));
        }
    }
    if let Some(g) = int(meta, "generation") {
        e.nonnegative("metadata.generation", g);
    }
    validate_labels(object(meta, "labels"), "metadata.labels", e);
    validate_annotations(object(meta, "annotations"), "metadata.annotations", e);
    validate_owner_references(items(meta, "ownerReferences"), e);
    validate_finalizers(items(meta, "finalizers"), rules.kube_finalizers, e);
}

fn validate_labels(labels: Option<&Map<String, Value>>, field: &str, e: &mut Errs) {
    for (key, value) in labels.into_iter().flatten() {
        e.invalid_all(field, key, qualified_name_errors(key));
        if let Some(value) = value.as_str() {
            e.invalid_all(field, value, label_value_errors(value));
        }
    }
}

fn validate_annotations(annotations: Option<&Map<String, Value>>, field: &str, e: &mut Errs) {
    let mut total = 0;
    for (key, value) in annotations.into_iter().flatten() {
        // Keys are checked lower-cased (upper case is tolerated) but reported as written.
        e.invalid_all(field, key, qualified_name_errors(&key.to_lowercase()));
        total += key.len() + value.as_str().map_or(0, str::len);
    }
    if total > MAX_ANNOTATION_BYTES {
        e.too_long(field, MAX_ANNOTATION_BYTES);
    }
}

fn validate_owner_references(refs: &[Value], e: &mut Errs) {
    for r in refs {
        let api_version = text(r, "apiVersion");
        let version = match api_version.split('/').collect::<Vec<_>>().as_slice() {
            [v] | [_, v] => *v,
            _ => "",
        };
        let checks = [
            (
                "apiVersion",
                api_version,
                version.is_empty(),
                "version must not be empty",
            ),
            (
                "kind",
                text(r, "kind"),
                text(r, "kind").is_empty(),
                "kind must not be empty",
            ),
            (
                "name",
                text(r, "name"),
                text(r, "name").is_empty(),
                "name must not be empty",
            ),
            (
                "uid",
                text(r, "uid"),
                text(r, "uid").is_empty(),
                "uid must not be empty",
            ),
        ];
        for (child, value, failed, msg) in checks {
            if failed {
                // The server reports every reference under the list's path, without an index.
                let field = format!("metadata.ownerReferences.{child}");
                e.invalid(&field, &Bad::Str(value), msg);
            }
        }
    }
}

fn validate_finalizers(finalizers: &[Value], kube: bool, e: &mut Errs) {
    let names: Vec<&str> = finalizers.iter().filter_map(Value::as_str).collect();
    for f in &names {
        e.invalid_all("metadata.finalizers", f, qualified_name_errors(f));
    }
    if names.contains(&"orphan") && names.contains(&"foregroundDeletion") {
        let shown = go_string_slice(Some(finalizers));
        e.invalid(
            "metadata.finalizers",
            &Bad::Go(shown),
            "finalizer orphan and foregroundDeletion cannot be both set",
        );
    }
    if kube {
        for (i, f) in names.iter().enumerate() {
            kube_finalizer(f, &format!("metadata.finalizers[{i}]"), e);
        }
    }
}

fn kube_finalizer(name: &str, field: &str, e: &mut Errs) {
    let standard = ["kubernetes", "orphan", "foregroundDeletion"];
    if !name.contains('/') && !standard.contains(&name) {
        e.invalid(
            field,
            &Bad::Str(name),
            "name is neither a standard finalizer name nor is it fully qualified",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Pods and pod templates
// ---------------------------------------------------------------------------------------------

fn validate_pod(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let spec = get(obj, "spec");
    validate_pod_spec(spec, "spec", e);
    // Only Pods (not templates) reject padded images; templates kept the old tolerance.
    for list in ["containers", "initContainers"] {
        for (i, c) in items(spec, list).iter().enumerate() {
            let image = text(c, "image");
            if image.trim() != image {
                e.invalid(
                    &format!("spec.{list}[{i}].image"),
                    &Bad::Str(image),
                    "must not have leading or trailing whitespace",
                );
            }
        }
    }
    if !text(spec, "nodeName").is_empty() && !items(spec, "schedulingGates").is_empty() {
        e.forbidden(
            "spec.nodeName",
            "cannot be set until all schedulingGates have been cleared",
        );
    }
}

fn validate_pod_template(template: &Value, path: &str, e: &mut Errs) {
    let meta = get(template, "metadata");
    validate_labels(object(meta, "labels"), &format!("{path}.labels"), e);
    validate_annotations(
        object(meta, "annotations"),
        &format!("{path}.annotations"),
        e,
    );
    let spec = get(template, "spec");
    validate_pod_spec(spec, &format!("{path}.spec"), e);
    if !items(spec, "ephemeralContainers").is_empty() {
        e.forbidden(
            &format!("{path}.spec.ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        );
    }
}

fn validate_pod_spec(spec: &Value, path: &str, e: &mut Errs) {
    let volumes = validate_volumes(items(spec, "volumes"), &format!("{path}.volumes"), e);
    let containers = items(spec, "containers");
    validate_containers(containers, &format!("{path}.containers"), &volumes, e);
    validate_init_containers(spec, path, &volumes, e);
    let restart = text(spec, "restartPolicy");
    if !restart.is_empty() && !["Always", "OnFailure", "Never"].contains(&restart) {
        let valid = ["Always", "OnFailure", "Never"];
        e.not_supported(&format!("{path}.restartPolicy"), restart, &valid);
    }
    let dns = text(spec, "dnsPolicy");
    let dns_valid = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    if !dns.is_empty() && !dns_valid.contains(&dns) {
        e.not_supported(&format!("{path}.dnsPolicy"), dns, &dns_valid);
    }
    validate_labels(
        object(spec, "nodeSelector"),
        &format!("{path}.nodeSelector"),
        e,
    );
    let mut service_account = text(spec, "serviceAccountName");
    if service_account.is_empty() {
        // The deprecated alias is copied over during conversion.
        service_account = text(spec, "serviceAccount");
    }
    for (field, value) in [
        ("serviceAccountName", service_account),
        ("nodeName", text(spec, "nodeName")),
    ] {
        if !value.is_empty() {
            e.invalid_all(
                &format!("{path}.{field}"),
                value,
                dns1123_subdomain_errors(value),
            );
        }
    }
    if let Some(v) = int(spec, "activeDeadlineSeconds")
        && !(1..=i64::from(i32::MAX)).contains(&v)
    {
        let field = format!("{path}.activeDeadlineSeconds");
        e.invalid(
            &field,
            &Bad::Int(v),
            "must be between 1 and 2147483647, inclusive",
        );
    }
    for field in ["hostname", "subdomain"] {
        let value = text(spec, field);
        if !value.is_empty() {
            e.invalid_all(
                &format!("{path}.{field}"),
                value,
                dns1123_label_errors(value),
            );
        }
    }
    let priority = text(spec, "priorityClassName");
    if !priority.is_empty() {
        let field = format!("{path}.priorityClassName");
        e.invalid_all(&field, priority, dns1123_subdomain_errors(priority));
    }
}

/// Returns the names of volumes that passed, which is what mounts may refer to.
fn validate_volumes(volumes: &[Value], path: &str, e: &mut Errs) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, vol) in volumes.iter().enumerate() {
        let name = text(vol, "name");
        let field = format!("{path}[{i}].name");
        let before = e.0.len();
        if name.is_empty() {
            e.required(&field, "");
        } else {
            e.invalid_all(&field, name, dns1123_label_errors(name));
        }
        if names.contains(name) {
            e.duplicate(&field, &Bad::Str(name));
        }
        if e.0.len() == before {
            names.insert(name.to_owned());
        }
    }
    names
}

fn validate_containers(containers: &[Value], path: &str, vols: &BTreeSet<String>, e: &mut Errs) {
    if containers.is_empty() {
        e.required(path, "");
        return;
    }
    let mut names = BTreeSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = format!("{path}[{i}]");
        validate_container_common(c, &p, vols, e);
        let name = text(c, "name");
        if !names.insert(name) {
            e.duplicate(&format!("{p}.name"), &Bad::Str(name));
        }
        if present(c, "restartPolicy") {
            e.forbidden(
                &format!("{p}.restartPolicy"),
                "may not be set for non-init containers",
            );
        }
    }
    host_port_conflicts(containers.iter().enumerate(), path, e);
}

fn validate_init_containers(spec: &Value, path: &str, vols: &BTreeSet<String>, e: &mut Errs) {
    let mut names: BTreeSet<&str> = items(spec, "containers")
        .iter()
        .map(|c| text(c, "name"))
        .collect();
    let list_path = format!("{path}.initContainers");
    for (i, c) in items(spec, "initContainers").iter().enumerate() {
        let p = format!("{list_path}[{i}]");
        validate_container_common(c, &p, vols, e);
        let restart = text(c, "restartPolicy");
        if present(c, "restartPolicy") && restart != "Always" {
            e.not_supported(&format!("{p}.restartPolicy"), restart, &["Always"]);
        }
        let name = text(c, "name");
        if names.contains(name) {
            e.duplicate(&format!("{p}.name"), &Bad::Str(name));
        } else if !name.is_empty() {
            names.insert(name);
        }
        // Init containers run one at a time, so each is checked alone, and the server then
        // reports the conflict under index 0 whatever the container's position.
        host_port_conflicts(std::iter::once((0, c)), &list_path, e);
        if restart != "Always" {
            for probe in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if present(c, probe) {
                    e.forbidden(
                        &format!("{p}.{probe}"),
                        "may not be set for init containers without restartPolicy=Always",
                    );
                }
            }
        }
    }
}

fn validate_container_common(c: &Value, p: &str, vols: &BTreeSet<String>, e: &mut Errs) {
    let name = text(c, "name");
    if name.is_empty() {
        e.required(&format!("{p}.name"), "");
    } else {
        e.invalid_all(&format!("{p}.name"), name, dns1123_label_errors(name));
    }
    if text(c, "image").is_empty() {
        e.required(&format!("{p}.image"), "");
    }
    let tmp = text(c, "terminationMessagePolicy");
    let tmp_valid = ["File", "FallbackToLogsOnError"];
    if !tmp.is_empty() && !tmp_valid.contains(&tmp) {
        e.not_supported(&format!("{p}.terminationMessagePolicy"), tmp, &tmp_valid);
    }
    validate_container_ports(items(c, "ports"), &format!("{p}.ports"), e);
    for (i, env) in items(c, "env").iter().enumerate() {
        let field = format!("{p}.env[{i}].name");
        let env_name = text(env, "name");
        if env_name.is_empty() {
            e.required(&field, "");
        } else if env_name
            .chars()
            .any(|ch| !(' '..='~').contains(&ch) || ch == '=')
        {
            // RelaxedEnvironmentVariableValidation is on by default from v1.32.
            let msg = "a valid environment variable name must consist only of printable ASCII \
                       characters other than '='";
            e.invalid(&field, &Bad::Str(env_name), msg);
        }
    }
    let mut mount_points = BTreeSet::new();
    for (i, m) in items(c, "volumeMounts").iter().enumerate() {
        let mp = format!("{p}.volumeMounts[{i}]");
        let vol = text(m, "name");
        if vol.is_empty() {
            e.required(&format!("{mp}.name"), "");
        }
        if !vols.contains(vol) {
            e.not_found(&format!("{mp}.name"), vol);
        }
        let mount_path = text(m, "mountPath");
        if mount_path.is_empty() {
            e.required(&format!("{mp}.mountPath"), "");
        }
        if !mount_points.insert(mount_path) {
            e.invalid(
                &format!("{mp}.mountPath"),
                &Bad::Str(mount_path),
                "must be unique",
            );
        }
    }
    let pull = text(c, "imagePullPolicy");
    let pull_valid = ["Always", "IfNotPresent", "Never"];
    if !pull.is_empty() && !pull_valid.contains(&pull) {
        e.not_supported(&format!("{p}.imagePullPolicy"), pull, &pull_valid);
    }
}

const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];

fn protocol(port: &Value) -> &str {
    match text(port, "protocol") {
        "" => "TCP",
        p => p,
    }
}

fn validate_container_ports(ports: &[Value], path: &str, e: &mut Errs) {
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let name = text(port, "name");
        if !name.is_empty() {
            let msgs = port_name_errors(name);
            if !msgs.is_empty() {
                e.invalid_all(&format!("{p}.name"), name, msgs);
            } else if !names.insert(name) {
                e.duplicate(&format!("{p}.name"), &Bad::Str(name));
            }
        }
        match int(port, "containerPort").unwrap_or(0) {
            0 => e.required(&format!("{p}.containerPort"), ""),
            n => e.port_num(&format!("{p}.containerPort"), n),
        }
        let host = int(port, "hostPort").unwrap_or(0);
        if host != 0 {
            e.port_num(&format!("{p}.hostPort"), host);
        }
        let proto = protocol(port);
        if !PROTOCOLS.contains(&proto) {
            e.not_supported(&format!("{p}.protocol"), proto, &PROTOCOLS);
        }
    }
}

fn host_port_conflicts<'a>(
    containers: impl Iterator<Item = (usize, &'a Value)>,
    path: &str,
    e: &mut Errs,
) {
    let mut seen = BTreeSet::new();
    for (ci, c) in containers {
        for (pi, port) in items(c, "ports").iter().enumerate() {
            let host = int(port, "hostPort").unwrap_or(0);
            if host == 0 {
                continue;
            }
            let key = format!("{}/{}/{host}", protocol(port), text(port, "hostIP"));
            if seen.contains(&key) {
                e.duplicate(
                    &format!("{path}[{ci}].ports[{pi}].hostPort"),
                    &Bad::Str(&key),
                );
            } else {
                seen.insert(key);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deployments and ReplicaSets
// ---------------------------------------------------------------------------------------------

fn validate_deployment(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let spec = get(obj, "spec");
    e.nonnegative("spec.replicas", int(spec, "replicas").unwrap_or(1));
    validate_selector_and_template(spec, "deployment", e);
    validate_strategy(get(spec, "strategy"), e);
    let min_ready = int(spec, "minReadySeconds").unwrap_or(0);
    e.nonnegative("spec.minReadySeconds", min_ready);
    if let Some(limit) = int(spec, "revisionHistoryLimit") {
        e.nonnegative("spec.revisionHistoryLimit", limit);
    }
    let deadline = int(spec, "progressDeadlineSeconds").unwrap_or(600);
    e.nonnegative("spec.progressDeadlineSeconds", deadline);
    if deadline <= min_ready {
        e.invalid(
            "spec.progressDeadlineSeconds",
            &Bad::Int(deadline),
            "must be greater than minReadySeconds",
        );
    }
}

fn validate_replica_set(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let spec = get(obj, "spec");
    e.nonnegative("spec.replicas", int(spec, "replicas").unwrap_or(1));
    e.nonnegative(
        "spec.minReadySeconds",
        int(spec, "minReadySeconds").unwrap_or(0),
    );
    // The server's ReplicaSet message also says "deployment".
    validate_selector_and_template(spec, "deployment", e);
}

fn validate_selector_and_template(spec: &Value, what: &str, e: &mut Errs) {
    let selector = get(spec, "selector");
    if selector.is_null() {
        e.required("spec.selector", "");
    } else {
        validate_label_selector(selector, "spec.selector", e);
        let count = object(selector, "matchLabels").map_or(0, Map::len)
            + items(selector, "matchExpressions").len();
        if count == 0 {
            let shown = Bad::Go(go_label_selector(selector));
            e.invalid(
                "spec.selector",
                &shown,
                &format!("empty selector is invalid for {what}"),
            );
        }
    }
    let Some(parsed) = TemplateSelector::from_json(selector) else {
        // The template is not checked at all when the selector cannot be built.
        let shown = Bad::Go(go_label_selector(selector));
        e.invalid("spec.selector", &shown, "invalid label selector");
        return;
    };
    let template = get(spec, "template");
    let labels = object(get(template, "metadata"), "labels");
    if !parsed.is_everything() && !parsed.matches(labels) {
        e.invalid(
            "spec.template.metadata.labels",
            &Bad::Go(go_string_map(labels)),
            "`selector` does not match template `labels`",
        );
    }
    validate_pod_template(template, "spec.template", e);
    let template_spec = get(template, "spec");
    let restart = text(template_spec, "restartPolicy");
    if !restart.is_empty() && restart != "Always" {
        e.not_supported("spec.template.spec.restartPolicy", restart, &["Always"]);
    }
    if present(template_spec, "activeDeadlineSeconds") {
        e.forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in ReplicaSet is not Supported",
        );
    }
}

fn validate_label_selector(selector: &Value, path: &str, e: &mut Errs) {
    validate_labels(
        object(selector, "matchLabels"),
        &format!("{path}.matchLabels"),
        e,
    );
    for (i, expr) in items(selector, "matchExpressions").iter().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        let values = items(expr, "values");
        match text(expr, "operator") {
            "In" | "NotIn" if values.is_empty() => e.required(
                &format!("{p}.values"),
                "must be specified when `operator` is 'In' or 'NotIn'",
            ),
            "Exists" | "DoesNotExist" if !values.is_empty() => e.forbidden(
                &format!("{p}.values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => e.invalid(
                &format!("{p}.operator"),
                &Bad::Str(other),
                "not a valid selector operator",
            ),
        }
        let key = text(expr, "key");
        e.invalid_all(&format!("{p}.key"), key, qualified_name_errors(key));
        for (vi, v) in values.iter().enumerate() {
            let v = v.as_str().unwrap_or("");
            e.invalid_all(&format!("{p}.values[{vi}]"), v, label_value_errors(v));
        }
    }
}

/// Just enough of a label selector to decide whether a template's labels are selected; kept
/// here so this module stands alone.
enum TemplateSelector {
    Nothing,
    All(Vec<(String, &'static str, Vec<String>)>),
}

impl TemplateSelector {
    /// `None` when the server's conversion to a selector would fail.
    fn from_json(v: &Value) -> Option<Self> {
        let Some(map) = v.as_object() else {
            return if v.is_null() {
                Some(Self::Nothing)
            } else {
                None
            };
        };
        let mut reqs = Vec::new();
        for (key, value) in map
            .get("matchLabels")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let value = value.as_str()?;
            if !qualified_name_errors(key).is_empty() || !label_value_errors(value).is_empty() {
                return None;
            }
            reqs.push((key.clone(), "In", vec![value.to_owned()]));
        }
        for expr in items(v, "matchExpressions") {
            let key = text(expr, "key");
            let values: Vec<String> = items(expr, "values")
                .iter()
                .map(|x| x.as_str().map(str::to_owned))
                .collect::<Option<_>>()?;
            let op = match text(expr, "operator") {
                "In" if !values.is_empty() => "In",
                "NotIn" if !values.is_empty() => "NotIn",
                "Exists" if values.is_empty() => "Exists",
                "DoesNotExist" if values.is_empty() => "DoesNotExist",
                _ => return None,
            };
            let bad_value = values.iter().any(|x| !label_value_errors(x).is_empty());
            if !qualified_name_errors(key).is_empty() || bad_value {
                return None;
            }
            reqs.push((key.to_owned(), op, values));
        }
        Some(Self::All(reqs))
    }

    fn is_everything(&self) -> bool {
        matches!(self, Self::All(reqs) if reqs.is_empty())
    }

    fn matches(&self, labels: Option<&Map<String, Value>>) -> bool {
        let Self::All(reqs) = self else {
            return false;
        };
        reqs.iter().all(|(key, op, values)| {
            let found = labels.and_then(|l| l.get(key)).and_then(Value::as_str);
            let listed = found.is_some_and(|f| values.iter().any(|v| v == f));
            match *op {
                "In" => listed,
                "NotIn" => !listed,
                "Exists" => found.is_some(),
                _ => found.is_none(),
            }
        })
    }
}

fn validate_strategy(strategy: &Value, e: &mut Errs) {
    match text(strategy, "type") {
        "" | "RollingUpdate" => {
            // Absent values are defaulted to 25% each before validation.
            let ru = get(strategy, "rollingUpdate");
            let default = json!("25%");
            let unavailable = ru
                .get("maxUnavailable")
                .filter(|v| !v.is_null())
                .unwrap_or(&default);
            let surge = ru
                .get("maxSurge")
                .filter(|v| !v.is_null())
                .unwrap_or(&default);
            let mu_path = "spec.strategy.rollingUpdate.maxUnavailable";
            int_or_percent(unavailable, mu_path, e);
            int_or_percent(surge, "spec.strategy.rollingUpdate.maxSurge", e);
            if int_or_percent_value(unavailable) == 0 && int_or_percent_value(surge) == 0 {
                let shown = Bad::Go(go_int_or_string(unavailable));
                e.invalid(mu_path, &shown, "may not be 0 when `maxSurge` is 0");
            }
            if percent_value(unavailable).is_some_and(|p| p > 100) {
                let shown = Bad::Go(go_int_or_string(unavailable));
                e.invalid(mu_path, &shown, "must not be greater than 100%");
            }
        }
        "Recreate" => {
            if present(strategy, "rollingUpdate") {
                e.forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        other => {
            // A set rollingUpdate is a pointer the server prints by address; any address will
            // do since it differs on every request anyway.
            let ru = if present(strategy, "rollingUpdate") {
                "(*apps.RollingUpdateDeployment)(0xc000000000)"
            } else {
                "(*apps.RollingUpdateDeployment)(nil)"
            };
            let shown = format!(
                "apps.DeploymentStrategy{{Type:{}, RollingUpdate:{ru}}}",
                go_quote(other)
            );
            e.push(
                "FieldValueNotSupported",
                "spec.strategy",
                format!(
                    "Unsupported value: {shown}: supported values: \"Recreate\", \"RollingUpdate\""
                ),
            );
        }
    }
}

fn int_or_percent(v: &Value, field: &str, e: &mut Errs) {
    if let Some(s) = v.as_str() {
        if !is_percent(s) {
            let msg = regex_error(
                "a valid percent string must be a numeric string followed by an ending '%'",
                "[0-9]+%",
                &["1%", "93%"],
            );
            e.invalid(field, &Bad::Go(go_int_or_string(v)), &msg);
        }
    } else if let Some(n) = v.as_i64() {
        e.nonnegative(field, n);
    }
}

fn is_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

fn percent_value(v: &Value) -> Option<i64> {
    let s = v.as_str().filter(|s| is_percent(s))?;
    s.trim_end_matches('%').parse().ok()
}

fn int_or_percent_value(v: &Value) -> i64 {
    // Unparseable strings count as 0, as intstr's IntValue does.
    percent_value(v)
        .or_else(|| v.as_i64())
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Services and Endpoints
// ---------------------------------------------------------------------------------------------

fn service_type(spec: &Value) -> &str {
    match text(spec, "type") {
        "" => "ClusterIP",
        t => t,
    }
}

fn node_port_out_of_range(obj: &Value) -> Option<Cause> {
    let spec = get(obj, "spec");
    if !matches!(service_type(spec), "NodePort" | "LoadBalancer") {
        return None;
    }
    let (i, np) = items(spec, "ports")
        .iter()
        .enumerate()
        .map(|(i, p)| (i, int(p, "nodePort").unwrap_or(0)))
        .find(|(_, np)| *np != 0 && !(30000..=32767).contains(np))?;
    let mut e = Errs(Vec::new());
    e.invalid(
        &format!("spec.ports[{i}].nodePort"),
        &Bad::Int(np),
        NODE_PORT_RANGE,
    );
    e.0.pop()
}

fn validate_service(obj: &Value, e: &mut Errs) {
    let rules = MetaRules {
        name: NameRule::Dns1035,
        ..NAMESPACED
    };
    validate_meta(obj, rules, e);
    let annotations = object(get(obj, "metadata"), "annotations");
    let annotation = |k: &str| annotations.and_then(|a| a.get(k)).and_then(Value::as_str);
    let hints = "service.kubernetes.io/topology-aware-hints";
    let mode_key = "service.kubernetes.io/topology-mode";
    if let (Some(mode), Some(h)) = (annotation(mode_key), annotation(hints))
        && mode != h
    {
        let field = format!("metadata.annotations[{mode_key}]");
        let msg = format!("must match annotations[{hints}] when both are specified");
        e.invalid(&field, &Bad::Str(mode), &msg);
    }
    let spec = get(obj, "spec");
    let typ = service_type(spec);
    let ports = items(spec, "ports");
    let mut cluster_ips: Vec<&str> = items(spec, "clusterIPs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if cluster_ips.is_empty() && !text(spec, "clusterIP").is_empty() {
        cluster_ips.push(text(spec, "clusterIP"));
    }
    let headless = cluster_ips.first() == Some(&"None");
    if ports.is_empty() && !headless && typ != "ExternalName" {
        e.required("spec.ports", "");
    }
    service_type_rules(spec, typ, headless, &cluster_ips, e);
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        validate_service_port(
            port,
            ports.len() > 1,
            &mut names,
            &format!("spec.ports[{i}]"),
            e,
        );
    }
    if let Some(selector) = object(spec, "selector") {
        validate_labels(Some(selector), "spec.selector", e);
    }
    let affinity = text(spec, "sessionAffinity");
    if !affinity.is_empty() && !["ClientIP", "None"].contains(&affinity) {
        e.not_supported("spec.sessionAffinity", affinity, &["ClientIP", "None"]);
    }
    for (i, ip) in items(spec, "externalIPs").iter().enumerate() {
        let ip = ip.as_str().unwrap_or("");
        validate_endpoint_ip(ip, &format!("spec.externalIPs[{i}]"), true, e);
    }
    let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !types.contains(&typ) {
        e.not_supported("spec.type", typ, &types);
    }
    service_port_uniqueness(ports, typ, e);
    service_traffic_rules(spec, typ, e);
}

fn service_type_rules(spec: &Value, typ: &str, headless: bool, cluster_ips: &[&str], e: &mut Errs) {
    match typ {
        "LoadBalancer" | "NodePort" => {
            if typ == "LoadBalancer" {
                for (i, port) in items(spec, "ports").iter().enumerate() {
                    if int(port, "port") == Some(10250) {
                        e.invalid(
                            &format!("spec.ports[{i}]"),
                            &Bad::Int(10250),
                            "may not expose port 10250 externally since it is used by kubelet",
                        );
                    }
                }
            }
            if headless {
                let msg = format!("may not be set to 'None' for {typ} services");
                e.invalid("spec.clusterIPs[0]", &Bad::Str("None"), &msg);
            }
        }
        "ExternalName" => {
            let msg = "may not be set for ExternalName services";
            if !cluster_ips.is_empty() {
                e.forbidden("spec.clusterIPs", msg);
            }
            if !items(spec, "ipFamilies").is_empty() {
                e.forbidden("spec.ipFamilies", msg);
            }
            if present(spec, "ipFamilyPolicy") {
                e.forbidden("spec.ipFamilyPolicy", msg);
            }
            let name = text(spec, "externalName");
            let cname = name.strip_suffix('.').unwrap_or(name);
            if cname.is_empty() {
                e.required("spec.externalName", "");
            } else {
                e.invalid_all("spec.externalName", cname, dns1123_subdomain_errors(cname));
            }
        }
        _ => {}
    }
}

fn validate_service_port(
    port: &Value,
    require_name: bool,
    names: &mut BTreeSet<String>,
    p: &str,
    e: &mut Errs,
) {
    let name = text(port, "name");
    if require_name && name.is_empty() {
        e.required(&format!("{p}.name"), "");
    } else if !name.is_empty() {
        e.invalid_all(&format!("{p}.name"), name, dns1123_label_errors(name));
        if !names.insert(name.to_owned()) {
            e.duplicate(&format!("{p}.name"), &Bad::Str(name));
        }
    }
    let number = int(port, "port").unwrap_or(0);
    e.port_num(&format!("{p}.port"), number);
    let proto = protocol(port);
    if !PROTOCOLS.contains(&proto) {
        e.not_supported(&format!("{p}.protocol"), proto, &PROTOCOLS);
    }
    // An unset (0 or "") targetPort is defaulted to the port, so a bad port is reported twice.
    match get(port, "targetPort") {
        Value::String(s) if !s.is_empty() => {
            e.invalid_all(&format!("{p}.targetPort"), s, port_name_errors(s));
        }
        Value::Number(n) if n.as_i64().is_some_and(|n| n != 0) => {
            e.port_num(&format!("{p}.targetPort"), n.as_i64().unwrap_or(0));
        }
        _ => e.port_num(&format!("{p}.targetPort"), number),
    }
    let app = text(port, "appProtocol");
    if present(port, "appProtocol") {
        e.invalid_all(&format!("{p}.appProtocol"), app, qualified_name_errors(app));
    }
}

fn service_port_uniqueness(ports: &[Value], typ: &str, e: &mut Errs) {
    if typ == "ClusterIP" {
        for (i, port) in ports.iter().enumerate() {
            if int(port, "nodePort").unwrap_or(0) != 0 {
                e.forbidden(
                    &format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                );
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let np = int(port, "nodePort").unwrap_or(0);
        if np != 0 && !node_ports.insert((protocol(port), np)) {
            e.duplicate(&format!("spec.ports[{i}].nodePort"), &Bad::Int(np));
        }
    }
    let mut seen = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let number = int(port, "port").unwrap_or(0);
        if !seen.insert((protocol(port), number)) {
            // The server prints the (protocol, port) key as a whole internal ServicePort.
            let shown = format!(
                "core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{number}, \
                 TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
                go_quote(protocol(port))
            );
            e.duplicate(&format!("spec.ports[{i}]"), &Bad::Go(shown));
        }
    }
}

fn service_traffic_rules(spec: &Value, typ: &str, e: &mut Errs) {
    let lb = typ == "LoadBalancer";
    let ranges = items(spec, "loadBalancerSourceRanges");
    if !ranges.is_empty() {
        // The server names this field with a capital L.
        let path = "spec.LoadBalancerSourceRanges";
        if !lb {
            e.forbidden(path, "may only be used when `type` is 'LoadBalancer'");
        }
        for (i, r) in ranges.iter().enumerate() {
            let r = r.as_str().unwrap_or("").trim();
            if !is_cidr(r) {
                let msg = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
                e.invalid(&format!("{path}[{i}]"), &Bad::Str(r), msg);
            }
        }
    }
    if present(spec, "allocateLoadBalancerNodePorts") && !lb {
        e.forbidden(
            "spec.allocateLoadBalancerNodePorts",
            "may only be used when `type` is 'LoadBalancer'",
        );
    }
    let external =
        lb || typ == "NodePort" || (typ == "ClusterIP" && !items(spec, "externalIPs").is_empty());
    let etp = text(spec, "externalTrafficPolicy");
    if !external && !etp.is_empty() {
        e.invalid(
            "spec.externalTrafficPolicy",
            &Bad::Str(etp),
            "may only be set for externally-accessible services",
        );
    } else if external && !etp.is_empty() && !["Cluster", "Local"].contains(&etp) {
        e.not_supported("spec.externalTrafficPolicy", etp, &["Cluster", "Local"]);
    }
    let health = int(spec, "healthCheckNodePort").unwrap_or(0);
    if health != 0 && !(lb && etp == "Local") {
        e.invalid(
            "spec.healthCheckNodePort",
            &Bad::Int(health),
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        );
    }
    let itp = text(spec, "internalTrafficPolicy");
    if present(spec, "internalTrafficPolicy") && !["Cluster", "Local"].contains(&itp) {
        e.not_supported("spec.internalTrafficPolicy", itp, &["Cluster", "Local"]);
    }
}

fn validate_endpoints(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    for (i, subset) in items(obj, "subsets").iter().enumerate() {
        let p = format!("subsets[{i}]");
        let addresses = items(subset, "addresses");
        let not_ready = items(subset, "notReadyAddresses");
        if addresses.is_empty() && not_ready.is_empty() {
            e.required(&p, "must specify `addresses` or `notReadyAddresses`");
        }
        for (list, entries) in [("addresses", addresses), ("notReadyAddresses", not_ready)] {
            for (j, addr) in entries.iter().enumerate() {
                let ap = format!("{p}.{list}[{j}]");
                validate_endpoint_ip(text(addr, "ip"), &format!("{ap}.ip"), false, e);
                let host = text(addr, "hostname");
                if !host.is_empty() {
                    e.invalid_all(&format!("{ap}.hostname"), host, dns1123_label_errors(host));
                }
                if let Some(node) = addr.get("nodeName").and_then(Value::as_str) {
                    e.invalid_all(
                        &format!("{ap}.nodeName"),
                        node,
                        dns1123_subdomain_errors(node),
                    );
                }
            }
        }
        let ports = items(subset, "ports");
        for (j, port) in ports.iter().enumerate() {
            let pp = format!("{p}.ports[{j}]");
            let name = text(port, "name");
            if ports.len() > 1 && name.is_empty() {
                e.required(&format!("{pp}.name"), "");
            } else if !name.is_empty() {
                e.invalid_all(&format!("{pp}.name"), name, dns1123_label_errors(name));
            }
            e.port_num(&format!("{pp}.port"), int(port, "port").unwrap_or(0));
            let proto = protocol(port);
            if !PROTOCOLS.contains(&proto) {
                e.not_supported(&format!("{pp}.protocol"), proto, &PROTOCOLS);
            }
        }
    }
}

/// External IPs report a bad address once; endpoint addresses get both the generic and the
/// "special address" wording, as in the server.
fn validate_endpoint_ip(ip: &str, field: &str, external: bool, e: &mut Errs) {
    let Some(addr) = parse_ip(ip) else {
        e.invalid(
            field,
            &Bad::Str(ip),
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        );
        if !external {
            e.invalid(field, &Bad::Str(ip), "must be a valid IP address");
        }
        return;
    };
    if addr.is_unspecified() {
        e.invalid(
            field,
            &Bad::Str(ip),
            &format!("may not be unspecified ({ip})"),
        );
    }
    if addr.is_loopback() {
        e.invalid(
            field,
            &Bad::Str(ip),
            "may not be in the loopback range (127.0.0.0/8, ::1/128)",
        );
    }
    let link_local = match addr {
        std::net::IpAddr::V4(v4) => v4.is_link_local(),
        std::net::IpAddr::V6(v6) => v6.segments()[0] & 0xffc0 == 0xfe80,
    };
    if link_local {
        e.invalid(
            field,
            &Bad::Str(ip),
            "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
        );
    }
    let link_local_multicast = match addr {
        std::net::IpAddr::V4(v4) => v4.octets()[..3] == [224, 0, 0],
        std::net::IpAddr::V6(v6) => v6.segments()[0] & 0xff0f == 0xff02,
    };
    if link_local_multicast {
        e.invalid(
            field,
            &Bad::Str(ip),
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
        );
    }
}

/// Go's `ParseIPSloppy` also takes IPv4 octets with leading zeros.
fn parse_ip(s: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    let octets: Vec<u8> = s
        .split('.')
        .map(|o| o.parse().ok())
        .collect::<Option<_>>()?;
    let octets: [u8; 4] = octets.try_into().ok()?;
    Some(std::net::IpAddr::from(octets))
}

fn is_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else {
        return false;
    };
    let Ok(bits) = bits.parse::<u8>() else {
        return false;
    };
    match parse_ip(ip) {
        Some(std::net::IpAddr::V4(_)) => bits <= 32,
        Some(std::net::IpAddr::V6(_)) => bits <= 128,
        None => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Nodes, Namespaces, ConfigMaps, Secrets, Events
// ---------------------------------------------------------------------------------------------

fn validate_node(obj: &Value, e: &mut Errs) {
    let rules = MetaRules {
        namespaced: false,
        ..NAMESPACED
    };
    validate_meta(obj, rules, e);
    let spec = get(obj, "spec");
    let mut unique: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (i, taint) in items(spec, "taints").iter().enumerate() {
        // The server validates spec.taints under "metadata.taints"; kept for identical output.
        let p = format!("metadata.taints[{i}]");
        let key = text(taint, "key");
        let value = text(taint, "value");
        let effect = text(taint, "effect");
        e.invalid_all(&format!("{p}.key"), key, qualified_name_errors(key));
        let value_errs = label_value_errors(value);
        if !value_errs.is_empty() {
            e.invalid(
                &format!("{p}.value"),
                &Bad::Str(value),
                &value_errs.join(";"),
            );
        }
        let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
        if effect.is_empty() {
            e.required(&format!("{p}.effect"), "");
        } else if !effects.contains(&effect) {
            e.not_supported(&format!("{p}.effect"), effect, &effects);
        }
        let keys = unique.entry(effect).or_default();
        if !keys.insert(key) {
            let added = if present(taint, "timeAdded") {
                "(*v1.Time)(0xc000000000)"
            } else {
                "(*v1.Time)(nil)"
            };
            let shown = format!(
                "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:{added}}}",
                go_quote(key),
                go_quote(value),
                go_quote(effect)
            );
            e.push(
                "FieldValueDuplicate",
                &p,
                format!("Duplicate value: {shown}: taints must be unique by key and effect pair"),
            );
        }
    }
    let cidrs: Vec<&str> = items(spec, "podCIDRs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for (i, cidr) in cidrs.iter().enumerate() {
        if !is_cidr(cidr) {
            let msg = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
            e.invalid(&format!("spec.podCIDRs[{i}]"), &Bad::Str(cidr), msg);
        }
    }
    if cidrs.len() > 1 {
        let v4 = cidrs.iter().any(|c| c.contains('.'));
        let v6 = cidrs.iter().any(|c| c.contains(':'));
        if !(v4 && v6) || cidrs.len() > 2 {
            let shown = go_string_slice(Some(items(spec, "podCIDRs")));
            e.invalid(
                "spec.podCIDRs",
                &Bad::Go(shown),
                "may specify no more than one CIDR for each IP family",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, cidr) in cidrs.iter().enumerate() {
            if !seen.insert(*cidr) {
                e.duplicate(&format!("spec.podCIDRs[{i}]"), &Bad::Str(cidr));
            }
        }
    }
}

fn validate_namespace(obj: &Value, e: &mut Errs) {
    let rules = MetaRules {
        name: NameRule::Label,
        namespaced: false,
        kube_finalizers: true,
    };
    validate_meta(obj, rules, e);
    for f in items(get(obj, "spec"), "finalizers")
        .iter()
        .filter_map(Value::as_str)
    {
        e.invalid_all("spec.finalizers", f, qualified_name_errors(f));
        kube_finalizer(f, "spec.finalizers", e);
    }
}

/// Byte length of a base64 payload without decoding it.
fn decoded_len(v: &Value) -> usize {
    let s = v.as_str().unwrap_or("");
    s.trim_end_matches('=').len() * 3 / 4
}

fn validate_config_map(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    let data = object(obj, "data");
    let binary = object(obj, "binaryData");
    let mut total = 0;
    for (key, value) in data.into_iter().flatten() {
        let field = format!("data[{key}]");
        e.invalid_all(&field, key, config_map_key_errors(key));
        if binary.is_some_and(|b| b.contains_key(key)) {
            e.invalid(
                &field,
                &Bad::Str(key),
                "duplicate of key present in binaryData",
            );
        }
        total += value.as_str().map_or(0, str::len);
    }
    for (key, value) in binary.into_iter().flatten() {
        e.invalid_all(
            &format!("binaryData[{key}]"),
            key,
            config_map_key_errors(key),
        );
        total += decoded_len(value);
    }
    if total > MAX_CONFIG_BYTES {
        // The server reports this against an empty path, which prints as "[]".
        e.too_long("[]", MAX_CONFIG_BYTES);
    }
}

fn validate_secret(obj: &Value, e: &mut Errs) {
    validate_meta(obj, NAMESPACED, e);
    // stringData is merged into data (and wins) before validation.
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for (key, value) in object(obj, "data").into_iter().flatten() {
        sizes.insert(key, decoded_len(value));
    }
    for (key, value) in object(obj, "stringData").into_iter().flatten() {
        sizes.insert(key, value.as_str().map_or(0, str::len));
    }
    for key in sizes.keys() {
        e.invalid_all(&format!("data[{key}]"), key, config_map_key_errors(key));
    }
    if sizes.values().sum::<usize>() > MAX_CONFIG_BYTES {
        e.too_long("data", MAX_CONFIG_BYTES);
    }
    let has = |k: &str| sizes.contains_key(k);
    match text(obj, "type") {
        "kubernetes.io/service-account-token" => {
            let meta = get(obj, "metadata");
            let sa = object(meta, "annotations")
                .and_then(|a| a.get("kubernetes.io/service-account.name"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if sa.is_empty() {
                e.required(
                    "metadata.annotations[kubernetes.io/service-account.name]",
                    "",
                );
            }
        }
        "kubernetes.io/dockercfg" if !has(".dockercfg") => e.required("data[.dockercfg]", ""),
        "kubernetes.io/dockerconfigjson" if !has(".dockerconfigjson") => {
            e.required("data[.dockerconfigjson]", "");
        }
        "kubernetes.io/basic-auth" if !has("username") && !has("password") => {
            e.required("data[username]", "");
            e.required("data[password]", "");
        }
        "kubernetes.io/ssh-auth" if sizes.get("ssh-privatekey").copied().unwrap_or(0) == 0 => {
            e.required("data[ssh-privatekey]", "");
        }
        "kubernetes.io/tls" => {
            for key in ["tls.crt", "tls.key"] {
                if !has(key) {
                    e.required(&format!("data[{key}]"), "");
                }
            }
        }
        _ => {}
    }
}

/// core/v1 Events get only the legacy checks; metadata is then checked generically (URL-safe
/// name, labels, annotations) because the server always does that after kind validation.
fn validate_event(obj: &Value, e: &mut Errs) {
    let ns = text(get(obj, "metadata"), "namespace");
    let involved_ns = text(get(obj, "involvedObject"), "namespace");
    let mismatch = "does not match event.namespace";
    if present(obj, "eventTime") {
        if involved_ns.is_empty() && ns != "default" && ns != "kube-system" {
            e.invalid("involvedObject.namespace", &Bad::Str(involved_ns), mismatch);
        }
        let component = text(obj, "reportingComponent");
        if component.is_empty() {
            e.required("reportingComponent", "");
        }
        e.invalid_all(
            "reportingComponent",
            component,
            qualified_name_errors(component),
        );
        for (field, limit) in [("reportingInstance", 128), ("action", 128), ("reason", 128)] {
            let value = text(obj, field);
            if value.is_empty() {
                e.required(field, "");
            }
            if value.len() > limit {
                e.invalid(
                    field,
                    &Bad::Str(""),
                    &format!("can have at most {limit} characters"),
                );
            }
        }
        if text(obj, "message").len() > 1024 {
            e.invalid("message", &Bad::Str(""), "can have at most 1024 characters");
        }
    } else if (involved_ns.is_empty() && !ns.is_empty() && ns != "default")
        || (!involved_ns.is_empty() && ns != involved_ns)
    {
        e.invalid("involvedObject.namespace", &Bad::Str(involved_ns), mismatch);
    }
    e.invalid_all("namespace", ns, dns1123_subdomain_errors(ns));
    if e.0.is_empty() {
        let rules = MetaRules {
            name: NameRule::PathSegment,
            namespaced: true,
            kube_finalizers: false,
        };
        validate_meta(obj, rules, e);
    }
}

// ---------------------------------------------------------------------------------------------
// Go value formatting (name syntax lives in `names`)
// ---------------------------------------------------------------------------------------------

/// Go's `%#v` for a `map[string]string`; Go prints maps with sorted keys.
fn go_string_map(map: Option<&Map<String, Value>>) -> String {
    let Some(map) = map else {
        return "map[string]string(nil)".to_owned();
    };
    let entries: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v.as_str().unwrap_or(""))))
        .collect();
    format!("map[string]string{{{}}}", entries.join(", "))
}

/// Go's `%#v` for a `[]string`.
fn go_string_slice(values: Option<&[Value]>) -> String {
    let Some(values) = values else {
        return "[]string(nil)".to_owned();
    };
    let entries: Vec<String> = values
        .iter()
        .map(|v| go_quote(v.as_str().unwrap_or("")))
        .collect();
    format!("[]string{{{}}}", entries.join(", "))
}

/// Go's `%#v` for a `metav1.LabelSelector`.
fn go_label_selector(selector: &Value) -> String {
    let exprs = match selector.get("matchExpressions").and_then(Value::as_array) {
        None => "[]v1.LabelSelectorRequirement(nil)".to_owned(),
        Some(list) => {
            let entries: Vec<String> = list
                .iter()
                .map(|x| {
                    let values = x.get("values").and_then(Value::as_array).map(Vec::as_slice);
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                        go_quote(text(x, "key")),
                        go_quote(text(x, "operator")),
                        go_string_slice(values)
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", entries.join(", "))
        }
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{exprs}}}",
        go_string_map(object(selector, "matchLabels"))
    )
}

/// Go's `%#v` for an `intstr.IntOrString`.
fn go_int_or_string(v: &Value) -> String {
    match v {
        Value::String(s) => format!(
            "intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
            go_quote(s)
        ),
        other => format!(
            "intstr.IntOrString{{Type:0, IntVal:{}, StrVal:\"\"}}",
            other.as_i64().unwrap_or(0)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(kind: &str, obj: &Value) -> Vec<String> {
        match validate(kind, obj) {
            Ok(()) => Vec::new(),
            Err(causes) => causes
                .iter()
                .map(|c| format!("{}: {}", c.field, c.message))
                .collect(),
        }
    }

    fn deployment() -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
            "spec": {
                "replicas": 3,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                                             "ports": [{"containerPort": 80}]}]}
                }
            }
        })
    }

    fn pod() -> Value {
        json!({
            "kind": "Pod",
            "metadata": {"name": "web-1", "namespace": "default"},
            "spec": {"containers": [{"name": "app", "image": "busybox"}]}
        })
    }

    fn service() -> Value {
        json!({
            "kind": "Service",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}
        })
    }

    const SUBDOMAIN_REGEX: &str = "a lowercase RFC 1123 subdomain must consist of lower case \
        alphanumeric characters, '-' or '.', and must start and end with an alphanumeric \
        character (e.g. 'example.com', regex used for validation is \
        '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    #[test]
    fn valid_objects_pass() {
        let ok = [
            ("Deployment", deployment()),
            ("Pod", pod()),
            ("Service", service()),
            ("ReplicaSet", deployment()),
            (
                "ConfigMap",
                json!({"metadata": {"name": "cfg", "namespace": "default"},
                                 "data": {"app.properties": "x=1", "KEY_2": "y"}}),
            ),
            (
                "Secret",
                json!({"metadata": {"name": "tls", "namespace": "default"},
                              "type": "kubernetes.io/tls",
                              "data": {"tls.crt": "Zm9v", "tls.key": "YmFy"}}),
            ),
            ("Namespace", json!({"metadata": {"name": "team-a"}})),
            (
                "Node",
                json!({"metadata": {"name": "node-1.example.com"},
                            "spec": {"taints": [{"key": "gpu", "effect": "NoSchedule"}]}}),
            ),
            (
                "Endpoints",
                json!({"metadata": {"name": "web", "namespace": "default"},
                                 "subsets": [{"addresses": [{"ip": "10.1.2.3"}],
                                              "ports": [{"port": 8080}]}]}),
            ),
            (
                "Event",
                json!({"metadata": {"name": "web.17a", "namespace": "default"},
                             "involvedObject": {"kind": "Pod", "namespace": "default"},
                             "reason": "Started"}),
            ),
            (
                "Service",
                json!({"metadata": {"name": "db", "namespace": "default"},
                               "spec": {"clusterIP": "None", "selector": {"app": "db"}}}),
            ),
            (
                "Service",
                json!({"metadata": {"name": "np", "namespace": "default"},
                               "spec": {"type": "NodePort",
                                        "ports": [{"port": 80, "nodePort": 30080}]}}),
            ),
        ];
        for (kind, obj) in ok {
            assert_eq!(messages(kind, &obj), Vec::<String>::new(), "{kind}: {obj}");
        }
    }

    #[test]
    fn invalid_pod_name_is_reported_with_regex() {
        let mut p = pod();
        p["metadata"]["name"] = json!("My_Pod");
        assert_eq!(
            messages("Pod", &p),
            vec![format!(
                "metadata.name: Invalid value: \"My_Pod\": {SUBDOMAIN_REGEX}"
            )]
        );
        let status = invalid_status("Pod", "", "My_Pod", &validate("Pod", &p).unwrap_err());
        assert_eq!(
            status["message"],
            format!(
                "Pod \"My_Pod\" is invalid: metadata.name: Invalid value: \"My_Pod\": {SUBDOMAIN_REGEX}"
            )
        );
        assert!(status["details"].get("group").is_none());
    }

    #[test]
    fn too_long_name() {
        let mut p = pod();
        let long = "a".repeat(254);
        p["metadata"]["name"] = json!(long);
        assert_eq!(
            messages("Pod", &p),
            vec![format!(
                "metadata.name: Invalid value: \"{long}\": must be no more than 253 characters"
            )]
        );
    }

    #[test]
    fn missing_name_unless_generate_name() {
        let mut p = pod();
        p["metadata"].as_object_mut().unwrap().remove("name");
        assert_eq!(
            messages("Pod", &p),
            vec!["metadata.name: Required value: name or generateName is required"]
        );
        p["metadata"]["generateName"] = json!("web-");
        assert!(validate("Pod", &p).is_ok());
        p["metadata"]["generateName"] = json!("Web-");
        assert_eq!(messages("Pod", &p).len(), 1);
    }

    #[test]
    fn namespace_and_service_names_use_label_rules() {
        let ns = json!({"metadata": {"name": "my.ns"}});
        assert_eq!(
            messages("Namespace", &ns),
            vec!["metadata.name: Invalid value: \"my.ns\": must not contain dots"]
        );
        let mut svc = service();
        svc["metadata"]["name"] = json!("1web");
        assert_eq!(
            messages("Service", &svc),
            vec![
                "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower \
                  case alphanumeric characters or '-', start with an alphabetic character, and \
                  end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used \
                  for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
            ]
        );
    }

    #[test]
    fn label_and_annotation_key_errors() {
        let mut p = pod();
        p["metadata"]["labels"] = json!({"app": "a b"});
        p["metadata"]["annotations"] = json!({"bad key": "x", "Example.com/Ok": "y"});
        let got = messages("Pod", &p);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("metadata.labels: Invalid value: \"a b\": a valid label must be")
        );
        assert!(got[1].starts_with(
            "metadata.annotations: Invalid value: \"bad key\": name part must consist of"
        ));
    }

    #[test]
    fn negative_replicas_message_and_full_status() {
        let mut d = deployment();
        d["spec"]["replicas"] = json!(-1);
        let causes = validate("Deployment", &d).unwrap_err();
        let status = invalid_status("Deployment", "apps", "web", &causes);
        assert_eq!(
            status,
            json!({
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Failure",
                "message": "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: \
                            must be greater than or equal to 0",
                "reason": "Invalid",
                "details": {
                    "name": "web",
                    "group": "apps",
                    "kind": "Deployment",
                    "causes": [{
                        "reason": "FieldValueInvalid",
                        "message": "Invalid value: -1: must be greater than or equal to 0",
                        "field": "spec.replicas"
                    }]
                },
                "code": 422
            })
        );
    }

    #[test]
    fn selector_must_match_template_labels() {
        let mut d = deployment();
        d["spec"]["template"]["metadata"]["labels"] = json!({"app": "api", "tier": "be"});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.template.metadata.labels: Invalid value: \
                  map[string]string{\"app\":\"api\", \"tier\":\"be\"}: `selector` does not match \
                  template `labels`"
            ]
        );
    }

    #[test]
    fn missing_and_empty_selectors() {
        let mut d = deployment();
        d["spec"].as_object_mut().unwrap().remove("selector");
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.selector: Required value".to_owned(),
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: \
                 `selector` does not match template `labels`"
                    .to_owned(),
            ]
        );
        d["spec"]["selector"] = json!({});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), \
                  MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid \
                  for deployment"
            ]
        );
    }

    #[test]
    fn match_expressions_in_workload_selector() {
        let mut d = deployment();
        d["spec"]["selector"] = json!({"matchExpressions": [
            {"key": "app", "operator": "In", "values": ["web", "api"]}]});
        assert!(validate("Deployment", &d).is_ok());
        d["spec"]["selector"] = json!({"matchExpressions": [{"key": "app", "operator": "In"}]});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.selector.matchExpressions[0].values: Required value: must be specified when \
                 `operator` is 'In' or 'NotIn'"
                    .to_owned(),
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), \
                 MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", \
                 Operator:\"In\", Values:[]string(nil)}}}: invalid label selector"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn missing_image_and_container_name() {
        let mut d = deployment();
        d["spec"]["template"]["spec"]["containers"][0]
            .as_object_mut()
            .unwrap()
            .remove("image");
        assert_eq!(
            messages("Deployment", &d),
            vec!["spec.template.spec.containers[0].image: Required value"]
        );
        let mut p = pod();
        p["spec"]["containers"] = json!([{"image": "busybox"}]);
        assert_eq!(
            messages("Pod", &p),
            vec!["spec.containers[0].name: Required value"]
        );
        p["spec"]["containers"] = json!([]);
        assert_eq!(messages("Pod", &p), vec!["spec.containers: Required value"]);
    }

    #[test]
    fn duplicate_container_names() {
        let mut p = pod();
        p["spec"]["containers"] = json!([
            {"name": "app", "image": "a"},
            {"name": "app", "image": "b"}
        ]);
        assert_eq!(
            messages("Pod", &p),
            vec!["spec.containers[1].name: Duplicate value: \"app\""]
        );
    }

    #[test]
    fn container_name_and_ports() {
        let mut p = pod();
        p["spec"]["containers"] = json!([{"name": "App", "image": "a",
            "ports": [{"containerPort": 70000}, {"name": "http", "containerPort": 0}]}]);
        let got = messages("Pod", &p);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].starts_with(
            "spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label"
        ));
        assert_eq!(
            got[1],
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 \
             and 65535, inclusive"
        );
        assert_eq!(
            got[2],
            "spec.containers[0].ports[1].containerPort: Required value"
        );
    }

    #[test]
    fn volume_mount_must_name_a_volume() {
        let mut p = pod();
        p["spec"]["containers"][0]["volumeMounts"] = json!([{"name": "data", "mountPath": "/d"}]);
        assert_eq!(
            messages("Pod", &p),
            vec!["spec.containers[0].volumeMounts[0].name: Not found: \"data\""]
        );
        p["spec"]["volumes"] = json!([{"name": "data", "emptyDir": {}}]);
        assert!(validate("Pod", &p).is_ok());
    }

    #[test]
    fn service_port_out_of_range() {
        let mut svc = service();
        svc["spec"]["ports"] = json!([{"port": 70000}]);
        assert_eq!(
            messages("Service", &svc),
            vec![
                "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            ]
        );
    }

    #[test]
    fn bad_service_type() {
        let mut svc = service();
        svc["spec"]["type"] = json!("Foo");
        assert_eq!(
            messages("Service", &svc),
            vec![
                "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \
                  \"ExternalName\", \"LoadBalancer\", \"NodePort\""
            ]
        );
    }

    #[test]
    fn service_port_names_required_when_several() {
        let mut svc = service();
        svc["spec"]["ports"] =
            json!([{"port": 80}, {"port": 443, "name": "https"}, {"port": 80, "name": "x"}]);
        assert_eq!(
            messages("Service", &svc),
            vec![
                "spec.ports[0].name: Required value".to_owned(),
                "spec.ports[2]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", \
                 AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, \
                 IntVal:0, StrVal:\"\"}, NodePort:0}"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn node_port_range_is_checked_first_and_alone() {
        let mut svc = service();
        svc["spec"]["type"] = json!("NodePort");
        svc["spec"]["ports"] = json!([{"port": 80, "nodePort": 80}]);
        svc["metadata"]["name"] = json!("Bad_Name");
        let causes = validate("Service", &svc).unwrap_err();
        let status = invalid_status("Service", "", "Bad_Name", &causes);
        assert_eq!(
            status["message"],
            "Service \"Bad_Name\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided \
             port is not in the valid range. The range of valid ports is 30000-32767"
        );
        svc["spec"]["type"] = json!("ClusterIP");
        svc["metadata"]["name"] = json!("web");
        assert_eq!(
            messages("Service", &svc),
            vec!["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]
        );
    }

    #[test]
    fn several_causes_are_bracketed_in_status_message() {
        let mut p = pod();
        p["spec"]["containers"] = json!([{"name": "a"}, {"name": "b"}]);
        let causes = validate("Pod", &p).unwrap_err();
        let status = invalid_status("Pod", "", "web-1", &causes);
        assert_eq!(
            status["message"],
            "Pod \"web-1\" is invalid: [spec.containers[0].image: Required value, \
             spec.containers[1].image: Required value]"
        );
        assert_eq!(
            status["details"]["causes"][1]["reason"],
            "FieldValueRequired"
        );
        assert_eq!(status["details"]["causes"][1]["message"], "Required value");
        assert_eq!(
            status["details"]["causes"][1]["field"],
            "spec.containers[1].image"
        );
        assert_eq!(status["code"], 422);
    }

    #[test]
    fn config_map_and_secret_keys() {
        let cm = json!({"metadata": {"name": "c", "namespace": "d"}, "data": {"a/b": "x"}});
        assert_eq!(
            messages("ConfigMap", &cm),
            vec![
                "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of \
                  alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or \
                  'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
            ]
        );
        let secret = json!({"metadata": {"name": "s", "namespace": "d"},
                            "type": "kubernetes.io/tls", "stringData": {"..x": "y"}});
        assert_eq!(
            messages("Secret", &secret),
            vec![
                "data[..x]: Invalid value: \"..x\": must not start with '..'",
                "data[tls.crt]: Required value",
                "data[tls.key]: Required value",
            ]
        );
    }

    #[test]
    fn restart_policy_and_strategy_enums() {
        let mut d = deployment();
        d["spec"]["template"]["spec"]["restartPolicy"] = json!("OnFailure");
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported \
                  values: \"Always\""
            ]
        );
        let mut d = deployment();
        d["spec"]["strategy"] = json!({"type": "Blue"});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Blue\", \
                  RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \
                  \"Recreate\", \"RollingUpdate\""
            ]
        );
        d["spec"]["strategy"] = json!({"type": "RollingUpdate",
                                      "rollingUpdate": {"maxSurge": 0, "maxUnavailable": "0%"}});
        assert_eq!(
            messages("Deployment", &d),
            vec![
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \
                  intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when \
                  `maxSurge` is 0"
            ]
        );
    }

    #[test]
    fn node_taint_duplicates_and_event_namespace() {
        let node = json!({"metadata": {"name": "n1"}, "spec": {"taints": [
            {"key": "gpu", "effect": "NoSchedule"}, {"key": "gpu", "effect": "NoSchedule"}]}});
        assert_eq!(
            messages("Node", &node),
            vec![
                "metadata.taints[1]: Duplicate value: core.Taint{Key:\"gpu\", Value:\"\", \
                  Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key \
                  and effect pair"
            ]
        );
        let event = json!({"metadata": {"name": "e", "namespace": "shop"},
                           "involvedObject": {"kind": "Pod", "namespace": "other"}});
        assert_eq!(
            messages("Event", &event),
            vec![
                "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"
            ]
        );
    }

    #[test]
    fn missing_namespace_is_required_for_namespaced_kinds() {
        let mut p = pod();
        p["metadata"].as_object_mut().unwrap().remove("namespace");
        assert_eq!(
            messages("Pod", &p),
            vec!["metadata.namespace: Required value"]
        );
        // Cluster-scoped kinds ignore a namespace (the server clears it before validating).
        assert!(
            validate(
                "Node",
                &json!({"metadata": {"name": "n", "namespace": "x"}})
            )
            .is_ok()
        );
    }
}
