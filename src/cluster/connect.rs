//! kubeconfig → `kube::Client`: the file(s) kubectl would use (`--kubeconfig`, else every path
//! in `KUBECONFIG` merged, else `~/.kube/config`), the chosen context, and a first request so
//! that an unreachable or refusing server is reported before the TUI starts.

use std::path::Path;
use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig};

/// Why a connection could not be made; `Display` is what the user reads.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "no kubeconfig found (looked at {looked}); pass --kubeconfig PATH, set KUBECONFIG, or try `kview --demo`"
    )]
    NoKubeconfig { looked: String },
    #[error("cannot read kubeconfig {path}: {reason}")]
    BadKubeconfig { path: String, reason: String },
    #[error("context \"{name}\" not found in kubeconfig (available: {available})")]
    UnknownContext { name: String, available: String },
    #[error("kubeconfig has no current context; pass --context NAME (available: {available})")]
    NoContext { available: String },
    #[error("cannot use context \"{context}\": {reason}")]
    Config { context: String, reason: String },
    #[error("cannot reach the cluster at {server} (context \"{context}\"): {reason}")]
    Unreachable {
        context: String,
        server: String,
        reason: String,
    },
}

/// A working client and what was chosen to build it.
#[derive(Clone)]
pub struct Connection {
    pub client: kube::Client,
    pub context: String,
    /// The context's namespace, else `default`.
    pub namespace: String,
    pub server: String,
    pub server_version: String,
    /// Every context in the kubeconfig, for switching.
    pub contexts: Vec<String>,
    kubeconfig: Kubeconfig,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("context", &self.context)
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

fn load(path: Option<&Path>) -> Result<Kubeconfig, ConnectError> {
    if let Some(p) = path {
        return Kubeconfig::read_from(p).map_err(|e| ConnectError::BadKubeconfig {
            path: p.display().to_string(),
            reason: source_chain(&e),
        });
    }
    if let Some(paths) = std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()) {
        // Merged as kubectl merges them: the first file that sets a value wins.
        let mut merged: Option<Kubeconfig> = None;
        for p in std::env::split_paths(&paths).filter(|p| !p.as_os_str().is_empty()) {
            if !p.exists() {
                continue;
            }
            let next = Kubeconfig::read_from(&p).map_err(|e| ConnectError::BadKubeconfig {
                path: p.display().to_string(),
                reason: source_chain(&e),
            })?;
            merged = Some(match merged {
                None => next,
                Some(m) => m.merge(next).map_err(|e| ConnectError::BadKubeconfig {
                    path: p.display().to_string(),
                    reason: source_chain(&e),
                })?,
            });
        }
        return merged.ok_or_else(|| ConnectError::NoKubeconfig {
            looked: format!("KUBECONFIG={}", paths.to_string_lossy()),
        });
    }
    let home = dirs::home_dir().map(|h| h.join(".kube").join("config"));
    match home {
        Some(p) if p.exists() => {
            Kubeconfig::read_from(&p).map_err(|e| ConnectError::BadKubeconfig {
                path: p.display().to_string(),
                reason: source_chain(&e),
            })
        }
        Some(p) => Err(ConnectError::NoKubeconfig {
            looked: p.display().to_string(),
        }),
        None => Err(ConnectError::NoKubeconfig {
            looked: "~/.kube/config".into(),
        }),
    }
}

fn source_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

/// Builds a client for `context` (else the current context) and checks that the server answers.
pub async fn connect(
    path: Option<&Path>,
    context: Option<&str>,
) -> Result<Connection, ConnectError> {
    let kubeconfig = load(path)?;
    connect_with(kubeconfig, context).await
}

async fn connect_with(
    kubeconfig: Kubeconfig,
    context: Option<&str>,
) -> Result<Connection, ConnectError> {
    let contexts: Vec<String> = kubeconfig.contexts.iter().map(|c| c.name.clone()).collect();
    let available = if contexts.is_empty() {
        "none".to_string()
    } else {
        contexts.join(", ")
    };
    let name = match context
        .map(str::to_string)
        .or_else(|| kubeconfig.current_context.clone())
    {
        Some(n) if contexts.contains(&n) => n,
        Some(n) => return Err(ConnectError::UnknownContext { name: n, available }),
        None => return Err(ConnectError::NoContext { available }),
    };
    let namespace = kubeconfig
        .contexts
        .iter()
        .find(|c| c.name == name)
        .and_then(|c| c.context.as_ref())
        .and_then(|c| c.namespace.clone())
        .unwrap_or_else(|| "default".to_string());
    let options = KubeConfigOptions {
        context: Some(name.clone()),
        ..KubeConfigOptions::default()
    };
    let config = kube::Config::from_custom_kubeconfig(kubeconfig.clone(), &options)
        .await
        .map_err(|e| ConnectError::Config {
            context: name.clone(),
            reason: source_chain(&e),
        })?;
    let server = config.cluster_url.to_string();
    let client = kube::Client::try_from(config).map_err(|e| ConnectError::Config {
        context: name.clone(),
        reason: source_chain(&e),
    })?;
    let version = tokio::time::timeout(Duration::from_secs(10), client.apiserver_version()).await;
    let server_version = match version {
        Ok(Ok(v)) => v.git_version,
        Ok(Err(e)) => {
            return Err(ConnectError::Unreachable {
                context: name,
                server,
                reason: source_chain(&e),
            });
        }
        Err(_) => {
            return Err(ConnectError::Unreachable {
                context: name,
                server,
                reason: "no answer within 10s".into(),
            });
        }
    };
    Ok(Connection {
        client,
        context: name,
        namespace,
        server,
        server_version,
        contexts,
        kubeconfig,
    })
}

impl Connection {
    /// A connection to another context of the same kubeconfig.
    pub async fn switch(&self, context: &str) -> Result<Connection, ConnectError> {
        connect_with(self.kubeconfig.clone(), Some(context)).await
    }
}
