//! Deployments as compact rows: NAME READY UP-TO-DATE AVAILABLE AGE, as `kubectl get deploy`.
//!
//! Owns the projection `DeploymentWire -> DeploymentRow` (including the pod selector, which logs of
//! a deployment will need) and the deployment status class.
//!
//! Must not keep the `Deployment` object.

use std::borrow::Cow;

use super::Interner;
use super::wire::DeploymentWire;
use super::{Column, Labels, ObjKey, ResourceKind, Row, SortKey, StatusClass, age_cell};
use crate::sanitize::sanitize;

/// What the deployments pane shows of one deployment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeploymentRow {
    pub key: ObjKey,
    /// `spec.replicas` (1 when unset, as the API server defaults it).
    pub desired: i32,
    pub ready: i32,
    pub up_to_date: i32,
    pub available: i32,
    /// `status.replicas`: every pod of the deployment, old template or new.
    pub current: i32,
    /// `metadata.generation`: bumped by every spec change.
    pub generation: i64,
    /// `status.observedGeneration`: the generation the controller has acted on.
    pub observed_generation: i64,
    pub created_unix: Option<i64>,
    pub status_class: StatusClass,
    pub labels: Labels,
    /// `spec.selector.matchLabels`: the pods this deployment owns.
    pub selector: Labels,
}

/// Column indexes of `DeploymentRow::columns()`.
pub mod col {
    pub const NAMESPACE: usize = 0;
    pub const NAME: usize = 1;
    pub const READY: usize = 2;
    pub const UP_TO_DATE: usize = 3;
    pub const AVAILABLE: usize = 4;
    pub const AGE: usize = 5;
}

const COLUMNS: &[Column] = &[
    Column::namespace(),
    Column::new("NAME", 0).cut_to(12),
    Column::new("READY", 0),
    Column::new("UP-TO-DATE", 2),
    Column::new("AVAILABLE", 3),
    Column::new("AGE", 1),
];

impl Row for DeploymentRow {
    const KIND: ResourceKind = ResourceKind::Deployment;

    fn columns() -> &'static [Column] {
        COLUMNS
    }

    fn status_column() -> Option<usize> {
        Some(col::READY)
    }

    fn key(&self) -> &ObjKey {
        &self.key
    }

    fn cell(&self, column: usize, now_unix: i64) -> Cow<'_, str> {
        match column {
            col::NAMESPACE => sanitize(&self.key.namespace),
            col::NAME => sanitize(&self.key.name),
            col::READY => Cow::Owned(format!("{}/{}", self.ready, self.desired)),
            col::UP_TO_DATE => Cow::Owned(self.up_to_date.to_string()),
            col::AVAILABLE => Cow::Owned(self.available.to_string()),
            col::AGE => age_cell(self.created_unix, now_unix),
            _ => Cow::Borrowed(""),
        }
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            col::NAMESPACE => SortKey::Text(&self.key.namespace),
            col::READY => SortKey::Pair(i64::from(self.ready), i64::from(self.desired)),
            col::UP_TO_DATE => SortKey::Int(i64::from(self.up_to_date)),
            col::AVAILABLE => SortKey::Int(i64::from(self.available)),
            col::AGE => SortKey::Int(self.created_unix.map_or(i64::MIN, |c| -c)),
            _ => SortKey::Text(&self.key.name),
        }
    }

    fn labels(&self) -> &Labels {
        &self.labels
    }

    fn any_filter_text(&self, matches: &mut dyn FnMut(&str) -> bool) -> bool {
        matches(&self.key.name) || matches(&self.key.namespace)
    }

    fn status_class(&self) -> StatusClass {
        self.status_class
    }
}

/// Where a deployment's rollout stands, as `kubectl rollout status` would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolloutPhase {
    /// Every replica is of the current template, and available.
    Settled,
    /// Pods are being replaced, added, removed or are not yet available.
    Progressing,
    /// The controller gave up (progress deadline exceeded, replica failure).
    Stuck,
}

impl DeploymentRow {
    pub fn rollout_phase(&self) -> RolloutPhase {
        if self.status_class == StatusClass::Failed {
            RolloutPhase::Stuck
        } else if self.observed_generation < self.generation
            || self.up_to_date < self.desired
            || self.current > self.up_to_date
            || self.available < self.desired
        {
            RolloutPhase::Progressing
        } else {
            RolloutPhase::Settled
        }
    }
}

