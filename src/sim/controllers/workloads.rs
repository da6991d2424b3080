//! The deployment, replicaset and endpoints controllers: each syncs one object from the
//! current state of what it owns, so repeated syncs converge and are cheap when nothing changed.

use serde_json::{Value, json};

use super::Controllers;
use crate::sim::clock;
use crate::sim::kinds;
use crate::sim::objects;
use crate::sim::store::{Key, Obj};

fn int_or_percent(v: &Value, total: i64, round_up: bool) -> i64 {
    if let Some(n) = v.as_i64() {
        return n;
    }
    let pct = v
        .as_str()
        .and_then(|s| s.trim_end_matches('%').parse::<i64>().ok())
        .unwrap_or(25);
    if round_up {
        (total * pct + 99) / 100
    } else {
        total * pct / 100
    }
}

fn is_ready(pod: &Value) -> bool {
    pod["status"]["conditions"].as_array().is_some_and(|cs| {
        cs.iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    })
}

fn is_terminating(pod: &Value) -> bool {
    pod["metadata"].get("deletionTimestamp").is_some()
}

fn condition(t: &str, status: bool, reason: &str, message: String, now: &str) -> Value {
    json!({"type": t, "status": if status { "True" } else { "False" }, "lastUpdateTime": now, "lastTransitionTime": now, "reason": reason, "message": message})
}

impl Controllers {
    fn owned(&self, owner: &Obj, kind: &str) -> Vec<Obj> {
        self.store
            .dependents(&owner.uid)
            .into_iter()
            .filter(|(k, _)| k.kind == kind)
            .map(|(_, o)| o)
            .collect()
    }

