//! Render snapshots at 120x40 with a fixed clock, reviewed and committed under
//! `src/ui/snapshots/`; plus checks of colors and of tiny terminals.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::style::Color;

use super::*;
use crate::config::KeyChord;
use crate::resources::{DeploymentRow, Labels, NodeRow, ObjKey, PodRow, ServiceRow, StatusClass};
use crate::state::{ClusterStatus, Msg, PaneConnection, ToastLevel, update};
use crate::store::Delta;

pub(super) const NOW: i64 = 1_700_000_000;
const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

#[allow(clippy::too_many_arguments)]
fn pod(
    ns: &str,
    name: &str,
    ready: (u16, u16),
    status: &str,
    class: StatusClass,
    restarts: (u32, Option<i64>),
    age: i64,
    ip: &str,
    node: &str,
) -> PodRow {
    PodRow {
        key: ObjKey::new(ns, name),
        ready: ready.0,
        total: ready.1,
        status: status.into(),
        status_class: class,
        restarts: restarts.0,
        last_restart_unix: restarts.1.map(|ago| NOW - ago),
        created_unix: Some(NOW - age),
        ip: ip.into(),
        node: node.into(),
        labels: Labels::from_pairs([("app", name.split('-').next().unwrap_or(name))]),
    }
}

fn pods() -> Vec<PodRow> {
    use StatusClass::{Failed, Pending, Running, Succeeded, Terminating};
    let w = "kind-worker";
    vec![
        pod(
            "default",
            "web-7c5ddbdf54-x8k2p",
            (1, 1),
            "Running",
            Running,
            (0, None),
            3 * DAY + 4 * HOUR,
            "10.244.1.12",
            w,
        ),
        pod(
            "default",
            "web-7c5ddbdf54-q9z7m",
            (1, 1),
            "Running",
            Running,
            (2, Some(5 * HOUR)),
            3 * DAY + 4 * HOUR,
            "10.244.2.7",
            "kind-worker2",
        ),
        pod(
            "default",
            "web-6f8d9c7b5-old1a",
            (0, 1),
            "Terminating",
            Terminating,
            (0, None),
            12 * DAY,
            "10.244.1.3",
            w,
        ),
        pod(
            "default",
            "pending-job-runner",
            (0, 1),
            "Pending",
            Pending,
            (0, None),
            45,
            "",
            "",
        ),
        pod(
            "shop",
            "api-6b8f9d7c4-lk2jd",
            (0, 1),
            "CrashLoopBackOff",
            Failed,
            (7, Some(2 * MIN + 3)),
            2 * HOUR,
            "10.244.1.20",
            w,
        ),
        pod(
            "shop",
            "worker-5f6d8c9b7-abcde",
            (0, 2),
            "Init:1/2",
            Pending,
            (0, None),
            90,
            "10.244.2.31",
            "kind-worker2",
        ),
        pod(
            "shop",
            "cart-84c9f6d5b-zz9qk",
            (0, 1),
            "ImagePullBackOff",
            Failed,
            (0, None),
            12 * MIN,
            "10.244.1.21",
            w,
        ),
        pod(
            "shop",
            "search-0",
            (0, 1),
            "OOMKilled",
            Failed,
            (3, Some(40)),
            5 * HOUR,
            "10.244.2.40",
            "kind-worker2",
        ),
        pod(
            "batch",
            "report-28473920-xk4lm",
            (0, 1),
            "Completed",
            Succeeded,
            (0, None),
            120 * DAY,
            "10.244.1.50",
            w,
        ),
        pod(
            "monitoring",
            "prometheus-0",
            (1, 2),
            "Running",
            Pending,
            (0, None),
            2 * 365 * DAY + 30 * DAY,
            "10.244.2.9",
            "kind-worker2",
        ),
        pod(
            "kube-system",
            "coredns-668d6bf9bc-7wq2x",
            (1, 1),
            "Running",
            Running,
            (0, None),
            120 * DAY,
            "10.244.0.2",
            "kind-control-plane",
        ),
        pod(
            "kube-system",
            "etcd-kind-control-plane",
            (1, 1),
            "Running",
            Running,
            (1, Some(30 * DAY)),
            120 * DAY,
            "172.18.0.2",
            "kind-control-plane",
        ),
    ]
}

