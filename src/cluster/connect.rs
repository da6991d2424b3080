//! kubeconfig → `kube::Client`: the file(s) kubectl would use (`--kubeconfig`, else every path
//! in `KUBECONFIG` merged, else `~/.kube/config`), the chosen context, and a first request so
//! that an unreachable or refusing server is reported before the TUI starts. Credential
//! plugins run non-interactively (the TUI owns the terminal), so their stderr is captured and
//! shown when they fail; `interactiveMode: Always` in the kubeconfig keeps one interactive.

use std::path::Path;
use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig};

use super::diagnose;

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
    #[error(
        "cannot get credentials for user \"{user}\" (context \"{context}\", server {server}): {reason}"
    )]
    Credentials {
        context: String,
        user: String,
        server: String,
        reason: String,
    },
    #[error(
        "the cluster at {server} rejected the credentials of user \"{user}\" in context \"{context}\" (401 Unauthorized): the token may have expired; log in again or get a new token (e.g. your provider's get-credentials command) and update the kubeconfig"
    )]
    Rejected {
        context: String,
        user: String,
        server: String,
    },
    #[error(
        "the client certificate of user \"{user}\" (context \"{context}\", server {server}) cannot be used: {reason}"
    )]
    ClientCertificate {
        context: String,
        user: String,
        server: String,
        reason: String,
    },
    #[error("the cluster at {server} (context \"{context}\") refused the first request: {reason}")]
    Refused {
        context: String,
        server: String,
        reason: String,
    },
    #[error("TLS with the cluster at {server} (context \"{context}\") failed: {reason}")]
    Tls {
        context: String,
        server: String,
        reason: String,
    },
}

impl ConnectError {
    /// Whether trying again later may succeed (the server is down or unreachable), rather than
    /// something the user must fix first (kubeconfig, context, credentials, TLS).
    pub fn is_transient(&self) -> bool {
        matches!(self, ConnectError::Unreachable { .. })
    }
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

pub(super) fn source_chain(e: &dyn std::error::Error) -> String {
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
    let who = Who::of(&kubeconfig, &name);
    let config =
        kube::Config::from_custom_kubeconfig(non_interactive(kubeconfig.clone()), &options)
            .await
            .map_err(|e| match diagnose::cause(&e, who.plugin.as_ref()) {
                diagnose::Cause::Unreachable(reason) => ConnectError::Config {
                    context: name.clone(),
                    reason,
                },
                cause => who.error(cause, who.server.clone()),
            })?;
    let server = config.cluster_url.to_string();
    let client = kube::Client::try_from(config)
        .map_err(|e| who.error(diagnose::cause(&e, who.plugin.as_ref()), server.clone()))?;
    let version = tokio::time::timeout(Duration::from_secs(10), client.apiserver_version()).await;
    let server_version = match version {
        Ok(Ok(v)) => v.git_version,
        Ok(Err(e)) => {
            return Err(who.error(diagnose::cause(&e, who.plugin.as_ref()), server));
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

/// The user a context authenticates as, for messages about credentials.
struct Who {
    context: String,
    user: String,
    /// The exec credential plugin, if the user has one.
    plugin: Option<diagnose::Plugin>,
    /// The cluster's server as the kubeconfig writes it, for errors before the client exists.
    server: String,
}

impl Who {
    fn of(kubeconfig: &Kubeconfig, context: &str) -> Who {
        let named = kubeconfig
            .contexts
            .iter()
            .find(|c| c.name == context)
            .and_then(|c| c.context.as_ref());
        let user = named.and_then(|c| c.user.clone()).unwrap_or_default();
        let server = named
            .and_then(|c| kubeconfig.clusters.iter().find(|k| k.name == c.cluster))
            .and_then(|k| k.cluster.as_ref())
            .and_then(|k| k.server.clone())
            .unwrap_or_default();
        let plugin = kubeconfig
            .auth_infos
            .iter()
            .find(|a| a.name == user)
            .and_then(|a| a.auth_info.as_ref())
            .and_then(|a| a.exec.as_ref())
            .and_then(|e| {
                Some(diagnose::Plugin {
                    command: e.command.clone()?,
                    interactive: e.interactive_mode
                        == Some(kube::config::ExecInteractiveMode::Always),
                })
            });
        Who {
            context: context.to_string(),
            user,
            plugin,
            server,
        }
    }

    fn error(&self, cause: diagnose::Cause, server: String) -> ConnectError {
        let (context, user) = (self.context.clone(), self.user.clone());
        match cause {
            diagnose::Cause::Plugin(reason) => ConnectError::Credentials {
                context,
                user,
                server,
                reason,
            },
            diagnose::Cause::Rejected => ConnectError::Rejected {
                context,
                user,
                server,
            },
            diagnose::Cause::ClientCertificate(reason) => ConnectError::ClientCertificate {
                context,
                user,
                server,
                reason,
            },
            diagnose::Cause::Refused(reason) => ConnectError::Refused {
                context,
                server,
                reason,
            },
            diagnose::Cause::Tls(reason) => ConnectError::Tls {
                context,
                server,
                reason,
            },
            diagnose::Cause::Unreachable(reason) => ConnectError::Unreachable {
                context,
                server,
                reason,
            },
        }
    }
}

/// Credential plugins that did not ask to be interactive run with their stderr captured: kview
/// owns the terminal (a plugin writing to it would scribble over the dashboard when it
/// refreshes a token), and a failing plugin's stderr goes into the error message.
fn non_interactive(mut kubeconfig: Kubeconfig) -> Kubeconfig {
    use kube::config::ExecInteractiveMode;
    for exec in kubeconfig
        .auth_infos
        .iter_mut()
        .filter_map(|a| a.auth_info.as_mut())
        .filter_map(|a| a.exec.as_mut())
    {
        if exec.interactive_mode != Some(ExecInteractiveMode::Always) {
            exec.interactive_mode = Some(ExecInteractiveMode::Never);
        }
    }
    kubeconfig
}

impl Connection {
    /// A connection to another context of the same kubeconfig.
    pub async fn switch(&self, context: &str) -> Result<Connection, ConnectError> {
        connect_with(self.kubeconfig.clone(), Some(context)).await
    }
}
