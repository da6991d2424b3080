//! What kview reads of each object off the wire: lean deserialization types with only the
//! fields a row needs. Everything else in the JSON (managedFields, annotations, owner
//! references, container specs, volumes, env, images…) is skipped by the parser without being
//! materialised, which is what makes decoding a watch event cheap.
//!
//! Owns the four wire types (`PodWire`, `DeploymentWire`, `ServiceWire`, `NodeWire`), the lean
//! metadata they share (`Meta`), and the field names as the API spells them.
//!
//! Must not compute anything (the projections in each kind's file do), and must not grow a
//! field that no column, key, filter or the watch itself needs.

use std::fmt;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::de::{self, IgnoredAny};
use serde::{Deserialize, Deserializer};

use super::{Interner, Labels, ObjKey, unix_seconds};

/// The metadata of any object, as kview reads it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "MetaOnWire")]
pub struct Meta {
    /// Only `name`, `namespace`, `resourceVersion`, `generation`, `creationTimestamp` and
    /// `deletionTimestamp` are filled in: the watch needs the version, the rows the rest
    /// (`generation` tells whether a rollout has been observed).
    pub object: ObjectMeta,
    pub labels: Labels,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MetaOnWire {
    name: Option<String>,
    namespace: Option<String>,
    resource_version: Option<String>,
    generation: Option<i64>,
    #[serde(default)]
    labels: Option<Labels>,
    creation_timestamp: Option<Time>,
    deletion_timestamp: Option<Time>,
}

impl Meta {
    /// Moves the name and namespace out, as the row's key.
    pub fn take_key(&mut self, interner: &mut Interner) -> ObjKey {
        ObjKey {
            namespace: interner.get(self.object.namespace.as_deref().unwrap_or_default()),
            name: self.object.name.take().unwrap_or_default(),
        }
    }

    /// Unix seconds of the creation time.
    pub fn created_unix(&self) -> Option<i64> {
        unix_seconds(self.object.creation_timestamp.as_ref())
    }

    pub fn is_deleting(&self) -> bool {
        self.object.deletion_timestamp.is_some()
    }
}

impl From<MetaOnWire> for Meta {
    fn from(m: MetaOnWire) -> Self {
        Self {
            object: ObjectMeta {
                name: m.name,
                namespace: m.namespace,
                resource_version: m.resource_version,
                generation: m.generation,
                creation_timestamp: m.creation_timestamp,
                deletion_timestamp: m.deletion_timestamp,
                ..ObjectMeta::default()
            },
            labels: m.labels.unwrap_or_default(),
        }
    }
}

/// Labels straight from the JSON map into their compact form (no intermediate map).
impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LabelMap;
        impl<'de> de::Visitor<'de> for LabelMap {
            type Value = Labels;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of label keys to values")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Labels, E> {
                Ok(Labels::default())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Labels, A::Error> {
                let mut entries: Vec<(Box<str>, Box<str>)> =
                    Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some(entry) = map.next_entry::<Box<str>, Box<str>>()? {
                    entries.push(entry);
                }
                Ok(Labels::from_entries(entries))
            }
        }
        deserializer.deserialize_any(LabelMap)
    }
}

