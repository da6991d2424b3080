//! One object by kind and name, as plain JSON (so every kind, Secrets too, takes one path):
//! fetch it, replace it conditionally on its `resourceVersion` (or as a server-side dry run),
//! list its events, and follow it and its events for a live describe view.
//!
//! Knows nothing of views or edit sessions; writes that change the cluster are started by
//! callers through `Mutator`, and a dry run changes nothing.

use std::time::Duration;

use futures::StreamExt as _;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Event, Node, Pod, Secret, Service};
use kube::api::{ApiResource, DynamicObject, ListParams, PostParams};
use kube::runtime::watcher;
use kube::{Api, Client};
use serde_json::Value;

use crate::resources::{ObjKey, ResourceKind};

/// Which object: its API resource, namespace (`None` for cluster-scoped kinds) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    pub resource: ApiResource,
    pub namespace: Option<String>,
    pub name: String,
}

impl ObjectRef {
    /// The object of a pane row.
    pub fn new(kind: ResourceKind, key: &ObjKey) -> Self {
        let resource = match kind {
            ResourceKind::Pod => ApiResource::erase::<Pod>(&()),
            ResourceKind::Deployment => ApiResource::erase::<Deployment>(&()),
            ResourceKind::Service => ApiResource::erase::<Service>(&()),
            ResourceKind::Node => ApiResource::erase::<Node>(&()),
        };
        Self {
            resource,
            namespace: kind.is_namespaced().then(|| key.namespace.to_string()),
            name: key.name.clone(),
        }
    }

    /// A Secret (not a pane of its own; its YAML path masks the values).
    pub fn secret(namespace: &str, name: &str) -> Self {
        Self {
            resource: ApiResource::erase::<Secret>(&()),
            namespace: Some(namespace.to_owned()),
            name: name.to_owned(),
        }
    }

    /// "pod shop/web-1", as the user reads it.
    pub fn label(&self) -> String {
        let kind = self.resource.kind.to_lowercase();
        match &self.namespace {
            Some(ns) => format!("{kind} {ns}/{}", self.name),
            None => format!("{kind} {}", self.name),
        }
    }

    fn api(&self, client: &Client) -> Api<DynamicObject> {
        match &self.namespace {
            Some(ns) => Api::namespaced_with(client.clone(), ns, &self.resource),
            None => Api::all_with(client.clone(), &self.resource),
        }
    }

    /// Sets `apiVersion` and `kind` when the server left them out.
    fn typed(&self, mut value: Value) -> Value {
        if let Some(obj) = value.as_object_mut() {
            obj.entry("apiVersion")
                .or_insert_with(|| Value::String(self.resource.api_version.clone()));
            obj.entry("kind")
                .or_insert_with(|| Value::String(self.resource.kind.clone()));
        }
        value
    }
}

/// The live object.
pub async fn get(client: &Client, target: &ObjectRef) -> Result<Value, kube::Error> {
    let obj = target.api(client).get(&target.name).await?;
    Ok(target.typed(to_json(&obj)?))
}

/// Replaces the object with `obj`; conditional on the `metadata.resourceVersion` it carries.
/// A dry run is validated and admitted by the server but changes nothing.
pub async fn replace(
    client: &Client,
    target: &ObjectRef,
    obj: &Value,
    dry_run: bool,
) -> Result<Value, kube::Error> {
    let data: DynamicObject =
        serde_json::from_value(obj.clone()).map_err(kube::Error::SerdeError)?;
    let params = PostParams {
        dry_run,
        field_manager: Some("kview".to_owned()),
    };
    let replaced = target
        .api(client)
        .replace(&target.name, &params, &data)
        .await?;
    Ok(target.typed(to_json(&replaced)?))
}

/// The events about the object (any order), found the way `kubectl describe` finds them: by
/// the involved object's kind, name, namespace and (when known) uid.
pub async fn events(
    client: &Client,
    target: &ObjectRef,
    uid: Option<&str>,
) -> Result<Vec<Value>, kube::Error> {
    let api: Api<Event> = match &target.namespace {
        Some(ns) => Api::namespaced(client.clone(), ns),
        None => Api::all(client.clone()),
    };
    let list = api
        .list(&ListParams::default().fields(&event_selector(target, uid)))
        .await?;
    list.items.iter().map(to_json).collect()
}

fn event_selector(target: &ObjectRef, uid: Option<&str>) -> String {
    let mut fields = vec![
        format!("involvedObject.kind={}", target.resource.kind),
        format!("involvedObject.name={}", target.name),
    ];
    if let Some(ns) = &target.namespace {
        fields.push(format!("involvedObject.namespace={ns}"));
    }
    if let Some(uid) = uid.filter(|u| !u.is_empty()) {
        fields.push(format!("involvedObject.uid={uid}"));
    }
    fields.join(",")
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, kube::Error> {
    serde_json::to_value(value).map_err(kube::Error::SerdeError)
}

/// The object and its events, or the user-facing reason why not.
pub async fn describe_data(
    client: &Client,
    target: &ObjectRef,
) -> Result<(Value, Vec<Value>), String> {
    let object = get(client, target)
        .await
        .map_err(|e| super::ops::error_text(&e))?;
    let uid = object
        .pointer("/metadata/uid")
        .and_then(Value::as_str)
        .map(str::to_owned);
    // An object whose events cannot be listed is still worth describing.
    let events = events(client, target, uid.as_deref())
        .await
        .unwrap_or_default();
    Ok((object, events))
}

/// How long changes are gathered before the describe view is refreshed once for all of them.
const SETTLE: Duration = Duration::from_millis(250);

/// Sends the object and its events now and again whenever either changes (watched, not
/// polled), until the returned future is dropped.
pub async fn follow_describe(
    client: Client,
    target: ObjectRef,
    send: impl Fn(Result<(Value, Vec<Value>), String>) + Send,
) {
    let first = describe_data(&client, &target).await;
    let uid = first
        .as_ref()
        .ok()
        .and_then(|(o, _)| o.pointer("/metadata/uid").and_then(Value::as_str))
        .map(str::to_owned);
    send(first);
    let object_changes = changes_of(
        target.api(&client),
        watcher::Config::default().fields(&format!("metadata.name={}", target.name)),
    );
    let events_api: Api<Event> = match &target.namespace {
        Some(ns) => Api::namespaced(client.clone(), ns),
        None => Api::all(client.clone()),
    };
    let event_changes = changes_of(
        events_api,
        watcher::Config::default().fields(&event_selector(&target, uid.as_deref())),
    );
    let mut changes = std::pin::pin!(futures::stream::select(object_changes, event_changes));
    while changes.next().await.is_some() {
        // Let a burst settle, then refresh once.
        while let Ok(Some(())) = tokio::time::timeout(SETTLE, changes.next()).await {}
        send(describe_data(&client, &target).await);
    }
}

/// A unit for each change after the watch's initial list (which is what was already sent);
/// failures are retried with backoff and not reported.
fn changes_of<K>(api: Api<K>, config: watcher::Config) -> impl futures::Stream<Item = ()> + Send
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug + Send + 'static,
{
    use kube::runtime::WatchStreamExt as _;
    watcher(api, config)
        .default_backoff()
        .filter_map(|event| async move {
            matches!(
                event,
                Ok(watcher::Event::Apply(_) | watcher::Event::Delete(_))
            )
            .then_some(())
        })
}
