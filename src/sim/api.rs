//! The simulated API server's request routing: maps a path and method to discovery, list,
//! watch, get, create, replace, patch, delete and the subresources, and turns handler errors
//! into `Status` responses. The handlers themselves live in `read`, `write` and `subresource`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::{Method, Request, Response};
use tokio::sync::watch;

use super::admission::Allocator;
use super::discovery;
use super::http::{self, Body, Handler};
use super::kinds::{self, Kind};
use super::read::Snapshots;
use super::status::ApiError;
use super::store::Store;

/// Shared state of all request handlers.
pub struct Api {
    pub store: Arc<Store>,
    pub server_address: String,
    pub snapshots: Snapshots,
    pub alloc: Allocator,
    /// Bumped to end every open watch (tests of reconnection; `SimHandle::break_watches`).
    pub watch_breaker: watch::Sender<u64>,
    pub bookmark_every: Duration,
    /// Resources refused with 403 (see `SimOptions::forbid`).
    pub forbid: Vec<String>,
    /// The only namespaces the user may see (see `SimOptions::only_namespaces`).
    pub only_namespaces: Vec<String>,
    pub faults: super::faults::FaultPlan,
    pub dice: super::faults::FaultDice,
    /// Pods per namespace past which scale-ups are refused (`SimOptions::quota_pods`).
    pub quota_pods: Option<usize>,
    pub requests: super::requests::RequestCounts,
    /// Streaming lists (`sendInitialEvents`) are served; off, the parameter is ignored.
    pub watch_list: bool,
    /// `pods/ephemeralcontainers` is served (see `SimOptions::ephemeral_containers`).
    pub ephemeral_containers: bool,
}

/// The resource a request addresses.
#[derive(Debug)]
pub struct Target {
    pub kind: &'static Kind,
    /// The namespace from the path (None for cluster-scoped kinds or an all-namespaces list).
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub subresource: Option<String>,
}

/// What came with the request besides the path.
pub struct RequestInfo {
    pub query: HashMap<String, String>,
    pub accept: Option<String>,
    pub content_type: String,
    pub user_agent: Option<String>,
}

impl RequestInfo {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn flag(&self, key: &str) -> bool {
        matches!(
            self.query.get(key).map(String::as_str),
            Some("true" | "1" | "")
        ) && self.query.contains_key(key)
    }

    pub fn dry_run(&self) -> bool {
        self.param("dryRun") == Some("All")
    }
}

enum Route {
    Version,
    Health,
    CoreVersions,
    Groups,
    Group(String),
    Resources(String, String),
    OpenApiV3Index,
    OpenApiV3(String, String),
    Resource(Target),
}

fn route(path: &str) -> Result<Route, ApiError> {
    let segs: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let rest: &[&str];
    let (group, version) = match segs.as_slice() {
        ["version"] => return Ok(Route::Version),
        ["healthz" | "livez" | "readyz", ..] => return Ok(Route::Health),
        ["api"] => return Ok(Route::CoreVersions),
        ["apis"] => return Ok(Route::Groups),
        ["apis", g] => return Ok(Route::Group((*g).to_string())),
        ["openapi", "v3"] => return Ok(Route::OpenApiV3Index),
        ["openapi", "v3", "api", v] => {
            return Ok(Route::OpenApiV3(String::new(), (*v).to_string()));
        }
        ["openapi", "v3", "apis", g, v] => {
            return Ok(Route::OpenApiV3((*g).to_string(), (*v).to_string()));
        }
        ["api", v] => return Ok(Route::Resources(String::new(), (*v).to_string())),
        ["apis", g, v] => return Ok(Route::Resources((*g).to_string(), (*v).to_string())),
        ["api", v, tail @ ..] => {
            rest = tail;
            ("", *v)
        }
        ["apis", g, v, tail @ ..] => {
            rest = tail;
            (*g, *v)
        }
        _ => return Err(ApiError::page_not_found()),
    };
    let resource = |plural: &str, ns: Option<&str>, name: Option<&str>, sub: Option<&str>| {
        let kind = kinds::by_plural(group, version, plural).ok_or_else(ApiError::page_not_found)?;
        if ns.is_some() && !kind.namespaced {
            return Err(ApiError::page_not_found());
        }
        if let Some(s) = sub
            && !kind.subresources.contains(&s)
        {
            return Err(ApiError::page_not_found());
        }
        Ok(Route::Resource(Target {
            kind,
            namespace: ns.map(str::to_string),
            name: name.map(str::to_string),
            subresource: sub.map(str::to_string),
        }))
    };
    match rest {
        ["namespaces", ns, "status" | "finalize"] if group.is_empty() => {
            resource("namespaces", None, Some(ns), rest.get(2).copied())
        }
        ["namespaces", ns, plural] => resource(plural, Some(ns), None, None),
        ["namespaces", ns, plural, name] => resource(plural, Some(ns), Some(name), None),
        ["namespaces", ns, plural, name, sub] => resource(plural, Some(ns), Some(name), Some(sub)),
        [plural] => resource(plural, None, None, None),
        [plural, name] => resource(plural, None, Some(name), None),
        [plural, name, sub] => resource(plural, None, Some(name), Some(sub)),
        _ => Err(ApiError::page_not_found()),
    }
}