pub(super) fn deployment(
    ns: &str,
    name: &str,
    replicas: (i32, i32, i32, i32),
    class: StatusClass,
) -> DeploymentRow {
    DeploymentRow {
        key: ObjKey::new(ns, name),
        ready: replicas.0,
        desired: replicas.1,
        up_to_date: replicas.2,
        available: replicas.3,
        created_unix: Some(NOW - 3 * DAY - 4 * HOUR),
        status_class: class,
        ..DeploymentRow::default()
    }
}

fn service(ns: &str, name: &str, type_: &str, ip: &str, external: &str, ports: &str) -> ServiceRow {
    ServiceRow {
        key: ObjKey::new(ns, name),
        type_: type_.into(),
        cluster_ip: ip.into(),
        external_ip: external.into(),
        ports: ports.into(),
        created_unix: Some(NOW - 120 * DAY),
        status_class: if external == "<pending>" {
            StatusClass::Pending
        } else {
            StatusClass::Running
        },
        ..ServiceRow::default()
    }
}

fn node(name: &str, status: &str, roles: &str, class: StatusClass) -> NodeRow {
    NodeRow {
        key: ObjKey::new("", name),
        status: status.into(),
        roles: roles.into(),
        version: "v1.32.0".into(),
        created_unix: Some(NOW - 120 * DAY),
        status_class: class,
        ..NodeRow::default()
    }
}

/// The dashboard of a small kind cluster, all namespaces, every watch live.
pub(super) fn cluster() -> State {
    use StatusClass::{Failed, Pending, Running};
    let keymap = Keymap::builtin("default").unwrap();
    let mut state = State::new("kind-dev", None, NOW);
    state.utc_offset_secs = HOUR as i32;
    state.cluster = ClusterStatus::Connected {
        server_version: Some("v1.32.0".to_owned()),
    };
    let msgs = vec![
        Msg::Resize {
            width: 120,
            height: 40,
        },
        Msg::PodDelta(Delta::Reset(pods())),
        Msg::DeploymentDelta(Delta::Reset(vec![
            deployment("default", "web", (2, 2, 2, 2), Running),
            deployment("shop", "api", (0, 1, 1, 0), Failed),
            deployment("shop", "worker", (0, 1, 1, 0), Pending),
            deployment("kube-system", "coredns", (2, 2, 2, 2), Running),
        ])),
        Msg::ServiceDelta(Delta::Reset(vec![
            service(
                "default",
                "kubernetes",
                "ClusterIP",
                "10.96.0.1",
                "<none>",
                "443/TCP",
            ),
            service(
                "default",
                "web",
                "LoadBalancer",
                "10.96.12.4",
                "<pending>",
                "80:31380/TCP",
            ),
            service(
                "kube-system",
                "kube-dns",
                "ClusterIP",
                "10.96.0.10",
                "<none>",
                "53/UDP,53/TCP,9153/TCP",
            ),
        ])),
        Msg::NodeDelta(Delta::Reset(vec![
            node("kind-control-plane", "Ready", "control-plane", Running),
            node("kind-worker", "Ready", "", Running),
            node("kind-worker2", "Ready,SchedulingDisabled", "", Pending),
        ])),
    ];
    for msg in msgs {
        update(&mut state, msg, &keymap);
    }
    state.refresh_views();
    state
}

pub(super) fn press(state: &mut State, key: &str) {
    let chord: KeyChord = key.parse().unwrap();
    let keymap = Keymap::builtin("default").unwrap();
    update(
        state,
        Msg::Key(KeyEvent::new(chord.code, chord.modifiers)),
        &keymap,
    );
    state.refresh_views();
}

pub(super) fn render_buffer(state: &State, width: u16, height: u16) -> Buffer {
    let theme = Theme::builtin("default").unwrap();
    let keymap = Keymap::builtin("default").unwrap();
    render_with(state, width, height, &theme, &keymap)
}

