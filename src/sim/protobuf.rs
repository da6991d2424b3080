//! Request bodies sent as Kubernetes protobuf (`application/vnd.kubernetes.protobuf`).
//! Not decoded: answered with 415 so that the client can resend as JSON.

use bytes::Bytes;
use serde_json::Value;

use super::status::ApiError;

pub fn decode(_body: &Bytes) -> Result<Value, ApiError> {
    Err(ApiError::unsupported_media_type(
        "application/vnd.kubernetes.protobuf",
    ))
}
