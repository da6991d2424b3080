//! The schema strategic merge patch needs: which lists of which kinds merge by which key,
//! standing in for the Go struct tags (`patchStrategy`, `patchMergeKey`).
//!
//! Schema data only; it must not merge anything.

/// Where a map sits inside a built-in object, as far as strategic merge patch cares. This stands
/// in for the Go struct tags (`patchStrategy`, `patchMergeKey`) the API server reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Schema {
    /// No merge-keyed list below: maps merge, lists are replaced.
    Opaque,
    Root(RootKind),
    ObjectMeta,
    /// Spec of a workload owning a pod template (`Deployment`, `ReplicaSet`, `StatefulSet`,
    /// `DaemonSet`, `Job`, `ReplicationController`).
    WorkloadSpec,
    CronJobSpec,
    JobTemplate,
    PodTemplate,
    PodSpec,
    Container,
    PodStatus,
    NodeSpec,
    NodeStatus,
    ServiceSpec,
    /// Any other status: its conditions merge by type.
    Status,
    DisruptionBudgetSpec,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RootKind {
    Pod,
    Workload,
    CronJob,
    PodTemplate,
    Service,
    Node,
    ServiceAccount,
    DisruptionBudget,
    ComponentStatus,
    Other,
}

impl RootKind {
    pub(super) fn of(kind: &str) -> Self {
        match kind {
            "Pod" => Self::Pod,
            "Deployment"
            | "ReplicaSet"
            | "StatefulSet"
            | "DaemonSet"
            | "Job"
            | "ReplicationController" => Self::Workload,
            "CronJob" => Self::CronJob,
            "PodTemplate" => Self::PodTemplate,
            "Service" => Self::Service,
            "Node" => Self::Node,
            "ServiceAccount" => Self::ServiceAccount,
            "PodDisruptionBudget" => Self::DisruptionBudget,
            "ComponentStatus" => Self::ComponentStatus,
            _ => Self::Other,
        }
    }
}

/// How a field's value is patched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Strategy {
    /// Maps merge recursively; lists and scalars are replaced.
    Default,
    /// The list merges: objects by this key, primitives as a set (`None`).
    Merge(Option<&'static str>),
    /// The map is replaced as a whole.
    Replace,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Field {
    /// Schema of the field's value, or of each element for lists.
    pub(super) schema: Schema,
    pub(super) strategy: Strategy,
}

impl Field {
    const OPAQUE: Self = Self::nested(Schema::Opaque);
    const PRIMITIVE_SET: Self = Self {
        schema: Schema::Opaque,
        strategy: Strategy::Merge(None),
    };

    const fn nested(schema: Schema) -> Self {
        Self {
            schema,
            strategy: Strategy::Default,
        }
    }

    const fn keyed(schema: Schema, key: &'static str) -> Self {
        Self {
            schema,
            strategy: Strategy::Merge(Some(key)),
        }
    }

    pub(super) fn merge_key(self) -> Option<&'static str> {
        match self.strategy {
            Strategy::Merge(key) => key,
            Strategy::Default | Strategy::Replace => None,
        }
    }
}

pub(super) fn lookup(schema: Schema, name: &str) -> Field {
    match (schema, name) {
        (Schema::Root(kind), _) => root_field(kind, name),
        (Schema::ObjectMeta, "finalizers") | (Schema::NodeSpec, "podCIDRs") => Field::PRIMITIVE_SET,
        (Schema::ObjectMeta, "ownerReferences") => Field::keyed(Schema::Opaque, "uid"),
        (Schema::WorkloadSpec, "template") => Field::nested(Schema::PodTemplate),
        (Schema::CronJobSpec, "jobTemplate") => Field::nested(Schema::JobTemplate),
        (Schema::JobTemplate | Schema::PodTemplate, "metadata") => {
            Field::nested(Schema::ObjectMeta)
        }
        (Schema::JobTemplate, "spec") => Field::nested(Schema::WorkloadSpec),
        (Schema::PodTemplate, "spec") => Field::nested(Schema::PodSpec),
        (Schema::PodSpec, _) => pod_spec_field(name),
        (Schema::Container, _) => container_field(name),
        (Schema::PodStatus, "podIPs" | "hostIPs") => Field::keyed(Schema::Opaque, "ip"),
        (Schema::PodStatus, "resourceClaimStatuses") => Field::keyed(Schema::Opaque, "name"),
        (Schema::PodStatus | Schema::NodeStatus | Schema::Status, "conditions")
        | (Schema::NodeStatus, "addresses") => Field::keyed(Schema::Opaque, "type"),
        (Schema::ServiceSpec, "ports") => Field::keyed(Schema::Opaque, "port"),
        (Schema::DisruptionBudgetSpec, "selector") => Field {
            schema: Schema::Opaque,
            strategy: Strategy::Replace,
        },
        _ => Field::OPAQUE,
    }
}

fn root_field(kind: RootKind, name: &str) -> Field {
    match (kind, name) {
        (_, "metadata") => Field::nested(Schema::ObjectMeta),
        (RootKind::Pod, "spec") => Field::nested(Schema::PodSpec),
        (RootKind::Pod, "status") => Field::nested(Schema::PodStatus),
        (RootKind::Workload, "spec") => Field::nested(Schema::WorkloadSpec),
        (RootKind::CronJob, "spec") => Field::nested(Schema::CronJobSpec),
        (RootKind::PodTemplate, "template") => Field::nested(Schema::PodTemplate),
        (RootKind::Service, "spec") => Field::nested(Schema::ServiceSpec),
        (RootKind::Node, "spec") => Field::nested(Schema::NodeSpec),
        (RootKind::Node, "status") => Field::nested(Schema::NodeStatus),
        (RootKind::DisruptionBudget, "spec") => Field::nested(Schema::DisruptionBudgetSpec),
        (RootKind::ServiceAccount, "secrets") => Field::keyed(Schema::Opaque, "name"),
        (RootKind::ComponentStatus, "conditions") => Field::keyed(Schema::Opaque, "type"),
        (_, "status") => Field::nested(Schema::Status),
        _ => Field::OPAQUE,
    }
}

fn pod_spec_field(name: &str) -> Field {
    match name {
        "containers" | "initContainers" | "ephemeralContainers" => {
            Field::keyed(Schema::Container, "name")
        }
        "volumes" | "imagePullSecrets" | "schedulingGates" | "resourceClaims" => {
            Field::keyed(Schema::Opaque, "name")
        }
        "hostAliases" => Field::keyed(Schema::Opaque, "ip"),
        "topologySpreadConstraints" => Field::keyed(Schema::Opaque, "topologyKey"),
        _ => Field::OPAQUE,
    }
}

fn container_field(name: &str) -> Field {
    match name {
        "ports" => Field::keyed(Schema::Opaque, "containerPort"),
        "env" => Field::keyed(Schema::Opaque, "name"),
        "volumeMounts" => Field::keyed(Schema::Opaque, "mountPath"),
        "volumeDevices" => Field::keyed(Schema::Opaque, "devicePath"),
        _ => Field::OPAQUE,
    }
}
