//! Label selectors: requirements and their evaluation against an object's labels, built
//! from the `?labelSelector=` string (see `label_parser`) or from a selector embedded in an
//! object (`matchLabels`/`matchExpressions`, or a Service's plain map), with the server's
//! wording for invalid keys, values and operators.
//!
//! It must not know how objects are stored or build HTTP responses.

use super::go_string_slice;
use super::label_parser::{Parser, lex};
use crate::sim::names::{go_quote, label_value_errors, qualified_name_errors};
use serde_json::Value;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    In,
    NotIn,
    Equals,
    DoubleEquals,
    NotEquals,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Requirement {
    key: String,
    op: Op,
    values: Vec<String>,
}

impl Requirement {
    fn has(&self, value: &str) -> bool {
        self.values.iter().any(|v| v == value)
    }

    fn matches<'l>(&self, labels: &dyn Fn(&str) -> Option<&'l str>) -> bool {
        let found = labels(&self.key);
        match self.op {
            Op::In | Op::Equals | Op::DoubleEquals => found.is_some_and(|v| self.has(v)),
            Op::NotIn | Op::NotEquals => found.is_none_or(|v| !self.has(v)),
            Op::Exists => found.is_some(),
            Op::DoesNotExist => found.is_none(),
            Op::GreaterThan | Op::LessThan => {
                // The server treats a non-integer on either side as "does not match" rather
                // than as an error, so a typo in a label value silently filters the object out.
                let (Some(have), [want]) = (found, self.values.as_slice()) else {
                    return false;
                };
                let (Ok(have), Ok(want)) = (have.parse::<i64>(), want.parse::<i64>()) else {
                    return false;
                };
                if self.op == Op::GreaterThan {
                    have > want
                } else {
                    have < want
                }
            }
        }
    }
}

/// A set of label requirements that must all hold (logical AND).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
    /// A null `spec.selector` selects nothing, whereas an empty one selects everything; the
    /// server keeps the two apart and so must we.
    nothing: bool,
}

impl LabelSelector {
    /// Parses the query-string syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`,
    /// `a` (exists), `!a` (does not exist), `a>1`, `a<1`, comma-separated (AND), whitespace
    /// tolerant. Empty string = everything.
    ///
    /// # Errors
    ///
    /// Returns the message kube-apiserver puts in its 400 Status for the same input, e.g.
    /// `unable to parse requirement: found 'b' expected: '('` for `a in b`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut parser = Parser {
            items: lex(s),
            pos: 0,
        };
        let mut requirements = parser.parse()?;
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Self {
            requirements,
            nothing: false,
        })
    }

    /// Builds a selector from a `metav1.LabelSelector` JSON object (`{"matchLabels":{..},
    /// "matchExpressions":[{"key","operator","values"}]}`) or from a plain string map such as
    /// a Service's `spec.selector`. JSON `null` selects nothing; `{}` selects everything.
    ///
    /// # Errors
    ///
    /// Returns the server's wording for an invalid requirement (bad key or value, unknown
    /// operator, missing values) or a description of a value that is not JSON of the right
    /// shape.
    pub fn from_json(v: &Value) -> Result<Self, String> {
        let map = match v {
            Value::Null => return Ok(Self::nothing()),
            Value::Object(map) => map,
            other => {
                return Err(format!(
                    "a label selector must be a JSON object, not {other}"
                ));
            }
        };
        // A map whose only keys are the two LabelSelector fields, holding values of their
        // types, is a LabelSelector; anything else is a Service-style string map.
        let structured = !map.is_empty()
            && map.iter().all(|(k, v)| match k.as_str() {
                "matchLabels" => v.is_object() || v.is_null(),
                "matchExpressions" => v.is_array() || v.is_null(),
                _ => false,
            });
        let mut requirements = if structured {
            from_label_selector(map)?
        } else {
            from_set(map)?
        };
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Self {
            requirements,
            nothing: false,
        })
    }

    /// The selector a null `spec.selector` stands for: it matches no object at all.
    #[must_use]
    pub fn nothing() -> Self {
        Self {
            requirements: Vec::new(),
            nothing: true,
        }
    }

    /// Whether an object whose labels are looked up through `labels` is selected.
    pub fn matches<'l>(&self, labels: &dyn Fn(&str) -> Option<&'l str>) -> bool {
        !self.nothing && self.requirements.iter().all(|r| r.matches(labels))
    }

    /// True when the selector places no restriction (selects everything).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }
}

