//! Opening the interactive stream `x`/`a` hand to the user's terminal, with the shell fallback:
//! the configured shells are tried in order, and one the container lacks is recognised the way
//! the API reports it (the runtime's `exec: "bash": executable file not found in $PATH` in a
//! Status on the error channel, or exit code 126/127 before the shell printed anything); then
//! the next one is tried. When none exists, the error names the container and the shells tried
//! and suggests a debug container.
//!
//! Owns the attempts and the words for their failures (RBAC, missing shells). Must not touch the
//! terminal: the app pumps the stream it returns.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Status;
use kube::api::AttachedProcess;
use tokio::io::{AsyncReadExt as _, ReadHalf, SimplexStream};

use super::debug::{self, ShellKind};
use crate::resources::ObjKey;

/// How long a new shell may stay silent before it counts as started (a missing executable is
/// reported at once; a shell prints its prompt at once).
const PROBE: Duration = Duration::from_millis(1500);

/// The process's final status, still to come.
pub type StatusFuture = Pin<Box<dyn Future<Output = Option<Status>> + Send>>;

/// A stream ready for the terminal.
pub struct OpenedStream {
    pub container: String,
    /// The shell that runs (for `x`).
    pub shell: Option<String>,
    /// Configured shells the container does not have, tried before this one.
    pub missing: Vec<String>,
    pub process: AttachedProcess,
    pub stdout: ReadHalf<SimplexStream>,
    /// Output read while finding out whether the shell started; shown first.
    pub early_output: Vec<u8>,
    pub status: Option<StatusFuture>,
}

/// Whether a process's status says its executable is not in the container.
pub fn executable_missing(status: &Status) -> bool {
    if status.status.as_deref() == Some("Success") {
        return false;
    }
    let message = status.message.as_deref().unwrap_or_default();
    let exit_code = status
        .details
        .as_ref()
        .and_then(|d| d.causes.as_ref())
        .and_then(|c| c.iter().find(|c| c.reason.as_deref() == Some("ExitCode")))
        .and_then(|c| c.message.as_deref());
    message.contains("executable file not found")
        || message.contains("no such file or directory")
        || matches!(exit_code, Some("126" | "127"))
}

/// Whether a process's first output is a container runtime's failure to start it.
fn runtime_error_text(output: &[u8]) -> bool {
    let text = String::from_utf8_lossy(output);
    text.contains("OCI runtime exec failed") || text.contains("executable file not found")
}

/// Adds what the user can do to an exec/attach refusal by RBAC.
fn explain_open_error(message: String, kind: &ShellKind) -> String {
    let sub = match kind {
        ShellKind::Attach => "pods/attach",
        ShellKind::Exec(_) | ShellKind::Shell(_) => "pods/exec",
    };
    if message.contains("forbidden") {
        format!("RBAC does not allow {sub} here (create on {sub} is needed): {message}")
    } else {
        message
    }
}

