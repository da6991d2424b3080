//! Schemas of a pod's scheduling messages: tolerations, DNS config, topology spread
//! constraints and (anti-)affinity.
//!
//! Schema data only; it must not decode.

use super::meta::{LABEL_SELECTOR, SELECTOR_REQUIREMENT};
use super::{F, f, r};
use crate::sim::protobuf::Pres::{Always as A, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{I32, I64, Msg, Str};

pub(super) const TOLERATION: &[F] = &[
    f(1, "key", Str, O),
    f(2, "operator", Str, O),
    f(3, "value", Str, O),
    f(4, "effect", Str, O),
    f(5, "tolerationSeconds", I64, P),
];

pub(super) const POD_DNS_CONFIG: &[F] = &[
    r(1, "nameservers", Str, O),
    r(2, "searches", Str, O),
    r(
        3,
        "options",
        Msg(&[f(1, "name", Str, O), f(2, "value", Str, P)]),
        O,
    ),
];

pub(super) const TOPOLOGY_SPREAD_CONSTRAINT: &[F] = &[
    f(1, "maxSkew", I32, A),
    f(2, "topologyKey", Str, A),
    f(3, "whenUnsatisfiable", Str, A),
    f(4, "labelSelector", Msg(LABEL_SELECTOR), P),
    f(5, "minDomains", I32, P),
    f(6, "nodeAffinityPolicy", Str, P),
    f(7, "nodeTaintsPolicy", Str, P),
    r(8, "matchLabelKeys", Str, O),
];

const NODE_SELECTOR_TERM: &[F] = &[
    r(1, "matchExpressions", Msg(SELECTOR_REQUIREMENT), O),
    r(2, "matchFields", Msg(SELECTOR_REQUIREMENT), O),
];

const POD_AFFINITY_TERM: &[F] = &[
    f(1, "labelSelector", Msg(LABEL_SELECTOR), P),
    r(2, "namespaces", Str, O),
    f(3, "topologyKey", Str, A),
    f(4, "namespaceSelector", Msg(LABEL_SELECTOR), P),
    r(5, "matchLabelKeys", Str, O),
    r(6, "mismatchLabelKeys", Str, O),
];

/// `PodAffinity` and `PodAntiAffinity`.
const POD_AFFINITY: &[F] = &[
    r(
        1,
        "requiredDuringSchedulingIgnoredDuringExecution",
        Msg(POD_AFFINITY_TERM),
        O,
    ),
    r(
        2,
        "preferredDuringSchedulingIgnoredDuringExecution",
        Msg(&[
            f(1, "weight", I32, A),
            f(2, "podAffinityTerm", Msg(POD_AFFINITY_TERM), A),
        ]),
        O,
    ),
];

pub(super) const AFFINITY: &[F] = &[
    f(
        1,
        "nodeAffinity",
        Msg(&[
            f(
                1,
                "requiredDuringSchedulingIgnoredDuringExecution",
                Msg(&[r(1, "nodeSelectorTerms", Msg(NODE_SELECTOR_TERM), A)]),
                P,
            ),
            r(
                2,
                "preferredDuringSchedulingIgnoredDuringExecution",
                Msg(&[
                    f(1, "weight", I32, A),
                    f(2, "preference", Msg(NODE_SELECTOR_TERM), A),
                ]),
                O,
            ),
        ]),
        P,
    ),
    f(2, "podAffinity", Msg(POD_AFFINITY), P),
    f(3, "podAntiAffinity", Msg(POD_AFFINITY), P),
];
