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

// ---------------------------------------------------------------------------------------------
// JSON merge patch
// ---------------------------------------------------------------------------------------------

/// RFC 7386 JSON merge patch (application/merge-patch+json): null deletes, objects merge
/// recursively, everything else (including arrays) replaces.
///
/// Values that land in the target have their null members pruned, as the API server's merge
/// library does. A non-object patch replaces the target, per the RFC; note that the real API
/// server rejects a top-level `null` patch with 400 "Invalid JSON Patch" before applying it.
pub fn apply_merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = without_nulls(patch);
        return;
    };
    match target {
        Value::Object(target_map) => merge_objects(target_map, patch_map),
        _ => *target = without_nulls(patch),
    }
}

fn merge_objects(target: &mut JsonMap, patch: &JsonMap) {
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
            continue;
        }
        match target.get_mut(key) {
            Some(existing @ Value::Object(_)) if value.is_object() => {
                apply_merge_patch(existing, value);
            }
            _ => {
                target.insert(key.clone(), without_nulls(value));
            }
        }
    }
}

/// Drops null members of objects at any depth; null array elements stay, as upstream keeps them.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, member)| !member.is_null())
                .map(|(key, member)| (key.clone(), without_nulls(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        scalar => scalar.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// JSON patch
// ---------------------------------------------------------------------------------------------

/// RFC 6902 JSON patch (application/json-patch+json): add, remove, replace, move, copy, test;
/// JSON pointer with ~0/~1 escapes and "-" for array append.
///
/// The patch is applied all-or-nothing: on error `target` is left untouched. Like the API
/// server's library, negative array indices count from the end, and `replace` of a missing
/// object member adds it.
///
/// # Errors
///
/// Returns the API server's message (it answers 422 with it) when an operation does not apply,
/// an index is out of range, a `test` fails, or the patch is not a list of operations.
pub fn apply_json_patch(target: &mut Value, patch: &Value) -> Result<(), String> {
    let operations = decode_operations(patch)?;
    let mut document = target.clone();
    for operation in operations {
        apply_operation(&mut document, operation)?;
    }
    *target = document;
    Ok(())
}

/// One decoded operation; `None` stands for a JSON `null` entry, which upstream decodes to an
/// operation without any field.
#[derive(Clone, Copy)]
struct Operation<'p>(Option<&'p JsonMap>);

impl<'p> Operation<'p> {
    fn field(self, name: &str) -> Option<&'p Value> {
        self.0
            .and_then(|map| map.get(name))
            .filter(|value| !value.is_null())
    }

    fn kind(self) -> &'p str {
        self.field("op")
            .and_then(Value::as_str)
            .unwrap_or("unknown")
    }

    fn path(self) -> Result<&'p str, String> {
        self.string_field("path", "operation missing path field: missing value")
    }

    fn from(self) -> Result<&'p str, String> {
        self.string_field("from", "operation, missing from field: missing value")
    }

    fn string_field(self, name: &str, missing: &str) -> Result<&'p str, String> {
        match self.field(name) {
            None => Err(missing.to_owned()),
            Some(Value::String(text)) => Ok(text),
            Some(other) => Err(format!(
                "json: cannot unmarshal {} into Go value of type string",
                json_type_word(other)
            )),
        }
    }

    fn value(self) -> Value {
        self.field("value").cloned().unwrap_or(Value::Null)
    }
}

fn decode_operations(patch: &Value) -> Result<Vec<Operation<'_>>, String> {
    let items = match patch {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                json_type_word(other)
            ));
        }
    };
    items
        .iter()
        .map(|item| match item {
            Value::Null => Ok(Operation(None)),
            Value::Object(map) => Ok(Operation(Some(map))),
            other => Err(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Operation",
                json_type_word(other)
            )),
        })
        .collect()
}

fn apply_operation(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    match operation.kind() {
        "add" => json_add(document, operation),
        "remove" => json_remove(document, operation),
        "replace" => json_replace(document, operation),
        "move" => json_move(document, operation),
        "copy" => json_copy(document, operation),
        "test" => json_test(document, operation),
        other => Err(format!("Unexpected kind: {other}")),
    }
}

fn json_add(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|_| "add operation failed to decode path: missing value".to_owned())?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    container_add(parent, &key, operation.value())
        .map_err(|error| format!("error in add for path: '{path}': {error}"))
}

fn json_remove(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|_| "remove operation failed to decode path: missing value".to_owned())?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    container_remove(parent, &key)
        .map(drop)
        .map_err(|error| format!("error in remove for path: '{path}': {error}"))
}

fn json_replace(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|error| format!("replace operation failed to decode path: {error}"))?;
    let value = operation.value();
    if path.is_empty() {
        if !(value.is_object() || value.is_array()) {
            return Err("replace operation value must be object or array".to_owned());
        }
        *document = value;
        return Ok(());
    }
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("replace operation does not apply: doc is missing path: {path}: missing value")
    })?;
    // Upstream only verifies existence for arrays; a missing object member is simply set.
    container_get(parent, &key).map_err(|_| {
        format!("replace operation does not apply: doc is missing key: {path}: missing value")
    })?;
    // The upstream message really says "remove" here.
    container_set(parent, &key, value)
        .map_err(|error| format!("error in remove for path: '{path}': {error}"))
}

fn json_move(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let from = operation
        .from()
        .map_err(|error| format!("move operation failed to decode from: {error}"))?;
    let (parent, key) = locate(document, from).ok_or_else(|| {
        format!("move operation does not apply: doc is missing from path: {from}: missing value")
    })?;
    let value = container_remove(parent, &key)
        .map_err(|error| format!("error in move for path: '{key}': {error}"))?;
    let path = operation
        .path()
        .map_err(|error| format!("move operation failed to decode path: {error}"))?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!(
            "move operation does not apply: doc is missing destination path: {path}: missing value"
        )
    })?;
    container_add(parent, &key, value)
        .map_err(|error| format!("error in move for path: '{path}': {error}"))
}

fn json_copy(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let from = operation
        .from()
        .map_err(|error| format!("copy operation failed to decode from: {error}"))?;
    let (parent, key) = locate(document, from).ok_or_else(|| {
        format!("copy operation does not apply: doc is missing from path: {from}: missing value")
    })?;
    // Upstream copies a missing object member as null rather than failing.
    let value = container_get(parent, &key)
        .map_err(|error| format!("error in copy for from: '{from}': {error}"))?
        .cloned()
        .unwrap_or(Value::Null);
    let path = operation
        .path()
        .map_err(|_| "copy operation failed to decode path: missing value".to_owned())?;
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!(
            "copy operation does not apply: doc is missing destination path: {path}: missing value"
        )
    })?;
    container_add(parent, &key, value)
        .map_err(|error| format!("error while adding value during copy: {error}"))
}

