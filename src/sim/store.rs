//! The simulated cluster's object storage: every object as its serialized JSON plus the few
//! fields selection needs, a global resourceVersion, a bounded history of changes for watches
//! (older positions answer 410 Gone), and a broadcast of changes for watchers and controllers.
//! Knows nothing of HTTP; validation and admission happen in the API layer above it.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::clock;
use super::kinds::{KINDS, Kind};
use super::rng::Rng;
use super::status::ApiError;

/// (namespace, name); the namespace is empty for cluster-scoped kinds.
pub type Key = (String, String);

/// One stored object version. Cheap to clone (shared bytes).
#[derive(Debug, Clone)]
pub struct Obj(Arc<ObjInner>);

#[derive(Debug)]
pub struct ObjInner {
    pub raw: Bytes,
    pub rv: u64,
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub labels: Box<[(String, String)]>,
    /// The controlling owner's uid, for garbage collection and the controllers.
    pub owner_uid: Option<String>,
}

impl std::ops::Deref for Obj {
    type Target = ObjInner;
    fn deref(&self) -> &ObjInner {
        &self.0
    }
}

impl Obj {
    fn build(value: &Value, rv: u64) -> Result<Obj, ApiError> {
        let raw = serde_json::to_vec(value).map_err(|e| ApiError::internal(e.to_string()))?;
        let meta = &value["metadata"];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let labels = meta["labels"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), text(v))).collect())
            .unwrap_or_default();
        let owner_uid = meta["ownerReferences"].as_array().and_then(|refs| {
            refs.iter()
                .find(|r| r["controller"].as_bool() == Some(true))
                .or_else(|| refs.first())
                .map(|r| text(&r["uid"]))
        });
        Ok(Obj(Arc::new(ObjInner {
            raw: Bytes::from(raw),
            rv,
            namespace: text(&meta["namespace"]),
            name: text(&meta["name"]),
            uid: text(&meta["uid"]),
            labels,
            owner_uid,
        })))
    }

    pub fn value(&self) -> Value {
        serde_json::from_slice(&self.raw).unwrap_or(Value::Null)
    }

    pub fn key(&self) -> Key {
        (self.namespace.clone(), self.name.clone())
    }

    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Added,
    Modified,
    Deleted,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One change, as watchers and controllers see it.
#[derive(Debug)]
pub struct Change {
    pub kind: &'static Kind,
    pub etype: EventType,
    pub obj: Obj,
    /// The version before this change (for selective watches: objects leaving a selection).
    pub prev: Option<Obj>,
}

struct Inner {
    rv: u64,
    tables: Vec<BTreeMap<Key, Obj>>,
    dependents: HashMap<String, HashSet<(usize, Key)>>,
    history: VecDeque<Arc<Change>>,
    /// Changes at or below this resourceVersion may be gone from `history`.
    history_floor: u64,
    rng: Rng,
}

/// What a new watch starts from.
pub struct WatchStart {
    /// Changes to replay before live ones (already filtered to the kind).
    pub replay: Vec<Arc<Change>>,
    pub live: broadcast::Receiver<Arc<Change>>,
    pub rv: u64,
}

pub struct Store {
    inner: Mutex<Inner>,
    tx: broadcast::Sender<Arc<Change>>,
    history_cap: usize,
}

const BROADCAST_CAPACITY: usize = 1 << 16;

