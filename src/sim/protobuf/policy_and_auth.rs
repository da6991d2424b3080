//! Schemas of `PodDisruptionBudget` (policy/v1), `PriorityClass` (scheduling.k8s.io/v1),
//! `HorizontalPodAutoscaler` (autoscaling/v1), `TokenRequest` and `SelfSubjectReview`
//! (authentication.k8s.io/v1) and `SelfSubjectAccessReview` (authorization.k8s.io/v1).
//!
//! Schema data only; it must not decode.

use super::meta::{CONDITION, LABEL_SELECTOR, OBJECT_META, SELECTOR_REQUIREMENT};
use super::{F, f, r};
use crate::sim::protobuf::Pres::{Always as A, Null as N, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{Bool, I32, I64, IntStr, Map as M, Msg, Str, StrList, Time};

// --- policy/v1, scheduling.k8s.io/v1, autoscaling/v1

pub(super) const PDB: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            f(1, "minAvailable", IntStr, P),
            f(2, "selector", Msg(LABEL_SELECTOR), P),
            f(3, "maxUnavailable", IntStr, P),
            f(4, "unhealthyPodEvictionPolicy", Str, P),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[
            f(1, "observedGeneration", I64, O),
            f(2, "disruptedPods", M(&Time), O),
            f(3, "disruptionsAllowed", I32, A),
            f(4, "currentHealthy", I32, A),
            f(5, "desiredHealthy", I32, A),
            f(6, "expectedPods", I32, A),
            r(7, "conditions", Msg(CONDITION), O),
        ]),
        A,
    ),
];

pub(super) const PRIORITY_CLASS: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "value", I32, A),
    f(3, "globalDefault", Bool, O),
    f(4, "description", Str, O),
    f(5, "preemptionPolicy", Str, P),
];

pub(super) const HPA: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            f(
                1,
                "scaleTargetRef",
                Msg(&[
                    f(1, "kind", Str, A),
                    f(2, "name", Str, A),
                    f(3, "apiVersion", Str, O),
                ]),
                A,
            ),
            f(2, "minReplicas", I32, P),
            f(3, "maxReplicas", I32, A),
            f(4, "targetCPUUtilizationPercentage", I32, P),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[
            f(1, "observedGeneration", I64, P),
            f(2, "lastScaleTime", Time, P),
            f(3, "currentReplicas", I32, A),
            f(4, "desiredReplicas", I32, A),
            f(5, "currentCPUUtilizationPercentage", I32, P),
        ]),
        A,
    ),
];

// --- authentication.k8s.io/v1, authorization.k8s.io/v1

pub(super) const TOKEN_REQUEST: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            r(1, "audiences", Str, A),
            f(4, "expirationSeconds", I64, N),
            f(
                3,
                "boundObjectRef",
                Msg(&[
                    f(1, "kind", Str, O),
                    f(2, "apiVersion", Str, O),
                    f(3, "name", Str, O),
                    f(4, "uid", Str, O),
                ]),
                N,
            ),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[f(1, "token", Str, A), f(2, "expirationTimestamp", Time, A)]),
        A,
    ),
];

pub(super) const SELF_SUBJECT_REVIEW: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "status",
        Msg(&[f(
            1,
            "userInfo",
            Msg(&[
                f(1, "username", Str, O),
                f(2, "uid", Str, O),
                r(3, "groups", Str, O),
                f(4, "extra", M(&StrList), O),
            ]),
            A,
        )]),
        A,
    ),
];

/// `FieldSelectorAttributes` and `LabelSelectorAttributes`.
const SELECTOR_ATTRIBUTES: &[F] = &[
    f(1, "rawSelector", Str, O),
    r(2, "requirements", Msg(SELECTOR_REQUIREMENT), O),
];

pub(super) const SELF_SUBJECT_ACCESS_REVIEW: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(
        2,
        "spec",
        Msg(&[
            f(
                1,
                "resourceAttributes",
                Msg(&[
                    f(1, "namespace", Str, O),
                    f(2, "verb", Str, O),
                    f(3, "group", Str, O),
                    f(4, "version", Str, O),
                    f(5, "resource", Str, O),
                    f(6, "subresource", Str, O),
                    f(7, "name", Str, O),
                    f(8, "fieldSelector", Msg(SELECTOR_ATTRIBUTES), P),
                    f(9, "labelSelector", Msg(SELECTOR_ATTRIBUTES), P),
                ]),
                P,
            ),
            f(
                2,
                "nonResourceAttributes",
                Msg(&[f(1, "path", Str, O), f(2, "verb", Str, O)]),
                P,
            ),
        ]),
        A,
    ),
    f(
        3,
        "status",
        Msg(&[
            f(1, "allowed", Bool, A),
            f(4, "denied", Bool, O),
            f(2, "reason", Str, O),
            f(3, "evaluationError", Str, O),
        ]),
        A,
    ),
];