fn json_test(document: &mut Value, operation: Operation<'_>) -> Result<(), String> {
    let path = operation
        .path()
        .map_err(|error| format!("test operation failed to decode path: {error}"))?;
    let expected = operation.value();
    let failed = || format!("testing value {path} failed: test failed");
    if path.is_empty() {
        return if *document == expected {
            Ok(())
        } else {
            Err(failed())
        };
    }
    let (parent, key) = locate(document, path).ok_or_else(|| {
        format!("test operation does not apply: is missing path: {path}: missing value")
    })?;
    let actual = container_get(parent, &key)
        .map_err(|error| format!("error in test for path: '{path}': {error}"))?
        .unwrap_or(&Value::Null);
    if *actual == expected {
        Ok(())
    } else {
        Err(failed())
    }
}

/// Resolves all but the last token of a JSON pointer; returns the container they lead to and the
/// unescaped last token, or `None` when the path does not lead into an object or array.
fn locate<'d>(document: &'d mut Value, path: &str) -> Option<(&'d mut Value, String)> {
    let mut tokens: Vec<String> = path.strip_prefix('/')?.split('/').map(unescape).collect();
    let last = tokens.pop()?;
    let mut current = document;
    for token in &tokens {
        current = match current {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => {
                let index = existing_index(token, items.len()).ok()?;
                items.get_mut(index)?
            }
            _ => return None,
        };
    }
    (current.is_object() || current.is_array()).then_some((current, last))
}

/// RFC 6901 unescaping; "~01" must become "~1", so "~1" is decoded before "~0".
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn container_get<'v>(container: &'v Value, key: &str) -> Result<Option<&'v Value>, String> {
    match container {
        Value::Object(map) => Ok(map.get(key)),
        Value::Array(items) => Ok(items.get(existing_index(key, items.len())?)),
        _ => Err("unknown object type".to_owned()),
    }
}

fn container_set(container: &mut Value, key: &str, value: Value) -> Result<(), String> {
    match container {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
            Ok(())
        }
        Value::Array(items) => {
            let index = existing_index(key, items.len())?;
            if let Some(slot) = items.get_mut(index) {
                *slot = value;
            }
            Ok(())
        }
        _ => Err("unknown object type".to_owned()),
    }
}

fn container_add(container: &mut Value, key: &str, value: Value) -> Result<(), String> {
    match container {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
            Ok(())
        }
        Value::Array(items) => {
            let index = insertion_index(key, items.len())?;
            items.insert(index, value);
            Ok(())
        }
        _ => Err("unknown object type".to_owned()),
    }
}

fn container_remove(container: &mut Value, key: &str) -> Result<Value, String> {
    match container {
        Value::Object(map) => map
            .remove(key)
            .ok_or_else(|| format!("Unable to remove nonexistent key: {key}: missing value")),
        Value::Array(items) => {
            let index = existing_index(key, items.len())?;
            Ok(items.remove(index))
        }
        _ => Err("unknown object type".to_owned()),
    }
}

/// Index of an existing array element; negative indices count from the end, as upstream allows.
fn existing_index(token: &str, len: usize) -> Result<usize, String> {
    let raw = parse_index(token)?;
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let index = if raw < 0 { raw + len } else { raw };
    if index < 0 || index >= len {
        return Err(invalid_index(raw));
    }
    usize::try_from(index).map_err(|_| invalid_index(raw))
}

/// Position for `add`: "-" appends, the length itself appends, negatives count from the end of
/// the grown array.
fn insertion_index(token: &str, len: usize) -> Result<usize, String> {
    if token == "-" {
        return Ok(len);
    }
    let raw = parse_index(token)
        .map_err(|error| format!("value was not a proper array index: '{token}': {error}"))?;
    let grown = i64::try_from(len).unwrap_or(i64::MAX).saturating_add(1);
    let index = if raw < 0 { raw + grown } else { raw };
    if index < 0 || index >= grown {
        return Err(invalid_index(raw));
    }
    usize::try_from(index).map_err(|_| invalid_index(raw))
}

/// Parses like Go's `strconv.Atoi`, with its error texts.
fn parse_index(token: &str) -> Result<i64, String> {
    token.parse::<i64>().map_err(|error| {
        let reason = match error.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "value out of range"
            }
            _ => "invalid syntax",
        };
        format!("strconv.Atoi: parsing {token:?}: {reason}")
    })
}

