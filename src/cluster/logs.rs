//! Log streams of one container (`pods/log` through `Api::<Pod>::log_stream`): what to stream
//! (`LogTarget`, `LogOptions`), what comes back (`LogReport`: lines in batches, stream states),
//! and the task that streams one container.
//!
//! Lines are sent in batches (at most every `BATCH_WINDOW`, or every `MAX_BATCH` lines), never
//! one message per line. Timestamps are always requested, so a stream that breaks reconnects
//! from its last line's time (`sinceTime`) and drops the lines it already delivered; a
//! container that is not running yet is reported as waiting (the API's message) and polled
//! until it runs. Multi-container and deployment-wide tails are in `log_tail`. Must not know
//! how lines are shown or kept; lines leave here raw (unsanitized).

use std::sync::Arc;
use std::time::Duration;

use futures::{AsyncBufRead, StreamExt as _};
use jiff::Timestamp;
use k8s_openapi::api::core::v1::Pod;
use kube::Api;

use crate::resources::ObjKey;

mod reading;
mod resume;

use reading::lines_of;
pub use reading::parse_line;
pub use resume::{Resume, finished_for_good};

/// How long the first line of a batch waits for company before it is sent.
pub const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// The most lines in one batch.
pub const MAX_BATCH: usize = 2_000;
/// Longer lines are cut here (the rest of the line is dropped), so one endless line cannot
/// grow memory without bound.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// How often a waiting container is asked again.
const WAITING_POLL: Duration = Duration::from_secs(2);

/// Which containers of a pod to stream.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ContainerChoice {
    /// The pod's default container (the `kubectl.kubernetes.io/default-container` annotation,
    /// else its first container).
    #[default]
    Default,
    Named(String),
    /// Every container (init and ephemeral included), interleaved.
    All,
}

/// What to stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogTarget {
    Pod {
        key: ObjKey,
        container: ContainerChoice,
    },
    /// Every pod the deployment's selector matches, joining and leaving as they come and go.
    Deployment { key: ObjKey },
}

/// How to stream it (the `pods/log` parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogOptions {
    /// Start from the last N lines (`None`: from the start, or from `since_seconds`).
    pub tail_lines: Option<i64>,
    pub since_seconds: Option<i64>,
    /// The previous (terminated) instance of the container; never followed.
    pub previous: bool,
    pub follow: bool,
}

/// One log line as the container printed it, with the time the runtime recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub time: Option<Timestamp>,
    pub text: String,
}

/// Identifies one stream (one container of one pod) within a tail.
pub type SourceId = u32;

/// What kind of container a pod has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Init,
    Main,
    Ephemeral,
}

/// A container of a pod, for choosing what to stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerInfo {
    pub name: String,
    pub kind: ContainerKind,
    /// `running`, `waiting: ContainerCreating`, `terminated: Completed`, …
    pub state: String,
}

/// Where one stream stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamState {
    Connecting,
    Streaming,
    /// The container is not running yet; the API's message. Asked again until it runs.
    Waiting {
        message: String,
    },
    /// The stream broke; it reconnects in `in_secs` from where it left off.
    Retrying {
        message: String,
        in_secs: u64,
    },
    /// Reconnected after a break; lines continue after the last one delivered.
    Resumed {
        after: Option<Timestamp>,
    },
    /// No more lines will come (the whole log was read, or the pod went away).
    Ended {
        reason: String,
    },
    /// The API refused the stream for good (no such container, no previous instance, …).
    Failed {
        message: String,
    },
}

/// What a tail reports.
#[derive(Debug, Clone, PartialEq)]
pub enum LogReport {
    /// The containers of the pod being tailed.
    Containers { containers: Vec<ContainerInfo> },
    /// A stream joined the tail.
    Source {
        id: SourceId,
        pod: String,
        container: Option<String>,
    },
    /// New lines of a stream, in order.
    Lines {
        source: SourceId,
        lines: Vec<LogLine>,
    },
    State {
        source: SourceId,
        state: StreamState,
    },
    /// The tail as a whole could not start (pod or deployment not found, …).
    Failed { message: String },
}

pub type LogSink = Arc<dyn Fn(LogReport) + Send + Sync>;

/// Delay before the n-th consecutive reconnection: 1s doubling to 16s.
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(4))
}

/// How an API refusal is handled.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// The container has not started: ask again later.
    Waiting(String),
    /// Asking again will not help.
    Final(String),
    /// Network trouble or an overloaded server: reconnect with backoff.
    Transient(String),
}

