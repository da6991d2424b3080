//! The object actions a user starts from a row: scale (through the `scale` subresource),
//! rollout restart (the pod template annotation kubectl sets), delete (waiting until the object
//! is gone), cordon, uncordon and drain (in `drain`). Each runs through `Mutator::start`, so
//! read-only mode refuses it and its progress and outcome are reported, with the API's
//! `Status.message` when it fails.
//!
//! Owns what each action sends and the words of its outcome. Must not know about panes or
//! decide when an action runs (coalescing and confirmations are `state`'s business).

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Node, Pod, Service};
use kube::api::{DeleteParams, Patch, PatchParams};
use kube::runtime::wait::{await_condition, conditions};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;
use serde_json::json;

use super::drain;
use super::ops::{Mutator, Progress, error_text};
use crate::resources::{ObjKey, ResourceKind};

/// The field manager kview's changes are recorded under.
pub const FIELD_MANAGER: &str = "kview";

/// The pod template annotation `kubectl rollout restart` sets; a new value is a new template.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// How long a delete waits for a terminating object to disappear before it stops watching.
const DELETE_WAIT: Duration = Duration::from_secs(120);

/// A change to one object of the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    Scale { key: ObjKey, replicas: i32 },
    Restart { key: ObjKey },
    Delete { kind: ResourceKind, key: ObjKey },
    Cordon { node: String },
    Uncordon { node: String },
    Drain { node: String },
}

impl Mutation {
    /// What the user asked for, as the recent-actions list and the toasts say it.
    pub fn label(&self) -> String {
        match self {
            Self::Scale { key, replicas } => format!("scale deployment {key} to {replicas}"),
            Self::Restart { key } => format!("restart deployment {key}"),
            Self::Delete { kind, key } => format!("delete {} {key}", kind.singular()),
            Self::Cordon { node } => format!("cordon node {node}"),
            Self::Uncordon { node } => format!("uncordon node {node}"),
            Self::Drain { node } => format!("drain node {node}"),
        }
    }
}

/// Starts `mutation` through the mutator; returns the operation's id.
pub fn start(mutator: &Mutator, mutation: Mutation) -> u64 {
    let label = mutation.label();
    mutator.start(label, move |client, progress| async move {
        match mutation {
            Mutation::Scale { key, replicas } => scale(client, key, replicas).await,
            Mutation::Restart { key } => restart(client, key).await,
            Mutation::Delete { kind, key } => delete(client, kind, key, progress).await,
            Mutation::Cordon { node } => cordon(client, &node, true).await,
            Mutation::Uncordon { node } => cordon(client, &node, false).await,
            Mutation::Drain { node } => drain::drain(client, &node, &progress).await,
        }
    })
}

fn params() -> PatchParams {
    PatchParams {
        field_manager: Some(FIELD_MANAGER.to_owned()),
        ..PatchParams::default()
    }
}

/// Sets a deployment's replicas through its `scale` subresource.
pub async fn scale(client: Client, key: ObjKey, replicas: i32) -> Result<String, String> {
    let api: Api<Deployment> = Api::namespaced(client, &key.namespace);
    let patch = json!({"spec": {"replicas": replicas}});
    api.patch_scale(&key.name, &params(), &Patch::Merge(&patch))
        .await
        .map_err(|e| error_text(&e))?;
    Ok(format!("scaled deployment {key} to {replicas}"))
}

/// Restarts a deployment's pods as `kubectl rollout restart` does: a new value of the
/// `restartedAt` template annotation makes a new template, which the controller rolls out.
pub async fn restart(client: Client, key: ObjKey) -> Result<String, String> {
    let api: Api<Deployment> = Api::namespaced(client, &key.namespace);
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let patch = json!({"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: now}}}}});
    api.patch(&key.name, &params(), &Patch::Strategic(&patch))
        .await
        .map_err(|e| error_text(&e))?;
    Ok(format!(
        "restarted deployment {key}: its pods are being replaced"
    ))
}

/// Deletes an object (background propagation: a deployment's replicasets and pods follow),
/// then waits until it is gone, reporting while it terminates.
pub async fn delete(
    client: Client,
    kind: ResourceKind,
    key: ObjKey,
    progress: Progress,
) -> Result<String, String> {
    let what = format!("{} {key}", kind.singular());
    let (ns, name) = (&*key.namespace, key.name.as_str());
    match kind {
        ResourceKind::Pod => {
            delete_and_wait(Api::<Pod>::namespaced(client, ns), name, &what, &progress).await
        }
        ResourceKind::Deployment => {
            let api = Api::<Deployment>::namespaced(client, ns);
            delete_and_wait(api, name, &what, &progress).await
        }
        ResourceKind::Service => {
            delete_and_wait(
                Api::<Service>::namespaced(client, ns),
                name,
                &what,
                &progress,
            )
            .await
        }
        ResourceKind::Node => {
            delete_and_wait(Api::<Node>::all(client), name, &what, &progress).await
        }
    }
}

async fn delete_and_wait<K>(
    api: Api<K>,
    name: &str,
    what: &str,
    progress: &Progress,
) -> Result<String, String>
where
    K: Resource + Clone + std::fmt::Debug + DeserializeOwned + Send + 'static,
{
    let answer = api
        .delete(name, &DeleteParams::background())
        .await
        .map_err(|e| error_text(&e))?;
    // The API answers with the object while it terminates, or with a Status once it is gone.
    let Some(object) = answer.left() else {
        return Ok(format!("deleted {what}"));
    };
    if object.meta().deletion_timestamp.is_none() {
        return Ok(format!("deleted {what}"));
    }
    let grace = object
        .meta()
        .deletion_grace_period_seconds
        .map(|s| format!(" (grace period {s}s)"))
        .unwrap_or_default();
    progress.update(format!("{what} is terminating{grace}"));
    let uid = object.meta().uid.clone().unwrap_or_default();
    let gone = await_condition(api, name, conditions::is_deleted(&uid));
    match tokio::time::timeout(DELETE_WAIT, gone).await {
        Ok(Ok(_)) => Ok(format!("deleted {what}")),
        Ok(Err(e)) => Ok(format!(
            "deletion of {what} accepted; could not watch it go: {e}"
        )),
        Err(_) => Ok(format!(
            "deletion of {what} accepted; still terminating after {}s",
            DELETE_WAIT.as_secs()
        )),
    }
}

/// Marks a node (un)schedulable, as `kubectl cordon`/`uncordon` do.
pub async fn cordon(client: Client, node: &str, unschedulable: bool) -> Result<String, String> {
    let api: Api<Node> = Api::all(client);
    let verb = if unschedulable {
        "cordoned"
    } else {
        "uncordoned"
    };
    let current = api.get(node).await.map_err(|e| error_text(&e))?;
    let already = current.spec.as_ref().and_then(|s| s.unschedulable) == Some(true);
    if already == unschedulable {
        return Ok(format!("node {node} already {verb}"));
    }
    set_unschedulable(&api, node, unschedulable).await?;
    Ok(format!("node {node} {verb}"))
}

pub(super) async fn set_unschedulable(
    api: &Api<Node>,
    node: &str,
    unschedulable: bool,
) -> Result<(), String> {
    let patch = json!({"spec": {"unschedulable": unschedulable}});
    api.patch(node, &params(), &Patch::Strategic(&patch))
        .await
        .map(|_| ())
        .map_err(|e| error_text(&e))
}