fn invalid_index(index: i64) -> String {
    format!("Unable to access invalid index: {index}: invalid index referenced")
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch: schema
// ---------------------------------------------------------------------------------------------

/// Where a map sits inside a built-in object, as far as strategic merge patch cares. This stands
/// in for the Go struct tags (`patchStrategy`, `patchMergeKey`) the API server reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Schema {
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
enum RootKind {
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
    fn of(kind: &str) -> Self {
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
enum Strategy {
    /// Maps merge recursively; lists and scalars are replaced.
    Default,
    /// The list merges: objects by this key, primitives as a set (`None`).
    Merge(Option<&'static str>),
    /// The map is replaced as a whole.
    Replace,
}

#[derive(Clone, Copy, Debug)]
struct Field {
    /// Schema of the field's value, or of each element for lists.
    schema: Schema,
    strategy: Strategy,
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

    fn merge_key(self) -> Option<&'static str> {
        match self.strategy {
            Strategy::Merge(key) => key,
            Strategy::Default | Strategy::Replace => None,
        }
    }
}

fn lookup(schema: Schema, name: &str) -> Field {
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

// ---------------------------------------------------------------------------------------------
// Strategic merge patch: merging
// ---------------------------------------------------------------------------------------------

/// Kubernetes strategic merge patch (application/strategic-merge-patch+json) as the API server
/// applies it for built-in kinds.
/// `kind` is the object's kind (`"Pod"`, `"Deployment"`, `"ReplicaSet"`, `"Service"`, `"Node"`,
/// `"Namespace"`, `"ConfigMap"`, `"Secret"`, `"Endpoints"`, `"Event"`, ...).
/// Errors are human-readable messages in the style of the API server (they become a 422/400
/// Status).
///
/// On error `target` is left untouched. Like the API server, items a patch adds to a merging
/// list are placed before the live items unless `$setElementOrder` says otherwise, and
/// `{"$patch": "delete"}` on a map leaves an empty map.
///
/// # Errors
///
/// Fails on unknown `$` directives, unknown `$patch` values, list items without their merge key,
/// `$retainKeys` or `$setElementOrder` lists that contradict the patch, and mixed-type lists.
pub fn apply_strategic_merge_patch(
    target: &mut Value,
    patch: &Value,
    kind: &str,
) -> Result<(), String> {
    let patch = match patch {
        // Go decodes `null` into a nil map, which patches nothing.
        Value::Null => return Ok(()),
        Value::Object(patch) => patch,
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type {GO_MAP}",
                json_type_word(other)
            ));
        }
    };
    let original = target.as_object().cloned().unwrap_or_default();
    let merged = merge_map(original, patch, Schema::Root(RootKind::of(kind)))?;
    *target = Value::Object(merged);
    Ok(())
}

fn merge_map(mut original: JsonMap, patch: &JsonMap, schema: Schema) -> Result<JsonMap, String> {
    if let Some(directive) = patch.get(PATCH_DIRECTIVE) {
        return apply_map_directive(directive, patch);
    }
    for key in patch.keys() {
        check_directive_name(key)?;
    }
    apply_retain_keys(&mut original, patch)?;
    let ordered = apply_element_orders(&mut original, patch, schema)?;
    for (key, value) in patch {
        if key.starts_with('$') || ordered.contains(&key.as_str()) {
            continue;
        }
        merge_field(&mut original, key, value, lookup(schema, key))?;
    }
    // Deletions go last so they also apply to items this patch merged in.
    for (key, value) in patch {
        if let Some(name) = directive_target(key, DELETE_FROM_PRIMITIVE_LIST) {
            delete_from_list(&mut original, name, value, lookup(schema, name))?;
        }
    }
    Ok(original)
}

fn apply_map_directive(directive: &Value, patch: &JsonMap) -> Result<JsonMap, String> {
    match directive.as_str() {
        Some("replace") => adopt_members(patch),
        // Upstream empties the map rather than removing its key.
        Some("delete") => Ok(JsonMap::new()),
        _ => Err(err_bad_patch_type(directive, patch)),
    }
}

/// Accepts the directive keys the API server understands; any other `$` key would be an unknown
/// field to the typed decoder, which kubectl's default strict field validation rejects.
fn check_directive_name(key: &str) -> Result<(), String> {
    if !key.starts_with('$') || key == PATCH_DIRECTIVE || key == RETAIN_KEYS {
        return Ok(());
    }
    if let Some(rest) = key.strip_prefix(SET_ELEMENT_ORDER) {
        return if rest.starts_with('/') {
            Ok(())
        } else {
            Err(ERR_SET_ELEMENT_ORDER.to_owned())
        };
    }
    if let Some(rest) = key.strip_prefix(DELETE_FROM_PRIMITIVE_LIST) {
        return if rest.starts_with('/') {
            Ok(())
        } else {
            Err(ERR_PRIMITIVE_LIST.to_owned())
        };
    }
    Err(format!(
        "strict decoding error: unknown field \"{key}\" (not a strategic merge patch directive)"
    ))
}

/// The field a `$prefix/field` directive key applies to.
fn directive_target<'k>(key: &'k str, prefix: &str) -> Option<&'k str> {
    key.strip_prefix(prefix)?.strip_prefix('/')
}

fn apply_retain_keys(original: &mut JsonMap, patch: &JsonMap) -> Result<(), String> {
    let Some(retain) = patch.get(RETAIN_KEYS) else {
        return Ok(());
    };
    let Value::Array(retain) = retain else {
        return Err(ERR_RETAIN_KEYS.to_owned());
    };
    let retained = |key: &str| retain.iter().any(|item| item.as_str() == Some(key));
    // Everything the patch sets must survive the pruning, or the patch contradicts itself.
    let contradicts = patch
        .iter()
        .any(|(key, value)| !value.is_null() && !key.starts_with('$') && !retained(key));
    if contradicts {
        return Err(ERR_RETAIN_KEYS.to_owned());
    }
    original.retain(|key, _| retained(key));
    Ok(())
}

/// Merges every list that has a `$setElementOrder/<field>` and orders it; returns the fields done.
fn apply_element_orders<'p>(
    original: &mut JsonMap,
    patch: &'p JsonMap,
    schema: Schema,
) -> Result<Vec<&'p str>, String> {
    let mut done = Vec::new();
    for (key, order) in patch {
        let Some(name) = directive_target(key, SET_ELEMENT_ORDER) else {
            continue;
        };
        let Value::Array(order) = order else {
            return Err(err_bad_arg_type(GO_LIST, order));
        };
        let field = lookup(schema, name);
        if let Some(list) = ordered_list(original.get(name), patch.get(name), order, field, name)? {
            original.insert(name.to_owned(), Value::Array(list));
        }
        done.push(name);
    }
    Ok(done)
}

fn ordered_list(
    live: Option<&Value>,
    patch: Option<&Value>,
    order: &[Value],
    field: Field,
    name: &str,
) -> Result<Option<Vec<Value>>, String> {
    let live = live.map(as_list).transpose()?;
    let patch = patch.map(as_list).transpose()?;
    if let Some(patch) = patch {
        validate_order(patch, order, field.merge_key())?;
    }
    let merged = match (live, patch) {
        (None, None) => return Ok(None),
        (Some(live), None) => live.clone(),
        (None, Some(patch)) => adopt_list(patch)?,
        (Some(live), Some(patch)) => merge_list_field(live.clone(), patch, field, name)?,
    };
    if !matches!(field.strategy, Strategy::Merge(_)) {
        return Ok(Some(merged));
    }
    let live = live.map_or(&[][..], Vec::as_slice);
    let Some(kind) = element_kind(live, patch.map_or(&[][..], Vec::as_slice))? else {
        return Ok(Some(merged));
    };
    let key = list_key(kind, field.merge_key(), name)?;
    let (in_order, server_only) = partition(merged, order, key)?;
    normalize_element_order(in_order, server_only, order, live, key).map(Some)
}

fn as_list(value: &Value) -> Result<&Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| err_bad_arg_type(GO_LIST, value))
}

/// Checks that the patch list's items appear in the same relative order as in the order list.
fn validate_order(patch: &[Value], order: &[Value], key: Option<&str>) -> Result<(), String> {
    if patch.is_empty() || order.is_empty() {
        return Ok(());
    }
    let mut items = Vec::with_capacity(patch.len());
    for item in patch {
        if key.is_some() && item.as_object().is_none() {
            return Err(err_bad_arg_type(GO_MAP, item));
        }
        let deleted = key.is_some() && item.get(PATCH_DIRECTIVE) == Some(&delete_directive());
        if !deleted {
            items.push(item);
        }
    }
    let (mut item_index, mut order_index) = (0, 0);
    while let (Some(item), Some(ordered)) = (items.get(item_index), order.get(order_index)) {
        if item.get(PATCH_DIRECTIVE).is_none() && !same_identity(item, ordered, key)? {
            order_index += 1;
            continue;
        }
        item_index += 1;
        if item.get(PATCH_DIRECTIVE).is_none() {
            order_index += 1;
        }
    }
    if item_index < items.len() {
        return Err(format!(
            "The order in patch list:\n{}\n doesn't match {SET_ELEMENT_ORDER} list:\n{}\n",
            go_format_items(patch),
            go_format_items(order)
        ));
    }
    Ok(())
}

