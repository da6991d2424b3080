//! The simulated cluster: a real Kubernetes API server over HTTPS on 127.0.0.1 with a bearer
//! token, discovery, list/watch/get/create/replace/patch/delete and subresources, and
//! controllers that make it alive. Used by `kview simulate`, `kview --demo`, tests and
//! benchmarks. It shares no code with the client side (`cluster`, `state`): clients reach it
//! only through a kubeconfig, as they would a real cluster.

mod admission;
mod api;
mod churn;
mod clock;
mod controllers;
mod discovery;
mod exec;
mod faults;
mod http;
pub mod kinds;
pub mod kubeconfig;
mod kubelet;
mod logs;
mod names;
mod objects;
mod patch;
pub mod protobuf;
mod quota;
mod read;
mod requests;
mod rng;
mod scale;
mod select;
mod shell;
mod status;
mod store;
mod table;
mod tls;
mod validate;
mod world;
mod write;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

pub use faults::FaultPlan;
pub use world::WorldSpec;

/// How to run the simulated cluster.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub world: WorldSpec,
    /// Random pod changes per second.
    pub churn: f64,
    /// 0 picks a free port.
    pub port: u16,
    /// Changes kept for watches to resume from; older positions get 410 Gone.
    pub history: usize,
    pub bookmark_every: Duration,
    /// Resources (plurals, e.g. `nodes`, or subresources, e.g. `pods/ephemeralcontainers`)
    /// every request for which is refused with 403, as RBAC
    /// refuses a user without permission.
    pub forbid: Vec<String>,
    /// When not empty, the user may see only these namespaces, as with `RoleBindings` in each
    /// and no `ClusterRoleBinding`: lists across all namespaces and cluster-scoped kinds are
    /// refused with 403.
    pub only_namespaces: Vec<String>,
    /// Faults to inject (dropped watches, 410s, 500s, latency).
    pub faults: FaultPlan,
    /// Pods each namespace may hold: scale-ups past it are refused (403 exceeded quota).
    pub quota_pods: Option<usize>,
    /// Serve streaming lists (`sendInitialEvents=true`); off, the parameter is ignored as an
    /// older API server would.
    pub watch_list: bool,
    /// Serve `pods/ephemeralcontainers`; off, it is a 404 as on clusters without ephemeral
    /// containers.
    pub ephemeral_containers: bool,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            world: WorldSpec {
                pods: 150,
                namespaces: 5,
                seed: 1,
            },
            churn: 0.0,
            port: 0,
            history: 20_000,
            bookmark_every: Duration::from_secs(10),
            forbid: Vec::new(),
            only_namespaces: Vec::new(),
            faults: FaultPlan::default(),
            quota_pods: None,
            watch_list: true,
            ephemeral_containers: true,
        }
    }
}

/// Errors starting the simulator.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Listen { port: u16, source: std::io::Error },
    #[error("{0}")]
    Tls(String),
    #[error("building the simulated world: {0}")]
    World(String),
}

/// A running simulated cluster. Dropping it (or `shutdown`) stops the server and controllers.
pub struct SimHandle {
    pub url: String,
    pub addr: SocketAddr,
    pub token: String,
    pub ca_pem: String,
    api: Arc<api::Api>,
    shutdown: watch::Sender<bool>,
    online: watch::Sender<bool>,
    listening: watch::Sender<bool>,
}

impl SimHandle {
    /// A kubeconfig (YAML text) for this cluster, context `kview-sim`, namespace `default`.
    pub fn kubeconfig(&self) -> String {
        kubeconfig::render(&self.url, &self.ca_pem, &self.token)
    }

    /// Ends every open watch and followed log stream, as a server restart or network drop
    /// would.
    pub fn break_watches(&self) {
        self.api.watch_breaker.send_modify(|g| *g += 1);
    }

    /// How many requests of `verb` (`get`, `list`, `watch`, `create`, `update`, `patch`,
    /// `delete`, `deletecollection`) on `resource` (`pods`, `deployments/scale`, …) the server
    /// has handled, whatever their outcome.
    pub fn requests(&self, verb: &str, resource: &str) -> u64 {
        self.api.requests.get(verb, resource)
    }

    /// Forgets the change history, so watches resuming from before now get 410 Gone.
    pub fn compact(&self) {
        self.api.store.compact();
    }

    pub fn shutdown(&self) {
        let _ = self.shutdown.send(true);
    }

