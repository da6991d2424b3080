//! Behaviour of the row store: deltas, relists, filter, sort, selection and batching.

use super::*;
use crate::resources::pod::col;
use crate::resources::{Labels, PodRow};

fn pod(name: &str) -> PodRow {
    pod_in("default", name, "Running", 0)
}

fn pod_in(namespace: &str, name: &str, status: &str, restarts: u32) -> PodRow {
    PodRow {
        key: ObjKey::new(namespace, name),
        status: status.into(),
        restarts,
        labels: Labels::from_pairs([("app", name.split('-').next().unwrap_or(name))]),
        ..PodRow::default()
    }
}

fn store_of(names: &[&str]) -> RowStore<PodRow> {
    let mut store = RowStore::new();
    store.apply(Delta::Reset(names.iter().map(|n| pod(n)).collect()));
    store.refresh();
    store
}

fn names(store: &RowStore<PodRow>) -> Vec<String> {
    store
        .visible(0..usize::MAX)
        .map(|r| r.key.name.clone())
        .collect()
}

fn selected(store: &RowStore<PodRow>) -> Option<&str> {
    store.selected().map(|r| r.key.name.as_str())
}

#[test]
fn reset_swaps_in_the_whole_list_sorted_by_key() {
    let mut store = store_of(&["b", "a"]);
    assert_eq!(names(&store), ["a", "b"]);
    store.apply(Delta::Reset(vec![pod("z"), pod("y"), pod("y")]));
    store.refresh();
    assert_eq!(
        names(&store),
        ["y", "z"],
        "old rows gone, duplicates collapsed"
    );
}

#[test]
fn loading_keeps_showing_the_old_rows() {
    let mut store = store_of(&["a", "b"]);
    store.apply(Delta::Loading { received: 500 });
    store.refresh();
    assert_eq!(names(&store), ["a", "b"]);
    assert_eq!(store.relist_received(), Some(500));
    store.apply(Delta::Reset(vec![pod("c")]));
    assert_eq!(store.relist_received(), None);
}

#[test]
fn upsert_adds_and_replaces_remove_deletes() {
    let mut store = store_of(&["a", "b", "c"]);
    store.apply(Delta::Upsert(pod_in("default", "b", "Error", 3)));
    store.apply(Delta::Upsert(pod("d")));
    store.apply(Delta::Remove(ObjKey::new("default", "a")));
    store.apply(Delta::Remove(ObjKey::new("default", "nope")));
    store.refresh();
    assert_eq!(names(&store), ["b", "c", "d"]);
    assert_eq!(store.len(), 3);
    assert_eq!(
        &*store.get(&ObjKey::new("default", "b")).unwrap().status,
        "Error"
    );
    // Removing the first slot moved the last row into it; the index must follow.
    assert!(store.get(&ObjKey::new("default", "d")).is_some());
    store.apply(Delta::Remove(ObjKey::new("default", "d")));
    store.apply(Delta::Remove(ObjKey::new("default", "b")));
    store.refresh();
    assert_eq!(names(&store), ["c"]);
}

#[test]
fn same_name_in_two_namespaces_are_two_rows() {
    let mut store = RowStore::new();
    store.apply(Delta::Upsert(pod_in("b", "web", "Running", 0)));
    store.apply(Delta::Upsert(pod_in("a", "web", "Running", 0)));
    store.refresh();
    let keys: Vec<_> = store.visible(0..10).map(|r| r.key.to_string()).collect();
    assert_eq!(keys, ["a/web", "b/web"]);
}

#[test]
fn sort_by_column_ascending_and_descending_ties_by_key() {
    let mut store = RowStore::new();
    store.apply(Delta::Reset(vec![
        pod_in("default", "a", "Running", 5),
        pod_in("default", "b", "Running", 0),
        pod_in("default", "c", "Running", 5),
    ]));
    store.set_sort(Some(SortSpec {
        column: col::RESTARTS,
        descending: false,
    }));
    store.refresh();
    assert_eq!(names(&store), ["b", "a", "c"]);
    store.set_sort(Some(SortSpec {
        column: col::RESTARTS,
        descending: true,
    }));
    store.refresh();
    assert_eq!(names(&store), ["a", "c", "b"]);
    store.set_sort(None);
    store.refresh();
    assert_eq!(names(&store), ["a", "b", "c"]);
}

