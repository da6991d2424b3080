//! Field selectors: parsing `?fieldSelector=` terms (with their escapes), the field labels
//! each kind supports (and the server's wording when one is not), and reading a field's
//! value from an object to evaluate a selector.
//!
//! It must not know how objects are stored or indexed.

use crate::sim::names::go_quote;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldTerm {
    field: String,
    value: String,
    negated: bool,
}

/// Field terms that must all hold (logical AND).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldSelector {
    terms: Vec<FieldTerm>,
}

const META_FIELDS: &[&str] = &["metadata.name", "metadata.namespace"];
const POD_FIELDS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.podIPs",
    "status.nominatedNodeName",
    // Old clients' name for spec.nodeName, still accepted.
    "spec.host",
];
const NODE_FIELDS: &[&str] = &["metadata.name", "spec.unschedulable"];
const RC_FIELDS: &[&str] = &["metadata.name", "metadata.namespace", "status.replicas"];
const EVENT_FIELDS: &[&str] = &[
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
    "metadata.namespace",
    "metadata.name",
];
const NAMESPACE_FIELDS: &[&str] = &["status.phase", "metadata.name"];
const SECRET_FIELDS: &[&str] = &["type", "metadata.namespace", "metadata.name"];
const SERVICE_FIELDS: &[&str] = &[
    "metadata.namespace",
    "metadata.name",
    "spec.clusterIP",
    "spec.type",
];

impl FieldSelector {
    /// Parses `metadata.name=x`, `metadata.namespace==y`, `status.phase!=Running`,
    /// comma-separated (AND). `\,`, `\=` and `\\` escape those characters in values. Empty
    /// string = everything. Field names are taken verbatim (no trimming), as the server does.
    ///
    /// # Errors
    ///
    /// The server's message, e.g. `invalid selector: 'a'; can't understand 'a'`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut parts = split_terms(s);
        // The server sorts the raw terms first, which decides which error is reported.
        parts.sort_unstable();
        let mut terms = Vec::with_capacity(parts.len());
        for part in parts {
            if part.is_empty() {
                continue;
            }
            let Some((field, op, rhs)) = split_term(part) else {
                return Err(format!(
                    "invalid selector: '{s}'; can't understand '{part}'"
                ));
            };
            terms.push(FieldTerm {
                field: field.to_owned(),
                value: unescape_value(rhs)?,
                negated: op == "!=",
            });
        }
        Ok(Self { terms })
    }

    /// Checks every field name against the ones the server accepts for `kind` (a Kind such as
    /// `Pod`; kinds without their own list accept only `metadata.name` and
    /// `metadata.namespace`).
    ///
    /// # Errors
    ///
    /// `field label not supported: spec.foo` for kinds with their own list, and
    /// `"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"`
    /// for the others, exactly as the server words them.
    pub fn validate_for_kind(&self, kind: &str) -> Result<(), String> {
        let allowed = match kind {
            "Pod" => POD_FIELDS,
            "Node" => NODE_FIELDS,
            "ReplicationController" => RC_FIELDS,
            "Event" => EVENT_FIELDS,
            "Namespace" => NAMESPACE_FIELDS,
            "Secret" => SECRET_FIELDS,
            "Service" => SERVICE_FIELDS,
            _ => {
                return match self
                    .terms
                    .iter()
                    .find(|t| !META_FIELDS.contains(&t.field.as_str()))
                {
                    Some(t) => Err(format!(
                        "{} is not a known field selector: only \"metadata.name\", \
                         \"metadata.namespace\"",
                        go_quote(&t.field)
                    )),
                    None => Ok(()),
                };
            }
        };
        match self
            .terms
            .iter()
            .find(|t| !allowed.contains(&t.field.as_str()))
        {
            Some(t) => Err(format!("field label not supported: {}", t.field)),
            None => Ok(()),
        }
    }

    /// Evaluates against an object by dotted path. Booleans compare as `true`/`false`, numbers
    /// by their JSON text, and a missing field as the empty string. For objects carrying
    /// `kind`, the server's computed fields are honoured: a Pod's `spec.hostNetwork` and a
    /// Node's `spec.unschedulable` default to `false`, a Pod's `status.podIP` is its first
    /// `status.podIPs` entry and `status.podIPs` itself is never populated, and an Event's
    /// `source` is `source.component`, else `reportingComponent`.
    #[must_use]
    pub fn matches(&self, obj: &Value) -> bool {
        self.terms
            .iter()
            .all(|t| (field_value(obj, &t.field) == t.value) != t.negated)
    }

    /// If the selector pins `metadata.name` to one value, that value.
    #[must_use]
    pub fn exact_name(&self) -> Option<&str> {
        self.terms
            .iter()
            .find(|t| !t.negated && t.field == "metadata.name")
            .map(|t| t.value.as_str())
    }

    /// True when the selector places no restriction.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Splits on commas not preceded by a backslash; escapes stay in place for `unescape_value`.
