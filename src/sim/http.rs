//! HTTP plumbing of the simulated API server: TLS accept loop, bearer-token check, request
//! parsing (path, query, Accept) and response builders. Routing to handlers lives in `api`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use super::status::ApiError;

pub type Body = BoxBody<Bytes, Infallible>;

/// Biggest request body accepted, as the API server's limit.
pub const MAX_BODY: usize = 3 * 1024 * 1024;

pub fn json_response(code: u16, value: &Value) -> Response<Body> {
    bytes_response(code, "application/json", Bytes::from(value.to_string()))
}

pub fn bytes_response(code: u16, content_type: &str, body: Bytes) -> Response<Body> {
    let mut resp = Response::new(Full::new(body).boxed());
    *resp.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = content_type.parse() {
        resp.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    resp
}

pub fn error_response(err: &ApiError) -> Response<Body> {
    json_response(err.code, &err.body)
}

/// A streamed 200 response fed by the returned sender (watches, followed logs).
pub fn stream_response(content_type: &str) -> (mpsc::Sender<Bytes>, Response<Body>) {
    let (tx, rx) = mpsc::channel::<Bytes>(256);
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|b| (Ok::<_, Infallible>(Frame::data(b)), rx))
    });
    let mut resp = Response::new(StreamBody::new(stream).boxed());
    if let Ok(v) = content_type.parse() {
        resp.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    (tx, resp)
}

/// The query string, percent-decoded. Repeated keys keep the last value.
pub fn parse_query(q: Option<&str>) -> HashMap<String, String> {
    q.unwrap_or_default()
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn read_body(body: Incoming) -> Result<Bytes, ApiError> {
    let limited = http_body_util::Limited::new(body, MAX_BODY);
    match limited.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) => Err(ApiError::new(
            413,
            "RequestEntityTooLarge",
            format!("request body too large or unreadable: {e}"),
            None,
        )),
    }
}

/// The handler the accept loop calls for each authenticated request.
pub trait Handler: Send + Sync + 'static {
    fn handle(
        self: Arc<Self>,
        req: Request<Incoming>,
    ) -> impl std::future::Future<Output = Response<Body>> + Send;
}

/// Whether the server is reachable: `go_offline` closes the listener and every connection (as
/// a server that disappears), `go_online` listens again on the same address.
pub struct Reachability {
    /// What the handle asks for.
    pub wanted: watch::Receiver<bool>,
    /// What the accept loop did (listening or not), for the handle to wait on.
    pub listening: watch::Sender<bool>,
}

/// Accepts TLS connections until `shutdown` flips, serving each with HTTP/1.1; closes and
/// reopens the listener as `reach` asks.
pub async fn serve<H: Handler>(
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    token: Arc<str>,
    handler: Arc<H>,
    mut shutdown: watch::Receiver<bool>,
    mut reach: Reachability,
) {
    let acceptor = tokio_rustls::TlsAcceptor::from(tls);
    let Ok(addr) = listener.local_addr() else {
        return;
    };
    let mut listener = Some(listener);
    loop {
        let Some(open) = listener.as_ref() else {
            tokio::select! {
                _ = reach.wanted.wait_for(|online| *online) => {}
                _ = shutdown.changed() => break,
            }
            match TcpListener::bind(addr).await {
                Ok(l) => {
                    listener = Some(l);
                    reach.listening.send_replace(true);
                }
                // The port is briefly taken: try again shortly.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
            continue;
        };
        let accepted = tokio::select! {
            a = open.accept() => Some(a),
            _ = reach.wanted.wait_for(|online| !*online) => None,
            _ = shutdown.changed() => break,
        };
        let Some(accepted) = accepted else {
            listener = None;
            reach.listening.send_replace(false);
            continue;
        };
        let Ok((tcp, _)) = accepted else { continue };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let handler = handler.clone();
        let token = token.clone();
        let mut conn_shutdown = shutdown.clone();
        let mut conn_reach = reach.wanted.clone();
        tokio::spawn(async move {
            let Ok(tls_stream) = acceptor.accept(tcp).await else {
                return;
            };
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let handler = handler.clone();
                let token = token.clone();
                async move {
                    if !authorized(&req, &token) {
                        return Ok::<_, Infallible>(error_response(&ApiError::unauthorized()));
                    }
                    Ok(handler.handle(req).await)
                }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(tls_stream), service)
                .with_upgrades();
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = conn_shutdown.changed() => {}
                _ = conn_reach.wait_for(|online| !*online) => {}
            }
        });
    }
}

fn authorized(req: &Request<Incoming>, token: &str) -> bool {
    req.headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| constant_time_eq(t.trim().as_bytes(), token.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What representation the client asked for in `Accept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    Object,
    Table,
    Metadata,
}

pub fn representation(accept: Option<&str>) -> Representation {
    let accept = accept.unwrap_or_default();
    // The first acceptable alternative wins, as in the API server's negotiation.
    for alt in accept.split(',') {
        let alt = alt.trim();
        if alt.contains("as=Table") {
            return Representation::Table;
        }
        if alt.contains("as=PartialObjectMetadata") {
            return Representation::Metadata;
        }
        if alt.starts_with("application/json") || alt.starts_with("*/*") || alt.is_empty() {
            return Representation::Object;
        }
    }
    Representation::Object
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_decoding() {
        let q = parse_query(Some(
            "labelSelector=app%3Dweb%2Ctier+in+%28a%29&limit=5&watch",
        ));
        assert_eq!(q["labelSelector"], "app=web,tier in (a)");
        assert_eq!(q["limit"], "5");
        assert_eq!(q["watch"], "");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn accept_negotiation() {
        let kubectl = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
        assert_eq!(representation(Some(kubectl)), Representation::Table);
        assert_eq!(
            representation(Some("application/json")),
            Representation::Object
        );
        assert_eq!(representation(None), Representation::Object);
        assert_eq!(
            representation(Some(
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
            )),
            Representation::Metadata
        );
    }
}
