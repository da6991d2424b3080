//! The simulated cluster's starting state: namespaces, nodes (one cordoned, one not ready),
//! a catalogue of recognisable workloads in every interesting state (crash loops, image pull
//! failures, unschedulable, completed and failed jobs, init containers, sidecars, a container
//! that prints escape sequences), then generic deployments up to the requested pod count, with
//! their replicasets, pods, services, endpoints, events, configmaps and secrets.

use serde_json::{Value, json};

use super::admission::record_manager;
use super::kinds;
use super::kubelet::{self, Behavior};
use super::objects::{self, DeploymentSpec, NodeSpec, ServiceSpec};
use super::rng::Rng;
use super::status::ApiError;
use super::store::Store;

/// Size and shape of the generated world.
#[derive(Debug, Clone)]
pub struct WorldSpec {
    pub pods: usize,
    pub namespaces: usize,
    pub seed: u64,
}

const TEAM_NAMESPACES: &[&str] = &[
    "shop",
    "payments",
    "data",
    "platform",
    "monitoring",
    "search",
    "identity",
    "ml",
];

struct Workload<'a> {
    ns: &'a str,
    name: &'a str,
    image: &'static str,
    port: Option<u16>,
    replicas: i64,
    tier: &'static str,
    init: bool,
    sidecar: bool,
}

const fn w<'a>(
    ns: &'a str,
    name: &'a str,
    image: &'static str,
    port: Option<u16>,
    replicas: i64,
    tier: &'static str,
) -> Workload<'a> {
    Workload {
        ns,
        name,
        image,
        port,
        replicas,
        tier,
        init: false,
        sidecar: false,
    }
}

fn catalogue() -> Vec<Workload<'static>> {
    vec![
        w(
            "kube-system",
            "coredns",
            "registry.k8s.io/coredns/coredns:v1.11.3",
            Some(53),
            2,
            "system",
        ),
        w(
            "kube-system",
            "metrics-server",
            "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
            Some(4443),
            1,
            "system",
        ),
        w("shop", "frontend", "nginx:1.27", Some(80), 3, "web"),
        w(
            "shop",
            "cart",
            "ghcr.io/acme/cart:2.4.1",
            Some(8080),
            2,
            "backend",
        ),
        Workload {
            init: true,
            sidecar: true,
            ..w(
                "shop",
                "checkout",
                "ghcr.io/acme/checkout:5.0.3",
                Some(8080),
                2,
                "backend",
            )
        },
        w(
            "shop",
            "catalog",
            "ghcr.io/acme/catalog:1.12.0",
            Some(8080),
            2,
            "backend",
        ),
        w(
            "payments",
            "payments-api",
            "ghcr.io/acme/payments-api:3.3.0",
            Some(8443),
            2,
            "backend",
        ),
        w(
            "payments",
            "payment-gateway",
            "ghcr.io/acme/payment-gateway:crash-1.9",
            Some(8080),
            1,
            "backend",
        ),
        w(
            "payments",
            "fraud-model",
            "ghcr.io/acme/fraud-model:oom-0.4",
            Some(9000),
            1,
            "ml",
        ),
        w("data", "redis-cache", "redis:7.4", Some(6379), 1, "cache"),
        Workload {
            init: true,
            ..w("data", "etl", "busybox:1.36", None, 1, "batch")
        },
        w(
            "platform",
            "legacy-api",
            "registry.example.com/legacy-api:does-not-exist",
            Some(8080),
            1,
            "backend",
        ),
        w(
            "platform",
            "ingress-gateway",
            "envoyproxy/envoy:v1.32.1",
            Some(8080),
            2,
            "edge",
        ),
        w(
            "platform",
            "ansi-logger",
            "ghcr.io/acme/ansi-logger:1.0",
            None,
            1,
            "tools",
        ),
        w(
            "monitoring",
            "prometheus",
            "quay.io/prometheus/prometheus:v2.55.1",
            Some(9090),
            1,
            "observability",
        ),
        w(
            "monitoring",
            "grafana",
            "grafana/grafana:11.3.0",
            Some(3000),
            1,
            "observability",
        ),
    ]
}

