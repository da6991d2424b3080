//! One watcher task per pane (pods, deployments, services, nodes) using kube-runtime's
//! `watcher`: streamed initial list where the server supports it, else paginated (`list_mode`);
//! bookmarks; relist after 410 Gone. Objects are decoded into lean wire types (only the fields
//! a row needs) and projected into compact rows inside the task, and a relist is delivered
//! whole (`Delta::Reset`) so a pane never shows a half-empty table. Changes that arrive in a
//! burst go out as one `Delta::Batch`. Health (loading, live, retrying with backoff, forbidden)
//! is reported alongside. Dropping the `WatchSet` stops every task.

use std::fmt::Debug;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt as _;
use futures::stream::BoxStream;
use kube::runtime::watcher::{self, Event};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::list_mode::StreamingSupport;
use crate::resources::wire::{DeploymentWire, NodeWire, PodWire, ServiceWire};
use crate::resources::{
    self, DeploymentRow, Interner, NodeRow, ObjKey, PodRow, ResourceKind, ServiceRow,
};
use crate::store::Delta;

/// Rows per page of the initial list; also how many rows the first page shows at once.
pub const PAGE_SIZE: u32 = 500;

/// How long a burst of changes is gathered into one message after its first change.
pub const BATCH_WINDOW: Duration = Duration::from_millis(8);

/// Most changes in one message.
pub const MAX_BATCH: usize = 2_000;

/// The health of one watch, for the pane's title and the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchHealth {
    /// A (re)list is arriving: this many objects so far.
    Loading {
        received: usize,
    },
    Live,
    /// The watch failed; the next attempt is in `in_secs`.
    Retrying {
        in_secs: u64,
        message: String,
    },
    /// The user may not list this kind here (403); the API's message.
    Forbidden {
        message: String,
    },
}

/// What the watch tasks report.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    Pods(Delta<PodRow>),
    Deployments(Delta<DeploymentRow>),
    Services(Delta<ServiceRow>),
    Nodes(Delta<NodeRow>),
    Health {
        kind: ResourceKind,
        health: WatchHealth,
    },
}

