//! `pods/log`: container output generated from the pod's identity and the clock, so any amount
//! of history costs no memory. Honours container, follow, tailLines, sinceSeconds, timestamps,
//! previous and limitBytes, and refuses as the API server does (no container chosen, container
//! waiting, no previous instance).

use std::time::Duration;

use bytes::Bytes;
use hyper::Response;
use serde_json::Value;

use super::api::{Api, RequestInfo, Target};
use super::clock;
use super::http::{self, Body};
use super::rng::fnv32a;
use super::status::ApiError;

/// What one container instance prints: its lines are numbered from its start time.
#[derive(Debug, Clone)]
struct Stream {
    seed: u32,
    image: String,
    started: i64,
    /// Seconds between lines.
    every: i64,
    /// When the instance stopped (previous instances, terminated containers).
    finished: Option<i64>,
    crashing: bool,
}

const PATHS: &[&str] = &[
    "/",
    "/healthz",
    "/api/v1/orders",
    "/api/v1/users/42",
    "/static/app.js",
    "/metrics",
    "/login",
];
const MESSAGES: &[&str] = &[
    "handled request",
    "cache refreshed",
    "connection pool resized",
    "job finished",
    "retrying upstream call",
    "config reloaded",
];

impl Stream {
    /// Line `i` of this container instance.
    fn line(&self, i: i64) -> String {
        let s = self;
        let h = fnv32a(format!("{}:{i}", s.seed).as_bytes());
        let t = s.started + i * s.every;
        let ts = clock::rfc3339(t);
        let image = s.image.as_str();
        if s.crashing && s.finished.is_some_and(|f| t + s.every >= f) {
            return "panic: dial tcp 10.96.0.20:5432: connect: connection refused".to_string();
        }
        if i == 0 {
            return format!("starting {image} (pid 1)");
        }
        if image.contains("nginx") || image.contains("httpd") || image.contains("envoy") {
            let path = PATHS[h as usize % PATHS.len()];
            let code = [200, 200, 200, 200, 304, 404, 500][(h >> 8) as usize % 7];
            return format!(
                "10.244.{}.{} - - [{ts}] \"GET {path} HTTP/1.1\" {code} {} \"-\" \"kube-probe/1.32\"",
                h % 4,
                (h >> 4) % 250 + 2,
                (h >> 12) % 4096
            );
        }
        if image.contains("ansi") {
            // A container that prints terminal escape sequences (colours, a title change, a
            // bell): clients must show them inert.
            return match i % 3 {
                0 => format!("\u{1b}[31mERROR\u{1b}[0m job {i} failed"),
                1 => format!("\u{1b}]0;pwned-title\u{7}progress {}%", i % 100),
                _ => format!("\u{1b}[1;32mOK\u{1b}[0m job {i} done\u{7}"),
            };
        }
        if image.contains("redis") || image.contains("postgres") || image.contains("busybox") {
            return format!(
                "{ts} [{}] {}",
                ["INFO", "INFO", "WARN", "DEBUG"][h as usize % 4],
                MESSAGES[(h >> 4) as usize % MESSAGES.len()]
            );
        }
        let level = ["info", "info", "info", "debug", "warn", "error"][h as usize % 6];
        format!(
            "{{\"ts\":\"{ts}\",\"level\":\"{level}\",\"msg\":\"{}\",\"path\":\"{}\",\"status\":{},\"duration_ms\":{}}}",
            MESSAGES[(h >> 4) as usize % MESSAGES.len()],
            PATHS[(h >> 8) as usize % PATHS.len()],
            [200, 201, 204, 400, 503][(h >> 12) as usize % 5],
            (h >> 16) % 900 + 1
        )
    }

    /// Index of the last line printed at or before `t`.
    fn last_index(&self, t: i64) -> i64 {
        let s = self;
        let end = s.finished.map_or(t, |f| f.min(t));
        if end < s.started {
            -1
        } else {
            (end - s.started) / s.every
        }
    }
}

fn container_names(pod: &Value, list: &str) -> Vec<String> {
    pod["spec"][list]
        .as_array()
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn find_status<'a>(pod: &'a Value, container: &str) -> Option<&'a Value> {
    [
        "containerStatuses",
        "initContainerStatuses",
        "ephemeralContainerStatuses",
    ]
    .iter()
    .filter_map(|l| pod["status"][l].as_array())
    .flatten()
    .find(|s| s["name"] == container)
}

fn find_spec<'a>(pod: &'a Value, container: &str) -> Option<&'a Value> {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .filter_map(|l| pod["spec"][l].as_array())
        .flatten()
        .find(|c| c["name"] == container)
}