fn delete_directive() -> Value {
    Value::String("delete".to_owned())
}

fn same_identity(left: &Value, right: &Value, key: Option<&str>) -> Result<bool, String> {
    let Some(key) = key else {
        return Ok(left == right);
    };
    Ok(merge_key_value(left, key)? == merge_key_value(right, key)?)
}

fn merge_key_value<'v>(item: &'v Value, key: &str) -> Result<&'v Value, String> {
    let map = item
        .as_object()
        .ok_or_else(|| err_bad_arg_type(GO_MAP, item))?;
    map.get(key).ok_or_else(|| err_no_merge_key(map, key))
}

fn merge_field(
    original: &mut JsonMap,
    key: &str,
    value: &Value,
    field: Field,
) -> Result<(), String> {
    if value.is_null() {
        original.remove(key);
        return Ok(());
    }
    match (original.get_mut(key), value) {
        (Some(Value::Object(live)), Value::Object(patch))
            if field.strategy != Strategy::Replace =>
        {
            let taken = std::mem::take(live);
            *live = merge_map(taken, patch, field.schema)?;
        }
        (Some(Value::Array(live)), Value::Array(patch)) => {
            let taken = std::mem::take(live);
            *live = merge_list_field(taken, patch, field, key)?;
        }
        // Missing, null, scalar or type change: nothing to merge into, so the patch value wins.
        _ => match adopt(value)? {
            Some(adopted) => {
                original.insert(key.to_owned(), adopted);
            }
            None => {
                original.remove(key);
            }
        },
    }
    Ok(())
}

fn merge_list_field(
    live: Vec<Value>,
    patch: &[Value],
    field: Field,
    name: &str,
) -> Result<Vec<Value>, String> {
    match field.strategy {
        Strategy::Merge(key) => merge_list(live, patch, key, field.schema, name),
        Strategy::Default | Strategy::Replace => adopt_list(patch),
    }
}

fn merge_list(
    live: Vec<Value>,
    patch: &[Value],
    merge_key: Option<&str>,
    schema: Schema,
    name: &str,
) -> Result<Vec<Value>, String> {
    let Some(kind) = element_kind(&live, patch)? else {
        return Ok(live);
    };
    let key = list_key(kind, merge_key, name)?;
    let (live, plain, merged) = match key {
        None => {
            let merged = union(&live, patch);
            (live, patch.to_vec(), merged)
        }
        Some(key) => {
            let (live, plain) = apply_list_directives(live, patch, key)?;
            let merged = merge_keyed_items(live.clone(), &plain, key, schema)?;
            (live, plain, merged)
        }
    };
    let (in_patch, server_only) = partition(merged, &plain, key)?;
    normalize_element_order(in_patch, server_only, &plain, &live, key)
}

/// The merge key to identify items by: `None` for primitive lists.
fn list_key<'k>(
    kind: ElementKind,
    merge_key: Option<&'k str>,
    name: &str,
) -> Result<Option<&'k str>, String> {
    if kind != ElementKind::Object {
        return Ok(None);
    }
    merge_key
        .map(Some)
        .ok_or_else(|| format!("cannot merge lists without merge key for {name}"))
}

fn union(live: &[Value], patch: &[Value]) -> Vec<Value> {
    let mut merged: Vec<Value> = Vec::with_capacity(live.len() + patch.len());
    for item in live.iter().chain(patch) {
        if !merged.contains(item) {
            merged.push(item.clone());
        }
    }
    merged
}

/// Handles `{"$patch": ...}` list items; returns the live list after deletions (or the
/// replacement list) and the patch items left to merge.
fn apply_list_directives(
    mut live: Vec<Value>,
    patch: &[Value],
    key: &str,
) -> Result<(Vec<Value>, Vec<Value>), String> {
    let mut plain = Vec::with_capacity(patch.len());
    let mut replace = false;
    for item in patch {
        let map = item
            .as_object()
            .ok_or_else(|| err_bad_arg_type(GO_MAP, item))?;
        let Some(directive) = map.get(PATCH_DIRECTIVE) else {
            plain.push(item.clone());
            continue;
        };
        match directive.as_str() {
            Some("delete") => {
                let value = map.get(key).ok_or_else(|| err_no_merge_key(map, key))?;
                remove_matching(&mut live, key, value)?;
            }
            // Keep scanning: other directive items must still be validated and dropped.
            Some("replace") => replace = true,
            Some("merge") => {
                return Err("merging lists cannot yet be specified in the patch".to_owned());
            }
            _ => return Err(err_bad_patch_type(directive, map)),
        }
    }
    if replace {
        Ok((adopt_list(&plain)?, Vec::new()))
    } else {
        Ok((live, plain))
    }
}

fn remove_matching(live: &mut Vec<Value>, key: &str, value: &Value) -> Result<(), String> {
    while let Some(index) = find_by_key(live, key, value)? {
        live.remove(index);
    }
    Ok(())
}

