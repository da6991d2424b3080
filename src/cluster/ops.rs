//! The one place mutations happen (scale, restart, delete, apply, debug, cordon, …): every
//! change to the cluster is started through `Mutator::start`, which refuses it in read-only mode
//! and otherwise runs it as a task that reports `OpStatus` (pending, progress, outcome with the
//! API's message) instead of blocking the UI or crashing. Feature code supplies the operation as
//! an async closure over a `kube::Client`.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where an operation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpStatus {
    Pending,
    Progress(String),
    Succeeded(String),
    Failed(String),
    /// Not attempted: read-only mode.
    Refused(String),
}

impl OpStatus {
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            OpStatus::Succeeded(_) | OpStatus::Failed(_) | OpStatus::Refused(_)
        )
    }
}

/// One report about one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpReport {
    pub id: u64,
    /// What the user asked for, e.g. `scale shop/cart to 5`.
    pub label: String,
    pub status: OpStatus,
}

pub type ReportSink = Arc<dyn Fn(OpReport) + Send + Sync>;

/// Progress reporting handed to a running operation.
#[derive(Clone)]
pub struct Progress {
    id: u64,
    label: String,
    sink: ReportSink,
}

impl Progress {
    pub fn update(&self, text: impl Into<String>) {
        (self.sink)(OpReport {
            id: self.id,
            label: self.label.clone(),
            status: OpStatus::Progress(text.into()),
        });
    }
}

/// The user-facing text of a failed API call: the server's `Status.message` when there is one.
pub fn error_text(err: &kube::Error) -> String {
    match err {
        kube::Error::Api(s) if !s.message.is_empty() => s.message.clone(),
        other => other.to_string(),
    }
}

/// Starts mutations, or refuses them in read-only mode.
#[derive(Clone)]
pub struct Mutator {
    client: kube::Client,
    readonly: bool,
    /// Why mutations are refused, for the message.
    readonly_reason: String,
    sink: ReportSink,
    next_id: Arc<AtomicU64>,
}

impl Mutator {
    pub fn new(client: kube::Client, readonly: bool, sink: ReportSink) -> Self {
        Mutator {
            client,
            readonly,
            readonly_reason: "kview was started with --readonly".to_owned(),
            sink,
            next_id: Arc::new(AtomicU64::new(1)),
        }
    }

    /// Says why read-only mode is on (e.g. the context's setting) in refusals.
    #[must_use]
    pub fn with_readonly_reason(mut self, reason: impl Into<String>) -> Self {
        self.readonly_reason = reason.into();
        self
    }

    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// Runs `op` as a task. It returns the success message or the error text the user reads.
    /// Returns the operation's id.
    pub fn start<F, Fut>(&self, label: impl Into<String>, op: F) -> u64
    where
        F: FnOnce(kube::Client, Progress) -> Fut + Send + 'static,
        Fut: Future<Output = Result<String, String>> + Send + 'static,
    {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let label = label.into();
        let report = |status| {
            (self.sink)(OpReport {
                id,
                label: label.clone(),
                status,
            });
        };
        if self.readonly {
            report(OpStatus::Refused(format!(
                "read-only mode: {label} refused ({})",
                self.readonly_reason
            )));
            return id;
        }
        report(OpStatus::Pending);
        let sink = self.sink.clone();
        let progress = Progress {
            id,
            label: label.clone(),
            sink: sink.clone(),
        };
        let client = self.client.clone();
        tokio::spawn(async move {
            let status = match op(client, progress).await {
                Ok(message) => OpStatus::Succeeded(message),
                Err(message) => OpStatus::Failed(message),
            };
            tracing::info!(%label, ?status, "operation finished");
            sink(OpReport { id, label, status });
        });
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn sink() -> (ReportSink, Arc<Mutex<Vec<OpReport>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        (Arc::new(move |r| s.lock().unwrap().push(r)), seen)
    }

    fn offline_client() -> kube::Client {
        let config = kube::Config::new("http://127.0.0.1:9".parse().unwrap());
        kube::Client::try_from(config).unwrap()
    }

    #[tokio::test]
    async fn readonly_refuses_without_running() {
        let (sink, seen) = sink();
        let m = Mutator::new(offline_client(), true, sink);
        m.start("scale shop/cart to 5", |_, _| async {
            panic!("must not run")
        });
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert!(
            matches!(&seen[0].status, OpStatus::Refused(m) if m.contains("read-only") && m.contains("scale shop/cart to 5"))
        );
    }

    #[tokio::test]
    async fn reports_pending_progress_and_outcome() {
        let (sink, seen) = sink();
        let m = Mutator::new(offline_client(), false, sink);
        let id = m.start("delete pod x", |_, p| async move {
            p.update("waiting");
            Err("pods \"x\" not found".to_string())
        });
        for _ in 0..100 {
            if seen.lock().unwrap().iter().any(|r| r.status.is_final()) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let seen = seen.lock().unwrap();
        let statuses: Vec<_> = seen.iter().map(|r| (r.id, r.status.clone())).collect();
        assert_eq!(
            statuses,
            vec![
                (id, OpStatus::Pending),
                (id, OpStatus::Progress("waiting".into())),
                (id, OpStatus::Failed("pods \"x\" not found".into()))
            ]
        );
    }
}
