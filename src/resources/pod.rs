//! Pods as compact rows: NAME READY STATUS RESTARTS AGE IP NODE, computed as `kubectl get pods`
//! (1.32) prints them.
//!
//! Owns the projection `PodWire -> PodRow` (the lean pod the watch decodes), including kubectl's STATUS reasoning (init containers,
//! restartable "sidecar" init containers, waiting/terminated reasons, Terminating, `NodeLost`),
//! READY `n/m` and RESTARTS with "(2m ago)".
//!
//! Must not keep the `Pod` object nor any part of it beyond what the columns need.

use std::borrow::Cow;
use std::sync::Arc;

use super::wire::{ConditionWire, ContainerStatusWire, PodWire};
use super::{
    Column, Labels, ObjKey, ResourceKind, Row, SortKey, StatusClass, age, age_cell, unix_seconds,
};
use super::{Interner, ShortText};
use crate::sanitize::sanitize;

/// What the pods pane shows of one pod.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodRow {
    pub key: ObjKey,
    pub ready: u16,
    pub total: u16,
    /// kubectl's STATUS (`Running`, `Init:1/3`, `CrashLoopBackOff`, `Terminating`, …).
    pub status: Arc<str>,
    pub status_class: StatusClass,
    pub restarts: u32,
    /// When a container last terminated before restarting (unix seconds).
    pub last_restart_unix: Option<i64>,
    pub created_unix: Option<i64>,
    /// The first pod IP; empty when none is assigned yet.
    pub ip: ShortText,
    /// The node the pod is bound to; empty when not scheduled.
    pub node: Arc<str>,
    pub labels: Labels,
}

/// Column indexes of `PodRow::columns()`.
pub mod col {
    pub const NAMESPACE: usize = 0;
    pub const NAME: usize = 1;
    pub const READY: usize = 2;
    pub const STATUS: usize = 3;
    pub const RESTARTS: usize = 4;
    pub const AGE: usize = 5;
    pub const IP: usize = 6;
    pub const NODE: usize = 7;
}

const COLUMNS: &[Column] = &[
    Column::namespace(),
    Column::new("NAME", 0).cut_to(16),
    Column::new("READY", 1),
    Column::new("STATUS", 0),
    Column::new("RESTARTS", 1),
    Column::new("AGE", 1),
    Column::new("IP", 3),
    Column::new("NODE", 4).cut_to(8),
];

impl Row for PodRow {
    const KIND: ResourceKind = ResourceKind::Pod;

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
            col::NAMESPACE => sanitize(&self.key.namespace),
            col::NAME => sanitize(&self.key.name),
            col::READY => Cow::Owned(format!("{}/{}", self.ready, self.total)),
            col::STATUS => sanitize(&self.status),
            col::RESTARTS => Cow::Owned(self.restarts_text(now_unix)),
            col::AGE => age_cell(self.created_unix, now_unix),
            col::IP => none_if_empty(&self.ip),
            col::NODE => none_if_empty(&self.node),
            _ => Cow::Borrowed(""),
        }
    }

    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            col::NAMESPACE => SortKey::Text(&self.key.namespace),
            col::READY => SortKey::Pair(i64::from(self.ready), i64::from(self.total)),
            col::STATUS => SortKey::Text(&self.status),
            col::RESTARTS => SortKey::Int(i64::from(self.restarts)),
            col::AGE => SortKey::Int(self.created_unix.map_or(i64::MIN, |c| -c)),
            col::IP => SortKey::Text(&self.ip),
            col::NODE => SortKey::Text(&self.node),
            _ => SortKey::Text(&self.key.name),
        }
    }

    fn labels(&self) -> &Labels {
        &self.labels
    }

    fn any_filter_text(&self, matches: &mut dyn FnMut(&str) -> bool) -> bool {
        matches(&self.key.name)
            || matches(&self.status)
            || matches(&self.node)
            || matches(&self.ip)
            || matches(&self.key.namespace)
    }

    fn status_class(&self) -> StatusClass {
        self.status_class
    }
}

impl PodRow {
    /// RESTARTS as kubectl prints it: "0", "3", or "5 (2m ago)" when the last restart is known.
    pub fn restarts_text(&self, now_unix: i64) -> String {
        match self.last_restart_unix {
            Some(at) if self.restarts != 0 => {
                format!("{} ({} ago)", self.restarts, age(at, now_unix))
            }
            _ => self.restarts.to_string(),
        }
    }
}

pub(super) fn none_if_empty(s: &str) -> Cow<'_, str> {
    if s.is_empty() {
        Cow::Borrowed("<none>")
    } else {
        sanitize(s)
    }
}