/// Projects a deployment into its row.
pub fn project(mut deployment: DeploymentWire, interner: &mut Interner) -> DeploymentRow {
    let key = deployment.metadata.take_key(interner);
    let labels = std::mem::take(&mut deployment.metadata.labels);
    let spec = deployment.spec.as_mut();
    let desired = spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let selector = spec
        .and_then(|s| s.selector.as_mut())
        .and_then(|s| s.match_labels.take())
        .unwrap_or_default();
    let status = deployment.status.as_ref();
    let ready = status.and_then(|s| s.ready_replicas).unwrap_or(0);
    let available = status.and_then(|s| s.available_replicas).unwrap_or(0);
    let conditions = status
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default();
    let stuck = conditions.iter().any(|c| {
        let (type_, status) = (c.type_.as_str(), c.status.as_str());
        (type_ == "Progressing"
            && status == "False"
            && c.reason.as_deref() == Some("ProgressDeadlineExceeded"))
            || (type_ == "ReplicaFailure" && status == "True")
    });
    let status_class = if deployment.metadata.is_deleting() {
        StatusClass::Terminating
    } else if stuck {
        StatusClass::Failed
    } else if ready >= desired && available >= desired {
        StatusClass::Running
    } else {
        StatusClass::Pending
    };
    DeploymentRow {
        key,
        desired,
        ready,
        up_to_date: status.and_then(|s| s.updated_replicas).unwrap_or(0),
        available,
        current: status.and_then(|s| s.replicas).unwrap_or(0),
        generation: deployment.metadata.object.generation.unwrap_or(0),
        observed_generation: status.and_then(|s| s.observed_generation).unwrap_or(0),
        created_unix: deployment.metadata.created_unix(),
        status_class,
        labels,
        selector,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::needless_pass_by_value)]

    use serde_json::json;

    use super::*;
    use crate::resources::wire::through_openapi;

    const NOW: i64 = 1_700_000_000;

    fn deployment(spec: serde_json::Value, status: serde_json::Value) -> DeploymentWire {
        let created = jiff::Timestamp::from_second(NOW - 5 * 86400 - 3 * 3600).unwrap();
        through_openapi::<k8s_openapi::api::apps::v1::Deployment, _>(json!({
            "metadata": {"name": "api", "namespace": "shop", "creationTimestamp": created.to_string()},
            "spec": spec,
            "status": status,
        }))
    }

    fn cells(row: &DeploymentRow) -> Vec<String> {
        (0..DeploymentRow::columns().len())
            .map(|c| row.cell(c, NOW).into_owned())
            .collect()
    }

    #[test]
    fn deployment_cells_read_like_kubectl() {
        let d = deployment(
            json!({"replicas": 3, "selector": {"matchLabels": {"app": "api"}}, "template": {}}),
            json!({"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}),
        );
        let row = project(d, &mut Interner::new());
        assert_eq!(cells(&row), ["shop", "api", "2/3", "3", "2", "5d3h"]);
        assert_eq!(row.status_class, StatusClass::Pending);
        assert_eq!(row.selector.get("app"), Some("api"));
    }

    #[test]
    fn fully_available_deployment_is_running_and_missing_status_reads_zero() {
        let d = deployment(
            json!({"replicas": 2, "selector": {}, "template": {}}),
            json!({"readyReplicas": 2, "availableReplicas": 2, "updatedReplicas": 2}),
        );
        assert_eq!(
            project(d, &mut Interner::new()).status_class,
            StatusClass::Running
        );

        let d = deployment(json!({"selector": {}, "template": {}}), json!({}));
        let row = project(d, &mut Interner::new());
        assert_eq!(cells(&row)[2..5], ["0/1", "0", "0"]);
    }

    #[test]
    fn rollout_phase_follows_generation_and_replica_counts() {
        let with = |generation: i64, status: serde_json::Value| {
            let mut d = deployment(
                json!({"replicas": 3, "selector": {}, "template": {}}),
                status,
            );
            d.metadata.object.generation = Some(generation);
            project(d, &mut Interner::new()).rollout_phase()
        };
        let done = json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3,
                          "readyReplicas": 3, "availableReplicas": 3});
        assert_eq!(with(2, done.clone()), RolloutPhase::Settled);
        assert_eq!(
            with(3, done),
            RolloutPhase::Progressing,
            "spec not yet seen"
        );
        let surging = json!({"observedGeneration": 2, "replicas": 4, "updatedReplicas": 3,
                             "readyReplicas": 4, "availableReplicas": 4});
        assert_eq!(
            with(2, surging),
            RolloutPhase::Progressing,
            "an old pod remains"
        );
        let stuck = json!({"observedGeneration": 2, "conditions": [{"type": "Progressing",
            "status": "False", "reason": "ProgressDeadlineExceeded"}]});
        assert_eq!(with(2, stuck), RolloutPhase::Stuck);
    }

    #[test]
    fn stuck_rollout_is_failed() {
        let d = deployment(
            json!({"replicas": 1, "selector": {}, "template": {}}),
            json!({"conditions": [{"type": "Progressing", "status": "False",
                                   "reason": "ProgressDeadlineExceeded"}]}),
        );
        assert_eq!(
            project(d, &mut Interner::new()).status_class,
            StatusClass::Failed
        );
    }
}
