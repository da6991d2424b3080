//! Draining a node as `kubectl drain --ignore-daemonsets` does: cordon it, then evict its pods
//! through `pods/eviction` (so the API server enforces `PodDisruptionBudgets`, answering 429
//! while one blocks; kview waits and retries) and wait, on a watch, until they are gone.
//!
//! What is skipped, and said so: `DaemonSet` pods (their controller would put them straight
//! back), mirror pods (the kubelet owns them) and pods without a controller (nothing would
//! recreate them; kubectl refuses those without `--force`). When the cluster serves no
//! `PodDisruptionBudgets`, the outcome says that none were checked.
//!
//! Must not know about panes; it reports through `Progress` and its outcome text.

use std::collections::HashSet;
use std::time::Duration;

use futures::StreamExt as _;
use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::{EvictParams, ListParams};
use kube::runtime::watcher::{self, Event};
use kube::{Api, Client};

use super::actions::set_unschedulable;
use super::ops::{Progress, error_text};

/// How long an eviction blocked by a `PodDisruptionBudget` is retried.
const EVICTION_PATIENCE: Duration = Duration::from_secs(300);
/// Pause between eviction attempts while a `PodDisruptionBudget` blocks.
const EVICTION_RETRY: Duration = Duration::from_secs(5);
/// How long evicted pods may take to terminate.
const TERMINATION_WAIT: Duration = Duration::from_secs(300);

const MIRROR_ANNOTATION: &str = "kubernetes.io/config.mirror";

/// Why a pod on the node is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    DaemonSet,
    Mirror,
    Unmanaged,
}

/// What drain does with one pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    Evict,
    /// Already terminating: only wait for it.
    Wait,
    Skip(Skip),
}

/// Decides what drain does with `pod`.
pub fn plan(pod: &Pod) -> Plan {
    let meta = &pod.metadata;
    if meta
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key(MIRROR_ANNOTATION))
    {
        return Plan::Skip(Skip::Mirror);
    }
    let controller = meta
        .owner_references
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|o| o.controller == Some(true));
    match controller {
        Some(o) if o.kind == "DaemonSet" => Plan::Skip(Skip::DaemonSet),
        None => Plan::Skip(Skip::Unmanaged),
        Some(_) if meta.deletion_timestamp.is_some() => Plan::Wait,
        Some(_) => Plan::Evict,
    }
}

/// Cordons `node`, evicts its pods and waits until they are gone.
pub async fn drain(client: Client, node: &str, progress: &Progress) -> Result<String, String> {
    let nodes: Api<Node> = Api::all(client.clone());
    let current = nodes.get(node).await.map_err(|e| error_text(&e))?;
    if current.spec.as_ref().and_then(|s| s.unschedulable) != Some(true) {
        set_unschedulable(&nodes, node, true).await?;
    }
    progress.update(format!("node {node} cordoned; listing its pods"));
    let pods: Api<Pod> = Api::all(client.clone());
    let on_node = ListParams::default().fields(&format!("spec.nodeName={node}"));
    let listed = pods.list(&on_node).await.map_err(|e| error_text(&e))?;
    let mut to_evict = Vec::new();
    let mut waiting = HashSet::new();
    let mut skipped: Vec<(Skip, String)> = Vec::new();
    for pod in &listed.items {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let namespace = pod.metadata.namespace.clone().unwrap_or_default();
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        match plan(pod) {
            Plan::Evict => to_evict.push((namespace, name, uid)),
            Plan::Wait => {
                waiting.insert(uid);
            }
            Plan::Skip(why) => skipped.push((why, format!("{namespace}/{name}"))),
        }
    }
    let pdbs_served = serves_pod_disruption_budgets(&client).await;
    let total = to_evict.len();
    let mut failures = Vec::new();
    for (i, (namespace, name, uid)) in to_evict.into_iter().enumerate() {
        progress.update(format!("evicting {}/{total}: {namespace}/{name}", i + 1));
        let api: Api<Pod> = Api::namespaced(client.clone(), &namespace);
        match evict(&api, &name, progress).await {
            Ok(()) => {
                waiting.insert(uid);
            }
            Err(message) => failures.push(format!("{namespace}/{name}: {message}")),
        }
    }
    if !waiting.is_empty() {
        progress.update(format!(
            "waiting for {} pods to terminate on {node}",
            waiting.len()
        ));
        let gone = wait_until_gone(pods, on_node_config(node), waiting);
        if tokio::time::timeout(TERMINATION_WAIT, gone).await.is_err() {
            failures.push(format!(
                "pods still terminating after {}s",
                TERMINATION_WAIT.as_secs()
            ));
        }
    }
    let evicted = total - failures.len().min(total);
    let summary = summary(node, evicted, &skipped, pdbs_served);
    if failures.is_empty() {
        Ok(summary)
    } else {
        Err(format!(
            "{summary}; not drained: {} (the node stays cordoned)",
            failures.join("; ")
        ))
    }
}

fn on_node_config(node: &str) -> watcher::Config {
    watcher::Config::default().fields(&format!("spec.nodeName={node}"))
}

