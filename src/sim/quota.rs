//! An optional pod quota per namespace (`kview simulate --quota-pods N`): a scale-up through
//! the `scale` subresource that would take a namespace past N pods is refused with the 403
//! Forbidden `Status` a real API server sends for an exceeded `ResourceQuota`.
//!
//! What counts as used: the replicas every deployment of the namespace asks for, plus the
//! running or pending pods no replicaset owns. Creating pods directly is not checked.

use serde_json::json;

use super::kinds;
use super::status::ApiError;
use super::store::Store;

/// The name the quota is reported under, as a `ResourceQuota` object's name would be.
pub const QUOTA_NAME: &str = "pod-quota";

/// Refuses raising deployment `name` in `namespace` from `from` to `to` replicas when the
/// namespace would then hold more than `limit` pods.
pub fn check_scale(
    store: &Store,
    limit: usize,
    namespace: &str,
    name: &str,
    from: i64,
    to: i64,
) -> Result<(), ApiError> {
    if to <= from {
        return Ok(());
    }
    let used = pods_used(store, namespace);
    let requested = to - from;
    let limited = i64::try_from(limit).unwrap_or(i64::MAX);
    if used + requested <= limited {
        return Ok(());
    }
    Err(ApiError::new(
        403,
        "Forbidden",
        format!(
            "deployments.apps \"{name}\" is forbidden: exceeded quota: {QUOTA_NAME}, \
             requested: pods={requested}, used: pods={used}, limited: pods={limit}"
        ),
        Some(json!({"name": name, "group": "apps", "kind": "deployments"})),
    ))
}

fn pods_used(store: &Store, namespace: &str) -> i64 {
    let (_, deployments) = store.list(kinds::get("Deployment"), Some(namespace));
    let desired: i64 = deployments
        .iter()
        .map(|d| d.value()["spec"]["replicas"].as_i64().unwrap_or(1))
        .sum();
    let (_, pods) = store.list(kinds::get("Pod"), Some(namespace));
    let standalone = pods
        .iter()
        .map(super::store::Obj::value)
        .filter(|p| {
            let owned_by_rs = p["metadata"]["ownerReferences"]
                .as_array()
                .is_some_and(|refs| refs.iter().any(|r| r["kind"] == "ReplicaSet"));
            let done = matches!(p["status"]["phase"].as_str(), Some("Succeeded" | "Failed"));
            !owned_by_rs && !done && p["metadata"].get("deletionTimestamp").is_none()
        })
        .count();
    desired + i64::try_from(standalone).unwrap_or(i64::MAX)
}
