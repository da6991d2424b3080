//! Read handlers of the simulated API server: get, list (label and field selectors,
//! `limit`/`continue` over a consistent snapshot, Table and metadata-only representations)
//! and watch (replay, streaming initial events, bookmarks, 410 Gone, timeouts).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use hyper::Response;
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::api::{Api, RequestInfo, Target};
use super::clock;
use super::http::{self, Body, Representation};
use super::kinds::Kind;
use super::select::{FieldSelector, LabelSelector};
use super::status::ApiError;
use super::store::{Change, EventType, Obj};
use super::table::{self, IncludeObject};

/// Saved first-page snapshots, so `continue` pages come from the same point in time.
#[derive(Default)]
pub struct Snapshots {
    inner: Mutex<(u64, HashMap<u64, Snapshot>)>,
}

struct Snapshot {
    created: Instant,
    rv: u64,
    items: Arc<Vec<Obj>>,
}

const SNAPSHOT_TTL: Duration = Duration::from_secs(300);
const MAX_SNAPSHOTS: usize = 64;

impl Snapshots {
    fn save(&self, rv: u64, items: Arc<Vec<Obj>>) -> u64 {
        let mut g = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        g.1.retain(|_, s| s.created.elapsed() < SNAPSHOT_TTL);
        if g.1.len() >= MAX_SNAPSHOTS
            && let Some(oldest) = g.1.iter().min_by_key(|(_, s)| s.created).map(|(id, _)| *id)
        {
            g.1.remove(&oldest);
        }
        g.0 += 1;
        let id = g.0;
        g.1.insert(
            id,
            Snapshot {
                created: Instant::now(),
                rv,
                items,
            },
        );
        id
    }

    fn get(&self, id: u64) -> Option<(u64, Arc<Vec<Obj>>)> {
        let g = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        g.1.get(&id)
            .filter(|s| s.created.elapsed() < SNAPSHOT_TTL)
            .map(|s| (s.rv, s.items.clone()))
    }
}

fn continue_token(id: u64, rv: u64, offset: usize) -> String {
    let raw = json!({"v": "meta.k8s.io/v1", "rv": rv, "snap": id, "off": offset}).to_string();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn parse_continue(token: &str) -> Option<(u64, usize)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let v: Value = serde_json::from_slice(&raw).ok()?;
    Some((
        v["snap"].as_u64()?,
        usize::try_from(v["off"].as_u64()?).ok()?,
    ))
}

const EXPIRED_CONTINUE: &str = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/// Label and field selectors of a request, checked against the kind.
pub struct Selection {
    labels: LabelSelector,
    fields: FieldSelector,
    namespace: Option<String>,
}

impl Selection {
    pub fn from_request(target: &Target, info: &RequestInfo) -> Result<Self, ApiError> {
        let labels = LabelSelector::parse(info.param("labelSelector").unwrap_or_default())
            .map_err(ApiError::bad_request)?;
        let fields = FieldSelector::parse(info.param("fieldSelector").unwrap_or_default())
            .map_err(ApiError::bad_request)?;
        fields
            .validate_for_kind(target.kind.kind)
            .map_err(ApiError::bad_request)?;
        Ok(Selection {
            labels,
            fields,
            namespace: target.namespace.clone(),
        })
    }

    pub fn matches(&self, obj: &Obj) -> bool {
        if let Some(ns) = &self.namespace
            && obj.namespace != *ns
        {
            return false;
        }
        if !self.labels.is_empty() && !self.labels.matches(&|k| obj.label(k)) {
            return false;
        }
        if let Some(name) = self.fields.exact_name()
            && obj.name != name
        {
            return false;
        }
        self.fields.is_empty() || self.fields.matches(&obj.value())
    }
}

fn include_object(info: &RequestInfo) -> IncludeObject {
    IncludeObject::from_query(info.param("includeObject"))
}

fn metadata_only(obj: &Obj) -> Value {
    let v = obj.value();
    json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": v["metadata"]})
}

impl Api {
    pub fn get(&self, target: &Target, info: &RequestInfo) -> Result<Response<Body>, ApiError> {
        let obj = self.current(target)?;
        match http::representation(info.accept.as_deref()) {
            Representation::Table => {
                let meta = json!({"resourceVersion": obj.rv.to_string()});
                let t = table::table(
                    target.kind.kind,
                    &[obj.value()],
                    clock::now_unix(),
                    include_object(info),
                    meta,
                );
                Ok(http::json_response(200, &t))
            }
            Representation::Metadata => Ok(http::json_response(200, &metadata_only(&obj))),
            Representation::Object => Ok(http::bytes_response(
                200,
                "application/json",
                obj.raw.clone(),
            )),
        }
    }

