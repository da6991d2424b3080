//! Write handlers of the simulated API server: create, replace (optimistic concurrency),
//! patch (merge, strategic merge, JSON patch, server-side apply approximated as a strategic
//! merge), delete (graceful for pods, namespaces terminate, owners cascade through the garbage
//! collector), eviction, and `dryRun=All`. Every rejection is a `Status` worded as the API
//! server words it.

use bytes::Bytes;
use hyper::Response;
use serde_json::{Value, json};

use super::admission::{self, record_manager};
use super::api::{Api, RequestInfo, Target};
use super::clock;
use super::http::{self, Body};
use super::kinds::{self, Kind};
use super::patch;
use super::read::Selection;
use super::status::{self, ApiError};
use super::store::strip_nulls;
use super::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatchKind {
    Merge,
    Strategic,
    Json,
    Apply,
}

fn patch_kind(content_type: &str) -> Result<PatchKind, ApiError> {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    match media {
        "application/merge-patch+json" => Ok(PatchKind::Merge),
        "application/strategic-merge-patch+json" => Ok(PatchKind::Strategic),
        "application/json-patch+json" => Ok(PatchKind::Json),
        "application/apply-patch+yaml" | "application/apply-patch+cbor" => Ok(PatchKind::Apply),
        other => Err(ApiError::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the server does not support patch type {other:?}; supported: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml"
            ),
            None,
        )),
    }
}

/// Decodes a request body (JSON or YAML) into an object.
pub fn decode(content_type: &str, body: &Bytes) -> Result<Value, ApiError> {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    let value: Value = match media {
        "application/yaml" | "application/apply-patch+yaml" => serde_yaml::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?,
        "application/vnd.kubernetes.protobuf" => super::protobuf::decode(body)
            .map_err(|e| ApiError::bad_request(format!("error decoding protobuf body: {e}")))?,
        ""
        | "application/json"
        | "application/merge-patch+json"
        | "application/strategic-merge-patch+json"
        | "application/json-patch+json" => serde_json::from_slice(body).map_err(|e| {
            ApiError::bad_request(format!("couldn't get version/kind; json parse error: {e}"))
        })?,
        other => return Err(ApiError::unsupported_media_type(other)),
    };
    Ok(value)
}

fn group_of(kind: &Kind) -> &'static str {
    kind.group
}

fn validation_error(kind: &Kind, name: &str, causes: &[validate::Cause]) -> ApiError {
    let body = validate::invalid_status(kind.kind, group_of(kind), name, causes);
    ApiError { code: 422, body }
}

fn check_type(kind: &Kind, obj: &Value) -> Result<(), ApiError> {
    if let Some(k) = obj.get("kind").and_then(Value::as_str)
        && k != kind.kind
    {
        return Err(ApiError::bad_request(format!(
            "the kind in the data ({k}) does not match the expected kind ({})",
            kind.kind
        )));
    }
    if let Some(av) = obj.get("apiVersion").and_then(Value::as_str)
        && av != kind.api_version()
    {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({av}) does not match the expected API version ({})",
            kind.api_version()
        )));
    }
    Ok(())
}

/// Fields of the status subresource vs the main resource: a write to one never changes the other.
fn split_status(kind: &Kind, sub: Option<&str>, current: &Value, incoming: &mut Value) {
    match sub {
        Some("status") => {
            let status = incoming.get("status").cloned();
            *incoming = current.clone();
            match status {
                Some(s) => incoming["status"] = s,
                None => {
                    if let Some(m) = incoming.as_object_mut() {
                        m.remove("status");
                    }
                }
            }
        }
        Some("ephemeralcontainers") => {
            let eph = incoming["spec"].get("ephemeralContainers").cloned();
            *incoming = current.clone();
            if let Some(e) = eph {
                incoming["spec"]["ephemeralContainers"] = e;
            }
        }
        _ => {
            if kind.kind != "Namespace" || current.get("status").is_some() {
                match current.get("status") {
                    Some(s) => incoming["status"] = s.clone(),
                    None => {
                        if let Some(m) = incoming.as_object_mut() {
                            m.remove("status");
                        }
                    }
                }
            }
        }
    }
}

