//! Counts of the requests the simulated API server handled, by verb and resource, so tests
//! can assert how many requests a client sent (`SimHandle::requests`). Counting only; no
//! decisions.

use std::collections::HashMap;
use std::sync::Mutex;

/// How many requests the server handled, by verb (`get`, `list`, `watch`, `create`, `update`,
/// `patch`, `delete`, `deletecollection`) and resource (`pods`, `deployments/scale`).
#[derive(Debug, Default)]
pub struct RequestCounts(Mutex<HashMap<(&'static str, String), u64>>);

impl RequestCounts {
    pub fn record(&self, verb: &'static str, resource: String) {
        let mut counts = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *counts.entry((verb, resource)).or_default() += 1;
    }

    pub fn get(&self, verb: &str, resource: &str) -> u64 {
        let counts = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        counts
            .iter()
            .filter(|((v, r), _)| *v == verb && r == resource)
            .map(|(_, n)| *n)
            .sum()
    }
}

/// The verb a request is counted under, as the API server's audit log names it.
pub fn verb(method: &hyper::Method, named: bool, watch: bool) -> &'static str {
    use hyper::Method;
    match (method, named) {
        (&Method::GET, false) if watch => "watch",
        (&Method::GET, false) => "list",
        (&Method::GET, true) => "get",
        (&Method::POST, _) => "create",
        (&Method::PUT, _) => "update",
        (&Method::PATCH, _) => "patch",
        (&Method::DELETE, true) => "delete",
        (&Method::DELETE, false) => "deletecollection",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::Method;

    #[test]
    fn requests_are_counted_by_audit_verb_and_resource() {
        let counts = RequestCounts::default();
        counts.record(
            verb(&Method::PATCH, true, false),
            "deployments/scale".into(),
        );
        counts.record(verb(&Method::GET, false, true), "pods".into());
        counts.record(verb(&Method::GET, false, false), "pods".into());
        counts.record(verb(&Method::GET, false, false), "pods".into());
        assert_eq!(counts.get("patch", "deployments/scale"), 1);
        assert_eq!(counts.get("patch", "deployments"), 0);
        assert_eq!(counts.get("watch", "pods"), 1);
        assert_eq!(counts.get("list", "pods"), 2);
        assert_eq!(verb(&Method::DELETE, false, false), "deletecollection");
        assert_eq!(verb(&Method::POST, true, false), "create");
    }
}
