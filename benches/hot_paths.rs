//! Criterion micro-benchmarks of kview's hot paths at dashboard scale:
//! - `decode`: one watch event of a real pod, decoded as the full k8s-openapi `Pod` (what a
//!   client that keeps objects pays) vs the lean `PodWire` plus its projection into a row;
//! - `churn`: a store of 20,000 / 100,000 pod rows taking 5,000 changes (status updates, adds,
//!   removes), then the one view rebuild the next frame does;
//! - `keystroke`: one filter keystroke and one sort change over 100,000 rows;
//! - `frame`: drawing the whole dashboard (ratatui `TestBackend`, 160x50) with 100,000 pods.
//!
//! `cargo bench --bench hot_paths` (add `-- decode` etc. to pick a group).

#![allow(clippy::expect_used, clippy::unwrap_used)] // benchmark harness

mod support;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use k8s_openapi::api::core::v1::Pod;
use kube::api::WatchEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use kview::config::{Keymap, Theme};
use kview::resources::wire::PodWire;
use kview::resources::{ObjKey, PodRow, pod};
use kview::state::{Msg, State};
use kview::store::{Delta, Filter, RowStore, SortSpec};

const NOW: i64 = 1_763_000_000;

fn decode(c: &mut Criterion) {
    let samples = support::pod_json(200);
    let lines: Vec<String> = samples.iter().map(|j| support::event_line(j)).collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    println!(
        "decode: {} real pod events, {} bytes on average",
        lines.len(),
        bytes / lines.len()
    );
    let mut g = c.benchmark_group("decode");
    g.throughput(criterion::Throughput::Elements(lines.len() as u64));
    g.bench_function("full Pod (no projection)", |b| {
        b.iter(|| {
            for line in &lines {
                let event: WatchEvent<Pod> = serde_json::from_str(line).unwrap();
                black_box(event);
            }
        });
    });
    let mut interner = kview::resources::Interner::new();
    g.bench_function("lean PodWire + project", |b| {
        b.iter(|| {
            for line in &lines {
                if let WatchEvent::Modified(p) =
                    serde_json::from_str::<WatchEvent<PodWire>>(line).unwrap()
                {
                    black_box(pod::project(p, &mut interner));
                }
            }
        });
    });
    g.finish();
}

/// 5,000 changes to a store of `n` rows: 4,000 status updates, 500 new pods, 500 deletions.
fn changes(rows: &[PodRow], round: usize) -> Vec<Delta<PodRow>> {
    let n = rows.len();
    let mut out = Vec::with_capacity(5_000);
    for i in 0..4_000 {
        let mut row = rows[(i * 7919 + round) % n].clone();
        row.status = if (i + round).is_multiple_of(2) {
            "CrashLoopBackOff".into()
        } else {
            "Running".into()
        };
        row.restarts += 1;
        out.push(Delta::Upsert(row));
    }
    // This round's new pods, and the last round's deleted: the store keeps its size.
    for (i, row) in rows.iter().take(500).enumerate() {
        let mut new = row.clone();
        new.key.name = format!("new-{round}-{i}");
        out.push(Delta::Upsert(new));
        out.push(Delta::Remove(ObjKey::new(
            row.key.namespace.clone(),
            format!("new-{}-{i}", round.wrapping_sub(1)),
        )));
    }
    out
}

fn churn(c: &mut Criterion) {
    let samples = support::pod_json(200);
    let mut g = c.benchmark_group("churn");
    g.sample_size(20);
    for n in [20_000, 100_000] {
        let rows = support::rows(&samples, n);
        let mut store = RowStore::new();
        store.apply(Delta::Reset(rows.clone()));
        store.refresh();
        let mut round = 0;
        g.bench_function(format!("5000 changes + refresh, {n} rows"), |b| {
            b.iter_batched(
                || {
                    round += 1;
                    changes(&rows, round)
                },
                |deltas| {
                    store.apply(Delta::Batch(deltas));
                    store.refresh();
                },
                BatchSize::LargeInput,
            );
        });
        let mut sorted = RowStore::new();
        sorted.apply(Delta::Reset(rows.clone()));
        sorted.set_sort(Some(SortSpec {
            column: pod::col::STATUS,
            descending: false,
        }));
        sorted.refresh();
        g.bench_function(
            format!("5000 changes + refresh, {n} rows sorted by STATUS"),
            |b| {
                b.iter_batched(
                    || {
                        round += 1;
                        changes(&rows, round)
                    },
                    |deltas| {
                        sorted.apply(Delta::Batch(deltas));
                        sorted.refresh();
                    },
                    BatchSize::LargeInput,
                );
            },
        );
    }
    g.finish();
}

fn keystroke(c: &mut Criterion) {
    let samples = support::pod_json(200);
    let rows = support::rows(&samples, 100_000);
    let mut store = RowStore::new();
    store.apply(Delta::Reset(rows));
    store.refresh();
    let mut g = c.benchmark_group("keystroke");
    g.sample_size(20);
    // Typing "front" one key at a time, then erasing it: each step filters every row.
    let steps: Vec<Filter> = [
        "f", "fr", "fro", "fron", "front", "fron", "fro", "fr", "f", "",
    ]
    .iter()
    .map(|t| Filter::parse(t).unwrap())
    .collect();
    let mut step = 0;
    g.bench_function("filter keystroke, 100000 rows", |b| {
        b.iter(|| {
            step = (step + 1) % steps.len();
            store.set_filter(steps[step].clone());
            store.refresh();
            black_box(store.visible_len());
        });
    });
    store.set_filter(Filter::default());
    let sorts = [
        Some(SortSpec {
            column: pod::col::STATUS,
            descending: false,
        }),
        Some(SortSpec {
            column: pod::col::AGE,
            descending: true,
        }),
        None,
    ];
    let mut step = 0;
    g.bench_function("sort change, 100000 rows", |b| {
        b.iter(|| {
            step = (step + 1) % sorts.len();
            store.set_sort(sorts[step]);
            store.refresh();
            black_box(store.visible_len());
        });
    });
    g.bench_function("move selection down, 100000 rows", |b| {
        b.iter(|| {
            store.move_selection(1);
            black_box(store.selected_index());
        });
    });
    g.finish();
}

fn frame(c: &mut Criterion) {
    let samples = support::pod_json(200);
    let rows = support::rows(&samples, 100_000);
    let theme = Theme::builtin("default").unwrap();
    let keymap = Keymap::builtin("default").unwrap();
    let mut state = State::new("kview-sim", None, NOW);
    kview::state::update(
        &mut state,
        Msg::Resize {
            width: 160,
            height: 50,
        },
        &keymap,
    );
    kview::state::update(&mut state, Msg::PodDelta(Delta::Reset(rows)), &keymap);
    state.refresh_views();
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).unwrap();
    let mut g = c.benchmark_group("frame");
    g.bench_function("dashboard 160x50, 100000 pods", |b| {
        b.iter(|| {
            terminal
                .draw(|f| kview::ui::draw(f, &state, &theme, &keymap))
                .unwrap();
        });
    });
    g.finish();
}

criterion_group!(benches, decode, churn, keystroke, frame);
criterion_main!(benches);
