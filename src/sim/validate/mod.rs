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
//!
//! This file owns the entry points, the Status body and the field-error collector; the rules
//! live per concept in `metadata`, `pods`, `workloads`, `services`, `endpoints` and
//! `cluster_and_config`, tolerant JSON access in `access` and Go value formatting in
//! `go_format`.

mod access;
mod cluster_and_config;
mod endpoints;
mod go_format;
mod metadata;
mod pods;
mod services;
#[cfg(test)]
mod test_support;
mod workloads;

use crate::sim::names::go_quote;
use access::{get, items};
use cluster_and_config::{
    validate_config_map, validate_event, validate_namespace, validate_node, validate_secret,
};
use endpoints::validate_endpoints;
use pods::validate_pod;
use serde_json::{Map, Value, json};
use services::{node_port_out_of_range, validate_service};
use std::collections::BTreeSet;
use workloads::{validate_deployment, validate_replica_set};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::validate::test_support::{deployment, messages, pod, service};

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
}
