//! PATCH semantics of the simulated Kubernetes API server.
//!
//! This module owns applying the three patch formats the API server accepts to an object held as
//! a [`serde_json::Value`]:
//!
//! * JSON merge patch (`application/merge-patch+json`, RFC 7386): [`apply_merge_patch`];
//! * strategic merge patch (`application/strategic-merge-patch+json`) including the directives
//!   kubectl sends (`$patch`, `$retainKeys`, `$setElementOrder/…`,
//!   `$deleteFromPrimitiveList/…`): [`apply_strategic_merge_patch`];
//! * JSON patch (`application/json-patch+json`, RFC 6902): [`apply_json_patch`].
//!
//! The behaviour, error texts and quirks follow the real kube-apiserver (the apimachinery
//! `strategicpatch` package and the `evanphx/json-patch` v4 library it uses), because kubectl
//! users must see the same results as against a real cluster.
//!
//! It must not do I/O and knows nothing about storage: resource versions, conflicts,
//! subresources, defaulting and validation belong to the caller, which loads the object, applies
//! the patch here and then validates and stores the result.
//!
//! This file holds the constants the formats share and re-exports the three entry points;
//! each format lives in its own file (`merge`, `json_patch`, `strategic` with
//! `strategic_schema`, `directives`, `element_order` and `values`).

mod directives;
mod element_order;
mod json_patch;
mod merge;
mod strategic;
mod strategic_schema;
#[cfg(test)]
mod test_support;
mod values;

pub use json_patch::apply_json_patch;
pub use merge::apply_merge_patch;
pub use strategic::apply_strategic_merge_patch;

use serde_json::{Map, Value};

type JsonMap = Map<String, Value>;

const PATCH_DIRECTIVE: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const SET_ELEMENT_ORDER: &str = "$setElementOrder";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";

const ERR_RETAIN_KEYS: &str = "invalid patch format of retainKeys";
const ERR_SET_ELEMENT_ORDER: &str = "invalid patch format of setElementOrder list";
const ERR_PRIMITIVE_LIST: &str = "invalid patch format of primitive list";
const GO_MAP: &str = "map[string]interface {}";
const GO_LIST: &str = "[]interface {}";
