//! What one pod row costs in the store: heap bytes and allocations per row (counted by an
//! instrumented global allocator) and the resident memory the process grows by, for a pane of
//! 100,000 pods built from real pod objects. Prints the figures; asserts nothing.
//!
//! `cargo bench --bench row_bytes` (`KVIEW_BENCH_ROWS` changes the row count).

#![allow(clippy::expect_used, clippy::unwrap_used)] // benchmark harness

mod support;

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

use kview::resources::PodRow;
use kview::store::{Delta, RowStore};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn rss_kb() -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let n: usize = std::env::var("KVIEW_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // The simulated cluster that serves the sample pods leaves freed memory behind that would
    // hide the rows' growth of the resident set: measure in a fresh process.
    let Some(samples_path) = std::env::var_os("KVIEW_ROW_BYTES_SAMPLES") else {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pods.json");
        std::fs::write(
            &path,
            serde_json::to_string(&support::pod_json(200)).unwrap(),
        )
        .unwrap();
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--bench")
            .env("KVIEW_ROW_BYTES_SAMPLES", &path)
            .status()
            .unwrap();
        assert!(status.success());
        return;
    };
    let samples: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(samples_path).unwrap()).unwrap();
    println!(
        "row bytes: size_of::<PodRow>() = {} bytes",
        std::mem::size_of::<PodRow>()
    );
    let rss_before = rss_kb();
    let region = Region::new(GLOBAL);
    let rows = support::rows(&samples, n);
    let mut store = RowStore::new();
    store.apply(Delta::Reset(rows));
    store.refresh();
    let change = region.change();
    let rss_after = rss_kb();
    let net_bytes = change.bytes_allocated as i64 - change.bytes_deallocated as i64
        + change.bytes_reallocated as i64;
    let net_blocks = change.allocations as i64 - change.deallocations as i64;
    println!(
        "row bytes: {n} pod rows in a store: {:.0} heap bytes/row requested in {:.1} allocations/row; \
         RSS grew {:.0} bytes/row (allocator overhead included)",
        net_bytes as f64 / n as f64,
        net_blocks as f64 / n as f64,
        (rss_after.saturating_sub(rss_before) * 1024) as f64 / n as f64
    );
    assert_eq!(store.len(), n);
}
