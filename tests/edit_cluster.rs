//! The object path of the YAML, describe and edit features against the in-process simulated
//! cluster, through a written kubeconfig as a user's client would be pointed at it: fetching
//! any kind (Secrets masked in the view), conditional replace with real 409s, dry runs that
//! change nothing, real 422s for invalid labels and immutable pod fields, events by field
//! selector, and describe following the object as it changes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{ListParams, Patch, PatchParams};
use kview::cluster::object::{self, ObjectRef};
use kview::manifest::edit::{editable, to_send};
use kview::manifest::yaml::{YamlOptions, view_text};
use kview::resources::{ObjKey, ResourceKind};
use serde_json::{Value, json};

async fn a_pod(client: &kube::Client, prefix: &str) -> ObjKey {
    let pods: kube::Api<Pod> = kube::Api::namespaced(client.clone(), "shop");
    let list = pods.list(&ListParams::default()).await.unwrap();
    let pod = list
        .items
        .into_iter()
        .find(|p| {
            p.metadata
                .name
                .as_deref()
                .is_some_and(|n| n.starts_with(prefix))
        })
        .expect("a pod");
    ObjKey::new("shop", pod.metadata.name.unwrap())
}

fn status_of(err: &kube::Error) -> (u16, String) {
    match err {
        kube::Error::Api(s) => (s.code, s.message.clone()),
        other => panic!("not an API error: {other}"),
    }
}

#[tokio::test]
async fn replace_is_conditional_on_the_version_read_and_dry_runs_change_nothing() {
    let cluster = common::cluster(30).await;
    let client = cluster.client().await;
    let key = a_pod(&client, "frontend-").await;
    let target = ObjectRef::new(ResourceKind::Pod, &key);
    let live = object::get(&client, &target).await.unwrap();
    assert_eq!(live["kind"], "Pod");
    assert_eq!(live["apiVersion"], "v1");
    let read = editable(&live);
    let mut edited = read.value.clone();
    edited["metadata"]["labels"]["reviewed"] = json!("yes");
    let body = to_send(&edited, read.resource_version.as_deref());

    let dry = object::replace(&client, &target, &body, true)
        .await
        .unwrap();
    assert_eq!(dry["metadata"]["labels"]["reviewed"], "yes");
    let after_dry = object::get(&client, &target).await.unwrap();
    assert_eq!(
        after_dry["metadata"]["resourceVersion"],
        live["metadata"]["resourceVersion"]
    );
    assert!(
        after_dry["metadata"]["labels"].get("reviewed").is_none(),
        "dry run stored nothing"
    );

    // Someone else changes the pod: the edit read before that is refused, not applied.
    let pods: kube::Api<Pod> = kube::Api::namespaced(client.clone(), "shop");
    let other = json!({"metadata": {"labels": {"owner": "someone-else"}}});
    pods.patch(&key.name, &PatchParams::default(), &Patch::Merge(&other))
        .await
        .unwrap();
    let err = object::replace(&client, &target, &body, true)
        .await
        .unwrap_err();
    assert_eq!(status_of(&err).0, 409, "dry run sees the conflict too");
    let err = object::replace(&client, &target, &body, false)
        .await
        .unwrap_err();
    let (code, message) = status_of(&err);
    assert_eq!(code, 409);
    assert!(
        message.contains("the object has been modified"),
        "{message}"
    );
    let now = object::get(&client, &target).await.unwrap();
    assert_eq!(now["metadata"]["labels"]["owner"], "someone-else");
    assert!(now["metadata"]["labels"].get("reviewed").is_none());

    // Read again, the same edit applies.
    let reread = editable(&now);
    let mut edited = reread.value.clone();
    edited["metadata"]["labels"]["reviewed"] = json!("yes");
    let body = to_send(&edited, reread.resource_version.as_deref());
    let applied = object::replace(&client, &target, &body, false)
        .await
        .unwrap();
    assert_eq!(applied["metadata"]["labels"]["reviewed"], "yes");
    assert_eq!(applied["metadata"]["labels"]["owner"], "someone-else");
    assert!(
        applied["status"]["phase"].is_string(),
        "status is the server's"
    );
}

