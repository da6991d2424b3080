//! `pods/exec` and `pods/attach` of the simulated API server: the WebSocket upgrade (subprotocols
//! `v5.channel.k8s.io` and `v4.channel.k8s.io`), the checks the API server and kubelet make
//! before it (container valid and running), and the channel framing around the built-in `shell`.
//! It owns no pod state: it reads the pod once when the connection opens.

use futures::{SinkExt as _, StreamExt as _};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role};

use super::api::{Api, Target};
use super::http::{self, Body};
use super::shell::{self, PROMPT, Shell};
use super::status::ApiError;

/// The subprotocols served, best first.
pub const PROTOCOLS: [&str; 2] = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

pub const STDIN: u8 = 0;
pub const STDOUT: u8 = 1;
pub const STDERR: u8 = 2;
pub const ERROR: u8 = 3;
pub const RESIZE: u8 = 4;
/// v5 only: `[255, channel]` closes that channel (the client's end of stdin).
pub const CLOSE: u8 = 255;

/// What the client asked for in the query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Streams {
    pub container: Option<String>,
    pub command: Vec<String>,
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
    pub tty: bool,
}

impl Streams {
    /// Reads the query; `command` repeats, one argument each.
    pub fn parse(query: Option<&str>) -> Streams {
        let mut s = Streams::default();
        for pair in query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = http::percent_decode(v);
            let on = v == "true" || v == "1";
            match k {
                "container" => s.container = Some(v).filter(|c| !c.is_empty()),
                "command" => s.command.push(v),
                "stdin" => s.stdin = on,
                "stdout" => s.stdout = on,
                "stderr" => s.stderr = on,
                "tty" => s.tty = on,
                _ => {}
            }
        }
        s
    }
}

/// A frame on one channel.
pub fn frame(channel: u8, data: &[u8]) -> Message {
    let mut v = Vec::with_capacity(data.len() + 1);
    v.push(channel);
    v.extend_from_slice(data);
    Message::binary(v)
}

/// The `Status` the error channel carries when the process ends.
pub fn exit_status(code: i32, command: &[String]) -> Value {
    if code == 0 {
        return json!({"metadata": {}, "status": "Success"});
    }
    json!({
        "metadata": {},
        "status": "Failure",
        "message": format!(
            "command terminated with non-zero exit code: error executing command [{}], exit code {code}",
            command.join(" ")
        ),
        "reason": "NonZeroExitCode",
        "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]}
    })
}

/// The subprotocol to answer with, from the client's offer.
pub fn choose_protocol(offer: &str) -> Option<&'static str> {
    let offered: Vec<&str> = offer.split(',').map(str::trim).collect();
    PROTOCOLS.into_iter().find(|p| offered.contains(p))
}