/// Projects a pod into its row, computing STATUS, READY and RESTARTS the way kubectl does.
/// Takes the pod by value so that its name, namespace and labels move into the row.
pub fn project(mut pod: PodWire, interner: &mut Interner) -> PodRow {
    let key = pod.metadata.take_key(interner);
    let labels = std::mem::take(&mut pod.metadata.labels);
    let status = pod.status.as_ref();
    let spec = pod.spec.as_ref();
    let conditions: &[ConditionWire] = status
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default();
    let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or_default();
    let status_reason = status.and_then(|s| s.reason.as_deref()).unwrap_or_default();
    let init_specs = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or_default();
    let init_statuses: &[ContainerStatusWire] = status
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or_default();
    let statuses: &[ContainerStatusWire] = status
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or_default();

    let is_sidecar = |name: &str| {
        init_specs
            .iter()
            .any(|c| c.name == name && c.restart_policy.as_deref() == Some("Always"))
    };

    let mut reason: String = if status_reason.is_empty() {
        phase.to_owned()
    } else {
        status_reason.to_owned()
    };
    if conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        "SchedulingGated".clone_into(&mut reason);
    }

    let mut total = spec.map_or(0, |s| s.containers.len())
        + init_specs
            .iter()
            .filter(|c| c.restart_policy.as_deref() == Some("Always"))
            .count();
    let mut ready = 0usize;
    let mut restarts = 0i64;
    let mut sidecar_restarts = 0i64;
    let mut last_restart: Option<i64> = None;
    let mut last_sidecar_restart: Option<i64> = None;

    let mut initializing = false;
    for (i, cs) in init_statuses.iter().enumerate() {
        let sidecar = is_sidecar(&cs.name);
        restarts += i64::from(cs.restart_count);
        let finished = last_finished_at(cs);
        last_restart = later(last_restart, finished);
        if sidecar {
            sidecar_restarts += i64::from(cs.restart_count);
            last_sidecar_restart = later(last_sidecar_restart, finished);
        }
        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting_reason = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_deref())
            .filter(|r| !r.is_empty());
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && cs.started == Some(true) {
            if cs.ready {
                ready += 1;
            }
            continue;
        }
        reason = if let Some(t) = terminated {
            match t.reason.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None => match t.signal.unwrap_or(0) {
                    0 => format!("Init:ExitCode:{}", t.exit_code),
                    signal => format!("Init:Signal:{signal}"),
                },
            }
        } else if let Some(r) = waiting_reason.filter(|r| *r != "PodInitializing") {
            format!("Init:{r}")
        } else {
            format!("Init:{i}/{}", init_specs.len())
        };
        initializing = true;
        break;
    }

    if !initializing || condition_is_true(conditions, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for cs in statuses.iter().rev() {
            restarts += i64::from(cs.restart_count);
            last_restart = later(last_restart, last_finished_at(cs));
            let state = cs.state.as_ref();
            let waiting = state.and_then(|s| s.waiting.as_ref());
            let terminated = state.and_then(|s| s.terminated.as_ref());
            if let Some(r) = waiting
                .and_then(|w| w.reason.as_deref())
                .filter(|r| !r.is_empty())
            {
                r.clone_into(&mut reason);
            } else if let Some(t) = terminated {
                reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                    Some(r) => r.to_owned(),
                    None => match t.signal.unwrap_or(0) {
                        0 => format!("ExitCode:{}", t.exit_code),
                        signal => format!("Signal:{signal}"),
                    },
                };
            } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            let ready_or_not = if condition_is_true(conditions, "Ready") {
                "Running"
            } else {
                "NotReady"
            };
            ready_or_not.clone_into(&mut reason);
        }
    }

    if pod.metadata.is_deleting() {
        if status_reason == "NodeLost" {
            "Unknown".clone_into(&mut reason);
        } else if phase != "Succeeded" && phase != "Failed" {
            "Terminating".clone_into(&mut reason);
        }
    }

    total = total.min(usize::from(u16::MAX));
    let ready = ready.min(total) as u16;
    let total = total as u16;
    let ip = status
        .and_then(|s| {
            s.pod_ips
                .as_ref()
                .and_then(|ips| ips.first())
                .map(|p| p.ip.as_str())
        })
        .or_else(|| status.and_then(|s| s.pod_ip.as_deref()))
        .unwrap_or_default();
    PodRow {
        key,
        ready,
        total,
        status_class: classify(&reason, ready, total),
        status: interner.get(&reason),
        restarts: u32::try_from(restarts.max(0)).unwrap_or(u32::MAX),
        last_restart_unix: last_restart,
        created_unix: pod.metadata.created_unix(),
        ip: ip.into(),
        node: interner.get(
            spec.and_then(|s| s.node_name.as_deref())
                .unwrap_or_default(),
        ),
        labels,
    }
}

fn last_finished_at(cs: &ContainerStatusWire) -> Option<i64> {
    let terminated = cs.last_state.as_ref().and_then(|s| s.terminated.as_ref())?;
    unix_seconds(terminated.finished_at.as_ref())
}

fn later(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a.max(b)
}

fn condition_is_true(conditions: &[ConditionWire], type_: &str) -> bool {
    conditions
        .iter()
        .find(|c| c.type_ == type_)
        .is_some_and(|c| c.status == "True")
}

/// Colors a kubectl STATUS. A Running pod that is not fully ready reads as Pending, because
/// that is what the user needs to notice.
fn classify(status: &str, ready: u16, total: u16) -> StatusClass {
    match status {
        "Running" if ready >= total => StatusClass::Running,
        "Running" | "Pending" | "ContainerCreating" | "PodInitializing" | "SchedulingGated"
        | "NotReady" => StatusClass::Pending,
        "Completed" | "Succeeded" => StatusClass::Succeeded,
        "Terminating" => StatusClass::Terminating,
        "Unknown" | "" => StatusClass::Unknown,
        s if is_init_progress(s) => StatusClass::Pending,
        _ => StatusClass::Failed,
    }
}

/// "Init:1/3" (progress), as opposed to "Init:Error".
fn is_init_progress(status: &str) -> bool {
    status
        .strip_prefix("Init:")
        .and_then(|s| s.split_once('/'))
        .is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        })
}

#[cfg(test)]
#[path = "pod_tests.rs"]
mod tests;
