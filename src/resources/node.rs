//! Nodes as compact rows: NAME STATUS ROLES AGE VERSION, as `kubectl get nodes`.
//!
//! Owns the projection `NodeWire -> NodeRow`: STATUS from the Ready condition plus
//! `SchedulingDisabled` for cordoned nodes, ROLES from the `node-role.kubernetes.io/*` and
//! `kubernetes.io/role` labels.
//!
//! Must not keep the `Node` object.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::Interner;
use super::wire::NodeWire;
use super::{Column, Labels, ObjKey, ResourceKind, Row, SortKey, StatusClass, age_cell};
use crate::sanitize::sanitize;

const NODE_ROLE_PREFIX: &str = "node-role.kubernetes.io/";
const NODE_ROLE_LABEL: &str = "kubernetes.io/role";

/// What the nodes pane shows of one node.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NodeRow {
    pub key: ObjKey,
    /// `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled` when cordoned.
    pub status: Box<str>,
    /// Sorted roles joined by commas; empty when none.
    pub roles: Box<str>,
    pub version: Box<str>,
    pub created_unix: Option<i64>,
    pub status_class: StatusClass,
    pub labels: Labels,
}

/// Column indexes of `NodeRow::columns()`.
pub mod col {
    pub const NAME: usize = 0;
    pub const STATUS: usize = 1;
    pub const ROLES: usize = 2;
    pub const AGE: usize = 3;
    pub const VERSION: usize = 4;
}

const COLUMNS: &[Column] = &[
    Column::new("NAME", 0).cut_to(12),
    Column::new("STATUS", 0).cut_to(9),
    Column::new("ROLES", 2).cut_to(8),
    Column::new("AGE", 1),
    Column::new("VERSION", 3),
];

impl Row for NodeRow {
    const KIND: ResourceKind = ResourceKind::Node;

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn status_column() -> Option<usize> {
        Some(col::STATUS)
    }

    fn key(&self) -> &ObjKey {
        &self.key
    }

    fn cell(&self, column: usize, now_unix: i64) -> Cow<'_, str> {
        match column {
            col::NAME => sanitize(&self.key.name),
            col::STATUS => sanitize(&self.status),
            col::ROLES => super::pod::none_if_empty(&self.roles),
            col::AGE => age_cell(self.created_unix, now_unix),
            col::VERSION => sanitize(&self.version),
            _ => Cow::Borrowed(""),
        }
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            col::STATUS => SortKey::Text(&self.status),
            col::ROLES => SortKey::Text(&self.roles),
            col::AGE => SortKey::Int(self.created_unix.map_or(i64::MIN, |c| -c)),
            col::VERSION => SortKey::Text(&self.version),
            _ => SortKey::Text(&self.key.name),
        }
    }

    fn labels(&self) -> &Labels {
        &self.labels
    }

    fn any_filter_text(&self, matches: &mut dyn FnMut(&str) -> bool) -> bool {
        matches(&self.key.name) || matches(&self.status) || matches(&self.roles)
    }

    fn status_class(&self) -> StatusClass {
        self.status_class
    }
}

/// Projects a node into its row.
pub fn project(mut node: NodeWire, interner: &mut Interner) -> NodeRow {
    let key = node.metadata.take_key(interner);
    let labels = std::mem::take(&mut node.metadata.labels);
    let ready = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .and_then(|conditions| conditions.iter().find(|c| c.type_ == "Ready"));
    let (mut status, mut class) = match ready.map(|c| c.status.as_str()) {
        Some("True") => ("Ready".to_owned(), StatusClass::Running),
        Some(_) => ("NotReady".to_owned(), StatusClass::Failed),
        None => ("Unknown".to_owned(), StatusClass::Unknown),
    };
    if node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
        status.push_str(",SchedulingDisabled");
        if class == StatusClass::Running {
            class = StatusClass::Pending;
        }
    }
    if node.metadata.is_deleting() {
        class = StatusClass::Terminating;
    }
    let roles: BTreeSet<&str> = labels
        .iter()
        .filter_map(|(k, v)| match k.strip_prefix(NODE_ROLE_PREFIX) {
            Some(role) if !role.is_empty() => Some(role),
            None if k == NODE_ROLE_LABEL && !v.is_empty() => Some(v),
            _ => None,
        })
        .collect();
    let roles = roles.into_iter().collect::<Vec<_>>().join(",");
    NodeRow {
        key,
        status: status.into(),
        roles: roles.into(),
        version: node
            .status
            .as_ref()
            .and_then(|s| s.node_info.as_ref())
            .map(|i| i.kubelet_version.as_str())
            .unwrap_or_default()
            .into(),
        created_unix: node.metadata.created_unix(),
        status_class: class,
        labels,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::resources::wire::through_openapi;

    const NOW: i64 = 1_700_000_000;

    fn node(labels: &serde_json::Value, unschedulable: bool, ready: Option<&str>) -> NodeRow {
        let created = jiff::Timestamp::from_second(NOW - 120 * 86400).unwrap();
        let conditions: Vec<serde_json::Value> = ready
            .map(|r| json!({"type": "Ready", "status": r}))
            .into_iter()
            .collect();
        project(
            through_openapi::<k8s_openapi::api::core::v1::Node, _>(json!({
                "metadata": {"name": "node-1", "labels": *labels, "creationTimestamp": created.to_string()},
                "spec": {"unschedulable": unschedulable},
                "status": {"conditions": conditions, "nodeInfo": {
                    "kubeletVersion": "v1.32.1", "architecture": "", "bootID": "",
                    "containerRuntimeVersion": "", "kernelVersion": "", "kubeProxyVersion": "",
                    "machineID": "", "operatingSystem": "", "osImage": "", "systemUUID": ""}},
            })),
            &mut Interner::new(),
        )
    }

    fn cells(row: &NodeRow) -> Vec<String> {
        (0..NodeRow::columns().len())
            .map(|c| row.cell(c, NOW).into_owned())
            .collect()
    }

    #[test]
    fn ready_control_plane_node() {
        let row = node(
            &json!({"node-role.kubernetes.io/control-plane": ""}),
            false,
            Some("True"),
        );
        assert_eq!(
            cells(&row),
            ["node-1", "Ready", "control-plane", "120d", "v1.32.1"]
        );
        assert_eq!(row.status_class, StatusClass::Running);
        assert_eq!(&*row.key.namespace, "");
    }

    #[test]
    fn cordoned_node_shows_scheduling_disabled() {
        let row = node(&json!({}), true, Some("True"));
        assert_eq!(row.cell(col::STATUS, NOW), "Ready,SchedulingDisabled");
        assert_eq!(row.cell(col::ROLES, NOW), "<none>");
        assert_eq!(row.status_class, StatusClass::Pending);
    }

    #[test]
    fn not_ready_and_unknown_nodes() {
        assert_eq!(
            node(&json!({}), false, Some("False")).cell(col::STATUS, NOW),
            "NotReady"
        );
        assert_eq!(
            node(&json!({}), false, Some("Unknown")).cell(col::STATUS, NOW),
            "NotReady"
        );
        let unknown = node(&json!({}), false, None);
        assert_eq!(unknown.cell(col::STATUS, NOW), "Unknown");
        assert_eq!(unknown.status_class, StatusClass::Unknown);
    }

    #[test]
    fn roles_are_sorted_and_merged_from_both_label_styles() {
        let row = node(
            &json!({"node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/control-plane": "",
                   "kubernetes.io/role": "infra", "node-role.kubernetes.io/": "x"}),
            false,
            Some("True"),
        );
        assert_eq!(row.cell(col::ROLES, NOW), "control-plane,infra,worker");
    }
}