/// Rules the API server enforces on updates beyond plain validation.
fn check_update(kind: &Kind, name: &str, old: &Value, new: &Value) -> Result<(), ApiError> {
    match kind.kind {
        "Deployment" | "ReplicaSet" if old["spec"]["selector"] != new["spec"]["selector"] => {
            let shown = new["spec"]["selector"].to_string();
            Err(ApiError::invalid(
                kind,
                name,
                "spec.selector",
                &format!("Invalid value: {shown}: field is immutable"),
            ))
        }
        "Pod" => {
            let mut a = old["spec"].clone();
            let mut b = new["spec"].clone();
            for spec in [&mut a, &mut b] {
                for list in ["containers", "initContainers"] {
                    if let Some(cs) = spec.get_mut(list).and_then(Value::as_array_mut) {
                        for c in cs.iter_mut() {
                            c["image"] = Value::Null;
                        }
                    }
                }
                for f in [
                    "activeDeadlineSeconds",
                    "tolerations",
                    "ephemeralContainers",
                    "schedulingGates",
                    "nodeName",
                ] {
                    if let Some(m) = spec.as_object_mut() {
                        m.remove(f);
                    }
                }
            }
            if a == b {
                Ok(())
            } else {
                Err(ApiError::invalid(
                    kind,
                    name,
                    "spec",
                    "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
                ))
            }
        }
        _ => Ok(()),
    }
}

fn check_ephemeral(kind: &Kind, name: &str, old: &Value, new: &Value) -> Result<(), ApiError> {
    let empty = Vec::new();
    let before = old["spec"]["ephemeralContainers"]
        .as_array()
        .unwrap_or(&empty);
    let after = new["spec"]["ephemeralContainers"]
        .as_array()
        .unwrap_or(&empty);
    for existing in before {
        if !after.iter().any(|e| e == existing) {
            return Err(ApiError::invalid(
                kind,
                name,
                "spec.ephemeralContainers",
                "Forbidden: existing ephemeral containers may not be removed or changed",
            ));
        }
    }
    Ok(())
}

