//! `Status` error bodies worded as the real API server words them, and the error type the
//! simulator's handlers return. Pure data; no I/O.

use serde_json::{Value, json};

use super::kinds::Kind;

/// An API error: HTTP code plus the `Status` body the server sends.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: u16,
    pub body: Value,
}

impl ApiError {
    pub fn new(
        code: u16,
        reason: &str,
        message: impl Into<String>,
        details: Option<Value>,
    ) -> Self {
        let mut body = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": message.into(),
            "reason": reason,
            "code": code,
        });
        if let (Some(d), Some(map)) = (details, body.as_object_mut()) {
            map.insert("details".into(), d);
        }
        ApiError { code, body }
    }

    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }

    pub fn not_found(kind: &Kind, name: &str) -> Self {
        let qp = kind.qualified_plural();
        Self::new(
            404,
            "NotFound",
            format!("{qp} \"{name}\" not found"),
            Some(json!({"name": name, "group": kind.group, "kind": kind.plural})),
        )
    }

    pub fn already_exists(kind: &Kind, name: &str) -> Self {
        let qp = kind.qualified_plural();
        Self::new(
            409,
            "AlreadyExists",
            format!("{qp} \"{name}\" already exists"),
            Some(json!({"name": name, "group": kind.group, "kind": kind.plural})),
        )
    }

    pub fn conflict(kind: &Kind, name: &str) -> Self {
        let qp = kind.qualified_plural();
        Self::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {qp} \"{name}\": the object has been modified; \
                 please apply your changes to the latest version and try again"
            ),
            Some(json!({"name": name, "group": kind.group, "kind": kind.plural})),
        )
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message, None)
    }

    pub fn gone(message: impl Into<String>) -> Self {
        Self::new(410, "Expired", message, None)
    }

    pub fn unauthorized() -> Self {
        Self::new(401, "Unauthorized", "Unauthorized", None)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, "Forbidden", message, None)
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
            None,
        )
    }

    pub fn unsupported_media_type(content_type: &str) -> Self {
        Self::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {content_type})"
            ),
            None,
        )
    }

    /// A path the server does not serve. The empty `details` are as the API server sends them:
    /// kubectl reads `details.name` to tell this from a missing object.
    pub fn page_not_found() -> Self {
        Self::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
            Some(json!({})),
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "InternalError", message, None)
    }

    /// 422 with a single cause, for checks made outside the validation module.
    pub fn invalid(kind: &Kind, name: &str, field: &str, message: &str) -> Self {
        let prefix = if kind.group.is_empty() {
            kind.kind.to_string()
        } else {
            format!("{}.{}", kind.kind, kind.group)
        };
        Self::new(
            422,
            "Invalid",
            format!("{prefix} \"{name}\" is invalid: {field}: {message}"),
            Some(json!({
                "name": name, "group": kind.group, "kind": kind.kind,
                "causes": [{"reason": "FieldValueInvalid", "message": message, "field": field}],
            })),
        )
    }
}

/// The `Status` a successful delete of a non-namespaced-finalized object may return.
pub fn success() -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"})
}
