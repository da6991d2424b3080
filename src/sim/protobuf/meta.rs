//! Schemas of the shared messages: `meta/v1` (object meta, owner references, managed
//! fields, label selectors, conditions) and small core/v1 references and resource
//! requirements.
//!
//! Schema data only; it must not decode.

use super::{F, f, r};
use crate::sim::protobuf::Pres::{Always as A, Null as N, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{Bool, FieldsV1, I64, Map as M, Msg, Quantity, Str, Time};

// --- k8s.io/apimachinery/pkg/apis/meta/v1

pub(super) const OBJECT_META: &[F] = &[
    f(1, "name", Str, O),
    f(2, "generateName", Str, O),
    f(3, "namespace", Str, O),
    f(4, "selfLink", Str, O),
    f(5, "uid", Str, O),
    f(6, "resourceVersion", Str, O),
    f(7, "generation", I64, O),
    f(8, "creationTimestamp", Time, A),
    f(9, "deletionTimestamp", Time, P),
    f(10, "deletionGracePeriodSeconds", I64, P),
    f(11, "labels", M(&Str), O),
    f(12, "annotations", M(&Str), O),
    r(13, "ownerReferences", Msg(OWNER_REFERENCE), O),
    r(14, "finalizers", Str, O),
    r(17, "managedFields", Msg(MANAGED_FIELDS_ENTRY), O),
];

const OWNER_REFERENCE: &[F] = &[
    f(5, "apiVersion", Str, A),
    f(1, "kind", Str, A),
    f(3, "name", Str, A),
    f(4, "uid", Str, A),
    f(6, "controller", Bool, P),
    f(7, "blockOwnerDeletion", Bool, P),
];

const MANAGED_FIELDS_ENTRY: &[F] = &[
    f(1, "manager", Str, O),
    f(2, "operation", Str, O),
    f(3, "apiVersion", Str, O),
    f(4, "time", Time, P),
    f(6, "fieldsType", Str, O),
    f(7, "fieldsV1", FieldsV1, P),
    f(8, "subresource", Str, O),
];

pub(super) const LABEL_SELECTOR: &[F] = &[
    f(1, "matchLabels", M(&Str), O),
    r(2, "matchExpressions", Msg(SELECTOR_REQUIREMENT), O),
];

/// `LabelSelectorRequirement` and `FieldSelectorRequirement` share numbers and JSON.
pub(super) const SELECTOR_REQUIREMENT: &[F] = &[
    f(1, "key", Str, A),
    f(2, "operator", Str, A),
    r(3, "values", Str, O),
];

pub(super) const CONDITION: &[F] = &[
    f(1, "type", Str, A),
    f(2, "status", Str, A),
    f(3, "observedGeneration", I64, O),
    f(4, "lastTransitionTime", Time, A),
    f(5, "reason", Str, A),
    f(6, "message", Str, A),
];

// --- core/v1: small shared messages

pub(super) const LOCAL_OBJECT_REFERENCE: &[F] = &[f(1, "name", Str, O)];

pub(super) const OBJECT_REFERENCE: &[F] = &[
    f(1, "kind", Str, O),
    f(2, "namespace", Str, O),
    f(3, "name", Str, O),
    f(4, "uid", Str, O),
    f(5, "apiVersion", Str, O),
    f(6, "resourceVersion", Str, O),
    f(7, "fieldPath", Str, O),
];

pub(super) const TYPED_LOCAL_OBJECT_REFERENCE: &[F] = &[
    f(1, "apiGroup", Str, N),
    f(2, "kind", Str, A),
    f(3, "name", Str, A),
];

pub(super) const RESOURCE_REQUIREMENTS: &[F] = &[
    f(1, "limits", M(&Quantity), O),
    f(2, "requests", M(&Quantity), O),
    r(
        3,
        "claims",
        Msg(&[f(1, "name", Str, A), f(2, "request", Str, O)]),
        O,
    ),
];