struct Builder<'a> {
    store: &'a Store,
    rng: Rng,
    now: i64,
    namespaces: Vec<String>,
    nodes: Vec<(String, String)>,
    pods: usize,
    /// The first error from a batch seeded early (reported at the end).
    seeded: Result<(), ApiError>,
    ip: u32,
    cluster_ip: u32,
    out: Out,
}

#[derive(Default)]
struct Out {
    pods: Vec<Value>,
    deployments: Vec<Value>,
    replicasets: Vec<Value>,
    services: Vec<Value>,
    endpoints: Vec<Value>,
    events: Vec<Value>,
}

/// Fills `store` with the world `spec` describes.
pub fn build(store: &Store, spec: &WorldSpec) -> Result<(), ApiError> {
    let now = super::clock::now_unix();
    let mut b = Builder {
        store,
        rng: Rng::new(spec.seed),
        now,
        namespaces: Vec::new(),
        nodes: Vec::new(),
        pods: 0,
        seeded: Ok(()),
        ip: 0,
        cluster_ip: 10,
        out: Out::default(),
    };
    b.namespaces(spec.namespaces)?;
    b.nodes(spec.pods)?;
    b.service_of(
        "default",
        "kubernetes",
        "ClusterIP",
        None,
        vec![("https".into(), 443, 6443, None)],
    );
    for wl in catalogue() {
        if b.namespaces.iter().any(|n| n == wl.ns) {
            b.deployment(&wl);
        }
    }
    b.standalone_pods();
    let teams: Vec<String> = b
        .namespaces
        .iter()
        .filter(|n| !n.starts_with("kube-") && *n != "default")
        .cloned()
        .collect();
    let mut i = 0;
    while b.pods < spec.pods && !teams.is_empty() {
        let ns = teams[i % teams.len()].clone();
        let replicas = (3 + b.rng.below(28) as i64)
            .min((spec.pods - b.pods) as i64)
            .max(1);
        let image = [
            "nginx:1.27",
            "ghcr.io/acme/service:1.0",
            "redis:7.4",
            "ghcr.io/acme/worker:2.1",
        ][i % 4];
        let name = format!("svc-{i:04}");
        b.deployment(&w(&ns, &name, image, Some(8080), replicas, "backend"));
        i += 1;
    }
    b.config_objects()?;
    let out = std::mem::take(&mut b.out);
    store.seed(kinds::get("Deployment"), out.deployments)?;
    store.seed(kinds::get("ReplicaSet"), out.replicasets)?;
    store.seed(kinds::get("Pod"), out.pods)?;
    store.seed(kinds::get("Service"), out.services)?;
    store.seed(kinds::get("Endpoints"), out.endpoints)?;
    store.seed(kinds::get("Event"), out.events)?;
    Ok(())
}