fn find_by_key(items: &[Value], key: &str, value: &Value) -> Result<Option<usize>, String> {
    for (index, item) in items.iter().enumerate() {
        let map = item
            .as_object()
            .ok_or_else(|| format!("value for key {index} is not a map"))?;
        if map.get(key) == Some(value) {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

fn merge_keyed_items(
    mut live: Vec<Value>,
    plain: &[Value],
    key: &str,
    schema: Schema,
) -> Result<Vec<Value>, String> {
    for item in plain {
        let patch = item
            .as_object()
            .ok_or_else(|| err_bad_arg_type(GO_MAP, item))?;
        let value = patch.get(key).ok_or_else(|| err_no_merge_key(patch, key))?;
        let found = find_by_key(&live, key, value)?;
        if let Some(Value::Object(current)) = found.and_then(|index| live.get_mut(index)) {
            let taken = std::mem::take(current);
            *current = merge_map(taken, patch, schema)?;
        } else if let Some(adopted) = adopt(item)? {
            live.push(adopted);
        }
    }
    Ok(live)
}

fn delete_from_list(
    original: &mut JsonMap,
    name: &str,
    value: &Value,
    field: Field,
) -> Result<(), String> {
    if value.is_null() {
        original.remove(name);
        return Ok(());
    }
    let (Some(Value::Array(live)), Value::Array(remove)) = (original.get_mut(name), value) else {
        return Ok(());
    };
    match element_kind(live, remove)? {
        None => {}
        // Upstream routes lists of objects through the ordinary keyed merge here.
        Some(ElementKind::Object) => {
            let taken = std::mem::take(live);
            *live = merge_list(taken, remove, field.merge_key(), field.schema, name)?;
        }
        Some(_) => live.retain(|item| !remove.contains(item)),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch: ordering (the apiserver's "preserve order" rules)
// ---------------------------------------------------------------------------------------------

/// Splits `merged` into items named in `by` and the rest, keeping the merged order.
fn partition(
    merged: Vec<Value>,
    by: &[Value],
    key: Option<&str>,
) -> Result<(Vec<Value>, Vec<Value>), String> {
    let mut named = Vec::new();
    let mut rest = Vec::new();
    for item in merged {
        let found = match key {
            Some(key) => find_by_key(by, key, merge_key_value(&item, key)?)?.is_some(),
            None => by.contains(&item),
        };
        if found {
            named.push(item);
        } else {
            rest.push(item);
        }
    }
    Ok((named, rest))
}

/// Sorts patch items by the patch (or `$setElementOrder`) order and server-only items by the
/// live order, then interleaves them the way the API server does.
fn normalize_element_order(
    in_patch: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    live_order: &[Value],
    key: Option<&str>,
) -> Result<Vec<Value>, String> {
    let in_patch = sort_by_order(in_patch, patch_order, key)?;
    let server_only = sort_by_order(server_only, live_order, key)?;
    Ok(interleave(server_only, in_patch, live_order, key))
}

fn sort_by_order(
    mut items: Vec<Value>,
    order: &[Value],
    key: Option<&str>,
) -> Result<Vec<Value>, String> {
    if let Some(key) = key {
        for item in items.iter().chain(order) {
            merge_key_value(item, key)?;
        }
    }
    items.sort_by_key(|item| position(order, item, key).unwrap_or(usize::MAX));
    Ok(items)
}

/// Merges two sorted lists. A server-only item goes before the next patch item only when the
/// live list has both and has it first; so items new to the live list come before the
/// server-only items that follow them.
fn interleave(
    server_only: Vec<Value>,
    in_patch: Vec<Value>,
    live_order: &[Value],
    key: Option<&str>,
) -> Vec<Value> {
    let mut result = Vec::with_capacity(server_only.len() + in_patch.len());
    let mut server_only = server_only.into_iter().peekable();
    let mut in_patch = in_patch.into_iter().peekable();
    loop {
        let take_server_only = match (server_only.peek(), in_patch.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(left), Some(right)) => matches!(
                (position(live_order, left, key), position(live_order, right, key)),
                (Some(left), Some(right)) if left < right
            ),
        };
        let next = if take_server_only {
            server_only.next()
        } else {
            in_patch.next()
        };
        result.extend(next);
    }
    result
}

fn position(list: &[Value], item: &Value, key: Option<&str>) -> Option<usize> {
    let wanted = identity(item, key);
    list.iter()
        .position(|candidate| identity(candidate, key) == wanted)
}

/// What identifies a list item: its merge key's value, or the item itself for primitives.
fn identity<'v>(item: &'v Value, key: Option<&str>) -> Option<&'v Value> {
    match key {
        Some(key) => item.get(key),
        None => Some(item),
    }
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch: helpers
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ElementKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl ElementKind {
    fn of(value: &Value) -> Self {
        match value {
            Value::Null => Self::Null,
            Value::Bool(_) => Self::Bool,
            Value::Number(_) => Self::Number,
            Value::String(_) => Self::String,
            Value::Array(_) => Self::Array,
            Value::Object(_) => Self::Object,
        }
    }
}

/// The common element type of two lists, or `None` when both are empty.
fn element_kind(live: &[Value], patch: &[Value]) -> Result<Option<ElementKind>, String> {
    let mut kind = None;
    for item in live.iter().chain(patch) {
        let current = ElementKind::of(item);
        match kind {
            None if current == ElementKind::Array => {
                return Err("lists of lists are not supported".to_owned());
            }
            None => kind = Some(current),
            Some(previous) if previous != current => {
                return Err(format!(
                    "list element types are not identical: [{} {}]",
                    go_format_items(live),
                    go_format_items(patch)
                ));
            }
            Some(_) => {}
        }
    }
    Ok(kind)
}

/// Makes a patch value that has nothing to merge into ready to store, as the API server does:
/// nulls are dropped (there is nothing to delete) and every map or list item carrying `$patch`
/// is dropped with it, so no directive can leak into the stored object.
fn adopt(value: &Value) -> Result<Option<Value>, String> {
    match value {
        Value::Object(map) if map.contains_key(PATCH_DIRECTIVE) => Ok(None),
        Value::Object(map) => adopt_members(map).map(|map| Some(Value::Object(map))),
        Value::Array(items) => adopt_list(items).map(|items| Some(Value::Array(items))),
        scalar => Ok(Some(scalar.clone())),
    }
}

fn adopt_members(map: &JsonMap) -> Result<JsonMap, String> {
    let mut adopted = JsonMap::new();
    for (key, value) in map {
        if key.starts_with('$') {
            check_directive_name(key)?;
            continue;
        }
        if value.is_null() {
            continue;
        }
        if let Some(value) = adopt(value)? {
            adopted.insert(key.clone(), value);
        }
    }
    Ok(adopted)
}

fn adopt_list(items: &[Value]) -> Result<Vec<Value>, String> {
    let mut adopted = Vec::with_capacity(items.len());
    for item in items {
        if let Some(item) = adopt(item)? {
            adopted.push(item);
        }
    }
    Ok(adopted)
}

fn err_no_merge_key(map: &JsonMap, key: &str) -> String {
    format!(
        "map: {} does not contain declared merge key: {key}",
        go_format_map(map)
    )
}

fn err_bad_patch_type(directive: &Value, map: &JsonMap) -> String {
    format!(
        "unknown patch type: {} in map: {}",
        go_format(directive),
        go_format_map(map)
    )
}

fn err_bad_arg_type(expected: &str, actual: &Value) -> String {
    let actual = match actual {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(number) if number.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::String(_) => "string",
        Value::Array(_) => GO_LIST,
        Value::Object(_) => GO_MAP,
    };
    format!("expected a {expected}, but received a {actual}")
}

/// Renders a value the way Go's `%v` prints decoded JSON, so messages match the API server's.
fn go_format(value: &Value) -> String {
    match value {
        Value::Null => "<nil>".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        Value::Array(items) => go_format_items(items),
        Value::Object(map) => go_format_map(map),
    }
}

fn go_format_items(items: &[Value]) -> String {
    let rendered: Vec<String> = items.iter().map(go_format).collect();
    format!("[{}]", rendered.join(" "))
}

fn go_format_map(map: &JsonMap) -> String {
    let mut rendered: Vec<String> = map
        .iter()
        .map(|(key, value)| format!("{key}:{}", go_format(value)))
        .collect();
    rendered.sort();
    format!("map[{}]", rendered.join(" "))
}

/// The word Go's JSON decoder uses for a value's type in "cannot unmarshal" errors.
fn json_type_word(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn smp(kind: &str, mut target: Value, patch: &Value) -> Value {
        apply_strategic_merge_patch(&mut target, patch, kind).unwrap();
        assert_no_directives(&target);
        target
    }

    fn smp_err(kind: &str, target: &Value, patch: &Value) -> String {
        let mut patched = target.clone();
        let error = apply_strategic_merge_patch(&mut patched, patch, kind).unwrap_err();
        assert_eq!(
            &patched, target,
            "a failed patch must leave the object untouched"
        );
        error
    }

    fn json_patch(mut target: Value, patch: &Value) -> Value {
        apply_json_patch(&mut target, patch).unwrap();
        target
    }

    fn json_patch_err(target: &Value, patch: &Value) -> String {
        let mut patched = target.clone();
        let error = apply_json_patch(&mut patched, patch).unwrap_err();
        assert_eq!(
            &patched, target,
            "a failed patch must leave the object untouched"
        );
        error
    }

    fn assert_no_directives(value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, member) in map {
                    assert!(!key.starts_with('$'), "directive {key} leaked into {value}");
                    assert_no_directives(member);
                }
            }
            Value::Array(items) => items.iter().for_each(assert_no_directives),
            _ => {}
        }
    }

    fn names(list: &Value) -> Vec<&str> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|item| item["name"].as_str().unwrap())
            .collect()
    }

    fn deployment(containers: &Value) -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {
                "replicas": 2,
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}, "annotations": {"team": "a"}},
                    "spec": {"containers": containers}
                }
            }
        })
    }

    fn two_containers() -> Value {
        json!([
            {"name": "app", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
             "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
            {"name": "sidecar", "image": "envoy:1", "args": ["--a", "--b"]}
        ])
    }

    // ----- strategic merge patch -----

    #[test]
    fn set_image_changes_one_container_and_keeps_the_others() {
        let patch = json!({"spec": {"template": {"spec": {
            "$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}],
            "containers": [{"name": "app", "image": "nginx:1.26"}]
        }}}});
        let result = smp("Deployment", deployment(&two_containers()), &patch);
        let containers = &result["spec"]["template"]["spec"]["containers"];
        assert_eq!(names(containers), ["app", "sidecar"]);
        assert_eq!(containers[0]["image"], "nginx:1.26");
        assert_eq!(containers[0]["ports"], json!([{"containerPort": 80}]));
        assert_eq!(containers[1], two_containers()[1]);
    }

    #[test]
    fn env_var_deleted_with_patch_delete() {
        let patch = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "app", "env": [{"name": "A", "$patch": "delete"}]}
        ]}}}});
        let result = smp("Deployment", deployment(&two_containers()), &patch);
        let app = &result["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(app["env"], json!([{"name": "B", "value": "2"}]));
        assert_eq!(app["image"], "nginx:1.25");
    }

    #[test]
    fn set_element_order_reorders_and_disappears() {
        let patch = json!({"spec": {"template": {"spec": {
            "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}]
        }}}});
        let result = smp("Deployment", deployment(&two_containers()), &patch);
        assert_eq!(
            names(&result["spec"]["template"]["spec"]["containers"]),
            ["sidecar", "app"]
        );
    }

    #[test]
    fn set_element_order_places_new_items_where_listed() {
        let patch = json!({"spec": {"template": {"spec": {
            "$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}, {"name": "log"}],
            "containers": [{"name": "log", "image": "fluentbit:3"}]
        }}}});
        let result = smp("Deployment", deployment(&two_containers()), &patch);
        let containers = &result["spec"]["template"]["spec"]["containers"];
        assert_eq!(names(containers), ["app", "sidecar", "log"]);
    }

    #[test]
    fn server_only_items_keep_their_live_position_relative_to_ordered_ones() {
        let live = json!([{"name": "a"}, {"name": "x"}, {"name": "b"}]);
        let patch =
            json!({"spec": {"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}]}});
        let result = smp("Pod", json!({"spec": {"containers": live}}), &patch);
        // Same interleaving as the real API server: "x" preceded "b" in the live list.
        assert_eq!(names(&result["spec"]["containers"]), ["x", "b", "a"]);
    }

    #[test]
    fn item_added_without_order_goes_first_like_the_api_server() {
        let patch = json!({"spec": {"containers": [{"name": "debug", "image": "busybox"}]}});
        let result = smp(
            "Pod",
            json!({"spec": {"containers": two_containers()}}),
            &patch,
        );
        assert_eq!(
            names(&result["spec"]["containers"]),
            ["debug", "app", "sidecar"]
        );
    }

    #[test]
    fn set_element_order_contradicting_the_patch_is_rejected() {
        let patch = json!({"spec": {
            "$setElementOrder/containers": [{"name": "app"}],
            "containers": [{"name": "sidecar", "image": "x"}]
        }});
        let error = smp_err(
            "Pod",
            &json!({"spec": {"containers": two_containers()}}),
            &patch,
        );
        assert!(error.starts_with("The order in patch list:"), "{error}");
    }

    #[test]
    fn rollout_restart_adds_annotation_without_touching_others() {
        let patch = json!({"spec": {"template": {"metadata": {"annotations": {
            "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z"
        }}}}});
        let result = smp("Deployment", deployment(&two_containers()), &patch);
        let template = &result["spec"]["template"];
        assert_eq!(
            template["metadata"]["annotations"],
            json!({"team": "a", "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z"})
        );
        assert_eq!(template["spec"]["containers"], two_containers());
        assert_eq!(result["spec"]["replicas"], 2);
    }

    #[test]
    fn service_ports_merge_by_port() {
        let service = json!({"spec": {"type": "ClusterIP", "ports": [
            {"name": "http", "port": 80, "targetPort": 8080},
            {"name": "https", "port": 443, "targetPort": 8443}
        ]}});
        let patch = json!({"spec": {"ports": [{"port": 443, "targetPort": 9443}]}});
        let result = smp("Service", service, &patch);
        assert_eq!(
            result["spec"]["ports"],
            json!([
                {"name": "http", "port": 80, "targetPort": 8080},
                {"name": "https", "port": 443, "targetPort": 9443}
            ])
        );
    }

    #[test]
    fn container_ports_merge_by_container_port() {
        let patch = json!({"spec": {"containers": [
            {"name": "app",
             "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 9090}]}
        ]}});
        let result = smp(
            "Pod",
            json!({"spec": {"containers": two_containers()}}),
            &patch,
        );
        assert_eq!(
            result["spec"]["containers"][0]["ports"],
            json!([{"containerPort": 80, "name": "http"}, {"containerPort": 9090}])
        );
    }

    #[test]
    fn finalizers_are_a_set_union() {
        let target = json!({"metadata": {"name": "ns", "finalizers": ["a", "b"]}});
        let patch = json!({"metadata": {"finalizers": ["b", "c"]}});
        let result = smp("Namespace", target, &patch);
        assert_eq!(result["metadata"]["finalizers"], json!(["a", "b", "c"]));
    }

    #[test]
    fn delete_from_primitive_list_removes_values() {
        let target = json!({"metadata": {"finalizers": ["a", "b", "c"]}});
        let patch = json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"]}});
        let result = smp("ConfigMap", target, &patch);
        assert_eq!(result["metadata"]["finalizers"], json!(["a", "c"]));
    }

    #[test]
    fn retain_keys_drops_unlisted_fields() {
        let patch = json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}});
        let result = smp("Deployment", deployment(&two_containers()), &patch);
        assert_eq!(result["spec"]["strategy"], json!({"type": "Recreate"}));
    }

    #[test]
    fn retain_keys_inside_list_item_switches_volume_source() {
        let pod = json!({"spec": {"volumes": [
            {"name": "cfg", "configMap": {"name": "settings"}},
            {"name": "tmp", "emptyDir": {}}
        ]}});
        let patch = json!({"spec": {
            "$setElementOrder/volumes": [{"name": "cfg"}, {"name": "tmp"}],
            "volumes": [{"$retainKeys": ["name", "secret"], "name": "cfg",
                         "secret": {"secretName": "creds"}}]
        }});
        let result = smp("Pod", pod, &patch);
        assert_eq!(
            result["spec"]["volumes"],
            json!([
                {"name": "cfg", "secret": {"secretName": "creds"}},
                {"name": "tmp", "emptyDir": {}}
            ])
        );
    }

    #[test]
    fn retain_keys_missing_a_patched_key_is_rejected() {
        let patch = json!({"spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": {}}}});
        let error = smp_err("Deployment", &deployment(&two_containers()), &patch);
        assert_eq!(error, "invalid patch format of retainKeys");
    }

    #[test]
    fn unknown_directive_is_rejected() {
        let target = deployment(&two_containers());
        let error = smp_err("Deployment", &target, &json!({"spec": {"$replicas": 3}}));
        assert!(error.contains("$replicas"), "{error}");
        let error = smp_err("Deployment", &target, &json!({"spec": {"$patch": "bogus"}}));
        assert!(
            error.starts_with("unknown patch type: bogus in map:"),
            "{error}"
        );
        let new_item = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "new", "image": "x", "$foo": 1}
        ]}}}});
        assert!(smp_err("Deployment", &target, &new_item).contains("$foo"));
    }

    #[test]
    fn patch_replace_item_replaces_whole_list() {
        let patch = json!({"spec": {"containers": [
            {"$patch": "replace"},
            {"name": "only", "image": "busybox"}
        ]}});
        let result = smp(
            "Pod",
            json!({"spec": {"containers": two_containers()}}),
            &patch,
        );
        assert_eq!(
            result["spec"]["containers"],
            json!([{"name": "only", "image": "busybox"}])
        );
    }

    #[test]
    fn patch_replace_on_map_replaces_it() {
        let pod = json!({"spec": {"nodeSelector": {"disk": "ssd", "zone": "a"}}});
        let patch = json!({"spec": {"nodeSelector": {"$patch": "replace", "zone": "b"}}});
        let result = smp("Pod", pod, &patch);
        assert_eq!(result["spec"]["nodeSelector"], json!({"zone": "b"}));
    }

    #[test]
    fn patch_delete_on_map_empties_it_like_the_api_server() {
        let pod = json!({"spec": {"securityContext": {"runAsUser": 1000}, "hostNetwork": true}});
        let patch = json!({"spec": {"securityContext": {"$patch": "delete"}}});
        let result = smp("Pod", pod, &patch);
        assert_eq!(
            result["spec"],
            json!({"securityContext": {}, "hostNetwork": true})
        );
    }

    #[test]
    fn null_removes_labels_and_atomic_lists_are_replaced() {
        let patch = json!({
            "metadata": {"labels": {"app": null, "tier": "web"}},
            "spec": {"containers": [{"name": "sidecar", "args": ["--c"]}],
                     "tolerations": [{"key": "k", "operator": "Exists"}]}
        });
        let pod = json!({"metadata": {"labels": {"app": "web"}},
                         "spec": {"containers": two_containers(), "tolerations": [{"key": "x"}]}});
        let result = smp("Pod", pod, &patch);
        assert_eq!(result["metadata"]["labels"], json!({"tier": "web"}));
        assert_eq!(result["spec"]["containers"][1]["args"], json!(["--c"]));
        assert_eq!(
            result["spec"]["tolerations"],
            json!([{"key": "k", "operator": "Exists"}])
        );
    }

    #[test]
    fn missing_fields_are_created_and_directive_items_dropped() {
        let patch = json!({
            "metadata": {"annotations": {"a": "1", "gone": null}},
            "spec": {"imagePullSecrets": [{"name": "reg"}, {"name": "x", "$patch": "delete"}]}
        });
        let result = smp(
            "Pod",
            json!({"metadata": {"name": "p"}, "spec": {}}),
            &patch,
        );
        assert_eq!(
            result["metadata"],
            json!({"name": "p", "annotations": {"a": "1"}})
        );
        assert_eq!(result["spec"]["imagePullSecrets"], json!([{"name": "reg"}]));
    }

    #[test]
    fn debug_adds_ephemeral_container_to_pod() {
        let pod = json!({"spec": {"containers": two_containers()}});
        let patch = json!({"spec": {"ephemeralContainers": [
            {"name": "debugger-x7k2", "image": "busybox", "targetContainerName": "app",
             "stdin": true, "tty": true, "resources": {}}
        ]}});
        let result = smp("Pod", pod, &patch);
        assert_eq!(result["spec"]["containers"], two_containers());
        assert_eq!(
            names(&result["spec"]["ephemeralContainers"]),
            ["debugger-x7k2"]
        );
    }

    #[test]
    fn status_conditions_and_node_addresses_merge_by_type() {
        let node = json!({"status": {
            "conditions": [
                {"type": "Ready", "status": "False"},
                {"type": "DiskPressure", "status": "False"}
            ],
            "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}]
        }});
        let patch = json!({"status": {
            "conditions": [{"type": "Ready", "status": "True"}],
            "addresses": [{"type": "Hostname", "address": "node-1"}]
        }});
        let result = smp("Node", node, &patch);
        assert_eq!(
            result["status"]["conditions"],
            json!([
                {"type": "Ready", "status": "True"},
                {"type": "DiskPressure", "status": "False"}
            ])
        );
        assert_eq!(result["status"]["addresses"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn owner_references_merge_by_uid() {
        let rs = json!({"metadata": {"ownerReferences": [
            {"uid": "1", "kind": "Deployment", "name": "a"}
        ]}});
        let patch = json!({"metadata": {"ownerReferences": [{"uid": "1", "controller": true}]}});
        let result = smp("ReplicaSet", rs, &patch);
        assert_eq!(
            result["metadata"]["ownerReferences"],
            json!([{"uid": "1", "kind": "Deployment", "name": "a", "controller": true}])
        );
    }

    #[test]
    fn keyed_list_item_without_merge_key_is_rejected() {
        let patch = json!({"spec": {"containers": [{"image": "nginx"}]}});
        let error = smp_err(
            "Pod",
            &json!({"spec": {"containers": two_containers()}}),
            &patch,
        );
        assert_eq!(
            error,
            "map: map[image:nginx] does not contain declared merge key: name"
        );
    }

    #[test]
    fn non_object_strategic_patch_is_rejected() {
        let error = smp_err("Pod", &json!({}), &json!([1]));
        assert_eq!(
            error,
            "json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
    }

    // ----- JSON merge patch -----

    #[test]
    fn merge_patch_scales_replicas() {
        let mut target = deployment(&two_containers());
        apply_merge_patch(&mut target, &json!({"spec": {"replicas": 5}}));
        assert_eq!(target["spec"]["replicas"], 5);
        assert_eq!(
            target["spec"]["template"]["spec"]["containers"],
            two_containers()
        );
    }

    #[test]
    fn merge_patch_null_deletes_nested_keys_and_arrays_replace() {
        let mut target = json!({"metadata": {"labels": {"a": "1", "b": "2"}},
                                "spec": {"containers": two_containers()}});
        let patch = json!({
            "metadata": {"labels": {"a": null}, "annotations": {"x": "y", "z": null}},
            "spec": {"containers": [{"name": "only", "stdin": null}]}
        });
        apply_merge_patch(&mut target, &patch);
        assert_eq!(
            target,
            json!({"metadata": {"labels": {"b": "2"}, "annotations": {"x": "y"}},
                   "spec": {"containers": [{"name": "only"}]}})
        );
    }

    #[test]
    fn merge_patch_non_object_replaces_target() {
        let mut target = json!({"a": 1});
        apply_merge_patch(&mut target, &json!(["x"]));
        assert_eq!(target, json!(["x"]));
    }

    // ----- JSON patch -----

    #[test]
    fn json_patch_add_remove_replace() {
        let target =
            json!({"metadata": {"labels": {"app": "web", "old": "x"}}, "spec": {"replicas": 1}});
        let patch = json!([
            {"op": "add", "path": "/metadata/labels/tier", "value": "front"},
            {"op": "remove", "path": "/metadata/labels/old"},
            {"op": "replace", "path": "/spec/replicas", "value": 3}
        ]);
        assert_eq!(
            json_patch(target, &patch),
            json!({
                "metadata": {"labels": {"app": "web", "tier": "front"}},
                "spec": {"replicas": 3}
            })
        );
    }

    #[test]
    fn json_patch_move_and_copy() {
        let target = json!({"a": {"x": 1}, "b": {}, "list": [1, 2]});
        let patch = json!([
            {"op": "move", "from": "/a/x", "path": "/b/y"},
            {"op": "copy", "from": "/list/1", "path": "/list/0"}
        ]);
        assert_eq!(
            json_patch(target, &patch),
            json!({"a": {}, "b": {"y": 1}, "list": [2, 1, 2]})
        );
    }

    #[test]
    fn json_patch_test_passes_and_fails_with_server_message() {
        let target = json!({"spec": {"replicas": 2}});
        let ok = json!([{"op": "test", "path": "/spec/replicas", "value": 2},
                        {"op": "replace", "path": "/spec/replicas", "value": 4}]);
        assert_eq!(
            json_patch(target.clone(), &ok),
            json!({"spec": {"replicas": 4}})
        );
        let bad = json!([{"op": "replace", "path": "/spec/replicas", "value": 4},
                         {"op": "test", "path": "/spec/replicas", "value": 3}]);
        assert_eq!(
            json_patch_err(&target, &bad),
            "testing value /spec/replicas failed: test failed"
        );
    }

    #[test]
    fn json_patch_dash_appends_container() {
        let target = json!({"spec": {"containers": [{"name": "a"}]}});
        let patch = json!([{"op": "add", "path": "/spec/containers/-", "value": {"name": "b"}}]);
        assert_eq!(
            names(&json_patch(target, &patch)["spec"]["containers"]),
            ["a", "b"]
        );
    }

    #[test]
    fn json_patch_unescapes_pointer_tokens() {
        let target = json!({"metadata": {"annotations": {"a~b": "1"}}});
        let patch = json!([
            {"op": "add", "value": "now",
             "path": "/metadata/annotations/kubectl.kubernetes.io~1restartedAt"},
            {"op": "remove", "path": "/metadata/annotations/a~0b"}
        ]);
        assert_eq!(
            json_patch(target, &patch),
            json!({"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "now"}}})
        );
    }

    #[test]
    fn json_patch_index_out_of_range_is_rejected() {
        let target = json!({"spec": {"containers": [{"name": "a"}]}});
        let add = json!([{"op": "add", "path": "/spec/containers/5", "value": {}}]);
        assert_eq!(
            json_patch_err(&target, &add),
            "error in add for path: '/spec/containers/5': \
             Unable to access invalid index: 5: invalid index referenced"
        );
        let remove = json!([{"op": "remove", "path": "/spec/containers/1"}]);
        assert!(json_patch_err(&target, &remove).contains("Unable to access invalid index: 1"));
        let replace = json!([{"op": "replace", "path": "/spec/containers/1/image", "value": "x"}]);
        assert_eq!(
            json_patch_err(&target, &replace),
            "replace operation does not apply: doc is missing path: \
             /spec/containers/1/image: missing value"
        );
    }

    #[test]
    fn json_patch_negative_index_counts_from_end() {
        let target = json!({"list": [1, 2, 3]});
        let patch = json!([{"op": "remove", "path": "/list/-1"}]);
        assert_eq!(json_patch(target, &patch), json!({"list": [1, 2]}));
    }

    #[test]
    fn json_patch_missing_paths_use_server_messages() {
        let target = json!({"metadata": {"labels": {}}});
        let remove = json!([{"op": "remove", "path": "/metadata/labels/app"}]);
        assert_eq!(
            json_patch_err(&target, &remove),
            "error in remove for path: '/metadata/labels/app': \
             Unable to remove nonexistent key: app: missing value"
        );
        let nested = json!([{"op": "add", "path": "/spec/replicas", "value": 1}]);
        assert_eq!(
            json_patch_err(&target, &nested),
            "add operation does not apply: doc is missing path: \"/spec/replicas\": missing value"
        );
        let unknown = json!([{"op": "frobnicate", "path": "/a"}]);
        assert_eq!(
            json_patch_err(&target, &unknown),
            "Unexpected kind: frobnicate"
        );
    }

    #[test]
    fn json_patch_failure_midway_leaves_target_untouched() {
        let target = json!({"a": 1});
        let patch =
            json!([{"op": "add", "path": "/b", "value": 2}, {"op": "remove", "path": "/c"}]);
        json_patch_err(&target, &patch);
    }
}