    pub fn list(&self, target: &Target, info: &RequestInfo) -> Result<Response<Body>, ApiError> {
        let kind = target.kind;
        let limit = info
            .param("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|l| *l > 0);
        let (rv, items, offset) = if let Some(token) = info.param("continue") {
            let (id, offset) = parse_continue(token).ok_or_else(|| {
                ApiError::bad_request("continue key is not valid: invalid continue token")
            })?;
            let (rv, items) = self
                .snapshots
                .get(id)
                .ok_or_else(|| ApiError::gone(EXPIRED_CONTINUE))?;
            (rv, items, offset)
        } else {
            let selection = Selection::from_request(target, info)?;
            let (rv, all) = self.store.list(kind, target.namespace.as_deref());
            let items: Vec<Obj> = all.into_iter().filter(|o| selection.matches(o)).collect();
            (rv, Arc::new(items), 0)
        };
        let end = limit.map_or(items.len(), |l| (offset + l).min(items.len()));
        let page = &items[offset.min(end)..end];
        let mut list_meta = json!({"resourceVersion": rv.to_string()});
        if end < items.len() {
            let id = if offset == 0 {
                self.snapshots.save(rv, items.clone())
            } else {
                parse_continue(info.param("continue").unwrap_or_default()).map_or(0, |(id, _)| id)
            };
            list_meta["continue"] = json!(continue_token(id, rv, end));
            list_meta["remainingItemCount"] = json!(items.len() - end);
        }
        match http::representation(info.accept.as_deref()) {
            Representation::Table => {
                let values: Vec<Value> = page.iter().map(Obj::value).collect();
                let t = table::table(
                    kind.kind,
                    &values,
                    clock::now_unix(),
                    include_object(info),
                    list_meta,
                );
                Ok(http::json_response(200, &t))
            }
            Representation::Metadata => {
                let items: Vec<Value> = page.iter().map(metadata_only).collect();
                let body = json!({"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta, "items": items});
                Ok(http::json_response(200, &body))
            }
            Representation::Object => Ok(http::bytes_response(
                200,
                "application/json",
                list_body(kind, &list_meta, page),
            )),
        }
    }

    pub fn watch(&self, target: &Target, info: &RequestInfo) -> Result<Response<Body>, ApiError> {
        let kind = target.kind;
        let selection = Selection::from_request(target, info)?;
        // A server without streaming lists ignores the parameter, as those before 1.27 do:
        // the watch replays the current objects as ADDED and never marks their end.
        let send_initial = self.watch_list && info.param("sendInitialEvents") == Some("true");
        let bookmarks = info.param("allowWatchBookmarks") == Some("true");
        let rv = info.param("resourceVersion").unwrap_or_default();
        let from =
            if send_initial || rv.is_empty() || rv == "0" {
                None
            } else {
                Some(rv.parse::<u64>().map_err(|_| {
                    ApiError::bad_request(format!("invalid resource version: {rv}"))
                })?)
            };
        let timeout = info
            .param("timeoutSeconds")
            .and_then(|t| t.parse::<u64>().ok())
            .map_or(Duration::from_secs(1800), Duration::from_secs);
        let repr = http::representation(info.accept.as_deref());
        let include = include_object(info);
        let (tx, resp) = http::stream_response("application/json");
        let start = match self.store.watch(kind, from) {
            Ok(s) => s,
            Err(gone) => {
                // As the watch cache does: a 200 whose only event is the 410 error.
                let line = event_line("ERROR", &gone.body.to_string());
                tokio::spawn(async move {
                    let _ = tx.send(line).await;
                });
                return Ok(resp);
            }
        };
        let mut breaker = self.watch_breaker.subscribe();
        let bookmark_every = self.bookmark_every;
        let store = self.store.clone();
        tokio::spawn(async move {
            let mut encoder = EventEncoder {
                kind,
                repr,
                include,
                columns_sent: false,
            };
            let mut last_rv = start.rv;
            for change in &start.replay {
                if selection.matches(&change.obj) {
                    let line = encoder.encode(change.etype, &change.obj);
                    if tx.send(line).await.is_err() {
                        return;
                    }
                }
                last_rv = last_rv.max(change.obj.rv);
            }
            if send_initial {
                let line = bookmark_line(kind, start.rv, true);
                if tx.send(line).await.is_err() {
                    return;
                }
            }
            let mut live = start.live;
            let deadline = tokio::time::sleep(timeout);
            tokio::pin!(deadline);
            let mut tick = tokio::time::interval(bookmark_every);
            tick.tick().await;
            loop {
                let line = tokio::select! {
                    received = live.recv() => match received {
                        Ok(change) => {
                            if !std::ptr::eq(change.kind, kind) || change.obj.rv <= last_rv {
                                continue;
                            }
                            last_rv = change.obj.rv;
                            match encoder.filtered(&change, &selection) {
                                Some(line) => line,
                                None => continue,
                            }
                        }
                        Err(RecvError::Lagged(_)) => {
                            let gone = ApiError::gone(format!("too old resource version: {last_rv} ({last_rv})"));
                            let _ = tx.send(event_line("ERROR", &gone.body.to_string())).await;
                            return;
                        }
                        Err(RecvError::Closed) => return,
                    },
                    _ = tick.tick(), if bookmarks => {
                        // Everything up to the store's current version has been sent (or
                        // filtered out), so the watch may resume from there.
                        last_rv = last_rv.max(store.resource_version());
                        bookmark_line(kind, last_rv, false)
                    }
                    () = &mut deadline => return,
                    _ = breaker.changed() => return,
                    () = tx.closed() => return,
                };
                if tx.send(line).await.is_err() {
                    return;
                }
            }
        });
        Ok(resp)
    }
}

struct EventEncoder {
    kind: &'static Kind,
    repr: Representation,
    include: IncludeObject,
    columns_sent: bool,
}

impl EventEncoder {
    fn encode(&mut self, etype: EventType, obj: &Obj) -> Bytes {
        match self.repr {
            Representation::Object => {
                let mut out = Vec::with_capacity(obj.raw.len() + 32);
                out.extend_from_slice(b"{\"type\":\"");
                out.extend_from_slice(etype.as_str().as_bytes());
                out.extend_from_slice(b"\",\"object\":");
                out.extend_from_slice(&obj.raw);
                out.extend_from_slice(b"}\n");
                Bytes::from(out)
            }
            Representation::Table => {
                let t = table::watch_table(
                    self.kind.kind,
                    &obj.value(),
                    clock::now_unix(),
                    self.include,
                    !self.columns_sent,
                );
                self.columns_sent = true;
                event_line(etype.as_str(), &t.to_string())
            }
            Representation::Metadata => event_line(etype.as_str(), &metadata_only(obj).to_string()),
        }
    }

    /// The event a selective watch sees: objects entering the selection are ADDED, leaving it
    /// DELETED, as the API server reports them.
    fn filtered(&mut self, change: &Change, selection: &Selection) -> Option<Bytes> {
        let now = selection.matches(&change.obj);
        let before = change.prev.as_ref().is_some_and(|p| selection.matches(p));
        let etype = match (change.etype, before, now) {
            (EventType::Deleted, _, true) | (EventType::Modified, true, false) => {
                EventType::Deleted
            }
            (EventType::Added, _, true) | (EventType::Modified, false, true) => EventType::Added,
            (EventType::Modified, true, true) => EventType::Modified,
            _ => return None,
        };
        Some(self.encode(etype, &change.obj))
    }
}

fn event_line(etype: &str, object_json: &str) -> Bytes {
    Bytes::from(format!(
        "{{\"type\":\"{etype}\",\"object\":{object_json}}}\n"
    ))
}

fn bookmark_line(kind: &Kind, rv: u64, initial_end: bool) -> Bytes {
    let mut meta = json!({"resourceVersion": rv.to_string()});
    if initial_end {
        meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    let obj = json!({"kind": kind.kind, "apiVersion": kind.api_version(), "metadata": meta});
    event_line("BOOKMARK", &obj.to_string())
}

/// A `<Kind>List` body assembled from the stored bytes, without re-serializing the items.
fn list_body(kind: &Kind, list_meta: &Value, items: &[Obj]) -> Bytes {
    let size: usize = items.iter().map(|o| o.raw.len() + 1).sum();
    let mut out = Vec::with_capacity(size + 256);
    out.extend_from_slice(
        format!(
            "{{\"kind\":\"{}List\",\"apiVersion\":\"{}\",\"metadata\":{list_meta},\"items\":[",
            kind.kind,
            kind.api_version()
        )
        .as_bytes(),
    );
    for (i, o) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&o.raw);
    }
    out.extend_from_slice(b"]}");
    Bytes::from(out)
}
