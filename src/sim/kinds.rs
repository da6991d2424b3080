//! The resource kinds the simulated API server serves: names, scope, verbs and subresources,
//! as discovery advertises them. Pure data; knows nothing of storage or HTTP.

/// One served resource kind.
#[derive(Debug)]
pub struct Kind {
    pub kind: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub group: &'static str,
    pub version: &'static str,
    pub namespaced: bool,
    pub short_names: &'static [&'static str],
    pub categories: &'static [&'static str],
    pub subresources: &'static [&'static str],
}

impl Kind {
    /// `v1` for the core group, `apps/v1` otherwise: the apiVersion written in objects.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// The name the API server uses in messages, e.g. `deployments.apps` or `pods`.
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    pub fn index(&self) -> usize {
        KINDS
            .iter()
            .position(|k| std::ptr::eq(k, self))
            .unwrap_or(0)
    }
}

pub const VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

const ALL: &[&str] = &["all"];

pub static KINDS: &[Kind] = &[
    Kind {
        kind: "Namespace",
        plural: "namespaces",
        singular: "namespace",
        group: "",
        version: "v1",
        namespaced: false,
        short_names: &["ns"],
        categories: &[],
        subresources: &["status", "finalize"],
    },
    Kind {
        kind: "Node",
        plural: "nodes",
        singular: "node",
        group: "",
        version: "v1",
        namespaced: false,
        short_names: &["no"],
        categories: &[],
        subresources: &["status"],
    },
    Kind {
        kind: "Pod",
        plural: "pods",
        singular: "pod",
        group: "",
        version: "v1",
        namespaced: true,
        short_names: &["po"],
        categories: ALL,
        subresources: &[
            "status",
            "log",
            "ephemeralcontainers",
            "exec",
            "attach",
            "eviction",
        ],
    },
    Kind {
        kind: "Service",
        plural: "services",
        singular: "service",
        group: "",
        version: "v1",
        namespaced: true,
        short_names: &["svc"],
        categories: ALL,
        subresources: &["status"],
    },
    Kind {
        kind: "Endpoints",
        plural: "endpoints",
        singular: "endpoints",
        group: "",
        version: "v1",
        namespaced: true,
        short_names: &["ep"],
        categories: &[],
        subresources: &[],
    },
    Kind {
        kind: "Event",
        plural: "events",
        singular: "event",
        group: "",
        version: "v1",
        namespaced: true,
        short_names: &["ev"],
        categories: &[],
        subresources: &[],
    },
    Kind {
        kind: "ConfigMap",
        plural: "configmaps",
        singular: "configmap",
        group: "",
        version: "v1",
        namespaced: true,
        short_names: &["cm"],
        categories: &[],
        subresources: &[],
    },
    Kind {
        kind: "Secret",
        plural: "secrets",
        singular: "secret",
        group: "",
        version: "v1",
        namespaced: true,
        short_names: &[],
        categories: &[],
        subresources: &[],
    },
    Kind {
        kind: "ServiceAccount",
        plural: "serviceaccounts",
        singular: "serviceaccount",
        group: "",
        version: "v1",
        namespaced: true,
        short_names: &["sa"],
        categories: &[],
        subresources: &[],
    },
    Kind {
        kind: "Deployment",
        plural: "deployments",
        singular: "deployment",
        group: "apps",
        version: "v1",
        namespaced: true,
        short_names: &["deploy"],
        categories: ALL,
        subresources: &["status", "scale"],
    },
    Kind {
        kind: "ReplicaSet",
        plural: "replicasets",
        singular: "replicaset",
        group: "apps",
        version: "v1",
        namespaced: true,
        short_names: &["rs"],
        categories: ALL,
        subresources: &["status", "scale"],
    },
];

pub fn by_plural(group: &str, version: &str, plural: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .find(|k| k.group == group && k.version == version && k.plural == plural)
}

pub fn by_kind(kind: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.kind == kind)
}

/// Shorthand used by the controllers and the world builder.
pub fn get(kind: &str) -> &'static Kind {
    by_kind(kind).unwrap_or(&KINDS[0])
}

/// The API groups served, in discovery order (core excluded).
pub fn groups() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for k in KINDS {
        if !k.group.is_empty() && !out.contains(&k.group) {
            out.push(k.group);
        }
    }
    out
}