impl Builder<'_> {
    fn ago(&mut self, max_secs: u64) -> i64 {
        self.now - 60 - self.rng.below(max_secs) as i64
    }

    fn namespaces(&mut self, teams: usize) -> Result<(), ApiError> {
        let mut names: Vec<String> = ["default", "kube-system", "kube-public", "kube-node-lease"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        for i in 0..teams {
            names.push(
                TEAM_NAMESPACES
                    .get(i)
                    .map_or_else(|| format!("team-{i}"), |s| (*s).to_string()),
            );
        }
        let created = self.now - 90 * 86400;
        let mut values = Vec::new();
        let mut accounts = Vec::new();
        for n in &names {
            values.push(objects::namespace(n, &self.rng.uuid(), created));
            accounts.push(objects::service_account(n, &self.rng.uuid(), created));
        }
        self.store.seed(kinds::get("Namespace"), values)?;
        self.store.seed(kinds::get("ServiceAccount"), accounts)?;
        self.namespaces = names;
        Ok(())
    }

    fn nodes(&mut self, pods: usize) -> Result<(), ApiError> {
        let workers = (pods / 60).clamp(3, 400);
        let mut values = Vec::new();
        let created = self.now - 90 * 86400;
        for i in 0..=workers {
            let control_plane = i == 0;
            let name = if control_plane {
                "control-plane-1".to_string()
            } else {
                format!("worker-{i}")
            };
            let ip = format!("10.0.{}.{}", i / 250, i % 250 + 10);
            let uid = self.rng.uuid();
            let version = if i % 7 == 5 { "v1.31.4" } else { "v1.32.0" };
            let node = objects::node(&NodeSpec {
                name: &name,
                uid: &uid,
                created: created + i as i64 * 3600,
                control_plane,
                cordoned: i == 3,
                ready: !(workers >= 6 && i == workers),
                ip: ip.clone(),
                version,
            });
            if !control_plane && i != 3 && !(workers >= 6 && i == workers) {
                self.nodes.push((name.clone(), ip));
            }
            values.push(node);
        }
        self.store.seed(kinds::get("Node"), values)
    }

    fn next_pod_ip(&mut self) -> String {
        self.ip += 1;
        format!(
            "10.{}.{}.{}",
            244 + self.ip / 62500,
            (self.ip / 250) % 250,
            self.ip % 250 + 2
        )
    }

    fn service_of(
        &mut self,
        ns: &str,
        name: &str,
        svc_type: &str,
        selector: Option<Value>,
        ports: Vec<(String, u16, u16, Option<u16>)>,
    ) -> Value {
        self.cluster_ip += 1;
        let ip = if name == "kubernetes" {
            "10.96.0.1".to_string()
        } else {
            format!(
                "10.96.{}.{}",
                (self.cluster_ip >> 8) & 0xff,
                self.cluster_ip & 0xff
            )
        };
        let uid = self.rng.uuid();
        let created = self.ago(20 * 86400);
        let mut svc = objects::service(&ServiceSpec {
            namespace: ns,
            name,
            uid: &uid,
            created,
            svc_type,
            cluster_ip: ip,
            ports,
            selector,
        });
        record_manager(&mut svc, "kubectl-client-side-apply", "Update", None);
        self.out.services.push(svc.clone());
        svc
    }

    fn deployment(&mut self, wl: &Workload<'_>) {
        let mut containers = vec![objects::container(
            if wl.name.len() > 40 { "app" } else { wl.name },
            wl.image,
            wl.port,
        )];
        if wl.sidecar {
            containers.push(objects::container(
                "envoy-sidecar",
                "envoyproxy/envoy:v1.32.1",
                Some(15001),
            ));
        }
        let init = if wl.init {
            vec![
                objects::container("migrate", "busybox:1.36", None),
                objects::container("wait-for-db", "busybox:1.36", None),
            ]
        } else {
            Vec::new()
        };
        let uid = self.rng.uuid();
        let created = self.ago(30 * 86400);
        let mut d = objects::deployment(&DeploymentSpec {
            namespace: wl.ns,
            name: wl.name,
            uid: &uid,
            created,
            replicas: wl.replicas,
            pod_spec: objects::pod_spec(containers, init),
            tier: wl.tier,
        });
        let hash = objects::template_hash(&d["spec"]["template"]);
        let rs_uid = self.rng.uuid();
        let mut rs = objects::replicaset_for(&d, &hash, &rs_uid, 1, wl.replicas, created);
        let mut ready = 0;
        let mut ready_pods = Vec::new();
        for _ in 0..wl.replicas {
            let name = format!("{}-{hash}-{}", wl.name, self.rng.name_suffix(5));
            let pod_created = created + self.rng.below(86400) as i64;
            let mut pod = objects::pod_from_replicaset(&rs, &name, &self.rng.uuid(), pod_created);
            let ok = self.bring_up(&mut pod, pod_created);
            if ok {
                ready += 1;
                ready_pods.push((
                    name,
                    pod["status"]["podIP"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    pod["spec"]["nodeName"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                ));
            }
            record_manager(&mut pod, "kube-controller-manager", "Update", None);
            self.out.pods.push(pod);
            self.pods += 1;
        }
        rs["status"] = json!({"replicas": wl.replicas, "fullyLabeledReplicas": wl.replicas, "readyReplicas": ready, "availableReplicas": ready, "observedGeneration": 1});
        record_manager(&mut rs, "kube-controller-manager", "Update", None);
        let complete = ready == wl.replicas;
        let stamp = super::clock::rfc3339(created);
        let rs_name = rs["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        d["status"] = json!({
            "observedGeneration": 1, "replicas": wl.replicas, "updatedReplicas": wl.replicas, "readyReplicas": ready, "availableReplicas": ready,
            "conditions": [
                {"type": "Available", "status": if complete { "True" } else { "False" }, "reason": if complete { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" }, "message": if complete { "Deployment has minimum availability." } else { "Deployment does not have minimum availability." }, "lastUpdateTime": stamp, "lastTransitionTime": stamp},
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable", "message": format!("ReplicaSet \"{rs_name}\" has successfully progressed."), "lastUpdateTime": stamp, "lastTransitionTime": stamp}
            ]
        });
        if ready == 0
            && let Some(s) = d["status"].as_object_mut()
        {
            s.remove("readyReplicas");
            s.remove("availableReplicas");
            s.insert("unavailableReplicas".into(), json!(wl.replicas));
        }
        record_manager(&mut d, "kubectl-client-side-apply", "Update", None);
        self.out.deployments.push(d);
        self.out.replicasets.push(rs);
        // Pods go to the store in small batches: holding every pod as a JSON tree at once would
        // cost tens of kilobytes each at start-up.
        if self.out.pods.len() >= 256 {
            let batch = std::mem::take(&mut self.out.pods);
            if let Err(e) = self.store.seed(kinds::get("Pod"), batch)
                && self.seeded.is_ok()
            {
                self.seeded = Err(e);
            }
        }
        self.event(
            wl.ns,
            ("Deployment", "apps/v1", wl.name, &uid),
            "Normal",
            "ScalingReplicaSet",
            format!("Scaled up replica set {rs_name} from 0 to {}", wl.replicas),
            1,
        );
        if let Some(port) = wl.port {
            let (svc_type, node_port) = match wl.name {
                "frontend" => ("LoadBalancer", Some(30080)),
                "ingress-gateway" => ("LoadBalancer", Some(30443)),
                "grafana" => ("NodePort", Some(30300)),
                _ => ("ClusterIP", None),
            };
            let svc_port = if port == 8080 || port == 8443 {
                80
            } else {
                port
            };
            let svc = self.service_of(
                wl.ns,
                wl.name,
                svc_type,
                Some(json!({"app": wl.name})),
                vec![("http".into(), svc_port, port, node_port)],
            );
            let ep = self.endpoints(&svc, &ready_pods);
            self.out.endpoints.push(ep);
        }
    }

    fn endpoints(&mut self, svc: &Value, ready: &[(String, String, String)]) -> Value {
        let mut ep = objects::endpoints_for(svc, ready, &[]);
        ep["metadata"]["uid"] = json!(self.rng.uuid());
        ep["metadata"]["creationTimestamp"] = svc["metadata"]["creationTimestamp"].clone();
        ep
    }

    /// Walks a new pod through the lifecycle its behaviour dictates. Returns whether it ended ready.
    fn bring_up(&mut self, pod: &mut Value, created: i64) -> bool {
        let behavior = kubelet::behavior(pod);
        if behavior == Behavior::Unschedulable || self.nodes.is_empty() {
            let total = self.nodes.len() + 2;
            kubelet::unschedulable(pod, total, created + 1);
            return false;
        }
        let (node, host_ip) = self.nodes[self.rng.below(self.nodes.len() as u64) as usize].clone();
        kubelet::schedule(pod, &node, created + 1);
        kubelet::creating(pod, &host_ip, created + 2);
        let inits = pod["spec"]["initContainers"].as_array().map_or(0, Vec::len);
        for k in 0..inits {
            kubelet::init_step(pod, k, created + 3 + k as i64);
        }
        let ip = self.next_pod_ip();
        let name = pod["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let ns = pod["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let uid = pod["metadata"]["uid"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        match behavior {
            Behavior::ImagePullFails => {
                kubelet::image_pull_failed(pod, created + 5, true);
                let image = pod["spec"]["containers"][0]["image"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                self.event(
                    &ns,
                    ("Pod", "v1", &name, &uid),
                    "Warning",
                    "Failed",
                    format!("Failed to pull image \"{image}\": not found"),
                    40,
                );
                self.event(
                    &ns,
                    ("Pod", "v1", &name, &uid),
                    "Normal",
                    "BackOff",
                    format!("Back-off pulling image \"{image}\""),
                    120,
                );
                false
            }
            Behavior::Crash { oom } => {
                let restarts = 3 + self.rng.below(10) as i64;
                let mut t = self.now - restarts * 150 - 240;
                kubelet::running(pod, &ip, t, true);
                for _ in 0..restarts {
                    t += 140;
                    kubelet::crash(pod, t, oom);
                    t += 10;
                    kubelet::running(pod, &ip, t, false);
                }
                // The last run ended a minute or two ago: "RESTARTS 7 (95s ago)".
                kubelet::crash(pod, t + 60 + self.rng.below(90) as i64, oom);
                self.event(
                    &ns,
                    ("Pod", "v1", &name, &uid),
                    "Warning",
                    "BackOff",
                    "Back-off restarting failed container".into(),
                    restarts,
                );
                false
            }
            Behavior::Complete { fail } => {
                kubelet::running(pod, &ip, created + 5, true);
                kubelet::finish(pod, created + 30, fail);
                false
            }
            _ => {
                kubelet::running(pod, &ip, created + 5, true);
                true
            }
        }
    }

    fn standalone_pods(&mut self) {
        let ns = if self.namespaces.iter().any(|n| n == "data") {
            "data"
        } else {
            "default"
        };
        let make = |b: &mut Self,
                    name: String,
                    image: &str,
                    policy: &str,
                    owner: Option<(&str, &str)>,
                    cpu: Option<&str>| {
            let mut c = objects::container("main", image, None);
            if let Some(cpu) = cpu {
                c["resources"]["requests"]["cpu"] = json!(cpu);
            }
            let mut spec = objects::pod_spec(vec![c], Vec::new());
            spec["restartPolicy"] = json!(policy);
            let created = b.ago(3 * 86400);
            let uid = b.rng.uuid();
            let mut meta = json!({"name": name, "namespace": ns, "uid": uid, "creationTimestamp": super::clock::rfc3339(created), "labels": {"app": name.split('-').next().unwrap_or("job")}});
            if let Some((kind, owner)) = owner {
                meta["ownerReferences"] =
                    json!([objects::owner_ref(kind, "batch/v1", owner, &b.rng.uuid())]);
            }
            let mut pod = json!({"metadata": meta, "spec": spec, "status": {"phase": "Pending", "qosClass": "Burstable"}});
            b.bring_up(&mut pod, created);
            if cpu.is_some() {
                b.event(
                    ns,
                    ("Pod", "v1", &name, &uid),
                    "Warning",
                    "FailedScheduling",
                    pod["status"]["conditions"][0]["message"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    12,
                );
            }
            record_manager(&mut pod, "kube-controller-manager", "Update", None);
            b.out.pods.push(pod);
            b.pods += 1;
        };
        let s1 = self.rng.name_suffix(5);
        let s2 = self.rng.name_suffix(5);
        make(
            self,
            format!("db-migrate-{s1}"),
            "ghcr.io/acme/migrate:4.2",
            "Never",
            Some(("Job", "db-migrate")),
            None,
        );
        make(
            self,
            format!("nightly-report-{s2}"),
            "ghcr.io/acme/report:fail-1.1",
            "Never",
            Some(("Job", "nightly-report")),
            None,
        );
        make(
            self,
            "big-batch-train".to_string(),
            "ghcr.io/acme/trainer:2.0",
            "Always",
            None,
            Some("128"),
        );
    }

    fn event(
        &mut self,
        ns: &str,
        involved: (&str, &str, &str, &str),
        etype: &str,
        reason: &str,
        message: String,
        count: i64,
    ) {
        let name = format!(
            "{}.{:x}",
            involved.2,
            self.rng.next_u64() & 0xffff_ffff_ffff
        );
        let uid = self.rng.uuid();
        let first = self.ago(3600);
        let source = match reason {
            "ScalingReplicaSet" => "deployment-controller",
            "FailedScheduling" => "default-scheduler",
            _ => "kubelet",
        };
        let e = objects::event(&objects::EventSpec {
            namespace: ns,
            name,
            uid: &uid,
            involved,
            event_type: etype,
            reason,
            message,
            source,
            count,
            first,
            last: self.now - 30,
        });
        self.out.events.push(e);
    }

    fn config_objects(&mut self) -> Result<(), ApiError> {
        let mut cms = Vec::new();
        let mut secrets = Vec::new();
        let created = self.now - 80 * 86400;
        for ns in self.namespaces.clone() {
            cms.push(objects::configmap(&ns, "kube-root-ca.crt", &self.rng.uuid(), created, json!({"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n"})));
        }
        if self.namespaces.iter().any(|n| n == "shop") {
            cms.push(objects::configmap("shop", "frontend-config", &self.rng.uuid(), created, json!({"nginx.conf": "server {\n  listen 80;\n  location / { proxy_pass http://cart; }\n}\n", "FEATURE_FLAGS": "new-checkout,dark-mode"})));
            secrets.push(objects::secret(
                "shop",
                "db-credentials",
                &self.rng.uuid(),
                created,
                "Opaque",
                json!({"username": "c2hvcA==", "password": "czNjcjN0LXBhc3N3b3Jk"}),
            ));
            secrets.push(objects::secret("shop", "frontend-tls", &self.rng.uuid(), created, "kubernetes.io/tls", json!({"tls.crt": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t", "tls.key": "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t"})));
        }
        if self.namespaces.iter().any(|n| n == "data") {
            let svc = self.service_of(
                "data",
                "postgres",
                "ClusterIP",
                Some(json!({"app": "postgres"})),
                vec![("pg".into(), 5432, 5432, None)],
            );
            let _ = svc;
            if let Some(last) = self.out.services.last_mut() {
                last["spec"]["clusterIP"] = json!("None");
                last["spec"]["clusterIPs"] = json!(["None"]);
            }
            self.service_of("data", "external-db", "ExternalName", None, Vec::new());
        }
        self.store.seed(kinds::get("ConfigMap"), cms)?;
        self.store.seed(kinds::get("Secret"), secrets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_world_has_every_kind_and_the_requested_pods() {
        let store = Store::new(1, 100);
        build(
            &store,
            &WorldSpec {
                pods: 200,
                namespaces: 5,
                seed: 42,
            },
        )
        .unwrap();
        let pods = store.count(kinds::get("Pod"));
        assert!((200..240).contains(&pods), "{pods} pods");
        for kind in [
            "Namespace",
            "Node",
            "Deployment",
            "ReplicaSet",
            "Service",
            "Endpoints",
            "Event",
            "ConfigMap",
            "Secret",
        ] {
            assert!(store.count(kinds::get(kind)) > 0, "no {kind}");
        }
        let (_, all) = store.list(kinds::get("Pod"), None);
        let waiting: Vec<String> = all
            .iter()
            .filter_map(|p| {
                p.value()["status"]["containerStatuses"][0]["state"]["waiting"]["reason"]
                    .as_str()
                    .map(str::to_string)
            })
            .collect();
        assert!(waiting.iter().any(|r| r == "CrashLoopBackOff"));
        assert!(waiting.iter().any(|r| r == "ImagePullBackOff"));
    }

    #[test]
    fn the_same_seed_builds_the_same_world() {
        let names = |seed| {
            let store = Store::new(seed, 100);
            build(
                &store,
                &WorldSpec {
                    pods: 100,
                    namespaces: 4,
                    seed,
                },
            )
            .unwrap();
            store
                .list(kinds::get("Pod"), None)
                .1
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(7), names(7));
        assert_ne!(names(7), names(8));
    }
}