/// The screen drawn with `theme` and `keymap`.
pub(super) fn render_with(
    state: &State,
    width: u16,
    height: u16,
    theme: &Theme,
    keymap: &Keymap,
) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw(frame, state, theme, keymap))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as plain text, one line per row, trailing blanks trimmed.
pub(super) fn render(state: &State) -> String {
    let buffer = render_buffer(state, 120, 40);
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let line: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_owned())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn dashboard() {
    insta::assert_snapshot!("dashboard", render(&cluster()));
}

#[test]
fn zoomed_pane() {
    let mut state = cluster();
    press(&mut state, "tab");
    press(&mut state, "tab");
    press(&mut state, "j");
    press(&mut state, "enter");
    assert!(state.zoomed);
    insta::assert_snapshot!("zoomed_pane", render(&state));
}

#[test]
fn filtered_pane() {
    let mut state = cluster();
    press(&mut state, "/");
    for c in "shop".chars() {
        press(&mut state, &c.to_string());
    }
    insta::assert_snapshot!("filtered_pane", render(&state));
}

#[test]
fn help_screen() {
    let mut state = cluster();
    press(&mut state, "?");
    insta::assert_snapshot!("help_screen", render(&state));
}

#[test]
fn forbidden_pane() {
    let mut state = cluster();
    let keymap = Keymap::builtin("default").unwrap();
    update(
        &mut state,
        Msg::NodeDelta(Delta::Reset(Vec::new())),
        &keymap,
    );
    let message = "nodes is forbidden: User \"system:serviceaccount:dev:viewer\" cannot list \
                   resource \"nodes\" in API group \"\" at the cluster scope";
    update(
        &mut state,
        Msg::Connection {
            pane: PaneId::Nodes,
            state: PaneConnection::Forbidden {
                message: message.to_owned(),
            },
        },
        &keymap,
    );
    state.refresh_views();
    insta::assert_snapshot!("forbidden_pane", render(&state));
}

#[test]
fn pods_forbidden_across_namespaces_says_how_to_look_in_one() {
    let mut state = State::new("team", None, NOW);
    let keymap = Keymap::builtin("default").unwrap();
    update(&mut state, Msg::PodDelta(Delta::Reset(Vec::new())), &keymap);
    let message = "pods is forbidden: User \"dev\" cannot list resource \"pods\" in API \
                   group \"\" at the cluster scope";
    update(
        &mut state,
        Msg::Connection {
            pane: PaneId::Pods,
            state: PaneConnection::Forbidden {
                message: message.to_owned(),
            },
        },
        &keymap,
    );
    state.refresh_views();
    let screen = render(&state);
    assert!(
        screen.contains("You may still see single namespaces: :ns NAME"),
        "{screen}"
    );
    insta::assert_snapshot!("pods_forbidden_all_namespaces", screen);
}

#[test]
fn loading_pane() {
    let mut state = State::new("big-cluster", Some("load".to_owned()), NOW);
    let keymap = Keymap::builtin("default").unwrap();
    update(
        &mut state,
        Msg::Resize {
            width: 120,
            height: 40,
        },
        &keymap,
    );
    // The first page shows at once while the rest of the list arrives.
    let first_page: Vec<PodRow> = (0..30)
        .map(|i| {
            let mut row = pods()[0].clone();
            row.key = ObjKey::new("load", format!("load-{i:05}"));
            row
        })
        .collect();
    for row in first_page {
        update(&mut state, Msg::PodDelta(Delta::Upsert(row)), &keymap);
    }
    update(
        &mut state,
        Msg::PodDelta(Delta::Loading { received: 3_500 }),
        &keymap,
    );
    update(
        &mut state,
        Msg::DeploymentDelta(Delta::Loading { received: 120 }),
        &keymap,
    );
    update(
        &mut state,
        Msg::Cluster(ClusterStatus::Connected {
            server_version: None,
        }),
        &keymap,
    );
    state.refresh_views();
    insta::assert_snapshot!("loading_pane", render(&state));
}

#[test]
fn stale_pane() {
    let mut state = cluster();
    let keymap = Keymap::builtin("default").unwrap();
    update(
        &mut state,
        Msg::Connection {
            pane: PaneId::Pods,
            state: PaneConnection::Retrying {
                in_secs: 8,
                since_unix: NOW - 2 * MIN - 18,
            },
        },
        &keymap,
    );
    update(
        &mut state,
        Msg::Connection {
            pane: PaneId::Services,
            state: PaneConnection::Retrying {
                in_secs: 4,
                since_unix: NOW - 40,
            },
        },
        &keymap,
    );
    insta::assert_snapshot!("stale_pane", render(&state));
}

