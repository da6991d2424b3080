//! Label and field selectors, parsed and evaluated the way kube-apiserver v1.32 does for
//! `?labelSelector=`, `?fieldSelector=` and for selectors embedded in objects
//! (the `spec.selector` of workloads and of Services).
//!
//! This module owns: the selector grammars, the server's exact wording for malformed
//! selectors and for unsupported field labels, and evaluation of a selector against one
//! object's labels or fields.
//!
//! It must not: do I/O, know how or where objects are stored or indexed, or build HTTP
//! responses. An `Err(String)` from here is the text the server puts in the `message` of a
//! 400 `BadRequest` Status; wrapping it is the caller's job.

use super::names::{go_quote, label_value_errors, qualified_name_errors};
use std::collections::BTreeSet;

use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Label selectors
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
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
struct Requirement {
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
fn new_requirement(
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

fn key_error(key: &str, field: &str) -> Option<String> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Error,
    End,
    ClosedPar,
    Comma,
    Bang,
    DoubleEquals,
    Equals,
    Gt,
    Ident,
    In,
    Lt,
    NotEquals,
    NotIn,
    OpenPar,
}

struct Item {
    tok: Tok,
    lit: String,
}

fn keyword(s: &str) -> Option<Tok> {
    Some(match s {
        ")" => Tok::ClosedPar,
        "," => Tok::Comma,
        "!" => Tok::Bang,
        "==" => Tok::DoubleEquals,
        "=" => Tok::Equals,
        ">" => Tok::Gt,
        "in" => Tok::In,
        "<" => Tok::Lt,
        "!=" => Tok::NotEquals,
        "notin" => Tok::NotIn,
        "(" => Tok::OpenPar,
        _ => return None,
    })
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Tokenises byte-wise like the server, so that the same inputs split the same way and the
/// literals quoted in error messages are identical.
fn lex(s: &str) -> Vec<Item> {
    let bytes = s.as_bytes();
    let mut pos = 0;
    let mut items = Vec::new();
    loop {
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        // The server's lexer reads NUL as end of input.
        if pos >= bytes.len() || bytes[pos] == 0 {
            items.push(Item {
                tok: Tok::End,
                lit: String::new(),
            });
            return items;
        }
        let item = if is_special(bytes[pos]) {
            scan_special(s, &mut pos)
        } else {
            scan_word(s, &mut pos)
        };
        items.push(item);
    }
}

fn scan_word(s: &str, pos: &mut usize) -> Item {
    let bytes = s.as_bytes();
    let start = *pos;
    while *pos < bytes.len()
        && bytes[*pos] != 0
        && !is_special(bytes[*pos])
        && !is_space(bytes[*pos])
    {
        *pos += 1;
    }
    let lit = s[start..*pos].to_owned();
    if *pos < bytes.len() && bytes[*pos] == 0 {
        // A NUL inside a word ends the word and is swallowed, as in the server.
        *pos += 1;
    }
    let tok = keyword(&lit).unwrap_or(Tok::Ident);
    Item { tok, lit }
}

/// Longest run of operator characters that still forms a known operator, e.g. `!=` but
/// `==` + `=` for `===`.
fn scan_special(s: &str, pos: &mut usize) -> Item {
    let bytes = s.as_bytes();
    let start = *pos;
    let mut last: Option<(Tok, usize)> = None;
    while *pos < bytes.len() && is_special(bytes[*pos]) {
        *pos += 1;
        if let Some(tok) = keyword(&s[start..*pos]) {
            last = Some((tok, *pos));
        } else if last.is_some() {
            *pos -= 1;
            break;
        }
    }
    match last {
        Some((tok, end)) => Item {
            tok,
            lit: s[start..end].to_owned(),
        },
        None => Item {
            tok: Tok::Error,
            lit: format!("error expected: keyword found '{}'", &s[start..*pos]),
        },
    }
}

// --- parser ----------------------------------------------------------------------------------

struct Parser {
    items: Vec<Item>,
    pos: usize,
}

/// Inside a value list `in` and `notin` are ordinary words (`a in (in)` is legal).
fn in_context(tok: Tok, values: bool) -> Tok {
    if values && matches!(tok, Tok::In | Tok::NotIn) {
        Tok::Ident
    } else {
        tok
    }
}

impl Parser {
    fn peek(&self, values: bool) -> (Tok, &str) {
        self.items.get(self.pos).map_or((Tok::End, ""), |it| {
            (in_context(it.tok, values), it.lit.as_str())
        })
    }

    fn next(&mut self, values: bool) -> (Tok, String) {
        let (tok, lit) = self.peek(values);
        let lit = lit.to_owned();
        self.pos += 1;
        (tok, lit)
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut out = Vec::new();
        loop {
            let (tok, lit) = self.peek(true);
            match tok {
                Tok::Ident | Tok::Bang => {
                    let r = self
                        .parse_requirement()
                        .map_err(|e| format!("unable to parse requirement: {e}"))?;
                    out.push(r);
                    let (tok, lit) = self.next(true);
                    match tok {
                        Tok::End => return Ok(out),
                        Tok::Comma => {
                            let (tok, lit) = self.peek(true);
                            if tok != Tok::Ident && tok != Tok::Bang {
                                return Err(format!(
                                    "found '{lit}', expected: identifier after ','"
                                ));
                            }
                        }
                        _ => {
                            return Err(format!("found '{lit}', expected: ',' or 'end of string'"));
                        }
                    }
                }
                Tok::End => return Ok(out),
                _ => {
                    return Err(format!(
                        "found '{lit}', expected: !, identifier, or 'end of string'"
                    ));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let (key, op) = self.parse_key_and_infer_operator()?;
        if let Some(op @ (Op::Exists | Op::DoesNotExist)) = op {
            return new_requirement(&key, op, Vec::new(), false);
        }
        let op = self.parse_operator()?;
        let values = match op {
            Op::In | Op::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        new_requirement(&key, op, values, false)
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Op>), String> {
        let mut op = None;
        let (mut tok, mut lit) = self.next(true);
        if tok == Tok::Bang {
            op = Some(Op::DoesNotExist);
            (tok, lit) = self.next(true);
        }
        if tok != Tok::Ident {
            return Err(format!("found '{lit}', expected: identifier"));
        }
        // The server validates the key here with a nil field path, which prints as "<nil>".
        if let Some(e) = key_error(&lit, "<nil>") {
            return Err(e);
        }
        let (next, _) = self.peek(true);
        if matches!(next, Tok::End | Tok::Comma) && op.is_none() {
            op = Some(Op::Exists);
        }
        Ok((lit, op))
    }

    fn parse_operator(&mut self) -> Result<Op, String> {
        let (tok, lit) = self.next(false);
        Ok(match tok {
            Tok::In => Op::In,
            Tok::Equals => Op::Equals,
            Tok::DoubleEquals => Op::DoubleEquals,
            Tok::Gt => Op::GreaterThan,
            Tok::Lt => Op::LessThan,
            Tok::NotIn => Op::NotIn,
            Tok::NotEquals => Op::NotEquals,
            _ => {
                return Err(format!(
                    "found '{lit}', expected: in, notin, =, ==, !=, gt, lt"
                ));
            }
        })
    }

    fn parse_values(&mut self) -> Result<Vec<String>, String> {
        let (tok, lit) = self.next(true);
        if tok != Tok::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.peek(true);
        let lit = lit.to_owned();
        match tok {
            Tok::Ident | Tok::Comma => {
                let set = self.parse_identifiers_list()?;
                let (tok, _) = self.next(true);
                if tok != Tok::ClosedPar {
                    // The server reports the token seen before the list, not the bad one.
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(set.into_iter().collect())
            }
            Tok::ClosedPar => {
                self.next(true);
                Ok(vec![String::new()])
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<String>, String> {
        let mut set = BTreeSet::new();
        loop {
            let (tok, lit) = self.next(true);
            match tok {
                Tok::Ident => {
                    set.insert(lit);
                    let (tok, lit) = self.peek(true);
                    match tok {
                        Tok::Comma => {}
                        Tok::ClosedPar => return Ok(set),
                        _ => return Err(format!("found '{lit}', expected: ',' or ')'")),
                    }
                }
                Tok::Comma => {
                    // Empty items between commas stand for the empty value.
                    if set.is_empty() {
                        set.insert(String::new());
                    }
                    let (tok, _) = self.peek(true);
                    if tok == Tok::ClosedPar {
                        set.insert(String::new());
                        return Ok(set);
                    }
                    if tok == Tok::Comma {
                        self.next(true);
                        set.insert(String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<Vec<String>, String> {
        let (tok, _) = self.peek(true);
        if matches!(tok, Tok::End | Tok::Comma) {
            return Ok(vec![String::new()]);
        }
        let (tok, lit) = self.next(true);
        if tok == Tok::Ident {
            Ok(vec![lit])
        } else {
            Err(format!("found '{lit}', expected: identifier"))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Field selectors
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Name syntax (hand-written equivalents of apimachinery's regexes)
// ---------------------------------------------------------------------------------------------

fn go_string_slice(values: &[String], nil_when_empty: bool) -> String {
    if values.is_empty() && nil_when_empty {
        return "[]string(nil)".to_owned();
    }
    let items: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("[]string{{{}}}", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn sel_matches(sel: &LabelSelector, l: &BTreeMap<String, String>) -> bool {
        sel.matches(&|k| l.get(k).map(String::as_str))
    }

    #[test]
    fn equality_forms_select_like_kubectl_get_l() {
        let web = labels(&[("app", "web"), ("tier", "fe")]);
        let db = labels(&[("app", "db")]);
        for s in ["app=web", "app==web", "app=web,tier=fe"] {
            let sel = LabelSelector::parse(s).unwrap();
            assert!(sel_matches(&sel, &web), "{s}");
            assert!(!sel_matches(&sel, &db), "{s}");
        }
        let ne = LabelSelector::parse("app!=web").unwrap();
        assert!(!sel_matches(&ne, &web));
        assert!(sel_matches(&ne, &db));
        // != also selects objects lacking the label entirely.
        assert!(sel_matches(&ne, &labels(&[])));
    }

    #[test]
    fn set_based_forms_and_whitespace() {
        let prod = labels(&[("env", "prod"), ("tier", "fe")]);
        let dev = labels(&[("env", "dev")]);
        let none = labels(&[]);
        let sel = LabelSelector::parse("  env in ( prod , qa ) ,  tier ").unwrap();
        assert!(sel_matches(&sel, &prod));
        assert!(!sel_matches(&sel, &dev));
        let notin = LabelSelector::parse("env notin (prod)").unwrap();
        assert!(!sel_matches(&notin, &prod));
        assert!(sel_matches(&notin, &dev));
        assert!(sel_matches(&notin, &none));
        let absent = LabelSelector::parse("!tier").unwrap();
        assert!(!sel_matches(&absent, &prod));
        assert!(sel_matches(&absent, &dev));
        let exists = LabelSelector::parse("tier").unwrap();
        assert!(sel_matches(&exists, &prod) && !sel_matches(&exists, &dev));
    }

    #[test]
    fn keywords_are_plain_values_inside_parentheses() {
        let sel = LabelSelector::parse("x in (in,notin)").unwrap();
        assert!(sel_matches(&sel, &labels(&[("x", "notin")])));
    }

    #[test]
    fn gt_lt_compare_integers() {
        let sel = LabelSelector::parse("replicas>2,replicas<10").unwrap();
        assert!(sel_matches(&sel, &labels(&[("replicas", "5")])));
        assert!(!sel_matches(&sel, &labels(&[("replicas", "2")])));
        assert!(!sel_matches(&sel, &labels(&[("replicas", "many")])));
    }

    #[test]
    fn empty_selector_selects_everything() {
        let sel = LabelSelector::parse("").unwrap();
        assert!(sel.is_empty());
        assert!(sel_matches(&sel, &labels(&[])));
        assert!(LabelSelector::parse("   ").unwrap().is_empty());
        assert!(!LabelSelector::parse("a").unwrap().is_empty());
    }

    #[test]
    fn syntax_errors_use_server_wording() {
        let cases = [
            (
                "env in prod",
                "unable to parse requirement: found 'prod' expected: '('",
            ),
            ("a=b c", "found 'c', expected: ',' or 'end of string'"),
            (
                "env in (prod",
                "unable to parse requirement: found '', expected: ',' or ')'",
            ),
            (
                "type=app,versionv1.0.1)",
                "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt",
            ),
            (
                "test-label=====service1",
                "unable to parse requirement: found '==', expected: identifier",
            ),
            (
                ",a",
                "found ',', expected: !, identifier, or 'end of string'",
            ),
            ("a,", "found '', expected: identifier after ','"),
            ("!a=b", "found '=', expected: ',' or 'end of string'"),
        ];
        for (input, want) in cases {
            assert_eq!(LabelSelector::parse(input).unwrap_err(), want, "{input}");
        }
    }

    #[test]
    fn invalid_key_and_value_errors() {
        assert_eq!(
            LabelSelector::parse("-app=x").unwrap_err(),
            "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must \
             consist of alphanumeric characters, '-', '_' or '.', and must start and end with \
             an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex \
             used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        );
        assert_eq!(
            LabelSelector::parse("a=b/c").unwrap_err(),
            "unable to parse requirement: values[0][a]: Invalid value: \"b/c\": a valid label \
             must be an empty string or consist of alphanumeric characters, '-', '_' or '.', \
             and must start and end with an alphanumeric character (e.g. 'MyValue',  or \
             'my_value',  or '12345', regex used for validation is \
             '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        );
    }

    #[test]
    fn match_expressions_from_json() {
        let sel = LabelSelector::from_json(&json!({
            "matchLabels": {"app": "web"},
            "matchExpressions": [
                {"key": "env", "operator": "In", "values": ["prod", "qa"]},
                {"key": "canary", "operator": "DoesNotExist"},
                {"key": "tier", "operator": "Exists"},
                {"key": "zone", "operator": "NotIn", "values": ["b"]}
            ]
        }))
        .unwrap();
        let good = labels(&[("app", "web"), ("env", "qa"), ("tier", "x"), ("zone", "a")]);
        assert!(sel_matches(&sel, &good));
        let mut canary = good.clone();
        canary.insert("canary".into(), "1".into());
        assert!(!sel_matches(&sel, &canary));
        let mut wrong_zone = good;
        wrong_zone.insert("zone".into(), "b".into());
        assert!(!sel_matches(&sel, &wrong_zone));
    }

    #[test]
    fn match_expressions_errors() {
        let bad_op = json!({"matchExpressions": [{"key": "a", "operator": "Foo"}]});
        assert_eq!(
            LabelSelector::from_json(&bad_op).unwrap_err(),
            "\"Foo\" is not a valid label selector operator"
        );
        let no_values = json!({"matchExpressions": [{"key": "a", "operator": "In"}]});
        assert_eq!(
            LabelSelector::from_json(&no_values).unwrap_err(),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set \
             can't be empty"
        );
        let exists_vals =
            json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]});
        assert_eq!(
            LabelSelector::from_json(&exists_vals).unwrap_err(),
            "values: Invalid value: []string{\"x\"}: values set must be empty for exists and \
             does not exist"
        );
    }

    #[test]
    fn service_map_selector_and_null_and_empty() {
        let svc = LabelSelector::from_json(&json!({"app": "web", "tier": "fe"})).unwrap();
        assert!(sel_matches(
            &svc,
            &labels(&[("app", "web"), ("tier", "fe"), ("x", "y")])
        ));
        assert!(!sel_matches(&svc, &labels(&[("app", "web")])));
        let nothing = LabelSelector::from_json(&Value::Null).unwrap();
        assert!(!nothing.is_empty());
        assert!(!sel_matches(&nothing, &labels(&[("app", "web")])));
        let everything = LabelSelector::from_json(&json!({})).unwrap();
        assert!(everything.is_empty());
        assert!(sel_matches(&everything, &labels(&[])));
        // A Service label that happens to be called matchLabels is still a plain map entry.
        let odd = LabelSelector::from_json(&json!({"matchLabels": "x"})).unwrap();
        assert!(sel_matches(&odd, &labels(&[("matchLabels", "x")])));
    }

    fn pod() -> Value {
        json!({
            "kind": "Pod",
            "metadata": {"name": "web-1", "namespace": "shop"},
            "spec": {"nodeName": "node-a", "restartPolicy": "Always"},
            "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.7"}]}
        })
    }

    #[test]
    fn field_selector_nested_paths_booleans_and_not_equal() {
        let p = pod();
        let yes = [
            "metadata.name=web-1",
            "metadata.namespace==shop",
            "spec.nodeName=node-a,status.phase=Running",
            "status.phase!=Pending",
            "spec.hostNetwork=false",
            "status.podIP=10.0.0.7",
            "spec.host=node-a",
            "spec.schedulerName=",
        ];
        for s in yes {
            assert!(FieldSelector::parse(s).unwrap().matches(&p), "{s}");
        }
        let no = [
            "status.phase!=Running",
            "spec.hostNetwork=true",
            "status.podIPs=10.0.0.7",
        ];
        for s in no {
            assert!(!FieldSelector::parse(s).unwrap().matches(&p), "{s}");
        }
        let node =
            json!({"kind": "Node", "metadata": {"name": "n"}, "spec": {"unschedulable": true}});
        assert!(
            FieldSelector::parse("spec.unschedulable=true")
                .unwrap()
                .matches(&node)
        );
        let event = json!({"kind": "Event", "reportingComponent": "kubelet", "source": {}});
        assert!(
            FieldSelector::parse("source=kubelet")
                .unwrap()
                .matches(&event)
        );
    }

    #[test]
    fn field_selector_escapes_and_parse_errors() {
        let obj = json!({"metadata": {"name": "a,b=c"}});
        assert!(
            FieldSelector::parse("metadata.name=a\\,b\\=c")
                .unwrap()
                .matches(&obj)
        );
        assert_eq!(
            FieldSelector::parse("metadata.name").unwrap_err(),
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'"
        );
        assert_eq!(
            FieldSelector::parse("metadata.name=a=b").unwrap_err(),
            "invalid field selector: unescaped character in value: 61"
        );
        assert_eq!(
            FieldSelector::parse("metadata.name=a\\b").unwrap_err(),
            "invalid field selector: invalid escape sequence: \\b"
        );
        assert!(FieldSelector::parse("").unwrap().is_empty());
        assert!(FieldSelector::parse(",").unwrap().is_empty());
    }

    #[test]
    fn unsupported_field_labels_use_server_wording() {
        let foo = FieldSelector::parse("spec.foo=x").unwrap();
        assert_eq!(
            foo.validate_for_kind("Pod").unwrap_err(),
            "field label not supported: spec.foo"
        );
        assert_eq!(
            foo.validate_for_kind("Deployment").unwrap_err(),
            "\"spec.foo\" is not a known field selector: only \"metadata.name\", \
             \"metadata.namespace\""
        );
        let ns = FieldSelector::parse("metadata.namespace=x").unwrap();
        assert!(ns.validate_for_kind("Pod").is_ok());
        assert!(ns.validate_for_kind("ConfigMap").is_ok());
        assert_eq!(
            ns.validate_for_kind("Node").unwrap_err(),
            "field label not supported: metadata.namespace"
        );
        let ev =
            FieldSelector::parse("involvedObject.name=web,type=Warning,reason=BackOff").unwrap();
        assert!(ev.validate_for_kind("Event").is_ok());
        let sec = FieldSelector::parse("type=kubernetes.io/tls").unwrap();
        assert!(sec.validate_for_kind("Secret").is_ok());
        assert!(
            FieldSelector::parse("spec.unschedulable=true")
                .unwrap()
                .validate_for_kind("Node")
                .is_ok()
        );
    }

    #[test]
    fn exact_name_pins_a_single_object() {
        let s = FieldSelector::parse("status.phase=Running,metadata.name=web-1").unwrap();
        assert_eq!(s.exact_name(), Some("web-1"));
        assert_eq!(
            FieldSelector::parse("metadata.name!=web-1")
                .unwrap()
                .exact_name(),
            None
        );
        assert_eq!(FieldSelector::parse("").unwrap().exact_name(), None);
    }
}
