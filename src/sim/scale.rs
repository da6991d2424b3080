//! The `scale` subresource of deployments and replicasets (autoscaling/v1 Scale): get,
//! replace and patch, with the API server's validation of the replica count.

use bytes::Bytes;
use hyper::Response;
use serde_json::{Value, json};

use super::api::{Api, RequestInfo, Target};
use super::http::{self, Body};
use super::patch;
use super::status::ApiError;
use super::write::decode;

fn selector_string(obj: &Value) -> String {
    let mut parts: Vec<String> = obj["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    parts.sort();
    parts.join(",")
}

fn scale_of(obj: &Value) -> Value {
    let m = &obj["metadata"];
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": m["name"], "namespace": m["namespace"], "uid": m["uid"],
            "resourceVersion": m["resourceVersion"], "creationTimestamp": m["creationTimestamp"],
        },
        "spec": {"replicas": obj["spec"]["replicas"].as_i64().unwrap_or(1)},
        "status": {"replicas": obj["status"]["replicas"].as_i64().unwrap_or(0), "selector": selector_string(obj)},
    })
}

fn invalid_replicas(name: &str, replicas: i64) -> ApiError {
    let message = "must be greater than or equal to 0";
    ApiError::new(
        422,
        "Invalid",
        format!(
            "Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {replicas}: {message}"
        ),
        Some(
            json!({"name": name, "group": "autoscaling", "kind": "Scale", "causes": [{"reason": "FieldValueInvalid", "message": format!("Invalid value: {replicas}: {message}"), "field": "spec.replicas"}]}),
        ),
    )
}

impl Api {
    pub fn get_scale(&self, target: &Target) -> Result<Response<Body>, ApiError> {
        Ok(http::json_response(
            200,
            &scale_of(&self.current(target)?.value()),
        ))
    }

    pub fn replace_scale(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let scale = decode(&info.content_type, body)?;
        let rv = scale["metadata"]["resourceVersion"]
            .as_str()
            .and_then(|r| r.parse::<u64>().ok());
        self.set_replicas(target, info, rv, |_| Ok(scale["spec"]["replicas"].as_i64()))
    }

    pub fn patch_scale(
        &self,
        target: &Target,
        info: &RequestInfo,
        body: &Bytes,
    ) -> Result<Response<Body>, ApiError> {
        let patch_body = decode(&info.content_type, body)?;
        let media = info
            .content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        self.set_replicas(target, info, None, move |current| {
            let mut scale = scale_of(current);
            match media.as_str() {
                "application/json-patch+json" => {
                    patch::apply_json_patch(&mut scale, &patch_body)
                        .map_err(|e| ApiError::new(422, "Invalid", e, None))?;
                }
                "application/strategic-merge-patch+json" | "application/apply-patch+yaml" => {
                    patch::apply_strategic_merge_patch(&mut scale, &patch_body, "Scale")
                        .map_err(|e| ApiError::new(422, "Invalid", e, None))?;
                }
                _ => patch::apply_merge_patch(&mut scale, &patch_body),
            }
            Ok(scale["spec"]["replicas"].as_i64())
        })
    }

    fn set_replicas(
        &self,
        target: &Target,
        info: &RequestInfo,
        expected_rv: Option<u64>,
        replicas_of: impl FnOnce(&Value) -> Result<Option<i64>, ApiError>,
    ) -> Result<Response<Body>, ApiError> {
        let kind = target.kind;
        let name = target.name.clone().unwrap_or_default();
        let ns = target.namespace.clone().unwrap_or_default();
        let current = self.current(target)?;
        if expected_rv.is_some_and(|rv| rv != current.rv) {
            return Err(ApiError::conflict(kind, &name));
        }
        let current_value = current.value();
        let replicas = replicas_of(&current_value)?.unwrap_or(0);
        if replicas < 0 {
            return Err(invalid_replicas(&name, replicas));
        }
        if let Some(limit) = self.quota_pods
            && kind.kind == "Deployment"
        {
            let from = current_value["spec"]["replicas"].as_i64().unwrap_or(1);
            super::quota::check_scale(&self.store, limit, &ns, &name, from, replicas)?;
        }
        if info.dry_run() {
            let mut v = current.value();
            v["spec"]["replicas"] = json!(replicas);
            return Ok(http::json_response(200, &scale_of(&v)));
        }
        let manager =
            super::admission::manager_name(info.param("fieldManager"), info.user_agent.as_deref());
        let (obj, _) = self.store.modify(kind, &ns, &name, expected_rv, |v| {
            v["spec"]["replicas"] = json!(replicas);
            super::admission::record_manager(v, &manager, "Update", Some("scale"));
            Ok(())
        })?;
        Ok(http::json_response(200, &scale_of(&obj.value())))
    }
}