#[test]
fn delete_dialog_and_toast() {
    let mut state = cluster();
    press(&mut state, ":");
    for c in "frob".chars() {
        press(&mut state, &c.to_string());
    }
    press(&mut state, "enter");
    press(&mut state, "ctrl-d");
    insta::assert_snapshot!("delete_dialog_and_toast", render(&state));
}

#[test]
fn status_cells_are_colored_by_class() {
    let state = cluster();
    let buffer = render_buffer(&state, 120, 40);
    let theme = Theme::builtin("default").unwrap();
    let find = |needle: &str| {
        (0..buffer.area.height).find_map(|y| {
            let line: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect();
            line.find(needle)
                .map(|x| (line[..x].chars().count() as u16, y))
        })
    };
    let (x, y) = find("CrashLoopBackOff").unwrap();
    assert_eq!(
        buffer[(x, y)].fg,
        theme.style(Meaning::StatusFailed).fg.unwrap()
    );
    let (x, y) = find("Completed").unwrap();
    assert_eq!(
        buffer[(x, y)].fg,
        theme.style(Meaning::StatusSucceeded).fg.unwrap()
    );
    assert_ne!(buffer[(x, y)].fg, Color::Reset);
    // The first pod is selected in the focused pane: its whole row is highlighted.
    let selected_bg = theme.style(Meaning::UiSelected).bg.unwrap();
    let (_, y) = find("report-28473920").unwrap();
    assert!((1..119).all(|x| buffer[(x, y)].bg == selected_bg));
    let (_, y) = find("pending-job-runner").unwrap();
    assert_ne!(buffer[(5, y)].bg, selected_bg);
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let mut state = cluster();
    let keymap = Keymap::builtin("default").unwrap();
    let mut evil = pods()[0].clone();
    evil.key = ObjKey::new("default", "aaa\u{1b}]0;pwned\u{7}");
    evil.status = "\u{1b}[2J".into();
    update(&mut state, Msg::PodDelta(Delta::Upsert(evil)), &keymap);
    update(
        &mut state,
        Msg::Toast {
            level: crate::state::ToastLevel::Info,
            text: "\u{1b}[31m".into(),
        },
        &keymap,
    );
    state.refresh_views();
    let screen = render(&state);
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
    assert!(screen.contains("aaa\\e]0;pwned\\x07"), "{screen}");
}

#[test]
fn tiny_and_empty_terminals_do_not_panic() {
    let mut state = cluster();
    for (w, h) in [(1, 1), (10, 5), (30, 8), (200, 3)] {
        render_buffer(&state, w, h);
    }
    press(&mut state, "?");
    render_buffer(&state, 15, 6);
    render_buffer(&state, 40, 12);
}

#[test]
fn debug_form_over_the_dashboard() {
    let mut state = cluster();
    state.debug_images = vec!["busybox:1.36".to_owned(), "nicolaka/netshoot".to_owned()];
    press(&mut state, "D");
    press(&mut state, "tab");
    press(&mut state, "tab");
    press(&mut state, "right");
    insta::assert_snapshot!("debug_form", render(&state));
}

#[test]
fn error_toasts_keep_the_api_message_whole() {
    let mut state = cluster();
    let keymap = Keymap::builtin("default").unwrap();
    let text = "read-only mode: scale deployment shop/frontend to 4 refused (context prod is \
                read-only in config.yaml)";
    update(
        &mut state,
        Msg::Toast {
            level: ToastLevel::Error,
            text: text.to_owned(),
        },
        &keymap,
    );
    let screen = render(&state);
    assert!(screen.contains("read-only in config.yaml)"), "{screen}");
    update(
        &mut state,
        Msg::Toast {
            level: ToastLevel::Info,
            text: text.to_owned(),
        },
        &keymap,
    );
    let screen = render(&state);
    let info = screen.lines().rfind(|l| l.contains("ℹ")).unwrap();
    assert!(!info.contains("config.yaml)"), "notices stay short: {info}");
}
