//! Schemas of `Role`, `ClusterRole`, `RoleBinding`, `ClusterRoleBinding`
//! (rbac.authorization.k8s.io/v1) and `Ingress` (networking.k8s.io/v1).
//!
//! Schema data only; it must not decode.

use super::core_v1::PORT_STATUS;
use super::meta::{LABEL_SELECTOR, OBJECT_META, TYPED_LOCAL_OBJECT_REFERENCE};
use super::{F, f, inline, r};
use crate::sim::protobuf::Pres::{Always as A, Null as N, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{I32, Msg, Str};

// --- rbac.authorization.k8s.io/v1

const POLICY_RULE: &[F] = &[
    r(1, "verbs", Str, A),
    r(2, "apiGroups", Str, O),
    r(3, "resources", Str, O),
    r(4, "resourceNames", Str, O),
    r(5, "nonResourceURLs", Str, O),
];

pub(super) const ROLE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(2, "rules", Msg(POLICY_RULE), A),
];

pub(super) const CLUSTER_ROLE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(2, "rules", Msg(POLICY_RULE), A),
    f(
        3,
        "aggregationRule",
        Msg(&[r(1, "clusterRoleSelectors", Msg(LABEL_SELECTOR), O)]),
        P,
    ),
];

/// `RoleBinding` and `ClusterRoleBinding`.
pub(super) const ROLE_BINDING: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(
        2,
        "subjects",
        Msg(&[
            f(1, "kind", Str, A),
            f(2, "apiGroup", Str, O),
            f(3, "name", Str, A),
            f(4, "namespace", Str, O),
        ]),
        O,
    ),
    f(
        3,
        "roleRef",
        Msg(&[
            f(1, "apiGroup", Str, A),
            f(2, "kind", Str, A),
            f(3, "name", Str, A),
        ]),
        A,
    ),
];

// --- networking.k8s.io/v1

pub(super) const INGRESS: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(INGRESS_SPEC), A),
    f(
        3,
        "status",
        Msg(&[f(
            1,
            "loadBalancer",
            Msg(&[r(
                1,
                "ingress",
                Msg(&[
                    f(1, "ip", Str, O),
                    f(2, "hostname", Str, O),
                    r(4, "ports", Msg(PORT_STATUS), O),
                ]),
                O,
            )]),
            A,
        )]),
        A,
    ),
];

const INGRESS_BACKEND: &[F] = &[
    f(
        4,
        "service",
        Msg(&[
            f(1, "name", Str, A),
            f(
                2,
                "port",
                Msg(&[f(1, "name", Str, O), f(2, "number", I32, O)]),
                A,
            ),
        ]),
        P,
    ),
    f(3, "resource", Msg(TYPED_LOCAL_OBJECT_REFERENCE), P),
];

const INGRESS_SPEC: &[F] = &[
    f(4, "ingressClassName", Str, P),
    f(1, "defaultBackend", Msg(INGRESS_BACKEND), P),
    r(
        2,
        "tls",
        Msg(&[r(1, "hosts", Str, O), f(2, "secretName", Str, O)]),
        O,
    ),
    r(
        3,
        "rules",
        Msg(&[f(1, "host", Str, O), inline(2, INGRESS_RULE_VALUE)]),
        O,
    ),
];

const INGRESS_RULE_VALUE: &[F] = &[f(
    1,
    "http",
    Msg(&[r(
        1,
        "paths",
        Msg(&[
            f(1, "path", Str, O),
            f(3, "pathType", Str, N),
            f(2, "backend", Msg(INGRESS_BACKEND), A),
        ]),
        A,
    )]),
    P,
)];