#[tokio::test]
async fn invalid_labels_and_immutable_pod_fields_are_real_422s() {
    let cluster = common::cluster(30).await;
    let client = cluster.client().await;
    let key = a_pod(&client, "cart-").await;
    let target = ObjectRef::new(ResourceKind::Pod, &key);
    let read = editable(&object::get(&client, &target).await.unwrap());
    let rv = read.resource_version.as_deref();

    let mut bad_label = read.value.clone();
    bad_label["metadata"]["labels"]["tier"] = json!("not valid!");
    let err = object::replace(&client, &target, &to_send(&bad_label, rv), true)
        .await
        .unwrap_err();
    let (code, message) = status_of(&err);
    assert_eq!(code, 422, "{message}");
    assert!(
        message.contains("metadata.labels: Invalid value: \"not valid!\""),
        "{message}"
    );

    let mut renamed = read.value.clone();
    renamed["spec"]["containers"][0]["name"] = json!("renamed");
    let err = object::replace(&client, &target, &to_send(&renamed, rv), true)
        .await
        .unwrap_err();
    let (code, message) = status_of(&err);
    assert_eq!(code, 422, "{message}");
    assert!(
        message.contains("is invalid: spec: Forbidden: pod updates may not change fields"),
        "{message}"
    );

    // An image is one of the few things a pod update may change.
    let mut new_image = read.value.clone();
    new_image["spec"]["containers"][0]["image"] = json!("ghcr.io/acme/cart:9.9");
    object::replace(&client, &target, &to_send(&new_image, rv), true)
        .await
        .unwrap();
}

#[tokio::test]
async fn secrets_are_fetched_like_any_object_and_masked_in_the_view() {
    let cluster = common::cluster(30).await;
    let client = cluster.client().await;
    let secret = object::get(&client, &ObjectRef::secret("shop", "db-credentials"))
        .await
        .unwrap();
    assert_eq!(secret["kind"], "Secret");
    let masked = view_text(&secret, YamlOptions::default());
    assert!(
        masked.contains("password: '<hidden: 15 bytes>'"),
        "{masked}"
    );
    assert!(!masked.contains("czNjcjN0"), "{masked}");
    let shown = view_text(
        &secret,
        YamlOptions {
            reveal_secrets: true,
            ..YamlOptions::default()
        },
    );
    assert!(shown.contains("password: s3cr3t-password"), "{shown}");
}

#[tokio::test]
async fn events_are_found_by_the_involved_object() {
    use k8s_openapi::api::core::v1::Event;
    let cluster = common::cluster(30).await;
    let client = cluster.client().await;
    let all: kube::Api<Event> = kube::Api::all(client.clone());
    let all = all.list(&ListParams::default()).await.unwrap().items;
    let about_pod = |e: &&Event| e.involved_object.kind.as_deref() == Some("Pod");
    let first = all.iter().find(about_pod).expect("an event about a pod");
    let key = ObjKey::new(
        first.involved_object.namespace.clone().unwrap(),
        first.involved_object.name.clone().unwrap(),
    );
    let expected = all
        .iter()
        .filter(about_pod)
        .filter(|e| e.involved_object.name.as_deref() == Some(key.name.as_str()))
        .count();
    let target = ObjectRef::new(ResourceKind::Pod, &key);
    let (pod, events) = object::describe_data(&client, &target).await.unwrap();
    assert_eq!(pod["metadata"]["name"], key.name.as_str());
    assert_eq!(events.len(), expected, "exactly this pod's events");
    assert!(events.len() < all.len());
    for e in &events {
        assert_eq!(e["involvedObject"]["name"], key.name.as_str());
        assert_eq!(e["involvedObject"]["kind"], "Pod");
    }
}

#[tokio::test]
async fn describe_follows_changes_to_the_object() {
    let cluster = common::cluster(30).await;
    let client = cluster.client().await;
    let key = a_pod(&client, "frontend-").await;
    let target = ObjectRef::new(ResourceKind::Pod, &key);
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let sink = seen.clone();
    let follower = tokio::spawn(object::follow_describe(client.clone(), target, move |r| {
        sink.lock().unwrap().push(r.unwrap().0);
    }));
    common::eventually("the first description", Duration::from_secs(10), || {
        let n = seen.lock().unwrap().len();
        async move { (n >= 1).then_some(()) }
    })
    .await;
    let pods: kube::Api<Pod> = kube::Api::namespaced(client.clone(), "shop");
    let change = json!({"metadata": {"labels": {"watched": "yes"}}});
    pods.patch(&key.name, &PatchParams::default(), &Patch::Merge(&change))
        .await
        .unwrap();
    common::eventually("a refreshed description", Duration::from_secs(15), || {
        let last = seen.lock().unwrap().last().cloned();
        async move { last.filter(|p| p["metadata"]["labels"]["watched"] == "yes") }
    })
    .await;
    follower.abort();
}
