//! Schemas of pod volumes: every volume source kubectl can send and projected volumes.
//!
//! Schema data only; it must not decode.

use super::meta::LOCAL_OBJECT_REFERENCE;
use super::pod::{OBJECT_FIELD_SELECTOR, RESOURCE_FIELD_SELECTOR};
use super::{F, f, inline, r};
use crate::sim::protobuf::Pres::{Always as A, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{Bool, I32, I64, Map as M, Msg, Quantity, Str};

pub(super) const VOLUME: &[F] = &[f(1, "name", Str, A), inline(2, VOLUME_SOURCE)];

const KEY_TO_PATH: &[F] = &[
    f(1, "key", Str, A),
    f(2, "path", Str, A),
    f(3, "mode", I32, P),
];

const DOWNWARD_API_VOLUME_FILE: &[F] = &[
    f(1, "path", Str, A),
    f(2, "fieldRef", Msg(OBJECT_FIELD_SELECTOR), P),
    f(3, "resourceFieldRef", Msg(RESOURCE_FIELD_SELECTOR), P),
    f(4, "mode", I32, P),
];

/// `SecretProjection` and `ConfigMapProjection`.
const KEYED_PROJECTION: &[F] = &[
    inline(1, LOCAL_OBJECT_REFERENCE),
    r(2, "items", Msg(KEY_TO_PATH), O),
    f(4, "optional", Bool, P),
];

const VOLUME_SOURCE: &[F] = &[
    f(
        1,
        "hostPath",
        Msg(&[f(1, "path", Str, A), f(2, "type", Str, P)]),
        P,
    ),
    f(
        2,
        "emptyDir",
        Msg(&[f(1, "medium", Str, O), f(2, "sizeLimit", Quantity, P)]),
        P,
    ),
    f(
        6,
        "secret",
        Msg(&[
            f(1, "secretName", Str, O),
            r(2, "items", Msg(KEY_TO_PATH), O),
            f(3, "defaultMode", I32, P),
            f(4, "optional", Bool, P),
        ]),
        P,
    ),
    f(
        7,
        "nfs",
        Msg(&[
            f(1, "server", Str, A),
            f(2, "path", Str, A),
            f(3, "readOnly", Bool, O),
        ]),
        P,
    ),
    f(
        10,
        "persistentVolumeClaim",
        Msg(&[f(1, "claimName", Str, A), f(2, "readOnly", Bool, O)]),
        P,
    ),
    f(
        16,
        "downwardAPI",
        Msg(&[
            r(1, "items", Msg(DOWNWARD_API_VOLUME_FILE), O),
            f(2, "defaultMode", I32, P),
        ]),
        P,
    ),
    f(
        19,
        "configMap",
        Msg(&[
            inline(1, LOCAL_OBJECT_REFERENCE),
            r(2, "items", Msg(KEY_TO_PATH), O),
            f(3, "defaultMode", I32, P),
            f(4, "optional", Bool, P),
        ]),
        P,
    ),
    f(
        26,
        "projected",
        Msg(&[
            r(1, "sources", Msg(VOLUME_PROJECTION), A),
            f(2, "defaultMode", I32, P),
        ]),
        P,
    ),
    f(
        28,
        "csi",
        Msg(&[
            f(1, "driver", Str, A),
            f(2, "readOnly", Bool, P),
            f(3, "fsType", Str, P),
            f(4, "volumeAttributes", M(&Str), O),
            f(5, "nodePublishSecretRef", Msg(LOCAL_OBJECT_REFERENCE), P),
        ]),
        P,
    ),
    f(
        30,
        "image",
        Msg(&[f(1, "reference", Str, O), f(2, "pullPolicy", Str, O)]),
        P,
    ),
];

const VOLUME_PROJECTION: &[F] = &[
    f(1, "secret", Msg(KEYED_PROJECTION), P),
    f(
        2,
        "downwardAPI",
        Msg(&[r(1, "items", Msg(DOWNWARD_API_VOLUME_FILE), O)]),
        P,
    ),
    f(3, "configMap", Msg(KEYED_PROJECTION), P),
    f(
        4,
        "serviceAccountToken",
        Msg(&[
            f(1, "audience", Str, O),
            f(2, "expirationSeconds", I64, P),
            f(3, "path", Str, A),
        ]),
        P,
    ),
];