    /// The server disappears, as a crashed API server or a cut network: the listener closes
    /// (new connections are refused) and every open connection (watches included) is dropped.
    /// Returns once nothing listens. State and history are kept for `go_online`.
    pub async fn go_offline(&self) {
        self.online.send_replace(false);
        let _ = self.listening.subscribe().wait_for(|l| !*l).await;
    }

    /// The server comes back on the same address, with the same certificate and token.
    /// Returns once it listens.
    pub async fn go_online(&self) {
        self.online.send_replace(true);
        let _ = self.listening.subscribe().wait_for(|l| *l).await;
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Drops watches, forgets history and takes the server offline on the plan's schedule.
async fn periodic_faults(
    api: Arc<api::Api>,
    plan: FaultPlan,
    online: watch::Sender<bool>,
    mut shutdown: watch::Receiver<bool>,
) {
    let every = |d: Option<Duration>| {
        d.map(|d| tokio::time::interval_at(tokio::time::Instant::now() + d, d))
    };
    let (mut drop_watches, mut gone) = (every(plan.drop_watch_every), every(plan.gone_every));
    let mut outage = every(plan.outage_every);
    if drop_watches.is_none() && gone.is_none() && outage.is_none() {
        return;
    }
    let outage_for = plan.outage_for.unwrap_or(Duration::from_secs(5));
    loop {
        tokio::select! {
            _ = async { drop_watches.as_mut()?.tick().await; Some(()) }, if drop_watches.is_some() => {
                api.watch_breaker.send_modify(|g| *g += 1);
            }
            _ = async { gone.as_mut()?.tick().await; Some(()) }, if gone.is_some() => {
                api.store.compact();
                api.watch_breaker.send_modify(|g| *g += 1);
            }
            _ = async { outage.as_mut()?.tick().await; Some(()) }, if outage.is_some() => {
                online.send_replace(false);
                tokio::select! {
                    () = tokio::time::sleep(outage_for) => {}
                    _ = shutdown.changed() => return,
                }
                online.send_replace(true);
                // The next outage is a whole period after this one ends.
                if let Some(o) = outage.as_mut() {
                    o.reset();
                }
            }
            _ = shutdown.changed() => return,
        }
    }
}

/// Starts the simulated cluster on the current tokio runtime.
pub async fn start(options: SimOptions) -> Result<SimHandle, SimError> {
    let identity = tls::generate().map_err(SimError::Tls)?;
    let store = Arc::new(store::Store::new(options.world.seed, options.history));
    world::build(&store, &options.world).map_err(|e| SimError::World(e.message().to_string()))?;
    let listener = TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|source| SimError::Listen {
            port: options.port,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SimError::Listen {
        port: options.port,
        source,
    })?;
    let (shutdown, shutdown_rx) = watch::channel(false);
    let (watch_breaker, _) = watch::channel(0);
    // Random, never derived from the seed or port: another user of the machine can reach
    // 127.0.0.1 too, and must not be able to work out the credential.
    let token = kubeconfig::fresh_token();
    let api = Arc::new(api::Api {
        store: store.clone(),
        server_address: addr.to_string(),
        snapshots: read::Snapshots::default(),
        alloc: admission::Allocator::default(),
        watch_breaker,
        bookmark_every: options.bookmark_every,
        forbid: options.forbid,
        only_namespaces: options.only_namespaces,
        faults: options.faults.clone(),
        dice: faults::FaultDice::default(),
        quota_pods: options.quota_pods,
        requests: requests::RequestCounts::default(),
        watch_list: options.watch_list,
        ephemeral_containers: options.ephemeral_containers,
    });
    let (online, wanted) = watch::channel(true);
    let (listening, _) = watch::channel(true);
    tokio::spawn(periodic_faults(
        api.clone(),
        options.faults,
        online.clone(),
        shutdown_rx.clone(),
    ));
    tokio::spawn(http::serve(
        listener,
        identity.server_config.clone(),
        Arc::from(token.as_str()),
        api.clone(),
        shutdown_rx.clone(),
        http::Reachability {
            wanted,
            listening: listening.clone(),
        },
    ));
    tokio::spawn(
        controllers::Controllers::new(store.clone(), options.world.seed).run(shutdown_rx.clone()),
    );
    tokio::spawn(churn::run(
        store,
        options.churn,
        options.world.seed,
        shutdown_rx,
    ));
    Ok(SimHandle {
        url: format!("https://{addr}"),
        addr,
        token,
        ca_pem: identity.ca_pem,
        api,
        shutdown,
        online,
        listening,
    })
}