/// The running watch tasks of one scope (context + namespace). Dropping it stops them.
#[derive(Debug, Default)]
pub struct WatchSet {
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for WatchSet {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

pub type Sink = Arc<dyn Fn(Update) + Send + Sync>;

impl WatchSet {
    /// Starts the four pane watches. `namespace` `None` watches all namespaces.
    pub fn start(client: &Client, namespace: Option<&str>, sink: Sink) -> Self {
        let (support, probe) = StreamingSupport::unknown();
        let mut set = Self::start_with(client, namespace, sink, support, Vec::new());
        // After the watches: the pods watch, asking first, gets the connection that the
        // version request left open (one TLS handshake less before the first rows).
        set.tasks.push(probe.start(scoped(client, namespace)));
        set
    }

    fn start_with(
        client: &Client,
        namespace: Option<&str>,
        sink: Sink,
        support: StreamingSupport,
        mut tasks: Vec<JoinHandle<()>>,
    ) -> Self {
        let nodes: Api<NodeWire> = Api::all(client.clone());
        tasks.extend([
            tokio::spawn(run(
                scoped::<PodWire>(client, namespace),
                ResourceKind::Pod,
                resources::pod::project,
                Update::Pods,
                sink.clone(),
                support.clone(),
            )),
            tokio::spawn(run(
                scoped::<DeploymentWire>(client, namespace),
                ResourceKind::Deployment,
                resources::deployment::project,
                Update::Deployments,
                sink.clone(),
                support.clone(),
            )),
            tokio::spawn(run(
                scoped::<ServiceWire>(client, namespace),
                ResourceKind::Service,
                resources::service::project,
                Update::Services,
                sink.clone(),
                support.clone(),
            )),
            tokio::spawn(run(
                nodes,
                ResourceKind::Node,
                resources::node::project,
                Update::Nodes,
                sink,
                support,
            )),
        ]);
        WatchSet { tasks }
    }
}

fn scoped<K>(client: &Client, namespace: Option<&str>) -> Api<K>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope, DynamicType = ()>,
{
    match namespace {
        Some(ns) => Api::namespaced(client.clone(), ns),
        None => Api::all(client.clone()),
    }
}

/// Delay before the n-th consecutive retry: 1s doubling to 30s.
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs((1u64 << attempt.min(5)).min(30))
}

fn api_status(err: &watcher::Error) -> Option<(u16, String)> {
    match err {
        watcher::Error::InitialListFailed(kube::Error::Api(s))
        | watcher::Error::WatchStartFailed(kube::Error::Api(s))
        | watcher::Error::WatchFailed(kube::Error::Api(s))
        | watcher::Error::WatchError(s) => Some((s.code, s.message.clone())),
        _ => None,
    }
}

/// Why following one watcher stopped.
enum Stopped {
    /// The server does not stream lists: list again with pages.
    FallBack,
    /// The stream ended (the task is being stopped).
    Ended,
}

async fn run<K, R>(
    api: Api<K>,
    kind: ResourceKind,
    project: fn(K, &mut Interner) -> R,
    wrap: fn(Delta<R>) -> Update,
    sink: Sink,
    mut support: StreamingSupport,
) where
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
    R: Clone + Send + 'static,
{
    let mut pane = PaneFeed::new(kind, project, wrap, sink);
    pane.health(WatchHealth::Loading { received: 0 });
    let mut streaming = support.may_stream();
    loop {
        let config = if streaming {
            watcher::Config::default().streaming_lists()
        } else {
            watcher::Config::default().page_size(PAGE_SIZE)
        };
        let stream = watcher::watcher(api.clone(), config).boxed();
        let refusal = streaming.then_some(&mut support);
        match follow(stream, &mut pane, refusal).await {
            Stopped::FallBack => {
                tracing::info!(?kind, "server does not stream lists: listing in pages");
                streaming = false;
            }
            Stopped::Ended => return,
        }
    }
}

/// Feeds one watcher's events to the pane until it ends, or until `refusal` (the server does
/// not stream lists after all) resolves before the first list is complete.
async fn follow<K, R>(
    mut stream: BoxStream<'static, watcher::Result<Event<K>>>,
    pane: &mut PaneFeed<K, R>,
    mut refusal: Option<&mut StreamingSupport>,
) -> Stopped
where
    K: Resource,
    R: Clone,
{
    loop {
        let first = tokio::select! {
            item = stream.next() => item,
            () = refused(&mut refusal), if !pane.listed_once => return Stopped::FallBack,
        };
        let Some(item) = first else {
            pane.flush();
            return Stopped::Ended;
        };
        let mut wait = pane.on_item(item);
        // Gather the rest of a burst into the same message. The first rows of an empty pane
        // go out at once, with only what has already arrived.
        let window = if pane.listed_once {
            BATCH_WINDOW
        } else {
            Duration::ZERO
        };
        let deadline = Instant::now() + window;
        while wait.is_none() && pane.has_pending() && pane.pending_len() < MAX_BATCH {
            match tokio::time::timeout_at(deadline, stream.next()).await {
                Ok(Some(item)) => wait = pane.on_item(item),
                Ok(None) => {
                    pane.flush();
                    return Stopped::Ended;
                }
                Err(_) => break,
            }
        }
        pane.flush();
        if let Some(delay) = wait {
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = refused(&mut refusal), if !pane.listed_once => return Stopped::FallBack,
            }
            if pane.listed_once {
                pane.health(WatchHealth::Live);
            }
        }
    }
}

async fn refused(support: &mut Option<&mut StreamingSupport>) {
    match support {
        Some(s) => s.refused().await,
        None => std::future::pending().await,
    }
}

/// One pane's side of a watch: the relist being gathered, the changes waiting to be sent, and
/// where they go.
struct PaneFeed<K, R> {
    kind: ResourceKind,
    project: fn(K, &mut Interner) -> R,
    wrap: fn(Delta<R>) -> Update,
    sink: Sink,
    /// Rows of the relist in progress; `None` outside a relist.
    relist: Option<Vec<R>>,
    listed_once: bool,
    failures: u32,
    /// Changes gathered for the next message.
    pending: Vec<Delta<R>>,
    /// Shared copies of the texts that repeat across this pane's rows.
    interner: Interner,
}