impl Api {
    /// Checks an exec/attach request and upgrades it to a WebSocket session.
    pub fn remote_command(
        &self,
        target: &Target,
        mut req: Request<Incoming>,
        attach: bool,
    ) -> Result<Response<Body>, ApiError> {
        let pod = self.current(target)?.value();
        let pod_name = pod["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let mut streams = Streams::parse(req.uri().query());
        let phase = pod["status"]["phase"].as_str().unwrap_or_default();
        if matches!(phase, "Succeeded" | "Failed") {
            let what = if attach { "attach to" } else { "exec into" };
            return Err(ApiError::bad_request(format!(
                "cannot {what} a container in a completed pod; current phase is {phase}"
            )));
        }
        let container = super::logs::choose_container(&pod, streams.container.as_deref())?;
        let running = [
            "containerStatuses",
            "initContainerStatuses",
            "ephemeralContainerStatuses",
        ]
        .iter()
        .filter_map(|l| pod["status"][*l].as_array())
        .flatten()
        .any(|s| s["name"] == container.as_str() && s["state"]["running"].is_object());
        if !running {
            return Err(ApiError::bad_request(format!(
                "unable to upgrade connection: container not found (\"{container}\")"
            )));
        }
        if !attach && streams.command.is_empty() {
            return Err(ApiError::bad_request("you must specify at least 1 command"));
        }
        let header = |name: &str| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let Some(key) = header("sec-websocket-key") else {
            return Err(ApiError::bad_request("Upgrade request required"));
        };
        let Some(protocol) = header("sec-websocket-protocol")
            .as_deref()
            .and_then(choose_protocol)
        else {
            return Err(ApiError::bad_request(format!(
                "unable to upgrade connection: none of the offered subprotocols is served (want one of {})",
                PROTOCOLS.join(", ")
            )));
        };
        let image = ["containers", "initContainers", "ephemeralContainers"]
            .iter()
            .filter_map(|l| pod["spec"][*l].as_array())
            .flatten()
            .find(|c| c["name"] == container.as_str())
            .and_then(|c| c["image"].as_str())
            .unwrap_or_default()
            .to_string();
        streams.container = Some(container.clone());
        if attach {
            // The simulated containers' main process is a shell.
            streams.command = vec!["sh".to_string()];
        }
        let windows = pod["spec"]["os"]["name"] == "windows";
        // The runtime finds out after the upgrade, and says so on the error channel.
        let missing = streams
            .command
            .first()
            .filter(|program| !attach && !shell::has_program(&image, windows, program))
            .cloned();
        let shell = Shell::new(&pod_name, &container, &image, streams.tty);
        let upgrade = hyper::upgrade::on(&mut req);
        let v5 = protocol == PROTOCOLS[0];
        tokio::spawn(async move {
            match upgrade.await {
                Ok(upgraded) => {
                    let ws = WebSocketStream::from_raw_socket(
                        TokioIo::new(upgraded),
                        Role::Server,
                        None,
                    )
                    .await;
                    match missing {
                        Some(program) => refuse_missing(ws, &program).await,
                        None => session(ws, v5, streams, shell).await,
                    }
                }
                Err(e) => tracing::debug!(error = %e, "sim exec upgrade failed"),
            }
        });
        let mut resp = http::bytes_response(101, "application/octet-stream", bytes::Bytes::new());
        let headers = resp.headers_mut();
        headers.remove(hyper::header::CONTENT_TYPE);
        let mut put = |name: hyper::header::HeaderName, value: &str| {
            if let Ok(v) = value.parse() {
                headers.insert(name, v);
            }
        };
        put(hyper::header::UPGRADE, "websocket");
        put(hyper::header::CONNECTION, "Upgrade");
        put(
            hyper::header::SEC_WEBSOCKET_ACCEPT,
            &derive_accept_key(key.as_bytes()),
        );
        put(hyper::header::SEC_WEBSOCKET_PROTOCOL, protocol);
        Ok(resp)
    }
}

/// Ends a connection whose program is not in the container, as the kubelet does: the runtime's
/// error as a Status on the error channel, then a normal close.
async fn refuse_missing<S>(ws: WebSocketStream<S>, program: &str)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let (mut tx, mut rx) = ws.split();
    let exec_id = format!("{:016x}", super::rng::fnv32a(program.as_bytes()));
    let status = shell::missing_program_status(program, &exec_id).to_string();
    let _ = tx.send(frame(ERROR, status.as_bytes())).await;
    let close = CloseFrame {
        code: CloseCode::Normal,
        reason: "".into(),
    };
    let _ = tx.send(Message::Close(Some(close))).await;
    let drain = async { while let Some(Ok(_)) = rx.next().await {} };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), drain).await;
}