fn stream_for(pod: &Value, container: &str, previous: bool) -> Result<Stream, ApiError> {
    let pod_name = pod["metadata"]["name"].as_str().unwrap_or_default();
    let waiting = |reason: &str| {
        ApiError::bad_request(format!(
            "container \"{container}\" in pod \"{pod_name}\" is waiting to start: {reason}"
        ))
    };
    let status = find_status(pod, container).ok_or_else(|| waiting("ContainerCreating"))?;
    let image = find_spec(pod, container)
        .and_then(|c| c["image"].as_str())
        .unwrap_or_default()
        .to_string();
    let seed = fnv32a(
        format!(
            "{}/{container}",
            pod["metadata"]["uid"].as_str().unwrap_or(pod_name)
        )
        .as_bytes(),
    );
    let every = i64::from(seed % 3) + 1;
    let crashing = image.contains("crash");
    if previous {
        let last = &status["lastState"]["terminated"];
        let (Some(started), Some(finished)) = (
            last["startedAt"].as_str().and_then(clock::parse_unix),
            last["finishedAt"].as_str().and_then(clock::parse_unix),
        ) else {
            return Err(ApiError::bad_request(format!(
                "previous terminated container \"{container}\" in pod \"{pod_name}\" not found"
            )));
        };
        return Ok(Stream {
            seed: seed ^ 0x55,
            image,
            started,
            every,
            finished: Some(finished),
            crashing,
        });
    }
    let state = &status["state"];
    if let Some(run) = state.get("running") {
        let started = run["startedAt"]
            .as_str()
            .and_then(clock::parse_unix)
            .unwrap_or_else(clock::now_unix);
        return Ok(Stream {
            seed,
            image,
            started,
            every,
            finished: None,
            crashing,
        });
    }
    if let Some(term) = state.get("terminated") {
        let started = term["startedAt"]
            .as_str()
            .and_then(clock::parse_unix)
            .unwrap_or_else(clock::now_unix);
        let finished = term["finishedAt"].as_str().and_then(clock::parse_unix);
        return Ok(Stream {
            seed,
            image,
            started,
            every,
            finished,
            crashing,
        });
    }
    let reason = state["waiting"]["reason"]
        .as_str()
        .unwrap_or("ContainerCreating");
    // A crash-looping container still has the logs of its last run.
    if reason == "CrashLoopBackOff" {
        return stream_for(pod, container, true);
    }
    Err(waiting(reason))
}

pub(super) fn choose_container(pod: &Value, requested: Option<&str>) -> Result<String, ApiError> {
    let pod_name = pod["metadata"]["name"].as_str().unwrap_or_default();
    let containers = container_names(pod, "containers");
    let init = container_names(pod, "initContainers");
    let ephemeral = container_names(pod, "ephemeralContainers");
    if let Some(c) = requested {
        if containers
            .iter()
            .chain(&init)
            .chain(&ephemeral)
            .any(|n| n == c)
        {
            return Ok(c.to_string());
        }
        return Err(ApiError::bad_request(format!(
            "container {c} is not valid for pod {pod_name}"
        )));
    }
    if let Some(default) =
        pod["metadata"]["annotations"]["kubectl.kubernetes.io/default-container"].as_str()
    {
        return Ok(default.to_string());
    }
    if containers.len() == 1 {
        return Ok(containers[0].clone());
    }
    let mut msg = format!(
        "a container name must be specified for pod {pod_name}, choose one of: [{}]",
        containers.join(" ")
    );
    if !init.is_empty() {
        msg.push_str(&format!(
            " or one of the init containers: [{}]",
            init.join(" ")
        ));
    }
    if !ephemeral.is_empty() {
        msg.push_str(&format!(
            " or one of the ephemeral containers: [{}]",
            ephemeral.join(" ")
        ));
    }
    Err(ApiError::bad_request(msg))
}

fn render(s: &Stream, i: i64, timestamps: bool) -> String {
    let text = s.line(i);
    if timestamps {
        let t = s.started + i * s.every;
        let nanos = i64::from(fnv32a(format!("{i}").as_bytes()) % 1_000_000_000);
        format!(
            "{}.{nanos:09}Z {text}\n",
            clock::rfc3339(t).trim_end_matches('Z')
        )
    } else {
        format!("{text}\n")
    }
}