#[test]
fn substring_regex_inverse_and_label_filters() {
    let mut store = store_of(&["web-1", "web-2", "api-1", "db-10"]);
    store.set_filter(Filter::parse("web").unwrap());
    store.refresh();
    assert_eq!(names(&store), ["web-1", "web-2"]);
    store.set_filter(Filter::parse(r"-\d\d$").unwrap());
    store.refresh();
    assert_eq!(names(&store), ["db-10"]);
    store.set_filter(Filter::parse("!web").unwrap());
    store.refresh();
    assert_eq!(names(&store), ["api-1", "db-10"]);
    store.set_filter(Filter::parse("-l app in (api,db)").unwrap());
    store.refresh();
    assert_eq!(names(&store), ["api-1", "db-10"]);
    assert_eq!(
        store.len(),
        4,
        "filtering hides rows, it does not drop them"
    );
}

#[test]
fn first_match_is_selected_when_the_filter_changes() {
    let mut store = store_of(&["a", "b", "web-1", "web-2"]);
    store.select_last();
    assert_eq!(selected(&store), Some("web-2"));
    store.set_filter(Filter::parse("web").unwrap());
    store.refresh();
    assert_eq!(selected(&store), Some("web-1"));
    store.set_filter(Filter::default());
    store.refresh();
    assert_eq!(selected(&store), Some("a"));
}

#[test]
fn selection_follows_the_same_object_across_updates() {
    let mut store = store_of(&["c", "d"]);
    store.select_last();
    assert_eq!(
        (selected(&store), store.selected_index()),
        (Some("d"), Some(1))
    );
    store.apply(Delta::Upsert(pod("a")));
    store.apply(Delta::Upsert(pod("b")));
    store.refresh();
    assert_eq!(
        (selected(&store), store.selected_index()),
        (Some("d"), Some(3))
    );
    store.apply(Delta::Reset(vec![pod("d"), pod("e")]));
    store.refresh();
    assert_eq!(
        selected(&store),
        Some("d"),
        "a relist keeps the selection too"
    );
}

#[test]
fn selection_is_clamped_when_its_object_disappears() {
    let mut store = store_of(&["a", "b", "c"]);
    store.select_last();
    store.apply(Delta::Remove(ObjKey::new("default", "c")));
    store.refresh();
    assert_eq!(selected(&store), Some("b"));
    store.select_index(0);
    store.apply(Delta::Remove(ObjKey::new("default", "a")));
    store.refresh();
    assert_eq!(selected(&store), Some("b"), "the row that took its place");
    store.apply(Delta::Reset(Vec::new()));
    store.refresh();
    assert_eq!(selected(&store), None);
    assert_eq!(store.selected_index(), None);
}

#[test]
fn moves_stop_at_both_ends() {
    let mut store = store_of(&["a", "b", "c"]);
    store.move_selection(-5);
    assert_eq!(selected(&store), Some("a"));
    store.move_selection(2);
    assert_eq!(selected(&store), Some("c"));
    store.move_selection(10);
    assert_eq!(selected(&store), Some("c"));
    store.select_first();
    assert_eq!(selected(&store), Some("a"));
}

#[test]
fn a_burst_of_upserts_is_sorted_once() {
    let mut store = RowStore::new();
    store.set_sort(Some(SortSpec {
        column: col::NAME,
        descending: true,
    }));
    for i in 0..5_000 {
        store.apply(Delta::Upsert(pod(&format!("pod-{i:05}"))));
    }
    assert!(store.is_dirty());
    store.refresh();
    store.refresh();
    assert_eq!(store.rebuilds(), 1);
    assert_eq!(store.visible_len(), 5_000);
    assert_eq!(store.visible(0..1).next().unwrap().key.name, "pod-04999");
}

#[test]
fn an_update_that_keeps_order_and_filter_does_not_rebuild() {
    let mut store = store_of(&["a", "b"]);
    let before = store.rebuilds();
    store.apply(Delta::Upsert(pod_in("default", "a", "CrashLoopBackOff", 9)));
    assert!(!store.is_dirty());
    store.refresh();
    assert_eq!(store.rebuilds(), before);
    assert_eq!(
        &*store.visible(0..1).next().unwrap().status,
        "CrashLoopBackOff"
    );

    store.set_sort(Some(SortSpec {
        column: col::RESTARTS,
        descending: false,
    }));
    store.refresh();
    store.apply(Delta::Upsert(pod_in("default", "b", "Pending", 0)));
    assert!(!store.is_dirty(), "the sort column did not change");
    store.apply(Delta::Upsert(pod_in("default", "b", "Running", 10)));
    assert!(store.is_dirty(), "the sort column changed");
}