fn split_terms(s: &str) -> Vec<&str> {
    if s.is_empty() {
        return Vec::new();
    }
    let mut terms = Vec::new();
    let mut start = 0;
    let mut in_slash = false;
    for (i, c) in s.char_indices() {
        if in_slash {
            in_slash = false;
        } else if c == '\\' {
            in_slash = true;
        } else if c == ',' {
            terms.push(&s[start..i]);
            start = i + 1;
        }
    }
    terms.push(&s[start..]);
    terms
}

/// Splits at the first operator; `!=` and `==` are tried before `=` so `a==b` keeps no `=`
/// in its value.
fn split_term(term: &str) -> Option<(&str, &'static str, &str)> {
    for (i, _) in term.char_indices() {
        let rest = &term[i..];
        for op in ["!=", "==", "="] {
            if rest.starts_with(op) {
                return Some((&term[..i], op, &term[i + op.len()..]));
            }
        }
    }
    None
}

fn unescape_value(s: &str) -> Result<String, String> {
    if !s.contains(['\\', ',', '=']) {
        return Ok(s.to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut in_slash = false;
    for c in s.chars() {
        if in_slash {
            if !matches!(c, '\\' | ',' | '=') {
                return Err(format!(
                    "invalid field selector: invalid escape sequence: \\{c}"
                ));
            }
            out.push(c);
            in_slash = false;
            continue;
        }
        match c {
            '\\' => in_slash = true,
            // The server prints the rune with %v, i.e. as its number (61 for '=').
            ',' | '=' => {
                return Err(format!(
                    "invalid field selector: unescaped character in value: {}",
                    u32::from(c)
                ));
            }
            _ => out.push(c),
        }
    }
    if in_slash {
        return Err("invalid field selector: invalid escape sequence: \\".to_owned());
    }
    Ok(out)
}

fn field_value(obj: &Value, field: &str) -> String {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    match (kind, field) {
        (_, "spec.host") => path_value(obj, "spec.nodeName"),
        ("Pod", "spec.hostNetwork") | ("Node", "spec.unschedulable") => {
            let v = path_value(obj, field);
            if v.is_empty() { "false".to_owned() } else { v }
        }
        ("Pod", "status.podIP") => {
            let first = obj
                .pointer("/status/podIPs/0/ip")
                .and_then(Value::as_str)
                .unwrap_or("");
            if first.is_empty() {
                path_value(obj, field)
            } else {
                first.to_owned()
            }
        }
        // Accepted by the server's field-label check but absent from the fields it matches on.
        ("Pod", "status.podIPs") => String::new(),
        ("Event", "source") => {
            let component = path_value(obj, "source.component");
            if component.is_empty() {
                path_value(obj, "reportingComponent")
            } else {
                component
            }
        }
        _ => path_value(obj, field),
    }
}

fn path_value(obj: &Value, path: &str) -> String {
    let mut cur = obj;
    for part in path.split('.') {
        match cur.get(part) {
            Some(next) => cur = next,
            None => return String::new(),
        }
    }
    match cur {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
#[path = "field_tests.rs"]
mod tests;