impl Store {
    pub fn new(seed: u64, history_cap: usize) -> Self {
        let (tx, _) = broadcast::channel(BROADCAST_CAPACITY);
        Store {
            inner: Mutex::new(Inner {
                rv: 1000,
                tables: KINDS.iter().map(|_| BTreeMap::new()).collect(),
                dependents: HashMap::new(),
                history: VecDeque::new(),
                history_floor: 1000,
                rng: Rng::new(seed),
            }),
            tx,
            history_cap,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves data that is still structurally valid.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn resource_version(&self) -> u64 {
        self.lock().rv
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.tx.subscribe()
    }

    pub fn get(&self, kind: &Kind, namespace: &str, name: &str) -> Option<Obj> {
        self.lock().tables[kind.index()]
            .get(&(namespace.to_string(), name.to_string()))
            .cloned()
    }

    /// A consistent snapshot of one kind (optionally one namespace), ordered by key.
    pub fn list(&self, kind: &Kind, namespace: Option<&str>) -> (u64, Vec<Obj>) {
        let inner = self.lock();
        let table = &inner.tables[kind.index()];
        let items = match namespace {
            Some(ns) if kind.namespaced => table
                .range((ns.to_string(), String::new())..)
                .take_while(|((n, _), _)| n == ns)
                .map(|(_, o)| o.clone())
                .collect(),
            _ => table.values().cloned().collect(),
        };
        (inner.rv, items)
    }

    pub fn count(&self, kind: &Kind) -> usize {
        self.lock().tables[kind.index()].len()
    }

    /// Objects whose controlling owner has this uid.
    pub fn dependents(&self, owner_uid: &str) -> Vec<(&'static Kind, Obj)> {
        let inner = self.lock();
        let Some(set) = inner.dependents.get(owner_uid) else {
            return Vec::new();
        };
        set.iter()
            .filter_map(|(k, key)| inner.tables[*k].get(key).map(|o| (&KINDS[*k], o.clone())))
            .collect()
    }

    /// Stores a new object. Fills uid, resourceVersion, creationTimestamp and generation;
    /// resolves generateName.
    pub fn create(&self, kind: &'static Kind, mut value: Value) -> Result<Obj, ApiError> {
        let mut inner = self.lock();
        let meta = ensure_object(&mut value, "metadata");
        let name_missing = meta
            .get("name")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty);
        if name_missing {
            let Some(prefix) = meta.get("generateName").and_then(Value::as_str) else {
                return Err(ApiError::invalid(
                    kind,
                    "",
                    "metadata.name",
                    "Required value: name or generateName is required",
                ));
            };
            let name = format!("{prefix}{}", inner.rng.name_suffix(5));
            meta.insert("name".into(), Value::String(name));
        }
        if !meta.contains_key("uid") {
            meta.insert("uid".into(), Value::String(inner.rng.uuid()));
        }
        if !meta.contains_key("creationTimestamp") {
            meta.insert("creationTimestamp".into(), Value::String(clock::now()));
        }
        if !meta.contains_key("generation") && kind.kind != "Namespace" {
            meta.insert("generation".into(), json!(1));
        }
        if !kind.namespaced {
            meta.remove("namespace");
        }
        let name = meta
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let namespace = if kind.namespaced {
            meta.get("namespace")
                .and_then(Value::as_str)
                .unwrap_or("default")
                .to_string()
        } else {
            String::new()
        };
        let key = (namespace, name.clone());
        if inner.tables[kind.index()].contains_key(&key) {
            return Err(ApiError::already_exists(kind, &name));
        }
        set_type_meta(&mut value, kind);
        self.commit(&mut inner, kind, EventType::Added, &mut value, None)
    }

    /// Read-modify-write of one object under the store lock. `expected_rv` enforces optimistic
    /// concurrency (409 Conflict). A change that leaves the object identical is a no-op that keeps
    /// its resourceVersion, as the API server does. Returns the stored version and whether it
    /// changed.
    pub fn modify(
        &self,
        kind: &'static Kind,
        namespace: &str,
        name: &str,
        expected_rv: Option<u64>,
        change: impl FnOnce(&mut Value) -> Result<(), ApiError>,
    ) -> Result<(Obj, bool), ApiError> {
        let mut inner = self.lock();
        let key = (namespace.to_string(), name.to_string());
        let Some(current) = inner.tables[kind.index()].get(&key).cloned() else {
            return Err(ApiError::not_found(kind, name));
        };
        if expected_rv.is_some_and(|rv| rv != current.rv) {
            return Err(ApiError::conflict(kind, name));
        }
        let before = current.value();
        let mut value = before.clone();
        change(&mut value)?;
        // Identity and bookkeeping fields are the server's, whatever the request said.
        for field in ["uid", "creationTimestamp", "name", "namespace"] {
            let meta = ensure_object(&mut value, "metadata");
            match before["metadata"].get(field) {
                Some(v) => meta.insert(field.into(), v.clone()),
                None => meta.remove(field),
            };
        }
        set_type_meta(&mut value, kind);
        let mut comparable = value.clone();
        if let Some(meta) = comparable
            .get_mut("metadata")
            .and_then(Value::as_object_mut)
        {
            meta.insert(
                "resourceVersion".into(),
                before["metadata"]["resourceVersion"].clone(),
            );
            meta.insert(
                "generation".into(),
                before["metadata"]["generation"].clone(),
            );
            meta.insert(
                "managedFields".into(),
                before["metadata"]["managedFields"].clone(),
            );
        }
        strip_nulls(&mut comparable);
        let mut before_cmp = before.clone();
        strip_nulls(&mut before_cmp);
        if comparable == before_cmp {
            return Ok((current, false));
        }
        let generation = before["metadata"]["generation"].as_i64();
        if let Some(generation) = generation
            && value.get("spec") != before.get("spec")
        {
            ensure_object(&mut value, "metadata")
                .insert("generation".into(), json!(generation + 1));
        } else if let Some(generation) = generation {
            ensure_object(&mut value, "metadata").insert("generation".into(), json!(generation));
        }
        let obj = self.commit(
            &mut inner,
            kind,
            EventType::Modified,
            &mut value,
            Some(&current),
        )?;
        Ok((obj, true))
    }

    /// Removes an object now (graceful deletion is the API layer's business).
    pub fn remove(
        &self,
        kind: &'static Kind,
        namespace: &str,
        name: &str,
    ) -> Result<Obj, ApiError> {
        let mut inner = self.lock();
        let key = (namespace.to_string(), name.to_string());
        let Some(current) = inner.tables[kind.index()].get(&key).cloned() else {
            return Err(ApiError::not_found(kind, name));
        };
        let mut value = current.value();
        self.commit(
            &mut inner,
            kind,
            EventType::Deleted,
            &mut value,
            Some(&current),
        )
    }

    fn commit(
        &self,
        inner: &mut Inner,
        kind: &'static Kind,
        etype: EventType,
        value: &mut Value,
        previous: Option<&Obj>,
    ) -> Result<Obj, ApiError> {
        let rv = inner.rv + 1;
        ensure_object(value, "metadata")
            .insert("resourceVersion".into(), Value::String(rv.to_string()));
        let obj = Obj::build(value, rv)?;
        inner.rv = rv;
        let k = kind.index();
        let key = obj.key();
        if let Some(prev) = previous.and_then(|p| p.owner_uid.clone())
            && let Some(set) = inner.dependents.get_mut(&prev)
        {
            set.remove(&(k, key.clone()));
            if set.is_empty() {
                inner.dependents.remove(&prev);
            }
        }
        if etype == EventType::Deleted {
            inner.tables[k].remove(&key);
        } else {
            if let Some(owner) = &obj.owner_uid {
                inner
                    .dependents
                    .entry(owner.clone())
                    .or_default()
                    .insert((k, key.clone()));
            }
            inner.tables[k].insert(key, obj.clone());
        }
        let change = Arc::new(Change {
            kind,
            etype,
            obj: obj.clone(),
            prev: previous.cloned(),
        });
        inner.history.push_back(change.clone());
        while inner.history.len() > self.history_cap {
            if let Some(old) = inner.history.pop_front() {
                inner.history_floor = old.obj.rv;
            }
        }
        // No receivers is normal (nobody watching yet).
        let _ = self.tx.send(change);
        Ok(obj)
    }

    /// Starts a watch of `kind`. `from`: `None` starts now with the current objects replayed as
    /// ADDED (a watch without a resourceVersion, or a streaming list); `Some(rv)` replays the
    /// changes after `rv`, or fails with 410 Gone when they are no longer kept.
    pub fn watch(&self, kind: &'static Kind, from: Option<u64>) -> Result<WatchStart, ApiError> {
        let inner = self.lock();
        let live = self.tx.subscribe();
        let replay = match from {
            None => inner.tables[kind.index()]
                .values()
                .map(|o| {
                    Arc::new(Change {
                        kind,
                        etype: EventType::Added,
                        obj: o.clone(),
                        prev: None,
                    })
                })
                .collect(),
            Some(rv) if rv < inner.history_floor => {
                let oldest = inner.history.front().map_or(inner.rv, |c| c.obj.rv);
                return Err(ApiError::gone(format!(
                    "too old resource version: {rv} ({oldest})"
                )));
            }
            Some(rv) => inner
                .history
                .iter()
                .filter(|c| c.obj.rv > rv && std::ptr::eq(c.kind, kind))
                .cloned()
                .collect(),
        };
        Ok(WatchStart {
            replay,
            live,
            rv: inner.rv,
        })
    }

    /// Forgets all change history, so that every watch resuming from an older
    /// resourceVersion gets 410 Gone (what etcd compaction does to a real cluster).
    pub fn compact(&self) {
        let mut inner = self.lock();
        inner.history.clear();
        inner.history_floor = inner.rv;
    }

    /// Inserts objects without recording changes (used to seed the world at start-up, before
    /// anyone can watch). Each object must be complete (metadata.name, uid, ...).
    pub fn seed(&self, kind: &'static Kind, values: Vec<Value>) -> Result<(), ApiError> {
        let mut inner = self.lock();
        for mut value in values {
            inner.rv += 1;
            let rv = inner.rv;
            set_type_meta(&mut value, kind);
            ensure_object(&mut value, "metadata")
                .insert("resourceVersion".into(), Value::String(rv.to_string()));
            let obj = Obj::build(&value, rv)?;
            let key = obj.key();
            if let Some(owner) = &obj.owner_uid {
                inner
                    .dependents
                    .entry(owner.clone())
                    .or_default()
                    .insert((kind.index(), key.clone()));
            }
            inner.tables[kind.index()].insert(key, obj);
        }
        inner.history_floor = inner.rv;
        Ok(())
    }
}

fn set_type_meta(value: &mut Value, kind: &Kind) {
    if let Some(map) = value.as_object_mut() {
        map.insert("kind".into(), Value::String(kind.kind.to_string()));
        map.insert("apiVersion".into(), Value::String(kind.api_version()));
    }
}

/// The object map at `field`, created when missing or not an object.
pub fn ensure_object<'a>(
    value: &'a mut Value,
    field: &str,
) -> &'a mut serde_json::Map<String, Value> {
    if !value.is_object() {
        *value = Value::Object(serde_json::Map::new());
    }
    let Value::Object(map) = value else {
        unreachable!("made an object above")
    };
    let entry = map
        .entry(field.to_string())
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(serde_json::Map::new());
    }
    match entry {
        Value::Object(m) => m,
        _ => unreachable!("made an object above"),
    }
}