#[test]
fn scroll_offset_moves_only_as_much_as_needed() {
    let names: Vec<String> = (0..20).map(|i| format!("p{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut store = store_of(&refs);
    assert_eq!(store.scroll_offset(5), 0);
    store.select_index(7);
    assert_eq!(store.scroll_offset(5), 3, "selection at the bottom edge");
    store.keep_selection_in_view(5);
    store.move_selection(-2);
    assert_eq!(
        store.scroll_offset(5),
        3,
        "moving up inside the window keeps it"
    );
    store.move_selection(-3);
    assert_eq!(store.scroll_offset(5), 2);
    store.select_last();
    assert_eq!(store.scroll_offset(5), 15);
}

/// A small deterministic random sequence (no test dependency needed).
fn next(seed: &mut u64) -> usize {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    (*seed >> 33) as usize
}

#[test]
fn changes_applied_in_place_give_the_view_a_rebuild_gives() {
    let statuses = ["Running", "Pending", "CrashLoopBackOff", "Completed"];
    let sorts = [
        None,
        Some(SortSpec {
            column: col::STATUS,
            descending: false,
        }),
        Some(SortSpec {
            column: col::RESTARTS,
            descending: true,
        }),
    ];
    let mut seed = 42;
    for sort in sorts {
        for filter in ["", "web", "!crash"] {
            let mut store = RowStore::new();
            store.set_filter(Filter::parse(filter).unwrap());
            store.set_sort(sort);
            let initial: Vec<PodRow> = (0..200)
                .map(|i: usize| {
                    let app = if i.is_multiple_of(3) { "web" } else { "api" };
                    pod_in("default", &format!("{app}-{i}"), statuses[i % 4], 0)
                })
                .collect();
            store.apply(Delta::Reset(initial));
            store.refresh();
            store.select_index(17);
            let mut current = filter.to_owned();
            for round in 0..30 {
                // Now and then the filter is typed on (narrowing) or erased, with changes
                // arriving before the next refresh.
                let refiltered = filter.is_empty() && next(&mut seed).is_multiple_of(3);
                if refiltered {
                    let chain = ["", "w", "we", "web", "web-1"];
                    current = chain[next(&mut seed) % chain.len()].to_owned();
                    store.set_filter(Filter::parse(&current).unwrap());
                }
                // A few changes at a time, as churn brings them: updates, new pods, deletions.
                for _ in 0..=(next(&mut seed) % 8) {
                    let i = next(&mut seed) % 260;
                    let app = if i.is_multiple_of(3) { "web" } else { "api" };
                    let name = format!("{app}-{i}");
                    if next(&mut seed).is_multiple_of(4) {
                        store.apply(Delta::Remove(ObjKey::new("default", name)));
                    } else {
                        let status = statuses[next(&mut seed) % 4];
                        let restarts = (next(&mut seed) % 5) as u32;
                        store.apply(Delta::Upsert(pod_in("default", &name, status, restarts)));
                    }
                }
                let chosen = store.selected_key().cloned();
                store.refresh();
                let in_place = names(&store);
                let mut all = RowStore::new();
                all.set_filter(Filter::parse(&current).unwrap());
                all.set_sort(sort);
                all.apply(Delta::Reset(
                    (0..store.len())
                        .map(|slot| store.rows[slot].clone())
                        .collect(),
                ));
                all.refresh();
                assert_eq!(
                    in_place,
                    names(&all),
                    "sort {sort:?}, filter {current:?}, round {round}"
                );
                if let Some(key) = chosen
                    .filter(|k| !refiltered && all.get(k).is_some_and(|r| all.filter().matches(r)))
                {
                    assert_eq!(
                        store.selected_key(),
                        Some(&key),
                        "the selection follows its row"
                    );
                }
            }
            assert_eq!(
                store.rebuilds(),
                1,
                "the order was sorted once, for the relist"
            );
        }
    }
}