impl Api {
    pub fn pod_log(&self, target: &Target, info: &RequestInfo) -> Result<Response<Body>, ApiError> {
        let obj = self.current(target)?;
        let pod = obj.value();
        let container = choose_container(&pod, info.param("container"))?;
        let previous = info.flag("previous") && info.param("previous") != Some("false");
        let stream = stream_for(&pod, &container, previous)?;
        let now = clock::now_unix();
        let last = stream.last_index(now);
        let mut first = 0;
        if let Some(since) = info
            .param("sinceSeconds")
            .and_then(|s| s.parse::<i64>().ok())
        {
            first = first
                .max((now - since - stream.started + stream.every - 1).div_euclid(stream.every));
        }
        if let Some(since) = info.param("sinceTime").and_then(clock::parse_unix) {
            first = first.max((since - stream.started).div_euclid(stream.every));
        }
        if let Some(tail) = info.param("tailLines").and_then(|t| t.parse::<i64>().ok()) {
            first = first.max(last - tail + 1);
        }
        let timestamps = info.param("timestamps") == Some("true");
        let limit = info
            .param("limitBytes")
            .and_then(|l| l.parse::<usize>().ok());
        let mut backlog = String::new();
        for i in first.max(0)..=last {
            backlog.push_str(&render(&stream, i, timestamps));
            if limit.is_some_and(|l| backlog.len() >= l) {
                break;
            }
        }
        if let Some(l) = limit {
            let mut cut = l.min(backlog.len());
            while !backlog.is_char_boundary(cut) {
                cut -= 1;
            }
            backlog.truncate(cut);
        }
        let follow = info.param("follow") == Some("true") && stream.finished.is_none() && !previous;
        if !follow {
            return Ok(http::bytes_response(
                200,
                "text/plain",
                Bytes::from(backlog),
            ));
        }
        let (tx, resp) = http::stream_response("text/plain");
        let store = self.store.clone();
        let kind = target.kind;
        let (ns, name, uid) = (obj.namespace.clone(), obj.name.clone(), obj.uid.clone());
        // `SimHandle::break_watches` drops followed log streams too, as a network drop would.
        let mut breaker = self.watch_breaker.subscribe();
        tokio::spawn(async move {
            if !backlog.is_empty() && tx.send(Bytes::from(backlog)).await.is_err() {
                return;
            }
            let mut next = last + 1;
            loop {
                let due = stream.started + next * stream.every;
                let wait = (due - clock::now_unix()).max(0);
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(0) * 1000 + 50)) => {}
                    () = tx.closed() => return,
                    _ = breaker.changed() => return,
                }
                // The stream ends when the container instance ends (pod gone or restarted).
                let Some(current) = store.get(kind, &ns, &name).filter(|p| p.uid == uid) else {
                    return;
                };
                let pod = current.value();
                match stream_for(&pod, &container, false) {
                    Ok(s) if s.started == stream.started && s.finished.is_none() => {}
                    _ => return,
                }
                while stream.started + next * stream.every <= clock::now_unix() {
                    if tx
                        .send(Bytes::from(render(&stream, next, timestamps)))
                        .await
                        .is_err()
                    {
                        return;
                    }
                    next += 1;
                }
            }
        });
        Ok(resp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod() -> Value {
        json!({
            "metadata": {"name": "web-1", "uid": "u1"},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}, {"name": "sidecar", "image": "envoy"}]},
            "status": {"containerStatuses": [
                {"name": "app", "restartCount": 0, "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}},
                {"name": "sidecar", "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}
            ]}
        })
    }

    #[test]
    fn multi_container_pods_need_a_container_name() {
        let err = choose_container(&pod(), None).unwrap_err();
        assert_eq!(
            err.message(),
            "a container name must be specified for pod web-1, choose one of: [app sidecar]"
        );
        assert_eq!(choose_container(&pod(), Some("app")).unwrap(), "app");
        assert!(choose_container(&pod(), Some("nope")).is_err());
    }

    #[test]
    fn waiting_and_missing_previous_containers_are_refused() {
        let err = stream_for(&pod(), "sidecar", false).unwrap_err();
        assert_eq!(
            err.message(),
            "container \"sidecar\" in pod \"web-1\" is waiting to start: ContainerCreating"
        );
        let err = stream_for(&pod(), "app", true).unwrap_err();
        assert_eq!(
            err.message(),
            "previous terminated container \"app\" in pod \"web-1\" not found"
        );
    }

    #[test]
    fn lines_are_stable_and_numbered_from_the_start() {
        let s = stream_for(&pod(), "app", false).unwrap();
        assert_eq!(s.line(5), s.line(5));
        assert!(s.line(0).starts_with("starting nginx"));
        assert!(s.line(3).contains("HTTP/1.1"));
        assert_eq!(s.last_index(s.started - 1), -1);
        assert_eq!(s.last_index(s.started + 10 * s.every), 10);
    }
}