/// A pod: the containers (counted), sidecar init containers, node, conditions, phase and
/// container statuses that kubectl's READY, STATUS and RESTARTS come from.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct PodWire {
    #[serde(default)]
    pub metadata: Meta,
    pub spec: Option<PodSpecWire>,
    pub status: Option<PodStatusWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpecWire {
    /// Only counted: `IgnoredAny` takes no memory.
    #[serde(default)]
    pub containers: Vec<IgnoredAny>,
    pub init_containers: Option<Vec<InitContainerWire>>,
    pub node_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitContainerWire {
    #[serde(default)]
    pub name: String,
    /// `Always` makes it a sidecar.
    pub restart_policy: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatusWire {
    pub conditions: Option<Vec<ConditionWire>>,
    pub phase: Option<String>,
    pub reason: Option<String>,
    pub init_container_statuses: Option<Vec<ContainerStatusWire>>,
    pub container_statuses: Option<Vec<ContainerStatusWire>>,
    #[serde(rename = "podIP")]
    pub pod_ip: Option<String>,
    #[serde(rename = "podIPs")]
    pub pod_ips: Option<Vec<PodIpWire>>,
}

/// A condition of a pod, deployment or node.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ConditionWire {
    #[serde(rename = "type", default)]
    pub type_: String,
    #[serde(default)]
    pub status: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct PodIpWire {
    #[serde(default)]
    pub ip: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatusWire {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub ready: bool,
    #[serde(default)]
    pub restart_count: i32,
    pub started: Option<bool>,
    pub state: Option<ContainerStateWire>,
    pub last_state: Option<ContainerStateWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ContainerStateWire {
    pub waiting: Option<WaitingWire>,
    /// Only whether it is there.
    pub running: Option<IgnoredAny>,
    pub terminated: Option<TerminatedWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct WaitingWire {
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminatedWire {
    #[serde(default)]
    pub exit_code: i32,
    pub signal: Option<i32>,
    pub reason: Option<String>,
    pub finished_at: Option<Time>,
}

/// A deployment: desired replicas, selector, and the replica counts of its status.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct DeploymentWire {
    #[serde(default)]
    pub metadata: Meta,
    pub spec: Option<DeploymentSpecWire>,
    pub status: Option<DeploymentStatusWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct DeploymentSpecWire {
    pub replicas: Option<i32>,
    pub selector: Option<SelectorWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectorWire {
    pub match_labels: Option<Labels>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatusWire {
    pub replicas: Option<i32>,
    pub observed_generation: Option<i64>,
    pub ready_replicas: Option<i32>,
    pub available_replicas: Option<i32>,
    pub updated_replicas: Option<i32>,
    pub conditions: Option<Vec<ConditionWire>>,
}

/// A service: type, addresses and ports.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ServiceWire {
    #[serde(default)]
    pub metadata: Meta,
    pub spec: Option<ServiceSpecWire>,
    pub status: Option<ServiceStatusWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpecWire {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    #[serde(rename = "clusterIP")]
    pub cluster_ip: Option<String>,
    #[serde(rename = "externalIPs")]
    pub external_ips: Option<Vec<String>>,
    pub external_name: Option<String>,
    pub ports: Option<Vec<ServicePortWire>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePortWire {
    #[serde(default)]
    pub port: i32,
    pub node_port: Option<i32>,
    pub protocol: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceStatusWire {
    pub load_balancer: Option<LoadBalancerWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct LoadBalancerWire {
    pub ingress: Option<Vec<IngressWire>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct IngressWire {
    pub ip: Option<String>,
    pub hostname: Option<String>,
}

/// A node: the Ready condition, cordoning and the kubelet version.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct NodeWire {
    #[serde(default)]
    pub metadata: Meta,
    pub spec: Option<NodeSpecWire>,
    pub status: Option<NodeStatusWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct NodeSpecWire {
    pub unschedulable: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatusWire {
    pub conditions: Option<Vec<ConditionWire>>,
    pub node_info: Option<NodeInfoWire>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfoWire {
    #[serde(default)]
    pub kubelet_version: String,
}

/// Test support: reads `json` as the full k8s-openapi type, writes it back as the API spells
/// it, and reads that as the lean type, so that a misspelt field name in a wire type fails the
/// projection tests instead of silently reading as absent.
#[cfg(test)]
pub(crate) fn through_openapi<Full, Lean>(json: serde_json::Value) -> Lean
where
    Full: serde::de::DeserializeOwned + serde::Serialize,
    Lean: serde::de::DeserializeOwned,
{
    let full: Full = serde_json::from_value(json).unwrap();
    serde_json::from_value(serde_json::to_value(&full).unwrap()).unwrap()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn metadata_keeps_what_rows_and_watches_need_and_nothing_else() {
        let pod: PodWire = serde_json::from_value(json!({
            "metadata": {
                "name": "web-1", "namespace": "prod", "resourceVersion": "42", "uid": "u-1",
                "labels": {"tier": "db", "app": "web"},
                "annotations": {"big": "x"},
                "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:spec": {}}}],
                "ownerReferences": [{"kind": "ReplicaSet", "name": "web", "uid": "r", "apiVersion": "apps/v1"}],
                "creationTimestamp": "2023-11-14T22:13:20Z"
            },
            "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b"}], "nodeName": "n1"},
        }))
        .unwrap();
        let meta = &pod.metadata.object;
        assert_eq!(meta.name.as_deref(), Some("web-1"));
        assert_eq!(meta.namespace.as_deref(), Some("prod"));
        assert_eq!(meta.resource_version.as_deref(), Some("42"));
        assert!(meta.creation_timestamp.is_some());
        assert_eq!(meta.uid, None, "not read");
        assert_eq!(meta.managed_fields, None, "never materialised");
        assert_eq!(meta.annotations, None);
        let labels: Vec<_> = pod.metadata.labels.iter().collect();
        assert_eq!(labels, [("app", "web"), ("tier", "db")], "sorted by key");
        assert_eq!(pod.spec.unwrap().containers.len(), 2);
    }

    #[test]
    fn missing_or_null_parts_read_as_absent() {
        let pod: PodWire =
            serde_json::from_value(json!({"metadata": {"name": "x", "labels": null}})).unwrap();
        assert!(pod.metadata.labels.is_empty());
        assert!(pod.spec.is_none() && pod.status.is_none());
    }

    #[test]
    fn huge_objects_and_fields_from_newer_servers_project_to_the_same_row() {
        let big = "x".repeat(4 << 20);
        let unknown: serde_json::Map<String, serde_json::Value> = (0..2_000)
            .map(|i| {
                (
                    format!("futureField{i}"),
                    json!({"nested": [i, {"deep": big.len()}]}),
                )
            })
            .collect();
        let pod = json!({
            "metadata": {
                "name": "web-1", "namespace": "prod",
                "annotations": {"huge": big},
                "labels": {"app": "web"},
                "someNewMetadata": unknown,
            },
            "spec": {"containers": [{"name": "a", "newKnob": unknown}], "nodeName": "n1", "futureSpec": unknown},
            "status": {"phase": "Running", "futureStatus": [unknown]},
        });
        let lean: PodWire = serde_json::from_value(pod).unwrap();
        assert!(
            lean.metadata.object.annotations.is_none(),
            "the 4 MiB value is skipped"
        );
        let row = crate::resources::pod::project(lean, &mut crate::resources::Interner::new());
        assert_eq!(row.key.name, "web-1");
        assert_eq!(&*row.status, "Running");
        assert_eq!(&*row.node, "n1");
        assert_eq!(row.labels.iter().count(), 1);
    }
}
