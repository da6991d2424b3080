//! One watcher task per pane (pods, deployments, services, nodes) using kube-runtime's
//! `watcher`: paginated initial list, bookmarks, relist after 410 Gone. Each object is
//! projected into its compact row inside the task (the object is dropped there), and a relist is
//! delivered whole (`Delta::Reset`) so a pane never shows a half-empty table. Health (loading,
//! live, retrying with backoff, forbidden) is reported alongside. Dropping the `WatchSet` stops
//! every task.

use std::fmt::Debug;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt as _;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Node, Pod, Service};
use kube::runtime::watcher::{self, Event};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;

use crate::resources::{self, DeploymentRow, NodeRow, ObjKey, PodRow, ResourceKind, ServiceRow};
use crate::store::Delta;

/// Rows per page of the initial list; also how many rows the first page shows at once.
pub const PAGE_SIZE: u32 = 500;

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
        let scoped = |c: &Client| -> (Api<Pod>, Api<Deployment>, Api<Service>) {
            match namespace {
                Some(ns) => (
                    Api::namespaced(c.clone(), ns),
                    Api::namespaced(c.clone(), ns),
                    Api::namespaced(c.clone(), ns),
                ),
                None => (
                    Api::all(c.clone()),
                    Api::all(c.clone()),
                    Api::all(c.clone()),
                ),
            }
        };
        let (pods, deployments, services) = scoped(client);
        let nodes: Api<Node> = Api::all(client.clone());
        let tasks = vec![
            tokio::spawn(run(
                pods,
                ResourceKind::Pod,
                resources::pod::project,
                Update::Pods,
                sink.clone(),
            )),
            tokio::spawn(run(
                deployments,
                ResourceKind::Deployment,
                resources::deployment::project,
                Update::Deployments,
                sink.clone(),
            )),
            tokio::spawn(run(
                services,
                ResourceKind::Service,
                resources::service::project,
                Update::Services,
                sink.clone(),
            )),
            tokio::spawn(run(
                nodes,
                ResourceKind::Node,
                resources::node::project,
                Update::Nodes,
                sink,
            )),
        ];
        WatchSet { tasks }
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

async fn run<K, R>(
    api: Api<K>,
    kind: ResourceKind,
    project: fn(&K) -> R,
    wrap: fn(Delta<R>) -> Update,
    sink: Sink,
) where
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
    R: Clone + Send + 'static,
{
    let health = |h: WatchHealth| sink(Update::Health { kind, health: h });
    let config = watcher::Config::default().page_size(PAGE_SIZE);
    let mut stream = watcher::watcher(api, config).boxed();
    // Rows of the relist in progress; `None` outside a relist.
    let mut relist: Option<Vec<R>> = None;
    let mut listed_once = false;
    let mut failures: u32 = 0;
    health(WatchHealth::Loading { received: 0 });
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => {
                failures = 0;
                match event {
                    Event::Init => relist = Some(Vec::new()),
                    Event::InitApply(obj) => {
                        let rows = relist.get_or_insert_with(Vec::new);
                        let row = project(&obj);
                        // The first list of an empty pane shows its first page at once.
                        if !listed_once && rows.len() < PAGE_SIZE as usize {
                            sink(wrap(Delta::Upsert(row.clone())));
                        }
                        rows.push(row);
                        if rows.len().is_multiple_of(PAGE_SIZE as usize) {
                            sink(wrap(Delta::Loading {
                                received: rows.len(),
                            }));
                            health(WatchHealth::Loading {
                                received: rows.len(),
                            });
                        }
                    }
                    Event::InitDone => {
                        sink(wrap(Delta::Reset(relist.take().unwrap_or_default())));
                        listed_once = true;
                        health(WatchHealth::Live);
                    }
                    Event::Apply(obj) => sink(wrap(Delta::Upsert(project(&obj)))),
                    Event::Delete(obj) => {
                        let meta = obj.meta();
                        let key = ObjKey::new(
                            meta.namespace.clone().unwrap_or_default(),
                            meta.name.clone().unwrap_or_default(),
                        );
                        sink(wrap(Delta::Remove(key)));
                    }
                }
            }
            Err(err) => {
                relist = None;
                let status = api_status(&err);
                tracing::warn!(?kind, error = %err, "watch failed");
                let delay = if let Some((403, message)) = status {
                    health(WatchHealth::Forbidden { message });
                    // Permissions rarely change by the second: no retry storm.
                    Duration::from_secs(60)
                } else {
                    let delay = backoff(failures);
                    failures += 1;
                    let message = status.map_or_else(|| err.to_string(), |(_, m)| m);
                    health(WatchHealth::Retrying {
                        in_secs: delay.as_secs(),
                        message,
                    });
                    delay
                };
                tokio::time::sleep(delay).await;
                if listed_once {
                    health(WatchHealth::Live);
                }
            }
        }
    }
}

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
