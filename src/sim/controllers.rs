//! The control plane that makes the simulated cluster alive: deployment and replicaset
//! controllers, a scheduler and kubelet stand-in (driven by timers), an endpoints controller,
//! graceful pod termination, namespace termination and the garbage collector. One task reacts
//! to the store's change feed and works through dirty sets, so cost follows what changed, not
//! the cluster's size.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::broadcast::error::TryRecvError;
use tokio::sync::watch;

use super::clock;
use super::kinds::{self, Kind};
use super::kubelet::{self, Behavior};
use super::objects;
use super::rng::Rng;
use super::select::LabelSelector;
use super::store::{Change, EventType, Key, Obj, Store};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Schedule,
    Create,
    Init(usize),
    Run,
    Crash,
    Restart,
    PullBackOff,
    Finish,
    Terminate,
    Ephemeral,
    RemoveNamespace,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    key: Key,
    uid: String,
    step: Step,
}

pub struct Controllers {
    store: Arc<Store>,
    rng: Rng,
    timers: BinaryHeap<Reverse<(Instant, u64, Timer)>>,
    seq: u64,
    deployments: HashSet<Key>,
    replicasets: HashSet<Key>,
    endpoints: HashSet<Key>,
    /// Per namespace: service name → selector, to find the services a pod change touches.
    selectors: HashMap<String, BTreeMap<String, LabelSelector>>,
    next_ip: u32,
    node_cursor: usize,
    events: VecDeque<Key>,
    /// Pods whose termination or start is already underway (by uid).
    terminating: HashSet<String>,
    pace: f64,
}

const MAX_EVENTS: usize = 2000;

impl Controllers {
    pub fn new(store: Arc<Store>, seed: u64) -> Self {
        Controllers {
            store,
            rng: Rng::new(seed ^ 0x00C0_FFEE),
            timers: BinaryHeap::new(),
            seq: 0,
            deployments: HashSet::new(),
            replicasets: HashSet::new(),
            endpoints: HashSet::new(),
            selectors: HashMap::new(),
            next_ip: 2,
            node_cursor: 0,
            events: VecDeque::new(),
            terminating: HashSet::new(),
            pace: 1.0,
        }
    }

