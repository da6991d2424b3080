//! How a watch gets its initial list: streamed (`sendInitialEvents`, Kubernetes 1.27+ with the
//! `WatchList` feature: faster to first rows and lighter than pages), or paginated like every
//! server supports.
//!
//! Owns the probe that finds out whether the server streams lists, and the shared answer the
//! pane watches read. Whether a server streams is seen by the `k8s.io/initial-events-end`
//! bookmark arriving: a server that supports it sends that bookmark right after the (here
//! empty) initial events; one that rejects `sendInitialEvents` answers with an error; an old
//! one ignores the parameter and never sends it. The watches start streaming at once and fall
//! back to pages as soon as the probe says no, so the answer costs no time when it is yes.
//!
//! Must not know about panes or rows.

use std::time::Duration;

use futures::StreamExt as _;
use kube::Api;
use kube::api::{WatchEvent, WatchParams};
use tokio::sync::watch;

use crate::resources::wire::PodWire;

/// The annotation of the bookmark that ends the initial events of a streamed list.
const INITIAL_EVENTS_END: &str = "k8s.io/initial-events-end";

/// A label selector no object carries, so the probe's initial events are empty.
const PROBE_SELECTOR: &str = "kview.dev/streaming-list-probe=none";

/// How long the probe waits for the end-of-initial-events bookmark before concluding that the
/// server ignored `sendInitialEvents`.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// What the watches of one scope know about the server's streaming lists.
#[derive(Debug, Clone)]
pub struct StreamingSupport(watch::Receiver<Option<bool>>);

impl StreamingSupport {
    /// The answer to a probe not started yet: watches may start with it at once (they
    /// stream until told otherwise), then `Probe::start` asks the server.
    pub fn unknown() -> (Self, Probe) {
        let (tx, rx) = watch::channel(None);
        (Self(rx), Probe(tx))
    }

    /// Whether a new watch should try a streamed list (yes until the probe says no).
    pub fn may_stream(&self) -> bool {
        *self.0.borrow() != Some(false)
    }

    /// Resolves when the probe finds that the server does not stream lists; never otherwise.
    pub async fn refused(&mut self) {
        if self.0.wait_for(|s| *s == Some(false)).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// The asking side of `StreamingSupport`.
pub struct Probe(watch::Sender<Option<bool>>);

impl Probe {
    /// Starts the probe; the answer goes to every `StreamingSupport` of the pair (the task is
    /// the caller's to abort).
    pub fn start(self, pods: Api<PodWire>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let streams = server_streams_lists(&pods).await;
            tracing::info!(streams, "streaming lists (sendInitialEvents) probed");
            let _ = self.0.send(Some(streams));
        })
    }
}

/// Watches nothing with `sendInitialEvents=true` and waits for the end bookmark.
async fn server_streams_lists(pods: &Api<PodWire>) -> bool {
    let params = WatchParams::streaming_lists()
        .labels(PROBE_SELECTOR)
        .timeout(PROBE_TIMEOUT.as_secs() as u32 + 1);
    let answer = async {
        let stream = match pods.watch(&params, "0").await {
            Ok(stream) => stream,
            Err(err) => {
                tracing::info!(error = %err, "streaming list refused");
                return false;
            }
        };
        let mut stream = std::pin::pin!(stream);
        while let Some(event) = stream.next().await {
            match event {
                Ok(WatchEvent::Bookmark(b)) => {
                    return b.metadata.annotations.contains_key(INITIAL_EVENTS_END);
                }
                Ok(WatchEvent::Error(status)) => {
                    tracing::info!(message = %status.message, "streaming list refused");
                    return false;
                }
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    };
    tokio::time::timeout(PROBE_TIMEOUT, answer)
        .await
        .unwrap_or(false)
}