impl Handler for Api {
    async fn handle(self: Arc<Self>, req: Request<Incoming>) -> Response<Body> {
        let started = std::time::Instant::now();
        let method = req.method().clone();
        let uri = req.uri().clone();
        let result = self.dispatch(req).await;
        let resp = result.unwrap_or_else(|e| http::error_response(&e));
        tracing::debug!(%method, %uri, status = resp.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "sim request");
        resp
    }
}

impl Api {
    async fn dispatch(&self, req: Request<Incoming>) -> Result<Response<Body>, ApiError> {
        let header = |name: hyper::header::HeaderName| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let info = RequestInfo {
            query: http::parse_query(req.uri().query()),
            accept: header(hyper::header::ACCEPT),
            content_type: header(hyper::header::CONTENT_TYPE).unwrap_or_default(),
            user_agent: header(hyper::header::USER_AGENT),
        };
        let method = req.method().clone();
        let path = req.uri().path().to_string();
        let route = route(&path)?;
        let get_only = |value: Option<serde_json::Value>| {
            if method != Method::GET {
                return Err(ApiError::method_not_allowed());
            }
            value
                .map(|v| http::json_response(200, &v))
                .ok_or_else(ApiError::page_not_found)
        };
        match route {
            Route::Version => get_only(Some(discovery::version())),
            Route::Health => Ok(http::bytes_response(
                200,
                "text/plain",
                bytes::Bytes::from_static(b"ok"),
            )),
            Route::CoreVersions => get_only(Some(discovery::core_versions(&self.server_address))),
            Route::Groups => get_only(Some(discovery::group_list())),
            Route::Group(g) => get_only(discovery::group(&g)),
            Route::Resources(g, v) => get_only(discovery::resource_list(&g, &v)),
            Route::OpenApiV3Index => get_only(Some(discovery::openapi_v3_index())),
            Route::OpenApiV3(g, v) => get_only(discovery::openapi_v3_doc(&g, &v)),
            Route::Resource(target) => {
                if !self.faults.slow.is_zero() {
                    tokio::time::sleep(self.faults.slow).await;
                }
                if self.dice.roll(self.faults.error_rate) {
                    return Err(ApiError::internal(
                        "Internal error occurred: simulated fault (kview simulate --faults)",
                    ));
                }
                self.resource(method, target, info, req).await
            }
        }
    }

    async fn resource(
        &self,
        method: Method,
        target: Target,
        info: RequestInfo,
        req: Request<Incoming>,
    ) -> Result<Response<Body>, ApiError> {
        let forbidden_here = |f: &String| match f.split_once('/') {
            Some((plural, sub)) => {
                plural == target.kind.plural && target.subresource.as_deref() == Some(sub)
            }
            None => f == target.kind.plural,
        };
        if self.forbid.iter().any(forbidden_here) || !self.namespace_allowed(&method, &target) {
            return Err(forbidden(&method, &target));
        }
        if !self.ephemeral_containers
            && target.subresource.as_deref() == Some("ephemeralcontainers")
        {
            return Err(ApiError::page_not_found());
        }
        let sub = target.subresource.clone();
        let resource = match &sub {
            Some(s) => format!("{}/{s}", target.kind.plural),
            None => target.kind.plural.to_string(),
        };
        let verb = super::requests::verb(&method, target.name.is_some(), info.flag("watch"));
        self.requests.record(verb, resource);
        match (method, target.name.is_some(), sub.as_deref()) {
            (Method::GET, false, None) if info.flag("watch") => self.watch(&target, &info),
            (Method::GET, false, None) => self.list(&target, &info),
            (Method::GET, true, None | Some("status" | "ephemeralcontainers")) => {
                self.get(&target, &info)
            }
            (Method::GET, true, Some("scale")) => self.get_scale(&target),
            (Method::GET, true, Some("log")) => self.pod_log(&target, &info),
            (Method::GET | Method::POST, true, Some(sub @ ("exec" | "attach"))) => {
                self.remote_command(&target, req, sub == "attach")
            }
            (Method::POST, false, None) => {
                let body = http::read_body(req.into_body()).await?;
                self.create(&target, &info, &body)
            }
            (Method::POST, true, Some("eviction")) => {
                let body = http::read_body(req.into_body()).await?;
                self.evict(&target, &info, &body)
            }
            (Method::PUT, true, Some("scale")) => {
                let body = http::read_body(req.into_body()).await?;
                self.replace_scale(&target, &info, &body)
            }
            (Method::PATCH, true, Some("scale")) => {
                let body = http::read_body(req.into_body()).await?;
                self.patch_scale(&target, &info, &body)
            }
            (Method::PUT, true, _) => {
                let body = http::read_body(req.into_body()).await?;
                self.replace(&target, &info, &body)
            }
            (Method::PATCH, true, _) => {
                let body = http::read_body(req.into_body()).await?;
                self.patch(&target, &info, &body)
            }
            (Method::DELETE, true, None) => {
                let body = http::read_body(req.into_body()).await?;
                self.delete(&target, &info, &body)
            }
            (Method::DELETE, false, None) => {
                let body = http::read_body(req.into_body()).await?;
                self.delete_collection(&target, &info, &body)
            }
            _ => Err(ApiError::method_not_allowed()),
        }
    }