    /// Runs until `shutdown` flips.
    pub async fn run(mut self, mut shutdown: watch::Receiver<bool>) {
        let mut changes = self.store.subscribe();
        self.resync();
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => return,
            }
            loop {
                match changes.try_recv() {
                    Ok(change) => self.observe(&change),
                    Err(TryRecvError::Lagged(_)) => self.resync(),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Closed) => return,
                }
            }
            self.run_timers();
            self.sync_dirty();
        }
    }

    /// Looks at everything again (start-up, or after missing changes).
    fn resync(&mut self) {
        for kind in ["Deployment", "ReplicaSet", "Service", "Pod"] {
            let (_, items) = self.store.list(kinds::get(kind), None);
            for obj in items {
                match kind {
                    "Deployment" => {
                        self.deployments.insert(obj.key());
                    }
                    "ReplicaSet" => {
                        self.replicasets.insert(obj.key());
                    }
                    "Service" => self.remember_service(&obj, false),
                    _ => self.adopt_pod(&obj),
                }
            }
        }
        for (ns, services) in &self.selectors {
            for name in services.keys() {
                self.endpoints.insert((ns.clone(), name.clone()));
            }
        }
        // A namespace deleted while changes were missed must still empty and go.
        let (_, namespaces) = self.store.list(kinds::get("Namespace"), None);
        for ns in namespaces {
            if ns.value()["metadata"].get("deletionTimestamp").is_some() {
                self.terminate_namespace(&ns.name);
                self.after(Duration::from_millis(1500), &ns, Step::RemoveNamespace);
            }
        }
    }

    /// A pod found at start-up or after a resync: pick up its lifecycle where it stands.
    fn adopt_pod(&mut self, obj: &Obj) {
        let pod = obj.value();
        if pod["metadata"].get("deletionTimestamp").is_some() {
            self.after(Duration::from_secs(1), obj, Step::Terminate);
            return;
        }
        if pod["spec"]["nodeName"].as_str().is_none() {
            self.after(Duration::from_millis(300), obj, Step::Schedule);
            return;
        }
        let waiting = pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"].as_str();
        match (kubelet::behavior(&pod), waiting) {
            (Behavior::Crash { .. }, Some("CrashLoopBackOff")) => {
                let restarts = pod["status"]["containerStatuses"][0]["restartCount"]
                    .as_i64()
                    .unwrap_or(1);
                self.after(
                    self.scaled(kubelet::backoff_secs(restarts)),
                    obj,
                    Step::Restart,
                );
            }
            (Behavior::Crash { .. }, None) => self.after(self.scaled(8), obj, Step::Crash),
            (_, Some("ContainerCreating" | "PodInitializing")) => {
                self.after(Duration::from_millis(500), obj, Step::Create);
            }
            _ => {}
        }
    }

    fn scaled(&self, secs: i64) -> Duration {
        Duration::from_secs_f64(secs.max(0) as f64 * self.pace / 2.0)
    }

    fn after(&mut self, delay: Duration, obj: &Obj, step: Step) {
        self.seq += 1;
        let timer = Timer {
            key: obj.key(),
            uid: obj.uid.clone(),
            step,
        };
        self.timers
            .push(Reverse((Instant::now() + delay, self.seq, timer)));
    }

    fn observe(&mut self, change: &Change) {
        let obj = &change.obj;
        if change.etype == EventType::Deleted {
            self.collect_garbage(obj);
        }
        match change.kind.kind {
            "Deployment" => {
                self.deployments.insert(obj.key());
            }
            "ReplicaSet" => {
                self.replicasets.insert(obj.key());
                if let Some(owner) = owner_name(obj, "Deployment") {
                    self.deployments.insert((obj.namespace.clone(), owner));
                }
            }
            "Pod" => self.observe_pod(change),
            "Service" => self.remember_service(obj, change.etype == EventType::Deleted),
            "Namespace" => {
                let v = obj.value();
                if change.etype != EventType::Deleted
                    && v["metadata"].get("deletionTimestamp").is_some()
                {
                    self.terminate_namespace(&obj.name);
                    self.after(Duration::from_millis(1500), obj, Step::RemoveNamespace);
                }
            }
            _ => {}
        }
    }

    fn observe_pod(&mut self, change: &Change) {
        let obj = &change.obj;
        if let Some(rs) = owner_name(obj, "ReplicaSet") {
            self.replicasets.insert((obj.namespace.clone(), rs));
        }
        for labels in [Some(&obj.labels), change.prev.as_ref().map(|p| &p.labels)]
            .into_iter()
            .flatten()
        {
            if let Some(services) = self.selectors.get(&obj.namespace) {
                for (svc, selector) in services {
                    let get = |k: &str| {
                        labels
                            .iter()
                            .find(|(lk, _)| lk == k)
                            .map(|(_, v)| v.as_str())
                    };
                    if !selector.is_empty() && selector.matches(&get) {
                        self.endpoints.insert((obj.namespace.clone(), svc.clone()));
                    }
                }
            }
        }
        match change.etype {
            EventType::Added => {
                let pod = obj.value();
                if pod["spec"]["nodeName"].as_str().is_none() {
                    self.after(Duration::from_millis(300), obj, Step::Schedule);
                }
            }
            EventType::Modified => {
                let pod = obj.value();
                if pod["metadata"].get("deletionTimestamp").is_some() {
                    if self.terminating.insert(obj.uid.clone()) {
                        self.after(Duration::from_millis(1200), obj, Step::Terminate);
                    }
                    return;
                }
                let specs = pod["spec"]["ephemeralContainers"]
                    .as_array()
                    .map_or(0, Vec::len);
                let statuses = pod["status"]["ephemeralContainerStatuses"]
                    .as_array()
                    .map_or(0, Vec::len);
                if specs > statuses {
                    self.after(Duration::from_millis(800), obj, Step::Ephemeral);
                }
            }
            EventType::Deleted => {
                self.terminating.remove(&obj.uid);
            }
        }
    }

    fn remember_service(&mut self, obj: &Obj, deleted: bool) {
        let services = self.selectors.entry(obj.namespace.clone()).or_default();
        if deleted {
            services.remove(&obj.name);
            let _ = self
                .store
                .remove(kinds::get("Endpoints"), &obj.namespace, &obj.name);
            return;
        }
        let v = obj.value();
        // A Service without a selector (or with `{}`) selects nothing; its endpoints are manual.
        let selector = match v["spec"].get("selector") {
            Some(s) if s.as_object().is_some_and(|m| !m.is_empty()) => {
                LabelSelector::from_json(s).unwrap_or_else(|_| LabelSelector::nothing())
            }
            _ => LabelSelector::nothing(),
        };
        services.insert(obj.name.clone(), selector);
        self.endpoints.insert(obj.key());
    }

    /// Deletes what a deleted owner owned (background propagation).
    fn collect_garbage(&mut self, owner: &Obj) {
        for (kind, dep) in self.store.dependents(&owner.uid) {
            self.delete(kind, &dep);
        }
    }

    fn delete(&mut self, kind: &'static Kind, obj: &Obj) {
        if kind.kind == "Pod" {
            let v = obj.value();
            if v["spec"]["nodeName"].as_str().is_some() {
                let _ = self
                    .store
                    .modify(kind, &obj.namespace, &obj.name, None, |p| {
                        if p["metadata"].get("deletionTimestamp").is_none() {
                            p["metadata"]["deletionTimestamp"] =
                                json!(clock::rfc3339(clock::now_unix() + 30));
                            p["metadata"]["deletionGracePeriodSeconds"] = json!(30);
                        }
                        Ok(())
                    });
                return;
            }
        }
        let _ = self.store.remove(kind, &obj.namespace, &obj.name);
    }

    fn terminate_namespace(&mut self, ns: &str) {
        for kind in kinds::KINDS.iter().filter(|k| k.namespaced) {
            let (_, items) = self.store.list(kind, Some(ns));
            for obj in items {
                if kind.kind == "Pod" {
                    let _ = self.store.remove(kind, &obj.namespace, &obj.name);
                } else {
                    self.delete(kind, &obj);
                }
            }
        }
    }

    fn run_timers(&mut self) {
        let now = Instant::now();
        let mut due = Vec::new();
        while self
            .timers
            .peek()
            .is_some_and(|Reverse((at, _, _))| *at <= now)
        {
            if let Some(Reverse((_, _, t))) = self.timers.pop() {
                due.push(t);
            }
        }
        for t in due {
            self.fire(t);
        }
    }

    fn fire(&mut self, t: Timer) {
        let pods = kinds::get("Pod");
        if t.step == Step::RemoveNamespace {
            let _ = self.store.remove(kinds::get("Namespace"), "", &t.key.1);
            return;
        }
        let Some(obj) = self
            .store
            .get(pods, &t.key.0, &t.key.1)
            .filter(|o| o.uid == t.uid)
        else {
            return;
        };
        let pod = obj.value();
        let deleting = pod["metadata"].get("deletionTimestamp").is_some();
        if deleting && t.step != Step::Terminate {
            return;
        }
        let now = clock::now_unix();
        let behavior = kubelet::behavior(&pod);
        let mut next: Option<(Duration, Step)> = None;
        let mut event: Option<(&str, &str, String)> = None;
        let node = pod["spec"]["nodeName"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let store = self.store.clone();
        let update = |f: &mut dyn FnMut(&mut Value)| {
            store.modify(pods, &t.key.0, &t.key.1, None, |p| {
                f(p);
                Ok(())
            })
        };
        match t.step {
            Step::Schedule => {
                let nodes = self.schedulable_nodes();
                if behavior == Behavior::Unschedulable || nodes.is_empty() {
                    let total = self.store.count(kinds::get("Node"));
                    let _ = update(&mut |p| kubelet::unschedulable(p, total, now));
                    event = Some((
                        "Warning",
                        "FailedScheduling",
                        format!("0/{total} nodes are available: {total} Insufficient cpu."),
                    ));
                } else {
                    self.node_cursor = (self.node_cursor + 1) % nodes.len();
                    let (name, _) = nodes[self.node_cursor].clone();
                    let _ = update(&mut |p| kubelet::schedule(p, &name, now));
                    event = Some((
                        "Normal",
                        "Scheduled",
                        format!("Successfully assigned {}/{} to {name}", t.key.0, t.key.1),
                    ));
                    next = Some((Duration::from_millis(400), Step::Create));
                }
            }
            Step::Create => {
                let host_ip = self.node_ip(&node);
                let _ = update(&mut |p| kubelet::creating(p, &host_ip, now));
                let inits = pod["spec"]["initContainers"].as_array().map_or(0, Vec::len);
                next = Some(match behavior {
                    _ if inits > 0 => (Duration::from_millis(900), Step::Init(0)),
                    Behavior::ImagePullFails => (Duration::from_millis(1200), Step::PullBackOff),
                    _ => (Duration::from_millis(1200), Step::Run),
                });
            }
            Step::Init(k) => {
                let mut done = false;
                let _ = update(&mut |p| done = kubelet::init_step(p, k, now));
                next = Some(if done {
                    (
                        Duration::from_millis(800),
                        if behavior == Behavior::ImagePullFails {
                            Step::PullBackOff
                        } else {
                            Step::Run
                        },
                    )
                } else {
                    (Duration::from_millis(900), Step::Init(k + 1))
                });
            }
            Step::Run | Step::Restart => {
                let ip = self.pod_ip(&node, &pod);
                let ready = t.step == Step::Run && !matches!(behavior, Behavior::Crash { .. });
                let _ =
                    update(&mut |p| kubelet::running(p, &ip, now, ready || t.step == Step::Run));
                let image = pod["spec"]["containers"][0]["image"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                event = Some((
                    "Normal",
                    "Started",
                    format!(
                        "Started container {}",
                        pod["spec"]["containers"][0]["name"]
                            .as_str()
                            .unwrap_or_default()
                    ),
                ));
                let _ = image;
                next = match behavior {
                    Behavior::Crash { .. } => Some((self.scaled(6), Step::Crash)),
                    Behavior::Complete { .. } => Some((Duration::from_secs(3), Step::Finish)),
                    _ => None,
                };
            }
            Step::Crash => {
                let oom = matches!(behavior, Behavior::Crash { oom: true });
                let _ = update(&mut |p| kubelet::crash(p, now, oom));
                let restarts = pod["status"]["containerStatuses"][0]["restartCount"]
                    .as_i64()
                    .unwrap_or(0)
                    + 1;
                event = Some((
                    "Warning",
                    "BackOff",
                    "Back-off restarting failed container".to_string(),
                ));
                next = Some((self.scaled(kubelet::backoff_secs(restarts)), Step::Restart));
            }
            Step::PullBackOff => {
                let backoff = pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"]
                    == "ErrImagePull";
                let _ = update(&mut |p| kubelet::image_pull_failed(p, now, backoff));
                event = Some((
                    "Warning",
                    if backoff { "BackOff" } else { "Failed" },
                    format!(
                        "Failed to pull image \"{}\"",
                        pod["spec"]["containers"][0]["image"]
                            .as_str()
                            .unwrap_or_default()
                    ),
                ));
                next = Some((self.scaled(20), Step::PullBackOff));
            }
            Step::Finish => {
                let fail = matches!(behavior, Behavior::Complete { fail: true });
                let _ = update(&mut |p| kubelet::finish(p, now, fail));
            }
            Step::Terminate => {
                let _ = self.store.remove(pods, &t.key.0, &t.key.1);
                self.terminating.remove(&t.uid);
            }
            Step::Ephemeral => {
                let _ = update(&mut |p| {
                    kubelet::start_ephemeral(p, now);
                });
            }
            Step::RemoveNamespace => {}
        }
        if let Some((etype, reason, message)) = event {
            self.emit(&obj, "Pod", "v1", etype, reason, message);
        }
        if let Some((delay, step)) = next
            && let Some(fresh) = self.store.get(pods, &t.key.0, &t.key.1)
        {
            self.after(delay, &fresh, step);
        }
    }

    fn schedulable_nodes(&self) -> Vec<(String, String)> {
        let (_, nodes) = self.store.list(kinds::get("Node"), None);
        nodes
            .iter()
            .filter(|n| n.label("node-role.kubernetes.io/control-plane").is_none())
            .map(Obj::value)
            .filter(|n| n["spec"]["unschedulable"].as_bool() != Some(true))
            .filter(|n| {
                n["status"]["conditions"].as_array().is_some_and(|cs| {
                    cs.iter()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                })
            })
            .map(|n| {
                let name = n["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let ip = n["status"]["addresses"][0]["address"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                (name, ip)
            })
            .collect()
    }

    fn node_ip(&self, node: &str) -> String {
        self.store.get(kinds::get("Node"), "", node).map_or_else(
            || "10.0.0.10".to_string(),
            |n| {
                n.value()["status"]["addresses"][0]["address"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            },
        )
    }

    fn pod_ip(&mut self, node: &str, pod: &Value) -> String {
        if let Some(ip) = pod["status"]["podIP"].as_str() {
            return ip.to_string();
        }
        self.next_ip = if self.next_ip >= 250 * 256 {
            2
        } else {
            self.next_ip + 1
        };
        let subnet = node.bytes().map(u32::from).sum::<u32>() % 200;
        format!(
            "10.{}.{}.{}",
            244 + (self.next_ip >> 16),
            subnet,
            self.next_ip % 250 + 2
        )
    }

    fn emit(
        &mut self,
        obj: &Obj,
        kind: &str,
        api_version: &str,
        etype: &str,
        reason: &str,
        message: String,
    ) {
        let now = clock::now_unix();
        let name = format!("{}.{:x}", obj.name, self.rng.next_u64() & 0xffff_ffff_ffff);
        let uid = self.rng.uuid();
        let source = match reason {
            "Scheduled" | "FailedScheduling" => "default-scheduler",
            "ScalingReplicaSet" => "deployment-controller",
            "SuccessfulCreate" | "SuccessfulDelete" => "replicaset-controller",
            _ => "kubelet",
        };
        let event = objects::event(&objects::EventSpec {
            namespace: if obj.namespace.is_empty() {
                "default"
            } else {
                &obj.namespace
            },
            name: name.clone(),
            uid: &uid,
            involved: (kind, api_version, &obj.name, &obj.uid),
            event_type: etype,
            reason,
            message,
            source,
            count: 1,
            first: now,
            last: now,
        });
        let ns = event["metadata"]["namespace"]
            .as_str()
            .unwrap_or("default")
            .to_string();
        if self.store.create(kinds::get("Event"), event).is_ok() {
            self.events.push_back((ns, name));
        }
        while self.events.len() > MAX_EVENTS {
            if let Some((ns, name)) = self.events.pop_front() {
                let _ = self.store.remove(kinds::get("Event"), &ns, &name);
            }
        }
    }

    fn sync_dirty(&mut self) {
        for key in std::mem::take(&mut self.deployments) {
            self.sync_deployment(&key);
        }
        for key in std::mem::take(&mut self.replicasets) {
            self.sync_replicaset(&key);
        }
        for key in std::mem::take(&mut self.endpoints) {
            self.sync_endpoints(&key);
        }
    }
}

fn owner_name(obj: &Obj, kind: &str) -> Option<String> {
    obj.owner_uid.as_ref()?;
    let v = obj.value();
    v["metadata"]["ownerReferences"]
        .as_array()?
        .iter()
        .find(|r| r["kind"] == kind)
        .and_then(|r| r["name"].as_str())
        .map(str::to_string)
}

mod workloads;
