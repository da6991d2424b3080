//! Property test of a pane's feed: any sequence of watcher events (adds, modifies, deletes,
//! relists delivered as `Init`/`InitApply`/`InitDone`, duplicates, deletes of unknown keys,
//! errors in the middle of a relist) leaves the pane's rows exactly equal to the server's
//! state whenever no relist is in progress, and never half-empty while one is.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::*;
use crate::resources::wire::PodWire;
use crate::store::RowStore;
use crate::testing::Rng;

const RUNS: u64 = 200;
const STEPS: usize = 150;

fn pod(rng: &mut Rng, name: &str) -> PodWire {
    let phase = *rng.pick(&["Pending", "Running", "Succeeded", "Failed"]);
    let node = *rng.pick(&["node-a", "node-b"]);
    serde_json::from_value(serde_json::json!({
        "metadata": {
            "name": name,
            "namespace": "default",
            "resourceVersion": rng.below(1_000_000).to_string(),
            "labels": {"app": name.split('-').next().unwrap_or_default()},
        },
        "spec": {"containers": [{}], "nodeName": node},
        "status": {"phase": phase, "podIP": format!("10.0.0.{}", rng.below(9))},
    }))
    .unwrap()
}

fn key_of(pod: &PodWire) -> ObjKey {
    ObjKey::new(
        pod.metadata.object.namespace.clone().unwrap_or_default(),
        pod.metadata.object.name.clone().unwrap_or_default(),
    )
}

/// The rows the pane should show for the server's objects.
fn expected(server: &BTreeMap<ObjKey, PodWire>) -> BTreeMap<ObjKey, PodRow> {
    let mut interner = resources::Interner::new();
    server
        .iter()
        .map(|(k, p)| (k.clone(), resources::pod::project(p.clone(), &mut interner)))
        .collect()
}

fn shown(store: &RowStore<PodRow>) -> BTreeMap<ObjKey, PodRow> {
    store
        .visible(0..store.visible_len())
        .map(|r| (r.key.clone(), r.clone()))
        .collect()
}

struct Harness {
    feed: PaneFeed<PodWire, PodRow>,
    sent: Arc<Mutex<Vec<Update>>>,
    store: RowStore<PodRow>,
}

impl Harness {
    fn new() -> Self {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let sink_sent = Arc::clone(&sent);
        let sink: Sink = Arc::new(move |u| sink_sent.lock().unwrap().push(u));
        Harness {
            feed: PaneFeed::new(
                ResourceKind::Pod,
                resources::pod::project,
                Update::Pods,
                sink,
            ),
            sent,
            store: RowStore::new(),
        }
    }

    /// One watcher item, then what the task sends reaches the pane (the batch window ends).
    fn deliver(&mut self, item: watcher::Result<Event<PodWire>>) {
        let _ = self.feed.on_item(item);
        self.feed.flush();
        for update in self.sent.lock().unwrap().drain(..) {
            if let Update::Pods(delta) = update {
                self.store.apply(delta);
            }
        }
        self.store.refresh();
    }

    /// A relist as the watcher delivers it, in the server's (any) order; `fail_after` cuts it
    /// short with an error after that many objects.
    fn relist(
        &mut self,
        rng: &mut Rng,
        server: &BTreeMap<ObjKey, PodWire>,
        fail_after: Option<usize>,
    ) {
        let before = shown(&self.store);
        let listed_before = self.feed.listed_once;
        let mut objects: Vec<PodWire> = server.values().cloned().collect();
        for i in (1..objects.len()).rev() {
            objects.swap(i, rng.below(i + 1));
        }
        self.deliver(Ok(Event::Init));
        for (n, obj) in objects.into_iter().enumerate() {
            if fail_after == Some(n) {
                self.deliver(Err(watcher::Error::NoResourceVersion));
                return;
            }
            self.deliver(Ok(Event::InitApply(obj)));
            if listed_before {
                // A relist is swapped in whole: until it is done the old rows stay.
                assert_eq!(shown(&self.store), before, "rows changed during a relist");
            }
        }
        self.deliver(Ok(Event::InitDone));
    }
}

#[test]
fn any_sequence_of_watch_events_converges_to_the_servers_state() {
    let names: Vec<String> = (0..10)
        .map(|i| format!("{}-{i}", ["web", "api"][i % 2]))
        .collect();
    for seed in 0..RUNS {
        let mut rng = Rng::new(seed);
        let mut server: BTreeMap<ObjKey, PodWire> = BTreeMap::new();
        for _ in 0..rng.below(6) {
            let name = rng.pick(&names).clone();
            let p = pod(&mut rng, &name);
            server.insert(key_of(&p), p);
        }
        let mut h = Harness::new();
        // A watch always starts with a list; sometimes the first one fails midway.
        if rng.chance(20) && !server.is_empty() {
            let cut = rng.below(server.len());
            h.relist(&mut rng, &server, Some(cut));
        }
        h.relist(&mut rng, &server, None);
        for step in 0..STEPS {
            let name = rng.pick(&names).clone();
            match rng.below(10) {
                0..=3 => {
                    let p = pod(&mut rng, &name);
                    server.insert(key_of(&p), p.clone());
                    h.deliver(Ok(Event::Apply(p)));
                }
                4 => {
                    // A duplicate of an object already seen.
                    if let Some(p) = server.values().nth(rng.below(server.len().max(1))) {
                        h.deliver(Ok(Event::Apply(p.clone())));
                    }
                }
                5..=6 => {
                    // A delete, of a known or an unknown key.
                    let p = pod(&mut rng, &name);
                    server.remove(&key_of(&p));
                    h.deliver(Ok(Event::Delete(p)));
                }
                7 => {
                    // The watch fails; kube's watcher resumes from its last version.
                    h.deliver(Err(watcher::Error::NoResourceVersion));
                }
                _ => {
                    // A relist (410 Gone); the server moved on meanwhile, and the relist
                    // itself may fail and be retried.
                    for _ in 0..rng.below(4) {
                        let name = rng.pick(&names).clone();
                        let p = pod(&mut rng, &name);
                        server.insert(key_of(&p), p);
                    }
                    server.retain(|_, _| rng.chance(80));
                    if rng.chance(25) && !server.is_empty() {
                        let cut = rng.below(server.len());
                        h.relist(&mut rng, &server, Some(cut));
                    }
                    h.relist(&mut rng, &server, None);
                }
            }
            assert_eq!(
                shown(&h.store),
                expected(&server),
                "seed {seed}, step {step}: the pane differs from the server"
            );
        }
    }
}
