//! A tail: the set of container streams one log view shows. For a pod, its chosen container
//! (or every container, init and ephemeral included); for a deployment, the default container
//! of every pod its selector matches, watched so that pods that appear later join and pods
//! that go away are reported ended.
//!
//! Owns starting and stopping streams (`LogTail` aborts every task it started when dropped,
//! so closing a view leaks nothing). Must not keep lines or know how they are shown.

use std::collections::HashMap;

use futures::StreamExt as _;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ContainerStatus, Pod};
use kube::core::Selector;
use kube::runtime::watcher::{self, Event};
use kube::{Api, Client};
use tokio::task::JoinHandle;

use super::logs::{
    ContainerChoice, ContainerInfo, ContainerKind, LogOptions, LogReport, LogSink, LogTarget,
    SourceId, StreamState, stream_container,
};
use crate::resources::ObjKey;

/// The running streams of one log view. Dropping it stops them all.
#[derive(Debug)]
pub struct LogTail {
    task: JoinHandle<()>,
}

impl Drop for LogTail {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LogTail {
    /// Starts tailing `target`; everything is reported through `sink`.
    pub fn start(client: Client, target: LogTarget, options: LogOptions, sink: LogSink) -> Self {
        let task = match target {
            LogTarget::Pod { key, container } => {
                tokio::spawn(tail_pod(client, key, container, options, sink))
            }
            LogTarget::Deployment { key } => {
                tokio::spawn(tail_deployment(client, key, options, sink))
            }
        };
        LogTail { task }
    }
}

/// Stream tasks by source; aborted when dropped (the tail task was aborted or returned).
#[derive(Default)]
struct Streams(HashMap<SourceId, JoinHandle<()>>);

impl Drop for Streams {
    fn drop(&mut self) {
        for task in self.0.values() {
            task.abort();
        }
    }
}

fn state_text(status: Option<&ContainerStatus>) -> String {
    let Some(state) = status.and_then(|s| s.state.as_ref()) else {
        return "not started".to_owned();
    };
    if state.running.is_some() {
        "running".to_owned()
    } else if let Some(w) = &state.waiting {
        format!("waiting: {}", w.reason.as_deref().unwrap_or("unknown"))
    } else if let Some(t) = &state.terminated {
        format!("terminated: {}", t.reason.as_deref().unwrap_or("unknown"))
    } else {
        "unknown".to_owned()
    }
}

/// Every container of the pod, init first, then the app containers, then ephemeral ones.
pub fn containers_of(pod: &Pod) -> Vec<ContainerInfo> {
    let (Some(spec), status) = (pod.spec.as_ref(), pod.status.as_ref()) else {
        return Vec::new();
    };
    let find = |list: Option<&Vec<ContainerStatus>>, name: &str| {
        list.and_then(|l| l.iter().find(|s| s.name == name))
            .cloned()
    };
    let mut out = Vec::new();
    for c in spec.init_containers.iter().flatten() {
        let s = find(
            status.and_then(|s| s.init_container_statuses.as_ref()),
            &c.name,
        );
        out.push(ContainerInfo {
            name: c.name.clone(),
            kind: ContainerKind::Init,
            state: state_text(s.as_ref()),
        });
    }
    for c in &spec.containers {
        let s = find(status.and_then(|s| s.container_statuses.as_ref()), &c.name);
        out.push(ContainerInfo {
            name: c.name.clone(),
            kind: ContainerKind::Main,
            state: state_text(s.as_ref()),
        });
    }
    for c in spec.ephemeral_containers.iter().flatten() {
        let s = find(
            status.and_then(|s| s.ephemeral_container_statuses.as_ref()),
            &c.name,
        );
        out.push(ContainerInfo {
            name: c.name.clone(),
            kind: ContainerKind::Ephemeral,
            state: state_text(s.as_ref()),
        });
    }
    out
}

/// The container kubectl picks when none is named: the annotated default, else the first.
pub fn default_container(pod: &Pod) -> Option<String> {
    pod.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("kubectl.kubernetes.io/default-container"))
        .cloned()
        .or_else(|| {
            pod.spec
                .as_ref()
                .and_then(|s| s.containers.first())
                .map(|c| c.name.clone())
        })
}