/// Drops null members, which the API server does not store.
pub fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::kinds;

    fn pod(name: &str) -> Value {
        json!({"metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    }

    #[test]
    fn create_assigns_identity_and_versions() {
        let store = Store::new(1, 100);
        let p = store.create(kinds::get("Pod"), pod("a")).unwrap();
        let v = p.value();
        assert_eq!(v["kind"], "Pod");
        assert_eq!(v["apiVersion"], "v1");
        assert_eq!(v["metadata"]["resourceVersion"], p.rv.to_string());
        assert!(!p.uid.is_empty());
        assert_eq!(p.label("app"), Some("web"));
        let err = store.create(kinds::get("Pod"), pod("a")).unwrap_err();
        assert_eq!(err.code, 409);
        assert_eq!(err.message(), "pods \"a\" already exists");
    }

    #[test]
    fn stale_resource_version_conflicts_and_noop_keeps_version() {
        let store = Store::new(1, 100);
        let kind = kinds::get("Pod");
        let p = store.create(kind, pod("a")).unwrap();
        let (same, changed) = store
            .modify(kind, "default", "a", Some(p.rv), |_| Ok(()))
            .unwrap();
        assert!(!changed);
        assert_eq!(same.rv, p.rv);
        let (newer, changed) = store
            .modify(kind, "default", "a", Some(p.rv), |v| {
                v["spec"]["containers"][0]["image"] = json!("nginx:2");
                Ok(())
            })
            .unwrap();
        assert!(changed);
        assert!(newer.rv > p.rv);
        assert_eq!(newer.value()["metadata"]["generation"], 2);
        let err = store
            .modify(kind, "default", "a", Some(p.rv), |_| Ok(()))
            .unwrap_err();
        assert_eq!(err.code, 409);
    }

    #[test]
    fn watch_replays_history_and_forgets_after_compaction() {
        let store = Store::new(1, 100);
        let kind = kinds::get("Pod");
        let a = store.create(kind, pod("a")).unwrap();
        store.create(kind, pod("b")).unwrap();
        store.remove(kind, "default", "a").unwrap();
        let start = store.watch(kind, Some(a.rv)).unwrap();
        let types: Vec<_> = start
            .replay
            .iter()
            .map(|c| (c.etype, c.obj.name.clone()))
            .collect();
        assert_eq!(
            types,
            vec![
                (EventType::Added, "b".into()),
                (EventType::Deleted, "a".into())
            ]
        );
        store.compact();
        let err = store.watch(kind, Some(a.rv)).err().unwrap();
        assert_eq!(err.code, 410);
    }

    #[test]
    fn bounded_history_answers_gone_for_old_positions() {
        let store = Store::new(1, 3);
        let kind = kinds::get("Pod");
        let first = store.create(kind, pod("p0")).unwrap();
        for i in 1..10 {
            store.create(kind, pod(&format!("p{i}"))).unwrap();
        }
        assert!(store.watch(kind, Some(first.rv)).is_err());
        assert!(store.watch(kind, Some(store.resource_version())).is_ok());
    }

    #[test]
    fn dependents_follow_owner_references() {
        let store = Store::new(1, 100);
        let kind = kinds::get("Pod");
        let mut p = pod("child");
        p["metadata"]["ownerReferences"] =
            json!([{"uid": "owner-1", "controller": true, "kind": "ReplicaSet", "name": "rs"}]);
        store.create(kind, p).unwrap();
        assert_eq!(store.dependents("owner-1").len(), 1);
        store.remove(kind, "default", "child").unwrap();
        assert!(store.dependents("owner-1").is_empty());
    }
}
