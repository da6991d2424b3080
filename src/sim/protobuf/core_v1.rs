//! Schemas of the core/v1 kinds `kubectl create` sends besides pods: `Namespace`,
//! `ConfigMap`, `Secret`, `ServiceAccount`, `ResourceQuota` and `Service`.
//!
//! Schema data only; it must not decode.

use super::meta::{CONDITION, LOCAL_OBJECT_REFERENCE, OBJECT_META, OBJECT_REFERENCE};
use super::{F, f, r};
use crate::sim::protobuf::Pres::{Always as A, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{Bool, Bytes, I32, IntStr, Map as M, Msg, Quantity, Str, Time};

// --- core/v1: Namespace, ConfigMap, Secret, ServiceAccount, ResourceQuota

pub(super) const NAMESPACE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(&[r(1, "finalizers", Str, O)]), A),
    f(3, "status", Msg(NAMESPACE_STATUS), A),
];

const NAMESPACE_STATUS: &[F] = &[
    f(1, "phase", Str, O),
    r(
        2,
        "conditions",
        Msg(&[
            f(1, "type", Str, A),
            f(2, "status", Str, A),
            f(4, "lastTransitionTime", Time, A),
            f(5, "reason", Str, O),
            f(6, "message", Str, O),
        ]),
        O,
    ),
];

pub(super) const CONFIG_MAP: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(4, "immutable", Bool, P),
    f(2, "data", M(&Str), O),
    f(3, "binaryData", M(&Bytes), O),
];

pub(super) const SECRET: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(5, "immutable", Bool, P),
    f(2, "data", M(&Bytes), O),
    f(4, "stringData", M(&Str), O),
    f(3, "type", Str, O),
];

pub(super) const SERVICE_ACCOUNT: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    r(2, "secrets", Msg(OBJECT_REFERENCE), O),
    r(3, "imagePullSecrets", Msg(LOCAL_OBJECT_REFERENCE), O),
    f(4, "automountServiceAccountToken", Bool, P),
];

pub(super) const RESOURCE_QUOTA: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(RESOURCE_QUOTA_SPEC), A),
    f(
        3,
        "status",
        Msg(&[f(1, "hard", M(&Quantity), O), f(2, "used", M(&Quantity), O)]),
        A,
    ),
];

const RESOURCE_QUOTA_SPEC: &[F] = &[
    f(1, "hard", M(&Quantity), O),
    r(2, "scopes", Str, O),
    f(
        3,
        "scopeSelector",
        Msg(&[r(
            1,
            "matchExpressions",
            Msg(&[
                f(1, "scopeName", Str, A),
                f(2, "operator", Str, A),
                r(3, "values", Str, O),
            ]),
            O,
        )]),
        P,
    ),
];

// --- core/v1: Service

pub(super) const SERVICE: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(SERVICE_SPEC), A),
    f(3, "status", Msg(SERVICE_STATUS), A),
];

const SERVICE_SPEC: &[F] = &[
    r(1, "ports", Msg(SERVICE_PORT), O),
    f(2, "selector", M(&Str), O),
    f(3, "clusterIP", Str, O),
    r(18, "clusterIPs", Str, O),
    f(4, "type", Str, O),
    r(5, "externalIPs", Str, O),
    f(7, "sessionAffinity", Str, O),
    f(8, "loadBalancerIP", Str, O),
    r(9, "loadBalancerSourceRanges", Str, O),
    f(10, "externalName", Str, O),
    f(11, "externalTrafficPolicy", Str, O),
    f(12, "healthCheckNodePort", I32, O),
    f(13, "publishNotReadyAddresses", Bool, O),
    f(
        14,
        "sessionAffinityConfig",
        Msg(&[f(1, "clientIP", Msg(&[f(1, "timeoutSeconds", I32, P)]), P)]),
        P,
    ),
    r(19, "ipFamilies", Str, O),
    f(17, "ipFamilyPolicy", Str, P),
    f(20, "allocateLoadBalancerNodePorts", Bool, P),
    f(21, "loadBalancerClass", Str, P),
    f(22, "internalTrafficPolicy", Str, P),
    f(23, "trafficDistribution", Str, P),
];

const SERVICE_PORT: &[F] = &[
    f(1, "name", Str, O),
    f(2, "protocol", Str, O),
    f(6, "appProtocol", Str, P),
    f(3, "port", I32, A),
    f(4, "targetPort", IntStr, A),
    f(5, "nodePort", I32, O),
];

/// `PortStatus` (core/v1) and `IngressPortStatus` (networking/v1) share numbers and JSON.
pub(super) const PORT_STATUS: &[F] = &[
    f(1, "port", I32, A),
    f(2, "protocol", Str, A),
    f(3, "error", Str, P),
];

const SERVICE_STATUS: &[F] = &[
    f(
        1,
        "loadBalancer",
        Msg(&[r(
            1,
            "ingress",
            Msg(&[
                f(1, "ip", Str, O),
                f(2, "hostname", Str, O),
                f(3, "ipMode", Str, P),
                r(4, "ports", Msg(PORT_STATUS), O),
            ]),
            O,
        )]),
        A,
    ),
    r(2, "conditions", Msg(CONDITION), O),
];
