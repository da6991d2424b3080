//! Resuming: where a stream that broke picks up again (the second of its last line, with the
//! lines of that second already delivered dropped), and whether a stream that ended will ever
//! have more lines (a completed init or job container will not).
//!
//! Owns those two decisions. Must not talk to the API server.

use jiff::Timestamp;
use k8s_openapi::api::core::v1::Pod;
use kube::api::LogParams;

use super::{LogLine, LogOptions};

/// Remembers the last delivered line, so a reconnection (which asks from that line's second)
/// delivers nothing twice.
#[derive(Debug, Default)]
pub struct Resume {
    last: Option<Timestamp>,
    /// Texts delivered with exactly the `last` time.
    at_last: Vec<String>,
    /// While replaying after a reconnection: the time lines must pass to be new.
    replay: Option<(Timestamp, Vec<String>)>,
    delivered: u64,
}

/// More lines with one timestamp than this are not told apart on reconnection.
const MAX_SAME_TIME: usize = 1_000;

impl Resume {
    /// The time of the last line delivered.
    pub fn last(&self) -> Option<Timestamp> {
        self.last
    }

    /// Lines delivered so far.
    pub fn delivered(&self) -> u64 {
        self.delivered
    }

    /// Whether `line` is new; call for every line received, in order.
    pub fn accept(&mut self, line: &LogLine) -> bool {
        if let (Some(t), Some((from, seen))) = (line.time, &self.replay) {
            if t < *from || (t == *from && seen.contains(&line.text)) {
                return false;
            }
            if t > *from {
                self.replay = None;
            }
        }
        if let Some(t) = line.time {
            if self.last != Some(t) {
                self.last = Some(t);
                self.at_last.clear();
            }
            if self.at_last.len() < MAX_SAME_TIME {
                self.at_last.push(line.text.clone());
            }
        }
        self.delivered += 1;
        true
    }

    /// The parameters of the next request: the first one as asked, later ones from the second
    /// of the last delivered line.
    pub fn params(&mut self, options: &LogOptions, container: Option<&str>) -> LogParams {
        let mut params = LogParams {
            container: container.map(str::to_owned),
            follow: options.follow && !options.previous,
            previous: options.previous,
            timestamps: true,
            ..LogParams::default()
        };
        if let Some(last) = self.last {
            // Whole seconds, rounded down, so no line of that second is skipped.
            params.since_time = Timestamp::from_second(last.as_second()).ok();
            self.replay = Some((last, self.at_last.clone()));
        } else {
            params.tail_lines = options.tail_lines;
            params.since_seconds = options.since_seconds;
        }
        params
    }
}

/// Why `container` of `pod` has stopped and will not run again (so its log is complete), or
/// `None` when it is running or will be restarted.
pub fn finished_for_good(pod: &Pod, container: &str) -> Option<String> {
    let spec = pod.spec.as_ref()?;
    let status = pod.status.as_ref()?;
    let find = |list: &Option<Vec<k8s_openapi::api::core::v1::ContainerStatus>>| {
        list.iter().flatten().find(|s| s.name == container).cloned()
    };
    let (found, restarts) = if let Some(s) = find(&status.container_statuses) {
        let policy = spec.restart_policy.as_deref().unwrap_or("Always");
        (s, policy.to_owned())
    } else if let Some(s) = find(&status.init_container_statuses) {
        // An init container with `restartPolicy: Always` is a sidecar: it is restarted.
        let sidecar = spec
            .init_containers
            .iter()
            .flatten()
            .any(|c| c.name == container && c.restart_policy.as_deref() == Some("Always"));
        (s, if sidecar { "Always" } else { "OnFailure" }.to_owned())
    } else {
        (
            find(&status.ephemeral_container_statuses)?,
            "Never".to_owned(),
        )
    };
    let terminated = found.state.as_ref()?.terminated.as_ref()?;
    let done = match restarts.as_str() {
        "Never" => true,
        "OnFailure" => terminated.exit_code == 0,
        _ => false,
    };
    done.then(|| {
        format!(
            "container exited: {} (exit code {})",
            terminated.reason.as_deref().unwrap_or("terminated"),
            terminated.exit_code
        )
    })
}