/// Runs the process behind one connection until it exits or the client goes away.
async fn session<S>(ws: WebSocketStream<S>, v5: bool, streams: Streams, mut shell: Shell)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let (mut tx, mut rx) = ws.split();
    // Without a terminal, stderr goes its own way (when asked for); with one, it is the screen.
    let err_channel = if streams.tty || !streams.stderr {
        STDOUT
    } else {
        STDERR
    };
    let code = if shell::is_shell(&streams.command) && streams.stdin {
        if streams.tty && tx.send(frame(STDOUT, PROMPT.as_bytes())).await.is_err() {
            return;
        }
        loop {
            let Some(Ok(msg)) = rx.next().await else {
                // The client went away: the process would get SIGHUP; nobody is left to tell.
                return;
            };
            let Message::Binary(data) = msg else {
                if matches!(msg, Message::Close(_)) {
                    return;
                }
                continue;
            };
            match data.first().copied() {
                Some(STDIN) => {
                    let (shown, end) = shell.feed(&data[1..]);
                    if !shown.is_empty() && tx.send(frame(STDOUT, shown.as_bytes())).await.is_err()
                    {
                        return;
                    }
                    if let Some(code) = end {
                        break code;
                    }
                }
                Some(RESIZE) => {
                    let size: Value = serde_json::from_slice(&data[1..]).unwrap_or(Value::Null);
                    if let (Some(w), Some(h)) = (size["Width"].as_u64(), size["Height"].as_u64()) {
                        shell.size = Some((w as u16, h as u16));
                    }
                }
                // End of stdin (v5): sh reads EOF and exits.
                Some(CLOSE) if v5 && data.get(1) == Some(&STDIN) => break 0,
                _ => {}
            }
        }
    } else {
        let ran = shell.run(&shell::one_shot(&streams.command));
        if streams.stdout
            && !ran.stdout.is_empty()
            && tx.send(frame(STDOUT, ran.stdout.as_bytes())).await.is_err()
        {
            return;
        }
        if (streams.stderr || streams.tty)
            && !ran.stderr.is_empty()
            && tx
                .send(frame(err_channel, ran.stderr.as_bytes()))
                .await
                .is_err()
        {
            return;
        }
        ran.code
    };
    let status = exit_status(code, &streams.command).to_string();
    let _ = tx.send(frame(ERROR, status.as_bytes())).await;
    // A normal closure, as the API server sends it: clients read "no status" as an error.
    let close = CloseFrame {
        code: CloseCode::Normal,
        reason: "".into(),
    };
    let _ = tx.send(Message::Close(Some(close))).await;
    // Drain until the client acknowledges the close, so the last frames are not cut off.
    let drain = async { while let Some(Ok(_)) = rx.next().await {} };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), drain).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keeps_every_command_argument() {
        let s = Streams::parse(Some(
            "command=sh&command=-c&command=echo+a%20b&container=app&stdin=true&stdout=true&tty=true",
        ));
        assert_eq!(s.command, ["sh", "-c", "echo a b"]);
        assert_eq!(s.container.as_deref(), Some("app"));
        assert!(s.stdin && s.stdout && s.tty && !s.stderr);
    }

    #[test]
    fn frames_carry_the_channel_first() {
        assert_eq!(frame(STDOUT, b"hi").into_data().as_ref(), b"\x01hi");
        assert_eq!(frame(ERROR, b"").into_data().as_ref(), b"\x03");
    }

    #[test]
    fn exit_status_reports_the_code_as_kubectl_reads_it() {
        assert_eq!(exit_status(0, &[])["status"], "Success");
        let failed = exit_status(127, &["nope".to_string()]);
        assert_eq!(failed["reason"], "NonZeroExitCode");
        assert_eq!(failed["details"]["causes"][0]["reason"], "ExitCode");
        assert_eq!(failed["details"]["causes"][0]["message"], "127");
    }

    #[test]
    fn v5_is_preferred_and_v4_accepted() {
        assert_eq!(
            choose_protocol("v5.channel.k8s.io, v4.channel.k8s.io"),
            Some("v5.channel.k8s.io")
        );
        assert_eq!(
            choose_protocol("v4.channel.k8s.io"),
            Some("v4.channel.k8s.io")
        );
        assert_eq!(choose_protocol("channel.k8s.io"), None);
    }

    #[tokio::test]
    async fn a_session_answers_typed_lines_and_ends_with_the_exit_status() {
        let (client_io, server_io) = tokio::io::duplex(4096);
        let server = WebSocketStream::from_raw_socket(server_io, Role::Server, None).await;
        let streams = Streams {
            command: vec!["sh".into()],
            stdin: true,
            stdout: true,
            tty: true,
            ..Streams::default()
        };
        let task = tokio::spawn(session(
            server,
            true,
            streams,
            Shell::new("p-1", "c", "", true),
        ));
        let mut client = WebSocketStream::from_raw_socket(client_io, Role::Client, None).await;
        client
            .send(frame(RESIZE, br#"{"Width":90,"Height":30}"#))
            .await
            .unwrap();
        client
            .send(frame(STDIN, b"stty size\rexit 4\r"))
            .await
            .unwrap();
        let mut stdout = Vec::new();
        let mut status = Value::Null;
        while let Some(Ok(msg)) = client.next().await {
            if let Message::Binary(d) = msg {
                match d[0] {
                    STDOUT => stdout.extend_from_slice(&d[1..]),
                    ERROR => status = serde_json::from_slice(&d[1..]).unwrap(),
                    _ => {}
                }
            }
        }
        task.await.unwrap();
        let stdout = String::from_utf8(stdout).unwrap();
        assert_eq!(stdout, "/ # stty size\r\n30 90\r\n/ # exit 4\r\n");
        assert_eq!(status["details"]["causes"][0]["message"], "4");
    }
}
