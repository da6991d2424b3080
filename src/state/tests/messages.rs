//! Messages from the watches, the terminal and the clock.

#![allow(clippy::wildcard_imports)]

use super::*;

#[test]
fn relist_loading_keeps_rows_and_reset_goes_live() {
    let mut state = dashboard(3);
    let k = keymap();
    update(
        &mut state,
        Msg::PodDelta(Delta::Loading { received: 3_500 }),
        &k,
    );
    state.refresh_views();
    assert_eq!(
        state.pods.connection,
        PaneConnection::Loading { received: 3_500 }
    );
    assert_eq!(state.pods.store.visible_len(), 4);
    update(
        &mut state,
        Msg::PodDelta(Delta::Reset(vec![pod_row("new", "x")])),
        &k,
    );
    state.refresh_views();
    assert_eq!(state.pods.connection, PaneConnection::Live);
    assert_eq!(state.pods.store.visible_len(), 1);
}

#[test]
fn connection_messages_mark_a_pane_and_keep_its_rows() {
    let mut state = dashboard(3);
    let k = keymap();
    let stale = PaneConnection::Retrying {
        in_secs: 2,
        since_unix: NOW - 30,
    };
    update(
        &mut state,
        Msg::Connection {
            pane: PaneId::Pods,
            state: stale.clone(),
        },
        &k,
    );
    assert_eq!(state.pods.connection, stale);
    assert_eq!(state.pods.store.len(), 4);
    let forbidden = PaneConnection::Forbidden {
        message: "nodes is forbidden".to_owned(),
    };
    update(
        &mut state,
        Msg::Connection {
            pane: PaneId::Nodes,
            state: forbidden.clone(),
        },
        &k,
    );
    assert_eq!(state.nodes.connection, forbidden);
    assert_eq!(state.pods.connection, stale);
}

#[test]
fn ticks_advance_the_clock_and_expire_toasts() {
    let mut state = dashboard(1);
    let k = keymap();
    update(
        &mut state,
        Msg::Toast {
            level: ToastLevel::Info,
            text: "hello".to_owned(),
        },
        &k,
    );
    assert_eq!(state.toasts.len(), 1);
    update(&mut state, Msg::Tick { now_unix: NOW + 2 }, &k);
    assert_eq!((state.now_unix, state.toasts.len()), (NOW + 2, 1));
    update(&mut state, Msg::Tick { now_unix: NOW + 10 }, &k);
    assert!(state.toasts.is_empty());
}

#[test]
fn only_the_latest_toasts_are_kept() {
    let mut state = dashboard(1);
    for i in 0..8 {
        update(
            &mut state,
            Msg::Toast {
                level: ToastLevel::Warn,
                text: i.to_string(),
            },
            &keymap(),
        );
    }
    let texts: Vec<&str> = state.toasts.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["3", "4", "5", "6", "7"]);
}

#[test]
fn key_releases_are_ignored() {
    let mut state = dashboard(1);
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert!(update(&mut state, Msg::Key(release), &keymap()).is_empty());
}

#[test]
fn scope_and_cluster_messages_update_the_header_state() {
    let mut state = dashboard(1);
    let k = keymap();
    update(
        &mut state,
        Msg::Scope {
            context: "prod".to_owned(),
            namespace: Some("shop".to_owned()),
        },
        &k,
    );
    update(
        &mut state,
        Msg::Cluster(ClusterStatus::Unreachable {
            message: "refused".into(),
        }),
        &k,
    );
    assert_eq!(
        (state.context.as_str(), state.namespace.as_deref()),
        ("prod", Some("shop"))
    );
    assert_eq!(
        state.cluster,
        ClusterStatus::Unreachable {
            message: "refused".to_owned()
        }
    );
}

#[test]
fn selection_stays_in_view_after_a_resize() {
    let mut state = dashboard(100);
    press(&mut state, "G");
    update(
        &mut state,
        Msg::Resize {
            width: 80,
            height: 20,
        },
        &keymap(),
    );
    let rows = layout::table_rows(layout::pane_area(state.screen, None, PaneId::Pods).unwrap());
    let offset = state.pods.store.scroll_offset(rows);
    let selected = state.pods.store.selected_index().unwrap();
    assert!(offset <= selected && selected < offset + rows);
}

#[test]
fn an_outage_keeps_the_time_it_began_across_retries() {
    let mut state = dashboard(3);
    let k = keymap();
    let retry = |in_secs, since_unix| Msg::Connection {
        pane: PaneId::Pods,
        state: PaneConnection::Retrying {
            in_secs,
            since_unix,
        },
    };
    update(&mut state, retry(1, NOW - 10), &k);
    update(&mut state, retry(4, NOW), &k);
    assert_eq!(
        state.pods.connection,
        PaneConnection::Retrying {
            in_secs: 4,
            since_unix: NOW - 10
        }
    );
    update(
        &mut state,
        Msg::Connection {
            pane: PaneId::Pods,
            state: PaneConnection::Live,
        },
        &k,
    );
    update(&mut state, retry(1, NOW + 60), &k);
    assert_eq!(
        state.pods.connection,
        PaneConnection::Retrying {
            in_secs: 1,
            since_unix: NOW + 60
        }
    );
    state.refresh_views();
    assert_eq!(
        state.pods.store.visible_len(),
        4,
        "rows kept while the watch is down"
    );
}