impl<K: Resource, R: Clone> PaneFeed<K, R> {
    fn new(
        kind: ResourceKind,
        project: fn(K, &mut Interner) -> R,
        wrap: fn(Delta<R>) -> Update,
        sink: Sink,
    ) -> Self {
        Self {
            kind,
            project,
            wrap,
            sink,
            relist: None,
            listed_once: false,
            failures: 0,
            pending: Vec::new(),
            interner: Interner::new(),
        }
    }

    fn health(&self, health: WatchHealth) {
        (self.sink)(Update::Health {
            kind: self.kind,
            health,
        });
    }

    fn send(&mut self, delta: Delta<R>) {
        self.flush();
        (self.sink)((self.wrap)(delta));
    }

    fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    fn pending_len(&self) -> usize {
        self.pending.len()
    }

    /// Sends the gathered changes: one as itself, several as one batch.
    fn flush(&mut self) {
        let delta = match self.pending.len() {
            0 => return,
            1 => self.pending.pop(),
            _ => Some(Delta::Batch(std::mem::take(&mut self.pending))),
        };
        if let Some(delta) = delta {
            (self.sink)((self.wrap)(delta));
        }
    }

    /// Handles one item of the watcher; returns how long to wait before the next after an error.
    fn on_item(&mut self, item: watcher::Result<Event<K>>) -> Option<Duration> {
        match item {
            Ok(event) => {
                self.failures = 0;
                self.on_event(event);
                None
            }
            Err(err) => Some(self.on_error(&err)),
        }
    }

    fn on_event(&mut self, event: Event<K>) {
        match event {
            Event::Init => self.relist = Some(Vec::new()),
            Event::InitApply(obj) => {
                let row = (self.project)(obj, &mut self.interner);
                let rows = self.relist.get_or_insert_with(Vec::new);
                // The first list of an empty pane shows its first page at once.
                let first_page = !self.listed_once && rows.len() < PAGE_SIZE as usize;
                if first_page {
                    self.pending.push(Delta::Upsert(row.clone()));
                }
                rows.push(row);
                let received = rows.len();
                if received.is_multiple_of(PAGE_SIZE as usize) {
                    self.send(Delta::Loading { received });
                    self.health(WatchHealth::Loading { received });
                }
            }
            Event::InitDone => {
                let rows = self.relist.take().unwrap_or_default();
                self.send(Delta::Reset(rows));
                self.listed_once = true;
                self.health(WatchHealth::Live);
            }
            Event::Apply(obj) => {
                let row = (self.project)(obj, &mut self.interner);
                self.pending.push(Delta::Upsert(row));
            }
            Event::Delete(obj) => {
                let meta = obj.meta();
                let key = ObjKey::new(
                    meta.namespace.clone().unwrap_or_default(),
                    meta.name.clone().unwrap_or_default(),
                );
                self.pending.push(Delta::Remove(key));
            }
        }
    }

    fn on_error(&mut self, err: &watcher::Error) -> Duration {
        self.flush();
        self.relist = None;
        let status = api_status(err);
        tracing::warn!(kind = ?self.kind, error = %err, "watch failed");
        if let Some((403, message)) = status {
            self.health(WatchHealth::Forbidden { message });
            // Permissions rarely change by the second: no retry storm.
            return Duration::from_secs(60);
        }
        let delay = backoff(self.failures);
        self.failures += 1;
        let message = status.map_or_else(|| err.to_string(), |(_, m)| m);
        self.health(WatchHealth::Retrying {
            in_secs: delay.as_secs(),
            message,
        });
        delay
    }
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff(0), Duration::from_secs(1));
        assert_eq!(backoff(3), Duration::from_secs(8));
        assert_eq!(backoff(20), Duration::from_secs(30));
    }
}
