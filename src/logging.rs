//! The diagnostics log (`--log-file`, `$KVIEW_LOG`): how it is written and what may go in it.
//!
//! Owns the subscriber: the level (`$KVIEW_LOG_LEVEL`, an `EnvFilter` spec, default `info`),
//! plain text, and the rule that keeps object bodies, and so Secret values, out of the file
//! at every level. kube's client logs a response body whole when it cannot decode it (a
//! Secret's `data` included; at `warn`, so even the default level would write it) and error
//! bodies at `debug`: events of that one target are never written. kview's own events carry
//! kinds, names and messages, never object bodies, edited YAML, tokens or kubeconfig contents
//! (`tests/secrets_log.rs` plants a Secret value and looks for it in a trace-level log).
//!
//! Must not print to the terminal.

use tracing::Metadata;
use tracing_subscriber::filter::{EnvFilter, FilterExt as _, filter_fn};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::prelude::*;

/// Targets whose events may carry response bodies: kube-client's request and decode paths.
/// (Its HTTP spans, `kube_client::client::builder`, carry only method, URL and status.)
const BODY_TARGETS: &[&str] = &["kube_client::client"];

/// The level used when none, or an unreadable one, is given.
pub const DEFAULT_LEVEL: &str = "info";

/// Whether events of `meta` may be written: not those that may carry an object's body.
pub fn may_write(meta: &Metadata<'_>) -> bool {
    !BODY_TARGETS.contains(&meta.target())
}

/// The subscriber that writes to `writer` at `level` (an `EnvFilter` spec such as `debug` or
/// `kview=trace`; unreadable specs fall back to `info`), without object bodies.
pub fn subscriber<W>(writer: W, level: &str) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let levels = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new(DEFAULT_LEVEL));
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_filter(levels.and(filter_fn(may_write)));
    tracing_subscriber::registry().with(layer)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn written(level: &str, emit: impl FnOnce()) -> String {
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber = subscriber(move || sink.clone(), level);
        tracing::subscriber::with_default(subscriber, emit);
        String::from_utf8(captured.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn response_bodies_logged_by_kube_never_reach_the_file_at_any_level() {
        let log = written("trace", || {
            // What kube-client does when it cannot decode a body: the body, whole.
            tracing::warn!(target: "kube_client::client", "{{\"data\":{{\"password\":\"czNjcjN0\"}}}}, Error");
            tracing::debug!(target: "kube_client::client", "Unsuccessful data error parse: czNjcjN0");
            tracing::debug!(target: "kube_client::client::builder", "requesting");
            tracing::info!(target: "kview::cluster::ops", "operation finished");
        });
        assert!(!log.contains("czNjcjN0"), "{log}");
        assert!(
            log.contains("requesting") && log.contains("operation finished"),
            "{log}"
        );
    }

    #[test]
    fn the_level_is_honoured_and_a_bad_spec_means_info() {
        let emit = || {
            tracing::debug!("a debug line");
            tracing::info!("an info line");
        };
        assert!(written("debug", emit).contains("a debug line"));
        let log = written("[[not a spec", emit);
        assert!(
            !log.contains("a debug line") && log.contains("an info line"),
            "{log}"
        );
    }
}