/// Opens the stream `kind` asks for in `container`.
pub async fn open(
    client: kube::Client,
    pod: &ObjKey,
    container: Option<&str>,
    kind: &ShellKind,
) -> Result<OpenedStream, String> {
    let ShellKind::Shell(shells) = kind else {
        let (container, mut process) = debug::open(client, pod, container, kind)
            .await
            .map_err(|e| explain_open_error(e, kind))?;
        let stdout = process
            .stdout()
            .ok_or_else(|| format!("{pod}/{container}: no output stream"))?;
        let status = process.take_status().map(|s| Box::pin(s) as StatusFuture);
        return Ok(OpenedStream {
            container,
            shell: None,
            missing: Vec::new(),
            process,
            stdout,
            early_output: Vec::new(),
            status,
        });
    };
    let mut missing = Vec::new();
    // `None`: the pod's default container, as the first attempt finds out.
    let mut chosen = container.map(str::to_owned);
    for shell in shells {
        let exec = ShellKind::Exec(vec![shell.clone()]);
        let (container, mut process) = debug::open(client.clone(), pod, chosen.as_deref(), &exec)
            .await
            .map_err(|e| explain_open_error(e, kind))?;
        chosen = Some(container.clone());
        let mut stdout = process
            .stdout()
            .ok_or_else(|| format!("{pod}/{container}: no output stream"))?;
        let Some(status) = process.take_status() else {
            return Err(format!("{pod}/{container}: no status stream"));
        };
        let mut status: StatusFuture = Box::pin(status);
        let mut buf = vec![0u8; 4096];
        let ended = tokio::select! {
            n = stdout.read(&mut buf) => match n {
                // Older runtimes print their error, then end with exit code 126.
                Ok(n) if n > 0 && runtime_error_text(&buf[..n]) => {
                    buf.truncate(n);
                    // No status in time: it did start after all; the user reads what it says.
                    tokio::time::timeout(Duration::from_secs(2), &mut status).await.ok()
                }
                Ok(n) if n > 0 => {
                    buf.truncate(n);
                    None
                }
                // The output ended before anything was printed: the status says why.
                _ => Some(tokio::time::timeout(Duration::from_secs(2), &mut status).await.ok().flatten()),
            },
            s = &mut status => Some(s),
            () = tokio::time::sleep(PROBE) => {
                buf.clear();
                None
            }
        };
        match ended {
            None => {
                return Ok(OpenedStream {
                    container,
                    shell: Some(shell.clone()),
                    missing,
                    process,
                    stdout,
                    early_output: buf,
                    status: Some(status),
                });
            }
            Some(Some(s)) if executable_missing(&s) => missing.push(shell.clone()),
            Some(s) => {
                let why = s
                    .and_then(|s| s.message)
                    .unwrap_or_else(|| "no status".to_owned());
                return Err(format!("{shell} in {pod}/{container} ended at once: {why}"));
            }
        }
    }
    Err(no_shell_text(
        pod,
        chosen.as_deref().unwrap_or("?"),
        &missing,
    ))
}

/// None of the shells exists in the container.
pub fn no_shell_text(pod: &ObjKey, container: &str, tried: &[String]) -> String {
    format!(
        "no shell in {pod}/{container} (tried {}): the image has none (distroless?); \
         press D for a debug container with its own shell that shares the pod",
        tried.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn status(v: serde_json::Value) -> Status {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn missing_executables_are_recognised_as_runtimes_report_them() {
        // containerd (through the kubelet): an internal error naming the executable.
        assert!(executable_missing(&status(json!({
            "status": "Failure", "reason": "InternalError", "code": 500,
            "message": "Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"0f3a\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"bash\": executable file not found in $PATH: unknown"
        }))));
        // Older runtimes: the message on the screen, exit code 126 in the status.
        assert!(executable_missing(&status(json!({
            "status": "Failure", "reason": "NonZeroExitCode",
            "message": "command terminated with non-zero exit code: exit code 126",
            "details": {"causes": [{"reason": "ExitCode", "message": "126"}]}
        }))));
        assert!(!executable_missing(&status(json!({"status": "Success"}))));
        assert!(runtime_error_text(
            b"OCI runtime exec failed: exec failed: container_linux.go:380: starting container \
              process caused: exec: \"bash\": executable file not found in $PATH: unknown\r\n"
        ));
        assert!(!runtime_error_text(b"root@web-1:/# "));
        assert!(!executable_missing(&status(json!({
            "status": "Failure", "reason": "NonZeroExitCode",
            "message": "command terminated with non-zero exit code: exit code 1",
            "details": {"causes": [{"reason": "ExitCode", "message": "1"}]}
        }))));
    }

    #[test]
    fn refusals_say_what_is_missing() {
        let text = no_shell_text(
            &ObjKey::new("shop", "api-1"),
            "app",
            &["bash".into(), "sh".into()],
        );
        assert!(
            text.contains("no shell in shop/api-1/app (tried bash, sh)"),
            "{text}"
        );
        assert!(text.contains("press D"), "{text}");
        let rbac = explain_open_error(
            "pods \"p\" is forbidden: User \"u\" cannot create resource \"pods/exec\"".into(),
            &ShellKind::Shell(vec!["sh".into()]),
        );
        assert!(
            rbac.starts_with("RBAC does not allow pods/exec here"),
            "{rbac}"
        );
    }
}