    pub(super) fn sync_deployment(&mut self, key: &Key) {
        let dk = kinds::get("Deployment");
        let rk = kinds::get("ReplicaSet");
        let Some(obj) = self.store.get(dk, &key.0, &key.1) else {
            return;
        };
        let d = obj.value();
        if d["metadata"].get("deletionTimestamp").is_some() {
            return;
        }
        let desired = d["spec"]["replicas"].as_i64().unwrap_or(1);
        let hash = objects::template_hash(&d["spec"]["template"]);
        let owned: Vec<(Obj, Value)> = self
            .owned(&obj, "ReplicaSet")
            .into_iter()
            .map(|o| {
                let v = o.value();
                (o, v)
            })
            .collect();
        let revision_of = |v: &Value| {
            v["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                .as_str()
                .and_then(|r| r.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let max_revision = owned.iter().map(|(_, v)| revision_of(v)).max().unwrap_or(0);
        let mut new_rs = owned
            .iter()
            .find(|(_, v)| v["metadata"]["labels"]["pod-template-hash"] == hash.as_str())
            .cloned();
        let paused = d["spec"]["paused"].as_bool() == Some(true);
        if new_rs.is_none() && !paused {
            let initial = if owned.is_empty() { desired } else { 0 };
            let rs = objects::replicaset_for(
                &d,
                &hash,
                &self.rng.uuid(),
                max_revision + 1,
                initial,
                clock::now_unix(),
            );
            if let Ok(created) = self.store.create(rk, rs) {
                self.emit(
                    &obj,
                    "Deployment",
                    "apps/v1",
                    "Normal",
                    "ScalingReplicaSet",
                    format!("Scaled up replica set {} from 0 to {initial}", created.name),
                );
                let v = created.value();
                new_rs = Some((created, v));
            }
        }
        let olds: Vec<&(Obj, Value)> = owned
            .iter()
            .filter(|(o, _)| new_rs.as_ref().is_none_or(|(n, _)| n.uid != o.uid))
            .collect();
        if !paused && let Some((new_obj, new_v)) = &new_rs {
            let new_spec = new_v["spec"]["replicas"].as_i64().unwrap_or(0);
            let old_spec: i64 = olds
                .iter()
                .map(|(_, v)| v["spec"]["replicas"].as_i64().unwrap_or(0))
                .sum();
            let recreate = d["spec"]["strategy"]["type"] == "Recreate";
            let surge = int_or_percent(
                &d["spec"]["strategy"]["rollingUpdate"]["maxSurge"],
                desired,
                true,
            );
            let unavailable = int_or_percent(
                &d["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"],
                desired,
                false,
            );
            let surge = if surge == 0 && unavailable == 0 {
                1
            } else {
                surge
            };
            // Scale the new replicaset up within the surge budget.
            let target_new = if recreate {
                if olds
                    .iter()
                    .all(|(_, v)| v["status"]["replicas"].as_i64().unwrap_or(0) == 0)
                    && old_spec == 0
                {
                    desired
                } else {
                    0
                }
            } else if old_spec == 0 {
                desired
            } else {
                (desired + surge - old_spec).clamp(new_spec.min(desired), desired)
            };
            if target_new != new_spec {
                self.scale_rs(new_obj, target_new, &obj);
            }
            // Scale old ones down as far as availability allows.
            let available: i64 = owned
                .iter()
                .map(|(_, v)| v["status"]["availableReplicas"].as_i64().unwrap_or(0))
                .sum();
            let min_available = if recreate { 0 } else { desired - unavailable };
            let mut budget = if recreate {
                old_spec
            } else {
                (available - min_available).max(0)
            };
            // Old pods that are not available can always go.
            for (o, v) in &olds {
                let spec = v["spec"]["replicas"].as_i64().unwrap_or(0);
                if spec == 0 {
                    continue;
                }
                let unavailable_here =
                    spec - v["status"]["availableReplicas"].as_i64().unwrap_or(0);
                let cut = (budget + unavailable_here.max(0)).min(spec);
                if cut > 0 {
                    self.scale_rs(o, spec - cut, &obj);
                    budget = (budget - (cut - unavailable_here.max(0))).max(0);
                }
            }
        }
        self.update_deployment_status(
            &obj,
            &d,
            desired,
            new_rs.as_ref().map(|(o, _)| o.uid.clone()),
        );
    }

    fn scale_rs(&mut self, rs: &Obj, replicas: i64, deploy: &Obj) {
        let rk = kinds::get("ReplicaSet");
        let desired = deploy.value()["spec"]["replicas"].clone();
        let mut from = 0;
        let _ = self.store.modify(rk, &rs.namespace, &rs.name, None, |v| {
            from = v["spec"]["replicas"].as_i64().unwrap_or(0);
            v["spec"]["replicas"] = json!(replicas);
            v["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] =
                json!(desired.to_string());
            Ok(())
        });
        let verb = if replicas > from { "up" } else { "down" };
        self.emit(
            deploy,
            "Deployment",
            "apps/v1",
            "Normal",
            "ScalingReplicaSet",
            format!(
                "Scaled {verb} replica set {} from {from} to {replicas}",
                rs.name
            ),
        );
    }

    fn update_deployment_status(
        &mut self,
        obj: &Obj,
        d: &Value,
        desired: i64,
        new_uid: Option<String>,
    ) {
        let owned: Vec<Value> = self
            .owned(obj, "ReplicaSet")
            .iter()
            .map(Obj::value)
            .collect();
        let sum = |f: &str| {
            owned
                .iter()
                .map(|v| v["status"][f].as_i64().unwrap_or(0))
                .sum::<i64>()
        };
        let replicas = sum("replicas");
        let ready = sum("readyReplicas");
        let available = sum("availableReplicas");
        let new = owned.iter().find(|v| {
            Some(v["metadata"]["uid"].as_str().unwrap_or_default()) == new_uid.as_deref()
        });
        let updated = new.map_or(0, |v| v["status"]["replicas"].as_i64().unwrap_or(0));
        let new_name = new
            .and_then(|v| v["metadata"]["name"].as_str())
            .unwrap_or_default()
            .to_string();
        let unavailable_max = int_or_percent(
            &d["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"],
            desired,
            false,
        );
        let complete = updated == desired && replicas == desired && available == desired;
        let generation = d["metadata"]["generation"].clone();
        let old_status = d["status"].clone();
        let now = clock::now();
        let keep_time = |t: &str, status: bool| {
            old_status["conditions"].as_array().and_then(|cs| {
                cs.iter()
                    .find(|c| {
                        c["type"] == t && c["status"] == if status { "True" } else { "False" }
                    })
                    .cloned()
            })
        };
        let available_ok = available >= desired - unavailable_max;
        let mut available_cond = condition(
            "Available",
            available_ok,
            if available_ok {
                "MinimumReplicasAvailable"
            } else {
                "MinimumReplicasUnavailable"
            },
            if available_ok {
                "Deployment has minimum availability.".into()
            } else {
                "Deployment does not have minimum availability.".into()
            },
            &now,
        );
        if let Some(old) = keep_time("Available", available_ok) {
            available_cond = old;
        }
        let progressing = condition(
            "Progressing",
            true,
            if complete {
                "NewReplicaSetAvailable"
            } else {
                "ReplicaSetUpdated"
            },
            if complete {
                format!("ReplicaSet \"{new_name}\" has successfully progressed.")
            } else {
                format!("ReplicaSet \"{new_name}\" is progressing.")
            },
            &now,
        );
        let mut status = json!({
            "observedGeneration": generation, "replicas": replicas, "updatedReplicas": updated,
            "readyReplicas": ready, "availableReplicas": available,
            "conditions": [available_cond, progressing],
        });
        if desired - available > 0 {
            status["unavailableReplicas"] = json!(desired - available);
        }
        for f in [
            "replicas",
            "updatedReplicas",
            "readyReplicas",
            "availableReplicas",
        ] {
            if status[f] == 0
                && let Some(m) = status.as_object_mut()
            {
                m.remove(f);
            }
        }
        let same = |a: &Value, b: &Value| {
            let strip = |v: &Value| {
                let mut v = v.clone();
                if let Some(cs) = v["conditions"].as_array_mut() {
                    for c in cs.iter_mut().filter_map(Value::as_object_mut) {
                        c.remove("lastUpdateTime");
                        c.remove("lastTransitionTime");
                    }
                }
                v
            };
            strip(a) == strip(b)
        };
        if same(&old_status, &status) {
            return;
        }
        let _ = self.store.modify(
            kinds::get("Deployment"),
            &obj.namespace,
            &obj.name,
            None,
            |v| {
                v["status"] = status;
                Ok(())
            },
        );
    }

    pub(super) fn sync_replicaset(&mut self, key: &Key) {
        let rk = kinds::get("ReplicaSet");
        let pk = kinds::get("Pod");
        let Some(obj) = self.store.get(rk, &key.0, &key.1) else {
            return;
        };
        let rs = obj.value();
        if rs["metadata"].get("deletionTimestamp").is_some() {
            return;
        }
        let desired = rs["spec"]["replicas"].as_i64().unwrap_or(1);
        let pods: Vec<(Obj, Value)> = self
            .owned(&obj, "Pod")
            .into_iter()
            .map(|o| {
                let v = o.value();
                (o, v)
            })
            .collect();
        let mut active: Vec<&(Obj, Value)> = pods
            .iter()
            .filter(|(_, v)| {
                !is_terminating(v)
                    && !matches!(v["status"]["phase"].as_str(), Some("Succeeded" | "Failed"))
            })
            .collect();
        let count = active.len() as i64;
        if count < desired {
            let mut names = Vec::new();
            for _ in count..desired {
                let name = format!("{}-{}", obj.name, self.rng.name_suffix(5));
                let pod =
                    objects::pod_from_replicaset(&rs, &name, &self.rng.uuid(), clock::now_unix());
                if self.store.create(pk, pod).is_ok() {
                    names.push(name);
                }
            }
            if let Some(first) = names.first() {
                self.emit(
                    &obj,
                    "ReplicaSet",
                    "apps/v1",
                    "Normal",
                    "SuccessfulCreate",
                    format!("Created pod: {first}"),
                );
            }
        } else if count > desired {
            // Unscheduled, then not ready, then newest go first, as the controller ranks them.
            active.sort_by_key(|(_, v)| {
                (
                    v["spec"]["nodeName"].is_string(),
                    is_ready(v),
                    std::cmp::Reverse(
                        v["metadata"]["creationTimestamp"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    ),
                )
            });
            let doomed: Vec<Obj> = active
                .iter()
                .take((count - desired) as usize)
                .map(|(o, _)| o.clone())
                .collect();
            for o in &doomed {
                self.delete(pk, o);
            }
            if let Some(first) = doomed.first() {
                self.emit(
                    &obj,
                    "ReplicaSet",
                    "apps/v1",
                    "Normal",
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", first.name),
                );
            }
        }
        let live: Vec<&Value> = pods
            .iter()
            .map(|(_, v)| v)
            .filter(|v| !is_terminating(v))
            .collect();
        let replicas = live.len() as i64;
        let ready = live.iter().filter(|v| is_ready(v)).count() as i64;
        let mut status = json!({"replicas": replicas, "fullyLabeledReplicas": replicas, "readyReplicas": ready, "availableReplicas": ready, "observedGeneration": rs["metadata"]["generation"]});
        for f in ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"] {
            if status[f] == 0
                && let Some(m) = status.as_object_mut()
            {
                m.remove(f);
            }
        }
        if rs["status"] != status {
            let _ = self.store.modify(rk, &obj.namespace, &obj.name, None, |v| {
                v["status"] = status;
                Ok(())
            });
        }
    }

    pub(super) fn sync_endpoints(&mut self, key: &Key) {
        let sk = kinds::get("Service");
        let ek = kinds::get("Endpoints");
        let Some(svc) = self.store.get(sk, &key.0, &key.1) else {
            return;
        };
        let Some(selector) = self.selectors.get(&key.0).and_then(|s| s.get(&key.1)) else {
            return;
        };
        // Services without a selector have endpoints managed by someone else.
        if svc.value()["spec"]["selector"]
            .as_object()
            .is_none_or(serde_json::Map::is_empty)
        {
            return;
        }
        let (_, pods) = self.store.list(kinds::get("Pod"), Some(&key.0));
        let mut ready = Vec::new();
        let mut not_ready = Vec::new();
        let selected: Vec<&Obj> = pods
            .iter()
            .filter(|p| selector.matches(&|k| p.label(k)))
            .collect();
        for p in selected {
            let v = p.value();
            let Some(ip) = v["status"]["podIP"].as_str() else {
                continue;
            };
            if is_terminating(&v) {
                continue;
            }
            let entry = (
                p.name.clone(),
                ip.to_string(),
                v["spec"]["nodeName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
            if is_ready(&v) {
                ready.push(entry);
            } else {
                not_ready.push(entry);
            }
        }
        let desired = objects::endpoints_for(&svc.value(), &ready, &not_ready);
        match self.store.get(ek, &key.0, &key.1) {
            None => {
                let _ = self.store.create(ek, desired);
            }
            Some(current) => {
                let cur = current.value();
                if cur.get("subsets") != desired.get("subsets") {
                    let _ = self.store.modify(ek, &key.0, &key.1, None, |v| {
                        match desired.get("subsets") {
                            Some(s) => v["subsets"] = s.clone(),
                            None => {
                                if let Some(m) = v.as_object_mut() {
                                    m.remove("subsets");
                                }
                            }
                        }
                        Ok(())
                    });
                }
            }
        }
    }
}