fn classify(err: &kube::Error) -> Refusal {
    match err {
        kube::Error::Api(s) if s.code == 400 && is_waiting_message(&s.message) => {
            Refusal::Waiting(s.message.clone())
        }
        kube::Error::Api(s) if matches!(s.code, 400 | 401 | 403 | 404 | 422) => {
            Refusal::Final(super::ops::error_text(err))
        }
        other => Refusal::Transient(super::ops::error_text(other)),
    }
}

fn is_waiting_message(message: &str) -> bool {
    message.contains("is waiting to start")
        || message.contains("ContainerCreating")
        || message.contains("PodInitializing")
}

/// Streams one container until the log ends for good; reconnects after breaks. Runs until
/// aborted when following.
pub async fn stream_container(
    pods: Api<Pod>,
    pod: String,
    container: Option<String>,
    options: LogOptions,
    source: SourceId,
    sink: LogSink,
) {
    let state = |state: StreamState| sink(LogReport::State { source, state });
    let mut resume = Resume::default();
    let mut failures: u32 = 0;
    let mut broken = false;
    state(StreamState::Connecting);
    loop {
        let params = resume.params(&options, container.as_deref());
        let reader = match pods.log_stream(&pod, &params).await {
            Ok(reader) => reader,
            Err(err) => match classify(&err) {
                Refusal::Waiting(message) => {
                    state(StreamState::Waiting { message });
                    broken = resume.delivered() > 0;
                    tokio::time::sleep(WAITING_POLL).await;
                    continue;
                }
                Refusal::Final(message) => {
                    state(StreamState::Failed { message });
                    return;
                }
                Refusal::Transient(message) => {
                    let delay = backoff(failures);
                    failures += 1;
                    state(StreamState::Retrying {
                        message,
                        in_secs: delay.as_secs(),
                    });
                    broken = true;
                    tokio::time::sleep(delay).await;
                    continue;
                }
            },
        };
        state(if broken {
            StreamState::Resumed {
                after: resume.last(),
            }
        } else {
            StreamState::Streaming
        });
        let before = resume.delivered();
        let outcome = pump(reader, &mut resume, source, &sink).await;
        if resume.delivered() > before {
            failures = 0;
        }
        if !params.follow {
            let reason = match outcome {
                Ok(()) => "end of log".to_owned(),
                Err(e) => format!("log stream broke: {e}"),
            };
            state(StreamState::Ended { reason });
            return;
        }
        // The server ends a followed stream when the container stops: for good (a completed
        // init container, a job's container), or to be restarted.
        if outcome.is_ok()
            && let Ok(current) = pods.get(&pod).await
            && let Some(reason) = container
                .as_deref()
                .and_then(|c| finished_for_good(&current, c))
        {
            state(StreamState::Ended { reason });
            return;
        }
        let message = match outcome {
            Ok(()) => "the server closed the stream (container stopped or restarted)".to_owned(),
            Err(e) => format!("log stream broke: {e}"),
        };
        let delay = backoff(failures);
        failures += 1;
        state(StreamState::Retrying {
            message,
            in_secs: delay.as_secs(),
        });
        broken = true;
        tokio::time::sleep(delay).await;
    }
}

/// Reads lines until the stream ends, sending new ones in batches.
async fn pump<R: AsyncBufRead + Unpin>(
    reader: R,
    resume: &mut Resume,
    source: SourceId,
    sink: &LogSink,
) -> Result<(), String> {
    let mut lines = lines_of(reader);
    let mut batch: Vec<LogLine> = Vec::new();
    let mut deadline: Option<tokio::time::Instant> = None;
    let flush = |batch: &mut Vec<LogLine>| {
        if !batch.is_empty() {
            sink(LogReport::Lines {
                source,
                lines: std::mem::take(batch),
            });
        }
    };
    loop {
        let next = match deadline {
            None => lines.next().await,
            Some(at) => tokio::select! {
                biased;
                next = lines.next() => next,
                () = tokio::time::sleep_until(at) => {
                    flush(&mut batch);
                    deadline = None;
                    continue;
                }
            },
        };
        match next {
            Some(Ok(line)) => {
                if resume.accept(&line) {
                    batch.push(line);
                    if batch.len() >= MAX_BATCH {
                        flush(&mut batch);
                        deadline = None;
                    } else if deadline.is_none() {
                        deadline = Some(tokio::time::Instant::now() + BATCH_WINDOW);
                    }
                }
            }
            Some(Err(e)) => {
                flush(&mut batch);
                return Err(e.to_string());
            }
            None => {
                flush(&mut batch);
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests;