async fn tail_pod(
    client: Client,
    key: ObjKey,
    choice: ContainerChoice,
    options: LogOptions,
    sink: LogSink,
) {
    let pods: Api<Pod> = Api::namespaced(client, &key.namespace);
    let pod = match pods.get(&key.name).await {
        Ok(pod) => pod,
        Err(e) => {
            sink(LogReport::Failed {
                message: super::ops::error_text(&e),
            });
            return;
        }
    };
    let containers = containers_of(&pod);
    sink(LogReport::Containers {
        containers: containers.clone(),
    });
    let names: Vec<Option<String>> = match choice {
        ContainerChoice::Named(name) => vec![Some(name)],
        ContainerChoice::Default => vec![default_container(&pod)],
        ContainerChoice::All => containers.into_iter().map(|c| Some(c.name)).collect(),
    };
    let mut streams = Streams::default();
    for (id, container) in (0..).zip(names) {
        sink(LogReport::Source {
            id,
            pod: key.name.clone(),
            container: container.clone(),
        });
        let task = tokio::spawn(stream_container(
            pods.clone(),
            key.name.clone(),
            container,
            options,
            id,
            sink.clone(),
        ));
        streams.0.insert(id, task);
    }
    for task in streams.0.values_mut() {
        let _ = task.await;
    }
}

/// One pod's stream in a deployment tail.
struct Member {
    id: SourceId,
    uid: Option<String>,
}

async fn tail_deployment(client: Client, key: ObjKey, options: LogOptions, sink: LogSink) {
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), &key.namespace);
    let selector = match deployments.get(&key.name).await {
        Ok(d) => Selector::try_from(d.spec.selector),
        Err(e) => {
            sink(LogReport::Failed {
                message: super::ops::error_text(&e),
            });
            return;
        }
    };
    let selector = match selector {
        Ok(s) if !s.selects_all() => s,
        Ok(_) => {
            sink(LogReport::Failed {
                message: format!("deployment {} has no pod selector", key.name),
            });
            return;
        }
        Err(e) => {
            sink(LogReport::Failed {
                message: format!("deployment {}: {e}", key.name),
            });
            return;
        }
    };
    let pods: Api<Pod> = Api::namespaced(client, &key.namespace);
    let config = watcher::Config::default().labels_from(&selector);
    let mut events = watcher::watcher(pods.clone(), config).boxed();
    let mut members: HashMap<String, Member> = HashMap::new();
    let mut streams = Streams::default();
    let mut next_id: SourceId = 0;
    let mut relisted: Option<Vec<String>> = None;
    let mut failures: u32 = 0;
    let end = |members: &mut HashMap<String, Member>, streams: &mut Streams, name: &str| {
        if let Some(m) = members.remove(name) {
            if let Some(task) = streams.0.remove(&m.id) {
                task.abort();
            }
            sink(LogReport::State {
                source: m.id,
                state: StreamState::Ended {
                    reason: "pod deleted".to_owned(),
                },
            });
        }
    };
    while let Some(event) = events.next().await {
        let pod = match event {
            Ok(Event::Init) => {
                relisted = Some(Vec::new());
                continue;
            }
            Ok(Event::InitDone) => {
                let listed = relisted.take().unwrap_or_default();
                let gone: Vec<String> = members
                    .keys()
                    .filter(|n| !listed.contains(n))
                    .cloned()
                    .collect();
                for name in gone {
                    end(&mut members, &mut streams, &name);
                }
                continue;
            }
            Ok(Event::Delete(pod)) => {
                end(
                    &mut members,
                    &mut streams,
                    pod.metadata.name.as_deref().unwrap_or_default(),
                );
                continue;
            }
            Ok(Event::InitApply(pod) | Event::Apply(pod)) => pod,
            Err(e) => {
                // The watch retries; until then the streams already running go on.
                tracing::warn!(error = %e, "deployment log tail: pod watch failed");
                failures += 1;
                tokio::time::sleep(std::time::Duration::from_secs(
                    u64::from(failures.min(5)) * 2,
                ))
                .await;
                continue;
            }
        };
        failures = 0;
        let Some(name) = pod.metadata.name.clone() else {
            continue;
        };
        if let Some(listed) = relisted.as_mut() {
            listed.push(name.clone());
        }
        let uid = pod.metadata.uid.clone();
        match members.get(&name) {
            Some(m) if m.uid == uid => continue,
            // The same name for a new pod (recreated): the old stream ended.
            Some(_) => end(&mut members, &mut streams, &name),
            None => {}
        }
        let id = next_id;
        next_id += 1;
        let container = default_container(&pod);
        sink(LogReport::Source {
            id,
            pod: name.clone(),
            container: container.clone(),
        });
        let task = tokio::spawn(stream_container(
            pods.clone(),
            name.clone(),
            container,
            options,
            id,
            sink.clone(),
        ));
        streams.0.insert(id, task);
        members.insert(name, Member { id, uid });
    }
}