impl Api {
    fn namespace_for_write(&self, target: &Target, obj: &mut Value) -> Result<String, ApiError> {
        if !target.kind.namespaced {
            return Ok(String::new());
        }
        let Some(ns) = target.namespace.clone() else {
            return Err(ApiError::bad_request(
                "the server could not find the requested resource (namespace required)",
            ));
        };
        if let Some(body_ns) = obj["metadata"].get("namespace").and_then(Value::as_str)
            && !body_ns.is_empty()
            && body_ns != ns
        {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        super::store::ensure_object(obj, "metadata").insert("namespace".into(), json!(ns));
        let namespaces = kinds::get("Namespace");
        let Some(ns_obj) = self.store.get(namespaces, "", &ns) else {
            return Err(ApiError::not_found(namespaces, &ns));
        };
        if ns_obj.value()["status"]["phase"] == "Terminating" {
            let name = obj["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            return Err(ApiError::forbidden(format!(
                "{} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                target.kind.qualified_plural()
            )));
        }
        Ok(ns)
    }

    pub fn create(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let obj = decode(&info.content_type, body)?;
        self.create_object(target, info, obj, "Update")
    }

    fn create_object(
        &self,
        target: &Target,
        info: &RequestInfo,
        mut obj: Value,
        operation: &str,
    ) -> Result<Response<Body>, ApiError> {
        let kind = target.kind;
        check_type(kind, &obj)?;
        if !obj.is_object() {
            return Err(ApiError::bad_request(
                "the body of the request is not an object",
            ));
        }
        self.namespace_for_write(target, &mut obj)?;
        let meta = super::store::ensure_object(&mut obj, "metadata");
        for f in [
            "resourceVersion",
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "generation",
            "managedFields",
            "selfLink",
        ] {
            meta.remove(f);
        }
        if matches!(kind.kind, "Pod" | "Deployment" | "ReplicaSet" | "Namespace")
            && let Some(m) = obj.as_object_mut()
        {
            m.remove("status");
        }
        strip_nulls(&mut obj);
        admission::apply_defaults(kind, &mut obj, &self.alloc);
        let name = obj["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        validate::validate_new(kind.kind, &obj).map_err(|c| validation_error(kind, &name, &c))?;
        let manager =
            admission::manager_name(info.param("fieldManager"), info.user_agent.as_deref());
        record_manager(&mut obj, &manager, operation, None);
        if info.dry_run() {
            return Ok(http::json_response(201, &obj));
        }
        let created = self.store.create(kind, obj)?;
        Ok(http::bytes_response(
            201,
            "application/json",
            created.raw.clone(),
        ))
    }

    /// Runs `change` on the current object and stores the result (or only returns it under
    /// dry run). Validation and update rules run on the result.
    fn mutate(
        &self,
        target: &Target,
        info: &RequestInfo,
        expected_rv: Option<u64>,
        operation: &str,
        change: impl FnOnce(&Value) -> Result<Value, ApiError>,
    ) -> Result<Value, ApiError> {
        let kind = target.kind;
        let name = target.name.clone().unwrap_or_default();
        let sub = target.subresource.clone();
        let manager =
            admission::manager_name(info.param("fieldManager"), info.user_agent.as_deref());
        let alloc = &self.alloc;
        let apply = |current: &mut Value| -> Result<(), ApiError> {
            let old = current.clone();
            let mut new = change(&old)?;
            if !new.is_object() {
                return Err(ApiError::bad_request(
                    "the body of the request is not an object",
                ));
            }
            split_status(kind, sub.as_deref(), &old, &mut new);
            strip_nulls(&mut new);
            if let Some(meta) = new.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.insert(
                    "managedFields".into(),
                    old["metadata"]["managedFields"].clone(),
                );
            }
            admission::apply_defaults(kind, &mut new, alloc);
            if sub.is_none() {
                check_update(kind, &name, &old, &new)?;
            }
            if sub.as_deref() == Some("ephemeralcontainers") {
                check_ephemeral(kind, &name, &old, &new)?;
            }
            validate::validate(kind.kind, &new).map_err(|c| validation_error(kind, &name, &c))?;
            record_manager(
                &mut new,
                &manager,
                operation,
                sub.as_deref().filter(|s| *s != "ephemeralcontainers"),
            );
            *current = new;
            Ok(())
        };
        if info.dry_run() {
            let cur = self.current(target)?;
            if expected_rv.is_some_and(|rv| rv != cur.rv) {
                return Err(ApiError::conflict(kind, &name));
            }
            let mut v = cur.value();
            apply(&mut v)?;
            return Ok(v);
        }
        let ns = if kind.namespaced {
            target.namespace.clone().unwrap_or_default()
        } else {
            String::new()
        };
        let (obj, _) = self.store.modify(kind, &ns, &name, expected_rv, apply)?;
        Ok(obj.value())
    }

    pub fn replace(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let kind = target.kind;
        let incoming = decode(&info.content_type, body)?;
        check_type(kind, &incoming)?;
        let name = target.name.clone().unwrap_or_default();
        if let Some(body_name) = incoming["metadata"]["name"].as_str()
            && body_name != name
        {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({body_name}) does not match the name on the URL ({name})"
            )));
        }
        let expected_rv =
            match incoming["metadata"]["resourceVersion"].as_str() {
                Some(rv) if !rv.is_empty() => Some(rv.parse::<u64>().map_err(|_| {
                    ApiError::bad_request(format!("invalid resource version: {rv}"))
                })?),
                _ => None,
            };
        let result = self.mutate(target, info, expected_rv, "Update", |_| Ok(incoming))?;
        Ok(http::json_response(200, &result))
    }

    pub fn patch(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let kind = target.kind;
        let pk = patch_kind(&info.content_type)?;
        let patch_body = decode(&info.content_type, body)?;
        if pk == PatchKind::Apply && target.subresource.is_none() && self.current(target).is_err() {
            // Server-side apply of an object that does not exist yet creates it.
            let mut obj = patch_body;
            if let Some(name) = &target.name {
                super::store::ensure_object(&mut obj, "metadata")
                    .insert("name".into(), json!(name));
            }
            return self.create_object(target, info, obj, "Apply");
        }
        if pk == PatchKind::Apply && info.param("fieldManager").is_none() {
            return Err(ApiError::bad_request(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
            ));
        }
        let operation = if pk == PatchKind::Apply {
            "Apply"
        } else {
            "Update"
        };
        let name = target.name.clone().unwrap_or_default();
        let result = self.mutate(target, info, None, operation, |current| {
            let mut v = current.clone();
            match pk {
                PatchKind::Merge => patch::apply_merge_patch(&mut v, &patch_body),
                PatchKind::Strategic | PatchKind::Apply => {
                    if !patch_body.is_object() {
                        return Err(ApiError::bad_request(
                            "the body of the request was not a JSON object",
                        ));
                    }
                    patch::apply_strategic_merge_patch(&mut v, &patch_body, kind.kind)
                        .map_err(|e| ApiError::new(422, "Invalid", e, None))?;
                }
                PatchKind::Json => patch::apply_json_patch(&mut v, &patch_body)
                    .map_err(|e| ApiError::new(422, "Invalid", e, None))?,
            }
            let rv_before = current["metadata"]["resourceVersion"].as_str();
            let rv_after = v["metadata"]["resourceVersion"].as_str();
            if rv_after.is_some() && rv_after != rv_before {
                return Err(ApiError::conflict(kind, &name));
            }
            Ok(v)
        })?;
        Ok(http::json_response(200, &result))
    }

    pub fn delete(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let kind = target.kind;
        let opts: Value = if body.iter().all(u8::is_ascii_whitespace) {
            json!({})
        } else {
            decode("application/json", body)?
        };
        let cur = self.current(target)?;
        let name = cur.name.clone();
        let pre = &opts["preconditions"];
        if let Some(uid) = pre["uid"].as_str()
            && uid != cur.uid
        {
            return Err(ApiError::new(
                409,
                "Conflict",
                format!(
                    "Precondition failed: UID in precondition: {uid}, UID in object meta: {}",
                    cur.uid
                ),
                None,
            ));
        }
        if let Some(rv) = pre["resourceVersion"].as_str()
            && rv != cur.rv.to_string()
        {
            return Err(ApiError::new(
                409,
                "Conflict",
                format!(
                    "Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {}",
                    cur.rv
                ),
                None,
            ));
        }
        let grace = info
            .param("gracePeriodSeconds")
            .and_then(|g| g.parse::<i64>().ok())
            .or_else(|| opts["gracePeriodSeconds"].as_i64());
        let dry_run = info.dry_run()
            || opts["dryRun"]
                .as_array()
                .is_some_and(|d| d.iter().any(|x| x == "All"));
        if dry_run {
            return Ok(http::bytes_response(
                200,
                "application/json",
                cur.raw.clone(),
            ));
        }
        let propagation = info
            .param("propagationPolicy")
            .map(str::to_string)
            .or_else(|| opts["propagationPolicy"].as_str().map(str::to_string));
        let current = cur.value();
        let ns = cur.namespace.clone();
        let graceful = match kind.kind {
            "Pod" => {
                let scheduled = current["spec"]["nodeName"]
                    .as_str()
                    .is_some_and(|n| !n.is_empty());
                let grace = grace.unwrap_or_else(|| {
                    current["spec"]["terminationGracePeriodSeconds"]
                        .as_i64()
                        .unwrap_or(30)
                });
                (scheduled && grace > 0).then_some(grace)
            }
            "Namespace" => Some(0),
            _ => None,
        };
        if let Some(grace) = graceful {
            if current["metadata"].get("deletionTimestamp").is_some() && kind.kind == "Namespace" {
                return Ok(http::json_response(200, &current));
            }
            let (obj, _) = self.store.modify(kind, &ns, &name, None, |v| {
                let meta = super::store::ensure_object(v, "metadata");
                if !meta.contains_key("deletionTimestamp") {
                    meta.insert(
                        "deletionTimestamp".into(),
                        json!(clock::rfc3339(clock::now_unix() + grace)),
                    );
                    meta.insert("deletionGracePeriodSeconds".into(), json!(grace));
                }
                if kind.kind == "Namespace" {
                    v["status"]["phase"] = json!("Terminating");
                }
                Ok(())
            })?;
            return Ok(http::bytes_response(
                200,
                "application/json",
                obj.raw.clone(),
            ));
        }
        if propagation.as_deref() == Some("Orphan") {
            self.orphan_dependents(&cur.uid);
        }
        let removed = self.store.remove(kind, &ns, &name)?;
        Ok(http::bytes_response(
            200,
            "application/json",
            removed.raw.clone(),
        ))
    }

    fn orphan_dependents(&self, owner_uid: &str) {
        for (kind, dep) in self.store.dependents(owner_uid) {
            let _ = self
                .store
                .modify(kind, &dep.namespace, &dep.name, None, |v| {
                    if let Some(refs) = v["metadata"]
                        .get_mut("ownerReferences")
                        .and_then(Value::as_array_mut)
                    {
                        refs.retain(|r| r["uid"] != owner_uid);
                    }
                    Ok(())
                });
        }
    }

    pub fn delete_collection(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let selection = Selection::from_request(target, info)?;
        let (rv, all) = self.store.list(target.kind, target.namespace.as_deref());
        let mut items = Vec::new();
        for obj in all.into_iter().filter(|o| selection.matches(o)) {
            let t = Target {
                kind: target.kind,
                namespace: (!obj.namespace.is_empty()).then(|| obj.namespace.clone()),
                name: Some(obj.name.clone()),
                subresource: None,
            };
            if self.delete(&t, info, body).is_ok() {
                items.push(obj.value());
            }
        }
        let list = json!({"kind": format!("{}List", target.kind.kind), "apiVersion": target.kind.api_version(), "metadata": {"resourceVersion": rv.to_string()}, "items": items});
        Ok(http::json_response(200, &list))
    }

    pub fn evict(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let eviction = decode(&info.content_type, body).unwrap_or_else(|_| json!({}));
        let opts = eviction
            .get("deleteOptions")
            .cloned()
            .unwrap_or_else(|| json!({}));
        let pod = Target {
            kind: target.kind,
            namespace: target.namespace.clone(),
            name: target.name.clone(),
            subresource: None,
        };
        self.delete(&pod, info, &Bytes::from(opts.to_string()))?;
        Ok(http::json_response(201, &status::success()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_types_follow_the_content_type() {
        assert_eq!(
            patch_kind("application/merge-patch+json").unwrap(),
            PatchKind::Merge
        );
        assert_eq!(
            patch_kind("application/strategic-merge-patch+json; charset=utf-8").unwrap(),
            PatchKind::Strategic
        );
        assert_eq!(
            patch_kind("application/apply-patch+yaml").unwrap(),
            PatchKind::Apply
        );
        assert_eq!(patch_kind("text/plain").unwrap_err().code, 415);
    }

    #[test]
    fn pod_updates_may_only_change_images() {
        let kind = kinds::get("Pod");
        let old =
            json!({"spec": {"containers": [{"name": "a", "image": "x:1", "command": ["sh"]}]}});
        let mut new = old.clone();
        new["spec"]["containers"][0]["image"] = json!("x:2");
        assert!(check_update(kind, "p", &old, &new).is_ok());
        new["spec"]["containers"][0]["command"] = json!(["bash"]);
        let err = check_update(kind, "p", &old, &new).unwrap_err();
        assert_eq!(err.code, 422);
        assert!(err.message().starts_with(
            "Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields"
        ));
    }

    #[test]
    fn a_container_name_is_immutable_in_a_pod() {
        let kind = kinds::get("Pod");
        let old = json!({"spec": {"containers": [{"name": "a", "image": "x:1"}], "initContainers": [{"name": "i", "image": "y:1"}]}});
        let mut renamed = old.clone();
        renamed["spec"]["containers"][0]["name"] = json!("b");
        assert_eq!(
            check_update(kind, "p", &old, &renamed).unwrap_err().code,
            422
        );
        let mut renamed_init = old.clone();
        renamed_init["spec"]["initContainers"][0]["name"] = json!("j");
        assert_eq!(
            check_update(kind, "p", &old, &renamed_init)
                .unwrap_err()
                .code,
            422
        );
        let mut new_init_image = old.clone();
        new_init_image["spec"]["initContainers"][0]["image"] = json!("y:2");
        assert!(check_update(kind, "p", &old, &new_init_image).is_ok());
    }
}
