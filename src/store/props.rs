//! Property tests of the store: seeded random sequences of deltas (upserts of new and known
//! keys, removals of known and unknown keys, relists swapped in whole, progress reports,
//! bursts in one batch), filters and sorts, checked after every refresh against the server's
//! state and a naive recomputation of the view.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::*;
use crate::resources::{Labels, PodRow, StatusClass};
use crate::testing::Rng;

const RUNS: u64 = 300;
const STEPS: usize = 120;

/// A small key space, so that upserts hit known keys and removals hit unknown ones often.
fn random_key(rng: &mut Rng) -> ObjKey {
    ObjKey::new(
        *rng.pick(&["default", "shop"]),
        format!(
            "{}-{}",
            rng.pick(&["web", "api", "db", "Web"]),
            rng.below(5)
        ),
    )
}

/// Few distinct values per column, so that sort keys tie often.
fn random_row(rng: &mut Rng, key: ObjKey) -> PodRow {
    let app = key.name.split('-').next().unwrap_or_default().to_owned();
    PodRow {
        key,
        ready: rng.below(3) as u16,
        total: 2,
        status: (*rng.pick(&["Running", "Pending", "CrashLoopBackOff", "Completed"])).into(),
        status_class: StatusClass::Running,
        restarts: rng.below(4) as u32,
        last_restart_unix: None,
        created_unix: rng.chance(90).then(|| 1_000 + rng.below(4) as i64),
        ip: format!("10.0.0.{}", rng.below(3)).into(),
        node: (*rng.pick(&["node-a", "node-b", ""])).into(),
        labels: Labels::from_pairs([("app", app.as_str()), ("tier", *rng.pick(&["a", "b"]))]),
    }
}

fn random_delta(
    rng: &mut Rng,
    server: &mut BTreeMap<ObjKey, PodRow>,
    depth: usize,
) -> Delta<PodRow> {
    match rng.below(20) {
        0..=9 => {
            let row = {
                let key = random_key(rng);
                random_row(rng, key)
            };
            server.insert(row.key.clone(), row.clone());
            Delta::Upsert(row)
        }
        10..=13 => {
            let key = random_key(rng);
            server.remove(&key);
            Delta::Remove(key)
        }
        14 => {
            // A duplicate: the same row again.
            match server.values().nth(rng.below(server.len().max(1))) {
                Some(row) => Delta::Upsert(row.clone()),
                None => Delta::Loading { received: 0 },
            }
        }
        15 => Delta::Loading {
            received: rng.below(1000),
        },
        16 => {
            // A relist: the server's state may have moved on meanwhile.
            for _ in 0..rng.below(6) {
                let row = {
                    let key = random_key(rng);
                    random_row(rng, key)
                };
                server.insert(row.key.clone(), row);
            }
            server.retain(|_, _| rng.chance(85));
            let mut rows: Vec<PodRow> = server.values().cloned().collect();
            // Relists arrive in the server's order, not ours.
            for i in (1..rows.len()).rev() {
                rows.swap(i, rng.below(i + 1));
            }
            Delta::Reset(rows)
        }
        _ if depth == 0 => Delta::Batch(
            (0..rng.below(8))
                .map(|_| random_delta(rng, server, depth + 1))
                .collect(),
        ),
        _ => Delta::Loading { received: 1 },
    }
}

fn random_filter(rng: &mut Rng) -> Filter {
    let text = *rng.pick(&[
        "",
        "web",
        "WEB",
        "!web",
        "api-[0-3]",
        "running",
        "node-a",
        "-l app=db",
        "-l tier!=a",
        "10.0.0.1",
        "(",
        "shop",
    ]);
    Filter::parse(text).unwrap()
}

fn random_sort(rng: &mut Rng) -> Option<SortSpec> {
    rng.chance(80).then(|| SortSpec {
        column: rng.below(PodRow::columns().len()),
        descending: rng.chance(50),
    })
}

/// The view as a naive recomputation has it: the server's rows that match, sorted by the
/// column, ties by key.
fn naive_view(
    server: &BTreeMap<ObjKey, PodRow>,
    filter: &Filter,
    sort: Option<SortSpec>,
) -> Vec<ObjKey> {
    let mut rows: Vec<&PodRow> = server.values().filter(|r| filter.matches(*r)).collect();
    rows.sort_by(|a, b| {
        let by_column = sort.map_or(Ordering::Equal, |s| {
            let o = a.sort_key(s.column).cmp(&b.sort_key(s.column));
            if s.descending { o.reverse() } else { o }
        });
        by_column.then_with(|| a.key.cmp(&b.key))
    });
    rows.into_iter().map(|r| r.key.clone()).collect()
}

fn check(store: &RowStore<PodRow>, server: &BTreeMap<ObjKey, PodRow>, seed: u64, step: usize) {
    let at = format!("seed {seed}, step {step}");
    assert_eq!(store.len(), server.len(), "{at}: row count");
    for (key, row) in server {
        assert_eq!(store.get(key), Some(row), "{at}: row {key}");
    }
    let shown: Vec<ObjKey> = store
        .visible(0..store.visible_len())
        .map(|r| r.key.clone())
        .collect();
    assert_eq!(
        shown,
        naive_view(server, store.filter(), store.sort()),
        "{at}: the view (filter {:?}, sort {:?})",
        store.filter().text(),
        store.sort()
    );
    match store.selected_index() {
        Some(i) => {
            assert!(i < shown.len(), "{at}: selection past the end");
            assert_eq!(store.selected_key(), Some(&shown[i]), "{at}: selection");
        }
        None => assert!(shown.is_empty(), "{at}: rows shown, none selected"),
    }
}

#[test]
fn any_sequence_of_deltas_leaves_the_servers_rows_and_a_naive_view() {
    for seed in 0..RUNS {
        let mut rng = Rng::new(seed);
        let mut store = RowStore::<PodRow>::new();
        let mut server = BTreeMap::new();
        for step in 0..STEPS {
            match rng.below(12) {
                0 => store.set_filter(random_filter(&mut rng)),
                1 => store.set_sort(random_sort(&mut rng)),
                2 => store.move_selection(rng.below(5) as isize - 2),
                _ => {
                    // A burst: several deltas before the next frame.
                    for _ in 0..=rng.below(3) {
                        let delta = random_delta(&mut rng, &mut server, 0);
                        store.apply(delta);
                    }
                }
            }
            store.refresh();
            check(&store, &server, seed, step);
        }
    }
}

#[test]
fn selection_follows_its_object_through_changes_and_relists() {
    for seed in 0..RUNS {
        let mut rng = Rng::new(seed ^ 0xabc);
        let mut store = RowStore::<PodRow>::new();
        let mut server = BTreeMap::new();
        store.set_sort(random_sort(&mut rng));
        store.set_filter(random_filter(&mut rng));
        for step in 0..STEPS {
            if rng.chance(20) {
                store.move_selection(rng.below(7) as isize - 3);
            }
            let before = store.selected_key().cloned();
            for _ in 0..=rng.below(3) {
                let delta = random_delta(&mut rng, &mut server, 0);
                store.apply(delta);
            }
            store.refresh();
            check(&store, &server, seed, step);
            if let Some(key) = before
                && server.get(&key).is_some_and(|r| store.filter().matches(r))
            {
                assert_eq!(
                    store.selected_key(),
                    Some(&key),
                    "seed {seed}, step {step}: the selection left an object still shown"
                );
            }
        }
    }
}