fn from_set(map: &serde_json::Map<String, Value>) -> Result<Vec<Requirement>, String> {
    let mut out = Vec::with_capacity(map.len());
    for (key, value) in map {
        let Some(value) = value.as_str() else {
            return Err(format!(
                "selector value for {} must be a string",
                go_quote(key)
            ));
        };
        out.push(new_requirement(
            key,
            Op::Equals,
            vec![value.to_owned()],
            false,
        )?);
    }
    Ok(out)
}

fn from_label_selector(map: &serde_json::Map<String, Value>) -> Result<Vec<Requirement>, String> {
    let mut out = Vec::new();
    if let Some(Value::Object(labels)) = map.get("matchLabels") {
        out.extend(from_set(labels)?);
    }
    let Some(Value::Array(exprs)) = map.get("matchExpressions") else {
        return Ok(out);
    };
    for expr in exprs {
        let key = expr.get("key").and_then(Value::as_str).unwrap_or("");
        let operator = expr.get("operator").and_then(Value::as_str).unwrap_or("");
        let op = match operator {
            "In" => Op::In,
            "NotIn" => Op::NotIn,
            "Exists" => Op::Exists,
            "DoesNotExist" => Op::DoesNotExist,
            other => {
                return Err(format!(
                    "{} is not a valid label selector operator",
                    go_quote(other)
                ));
            }
        };
        let mut values = Vec::new();
        if let Some(Value::Array(items)) = expr.get("values") {
            for item in items {
                let Some(s) = item.as_str() else {
                    return Err(format!("values of {} must be strings", go_quote(key)));
                };
                values.push(s.to_owned());
            }
        }
        // The server copies the values with append([]string(nil), ...), so an empty list is
        // printed as a nil slice in the error.
        out.push(new_requirement(key, op, values, true)?);
    }
    Ok(out)
}

/// Mirrors `labels.NewRequirement`: validates and builds one requirement. Error paths are
/// relative (`key`, `values[0][app]`) because the server parses with no base path.
pub(super) fn new_requirement(
    key: &str,
    op: Op,
    values: Vec<String>,
    nil_when_empty: bool,
) -> Result<Requirement, String> {
    let mut errs = Vec::new();
    if let Some(e) = key_error(key, "key") {
        errs.push(e);
    }
    let shown = go_string_slice(&values, nil_when_empty);
    match op {
        Op::In | Op::NotIn if values.is_empty() => errs.push(format!(
            "values: Invalid value: {shown}: for 'in', 'notin' operators, values set can't be empty"
        )),
        Op::Equals | Op::DoubleEquals | Op::NotEquals if values.len() != 1 => errs.push(format!(
            "values: Invalid value: {shown}: exact-match compatibility requires one single value"
        )),
        Op::Exists | Op::DoesNotExist if !values.is_empty() => errs.push(format!(
            "values: Invalid value: {shown}: values set must be empty for exists and does not exist"
        )),
        Op::GreaterThan | Op::LessThan => {
            if values.len() != 1 {
                errs.push(format!(
                    "values: Invalid value: {shown}: for 'Gt', 'Lt' operators, exactly one value \
                     is required"
                ));
            }
            for (i, v) in values.iter().enumerate() {
                if v.parse::<i64>().is_err() {
                    errs.push(format!(
                        "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must \
                         be an integer",
                        go_quote(v)
                    ));
                }
            }
        }
        _ => {}
    }
    for (i, v) in values.iter().enumerate() {
        let msgs = label_value_errors(v);
        if !msgs.is_empty() {
            errs.push(format!(
                "values[{i}][{key}]: Invalid value: {}: {}",
                go_quote(v),
                msgs.join("; ")
            ));
        }
    }
    if errs.is_empty() {
        Ok(Requirement {
            key: key.to_owned(),
            op,
            values,
        })
    } else {
        Err(aggregate(errs))
    }
}

pub(super) fn key_error(key: &str, field: &str) -> Option<String> {
    let msgs = qualified_name_errors(key);
    if msgs.is_empty() {
        None
    } else {
        Some(format!(
            "{field}: Invalid value: {}: {}",
            go_quote(key),
            msgs.join("; ")
        ))
    }
}

/// Joins errors the way apimachinery's aggregate does: duplicates dropped, a lone error
/// bare, several in brackets.
fn aggregate(errs: Vec<String>) -> String {
    let mut seen = BTreeSet::new();
    let unique: Vec<String> = errs
        .into_iter()
        .filter(|e| seen.insert(e.clone()))
        .collect();
    if unique.len() == 1 {
        unique.join("")
    } else {
        format!("[{}]", unique.join(", "))
    }
}

// --- lexer -----------------------------------------------------------------------------------

#[cfg(test)]
#[path = "label_tests.rs"]
mod tests;
