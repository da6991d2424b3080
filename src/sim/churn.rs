//! Synthetic load: `--churn R` random pod changes per second (annotation updates, container
//! restarts, deletions that the replicaset controller replaces), for benchmarks and demos.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::sync::watch;

use super::clock;
use super::kinds;
use super::rng::Rng;
use super::store::{Key, Store};

pub async fn run(
    store: Arc<Store>,
    per_second: f64,
    seed: u64,
    mut shutdown: watch::Receiver<bool>,
) {
    if per_second <= 0.0 {
        return;
    }
    let pods = kinds::get("Pod");
    let mut rng = Rng::new(seed ^ 0xC4_u64);
    let mut keys: Vec<Key> = Vec::new();
    let mut refreshed: Option<Instant> = None;
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    let mut owed = 0.0;
    let mut counter: u64 = 0;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        if refreshed.is_none_or(|r| r.elapsed() > Duration::from_secs(2)) {
            keys = store
                .list(pods, None)
                .1
                .iter()
                .map(super::store::Obj::key)
                .collect();
            refreshed = Some(Instant::now());
        }
        if keys.is_empty() {
            continue;
        }
        owed += per_second / 20.0;
        while owed >= 1.0 {
            owed -= 1.0;
            counter += 1;
            let key = rng.pick(&keys).clone();
            let roll = rng.below(100);
            if roll < 10 {
                // Deleted outright: the replicaset controller makes a replacement.
                let _ = store.remove(pods, &key.0, &key.1);
            } else if roll < 30 {
                let now = clock::rfc3339(clock::now_unix());
                let _ = store.modify(pods, &key.0, &key.1, None, |p| {
                    if let Some(s) = p["status"]["containerStatuses"].get_mut(0)
                        && s["state"].get("running").is_some()
                    {
                        let restarts = s["restartCount"].as_i64().unwrap_or(0) + 1;
                        s["lastState"] = json!({"terminated": {"exitCode": 137, "reason": "Error", "startedAt": s["state"]["running"]["startedAt"], "finishedAt": now}});
                        s["state"] = json!({"running": {"startedAt": now}});
                        s["restartCount"] = json!(restarts);
                    }
                    Ok(())
                });
            } else {
                let _ = store.modify(pods, &key.0, &key.1, None, |p| {
                    p["metadata"]["annotations"]["sim.kview.dev/heartbeat"] =
                        json!(counter.to_string());
                    Ok(())
                });
            }
        }
    }
}