/// Evicts one pod, retrying while a `PodDisruptionBudget` refuses (429).
async fn evict(api: &Api<Pod>, name: &str, progress: &Progress) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + EVICTION_PATIENCE;
    loop {
        match api.evict(name, &EvictParams::default()).await {
            Ok(_) => return Ok(()),
            // Gone already: nothing to evict.
            Err(kube::Error::Api(s)) if s.code == 404 => return Ok(()),
            Err(kube::Error::Api(s)) if s.code == 429 && tokio::time::Instant::now() < deadline => {
                progress.update(format!(
                    "eviction of {name} blocked, retrying: {}",
                    s.message
                ));
                tokio::time::sleep(EVICTION_RETRY).await;
            }
            Err(e) => return Err(error_text(&e)),
        }
    }
}

/// Resolves once none of `uids` is left among the pods the watch sees.
async fn wait_until_gone(api: Api<Pod>, config: watcher::Config, mut uids: HashSet<String>) {
    let mut events = std::pin::pin!(watcher::watcher(api, config));
    let mut relisted: Option<HashSet<String>> = None;
    while !uids.is_empty() {
        let Some(event) = events.next().await else {
            return;
        };
        let Ok(event) = event else {
            // The watcher retries by itself; a failed attempt is not an answer.
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        let uid_of = |p: &Pod| p.metadata.uid.clone().unwrap_or_default();
        match event {
            Event::Delete(p) => {
                uids.remove(&uid_of(&p));
            }
            Event::Init => relisted = Some(HashSet::new()),
            Event::InitApply(p) => {
                if let Some(seen) = relisted.as_mut() {
                    seen.insert(uid_of(&p));
                }
            }
            Event::InitDone => {
                if let Some(seen) = relisted.take() {
                    uids.retain(|u| seen.contains(u));
                }
            }
            Event::Apply(_) => {}
        }
    }
}

async fn serves_pod_disruption_budgets(client: &Client) -> bool {
    client
        .list_api_group_resources("policy/v1")
        .await
        .is_ok_and(|list| {
            list.resources
                .iter()
                .any(|r| r.name == "poddisruptionbudgets")
        })
}

/// "drained node w-2: evicted 4 pods; skipped 1 `DaemonSet` pod (kube-system/proxy-x); …"
pub fn summary(node: &str, evicted: usize, skipped: &[(Skip, String)], pdbs: bool) -> String {
    let mut text = format!("drained node {node}: evicted {}", pods(evicted));
    for why in [Skip::DaemonSet, Skip::Mirror, Skip::Unmanaged] {
        let names: Vec<&str> = skipped
            .iter()
            .filter(|(w, _)| *w == why)
            .map(|(_, n)| n.as_str())
            .collect();
        let n = names.len();
        let what = match why {
            Skip::DaemonSet => format!("{n} DaemonSet {}", plural(n)),
            Skip::Mirror => format!("{n} mirror {}", plural(n)),
            Skip::Unmanaged => format!(
                "{} without a controller (nothing would recreate them)",
                pods(n)
            ),
        };
        if n > 0 {
            text.push_str(&format!("; skipped {what}: {}", names.join(", ")));
        }
    }
    if !pdbs {
        text.push_str("; PodDisruptionBudgets not checked: this cluster does not serve them");
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "pod" } else { "pods" }
}

fn pods(n: usize) -> String {
    format!("{n} {}", plural(n))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pod(meta: serde_json::Value) -> Pod {
        serde_json::from_value(json!({"metadata": meta})).unwrap()
    }

    fn owner(kind: &str) -> serde_json::Value {
        json!([{"apiVersion": "apps/v1", "kind": kind, "name": "x", "uid": "u", "controller": true}])
    }

    #[test]
    fn drain_plans_like_kubectl_with_ignore_daemonsets() {
        assert_eq!(
            plan(&pod(json!({"ownerReferences": owner("ReplicaSet")}))),
            Plan::Evict
        );
        assert_eq!(
            plan(&pod(json!({"ownerReferences": owner("DaemonSet")}))),
            Plan::Skip(Skip::DaemonSet)
        );
        assert_eq!(
            plan(&pod(json!({"annotations": {MIRROR_ANNOTATION: "abc"}}))),
            Plan::Skip(Skip::Mirror)
        );
        assert_eq!(plan(&pod(json!({}))), Plan::Skip(Skip::Unmanaged));
        assert_eq!(
            plan(&pod(json!({"ownerReferences": owner("Job"),
                             "deletionTimestamp": "2024-01-01T00:00:00Z"}))),
            Plan::Wait
        );
    }

    #[test]
    fn summary_names_what_was_skipped_and_whether_budgets_were_checked() {
        let skipped = vec![
            (Skip::DaemonSet, "kube-system/proxy-a".to_owned()),
            (Skip::Unmanaged, "default/bare".to_owned()),
        ];
        let text = summary("w-2", 4, &skipped, false);
        assert_eq!(
            text,
            "drained node w-2: evicted 4 pods; skipped 1 DaemonSet pod: kube-system/proxy-a; \
             skipped 1 pod without a controller (nothing would recreate them): default/bare; \
             PodDisruptionBudgets not checked: this cluster does not serve them"
        );
        assert_eq!(
            summary("w-1", 1, &[], true),
            "drained node w-1: evicted 1 pod"
        );
    }
}
