//! The words of a debug container's refusals: why one cannot help in a Windows pod, and the
//! API's refusal of `pods/ephemeralcontainers` told apart (a cluster that does not serve it,
//! RBAC, or the API's own message).
//!
//! Owns these texts only. Must not talk to the API (`debug` does).

use super::ops::error_text;
use crate::resources::ObjKey;

/// Why a debug container cannot help in a Windows pod.
pub fn windows_debug_text(pod: &ObjKey) -> String {
    format!(
        "pod {pod} runs on a Windows node, where a debug container does not work as on Linux: \
         Linux images such as busybox cannot run there, Windows has no shared process \
         namespace to see the target's processes, and the profiles' Linux capabilities and \
         privileged mode do not apply; use x for a shell (powershell or cmd) in its container"
    )
}

/// The patch's failure in the user's words: a cluster without the subresource, RBAC, or the
/// API's own message.
pub fn ephemeral_error(err: &kube::Error, pod: &ObjKey) -> String {
    match err {
        kube::Error::Api(s)
            if s.code == 404 && !s.message.contains(&format!("\"{}\"", pod.name)) =>
        {
            format!(
                "this cluster does not support ephemeral debug containers (it does not serve \
                 pods/ephemeralcontainers; Kubernetes 1.23 and later do): {}",
                s.message
            )
        }
        kube::Error::Api(s) if s.code == 403 => format!(
            "RBAC does not allow debug containers here (patch on pods/ephemeralcontainers is \
             needed): {}",
            s.message
        ),
        other => error_text(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(code: u16, message: &str) -> kube::Error {
        let status: kube::core::Status = serde_json::from_value(serde_json::json!({
            "status": "Failure", "code": code, "message": message, "reason": "NotFound"
        }))
        .unwrap();
        kube::Error::Api(Box::new(status))
    }

    #[test]
    fn a_missing_subresource_is_told_from_a_missing_pod() {
        let pod = ObjKey::new("shop", "cart-1");
        let text = ephemeral_error(
            &api_error(404, "the server could not find the requested resource"),
            &pod,
        );
        assert!(text.starts_with("this cluster does not support ephemeral debug containers"));
        let gone = ephemeral_error(&api_error(404, "pods \"cart-1\" not found"), &pod);
        assert_eq!(gone, "pods \"cart-1\" not found");
        let rbac = ephemeral_error(&api_error(403, "pods \"cart-1\" is forbidden"), &pod);
        assert!(
            rbac.starts_with("RBAC does not allow debug containers here"),
            "{rbac}"
        );
        assert!(windows_debug_text(&pod).contains("shared process namespace"));
    }
}