    /// The object a target names, or the API server's `NotFound`.
    pub fn current(&self, target: &Target) -> Result<super::store::Obj, ApiError> {
        let name = target.name.as_deref().unwrap_or_default();
        let ns = if target.kind.namespaced {
            target.namespace.as_deref().unwrap_or("default")
        } else {
            ""
        };
        self.store
            .get(target.kind, ns, name)
            .ok_or_else(|| ApiError::not_found(target.kind, name))
    }
}

impl Api {
    /// Whether a user bound to `only_namespaces` (by `RoleBindings`, no `ClusterRoleBinding`) may
    /// make this request: namespaced kinds only inside those namespaces (so not across all
    /// namespaces), cluster-scoped kinds not at all, except reading those namespaces
    /// themselves.
    fn namespace_allowed(&self, method: &Method, target: &Target) -> bool {
        let allowed = |ns: &str| self.only_namespaces.iter().any(|a| a == ns);
        if self.only_namespaces.is_empty() {
            true
        } else if target.kind.namespaced {
            target.namespace.as_deref().is_some_and(allowed)
        } else {
            target.kind.plural == "namespaces"
                && *method == Method::GET
                && target.name.as_deref().is_some_and(allowed)
        }
    }
}

/// The 403 the API server's RBAC gives a user without permission, worded as it words it.
fn forbidden(method: &Method, target: &Target) -> ApiError {
    let streams = matches!(target.subresource.as_deref(), Some("exec" | "attach"));
    let verb = match (method.as_str(), target.name.is_some()) {
        // A WebSocket upgrade is a GET, but opening a stream is authorized as `create`.
        _ if streams => "create",
        ("GET", false) => "list",
        ("GET", true) => "get",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", false) => "deletecollection",
        ("DELETE", true) => "delete",
        _ => "access",
    };
    let kind = target.kind;
    let resource = match &target.subresource {
        Some(sub) => format!("{}/{sub}", kind.plural),
        None => kind.plural.to_string(),
    };
    let scope = match &target.namespace {
        Some(ns) => format!("in the namespace \"{ns}\""),
        None => "at the cluster scope".to_string(),
    };
    ApiError::forbidden(format!(
        "{} is forbidden: User \"kview-sim-user\" cannot {verb} resource \"{resource}\" in API group \"{}\" {scope}",
        kind.qualified_plural(),
        kind.group
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(path: &str) -> Target {
        match route(path) {
            Ok(Route::Resource(t)) => t,
            _ => panic!("not a resource path: {path}"),
        }
    }

    #[test]
    fn routes_resource_paths() {
        let t = target("/api/v1/namespaces/default/pods/web-1/log");
        assert_eq!(t.kind.kind, "Pod");
        assert_eq!(t.namespace.as_deref(), Some("default"));
        assert_eq!(t.name.as_deref(), Some("web-1"));
        assert_eq!(t.subresource.as_deref(), Some("log"));
        let t = target("/apis/apps/v1/deployments");
        assert_eq!(t.kind.kind, "Deployment");
        assert!(t.namespace.is_none());
        let t = target("/api/v1/namespaces/kube-system");
        assert_eq!(t.kind.kind, "Namespace");
        assert_eq!(t.name.as_deref(), Some("kube-system"));
        let t = target("/api/v1/namespaces/team-a/status");
        assert_eq!(t.subresource.as_deref(), Some("status"));
        assert!(route("/api/v1/namespaces/x/widgets").is_err());
        assert!(route("/api/v1/namespaces/x/nodes").is_err());
        assert!(route("/api/v1/namespaces/x/pods/p/bogus").is_err());
    }
}
