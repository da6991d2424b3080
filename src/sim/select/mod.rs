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
//!
//! Label selectors live in `label` (grammar in `label_parser`), field selectors in `field`;
//! this file re-exports both and keeps the Go formatting they share.

mod field;
mod label;
mod label_parser;

pub use field::FieldSelector;
pub use label::LabelSelector;

use crate::sim::names::go_quote;

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
