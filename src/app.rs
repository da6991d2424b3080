//! The event loop, on top of everything: owns `State`, turns terminal input, watch updates,
//! ticks and signals into `Msg`s, drains every pending message before drawing (a burst of
//! events is one frame, at most ~60 a second), and executes the `Effect`s `update` returns
//! (restarting watches on a namespace or context switch).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyEventKind};
use tokio::sync::mpsc;

use crate::cluster::{self, Connection, Update, WatchHealth, WatchSet};
use crate::config::{Keymap, Theme};
use crate::resources::ResourceKind;
use crate::state::{self, ClusterStatus, Effect, Msg, PaneConnection, PaneId, State, ToastLevel};
use crate::terminal::TerminalGuard;

/// Everything that can wake the loop.
enum AppEvent {
    Input(Event),
    /// A watch update, tagged with the scope generation that produced it.
    Cluster {
        generation: u64,
        update: Update,
    },
    Switched(Box<Result<Connection, cluster::connect::ConnectError>>),
    Operation(cluster::OpReport),
    Stop,
}

/// How the dashboard starts.
pub struct AppOptions {
    /// `None`: all namespaces.
    pub namespace: Option<String>,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Refuse every mutation.
    pub readonly: bool,
}

/// Cluster changes are drawn at most once per FRAME, so a burst is one frame; input is drawn
/// at once.
const FRAME: Duration = Duration::from_millis(16);
/// Most messages handled before a frame is drawn anyway, so input never starves.
const MAX_BATCH: usize = 20_000;

fn now_unix() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn pane_of(kind: ResourceKind) -> PaneId {
    match kind {
        ResourceKind::Pod => PaneId::Pods,
        ResourceKind::Deployment => PaneId::Deployments,
        ResourceKind::Service => PaneId::Services,
        ResourceKind::Node => PaneId::Nodes,
    }
}

fn to_msg(update: Update) -> Msg {
    match update {
        Update::Pods(d) => Msg::PodDelta(d),
        Update::Deployments(d) => Msg::DeploymentDelta(d),
        Update::Services(d) => Msg::ServiceDelta(d),
        Update::Nodes(d) => Msg::NodeDelta(d),
        Update::Health { kind, health } => Msg::Connection {
            pane: pane_of(kind),
            state: match health {
                WatchHealth::Loading { received } => PaneConnection::Loading { received },
                WatchHealth::Live => PaneConnection::Live,
                WatchHealth::Retrying { in_secs, .. } => PaneConnection::Retrying {
                    in_secs,
                    since_unix: now_unix(),
                },
                WatchHealth::Forbidden { message } => PaneConnection::Forbidden { message },
            },
        },
    }
}

fn start_watches(
    conn: &Connection,
    namespace: Option<&str>,
    generation: u64,
    tx: &mpsc::UnboundedSender<AppEvent>,
) -> WatchSet {
    let tx = tx.clone();
    let sink: cluster::watch::Sink = Arc::new(move |update| {
        let _ = tx.send(AppEvent::Cluster { generation, update });
    });
    WatchSet::start(&conn.client, namespace, sink)
}

/// Reads terminal input on its own thread (crossterm's reader blocks).
fn spawn_input(tx: mpsc::UnboundedSender<AppEvent>, stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            match event::poll(Duration::from_millis(100)) {
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if tx.send(AppEvent::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Ok(false) => {}
                Err(_) => return,
            }
        }
    });
}

fn spawn_signals(tx: mpsc::UnboundedSender<AppEvent>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
        let _ = tx.send(AppEvent::Stop);
    });
    #[cfg(not(unix))]
    let _ = tx;
}

/// Runs the dashboard until the user quits or a signal arrives.
pub async fn run(mut conn: Connection, options: AppOptions) -> std::io::Result<()> {
    let AppOptions {
        namespace,
        theme,
        keymap,
        readonly,
    } = options;
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal().size()?;
    let mut state = State::new(conn.context.clone(), namespace.clone(), now_unix());
    state.cluster = ClusterStatus::Connected {
        server_version: Some(conn.server_version.clone()),
    };
    state::update(
        &mut state,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
        &keymap,
    );

    let (tx, mut rx) = mpsc::unbounded_channel();
    let stop_input = Arc::new(AtomicBool::new(false));
    spawn_input(tx.clone(), stop_input.clone());
    spawn_signals(tx.clone());
    let mut generation = 0;
    let mut watches = start_watches(&conn, namespace.as_deref(), generation, &tx);
    let mut mutator = new_mutator(&conn, readonly, &tx);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut last_draw: Option<Instant> = None;
    let mut dirty = true;
    // Input arrived since the last frame: draw without waiting for the frame interval.
    let mut input_pending = false;
    // When the next frame is due, while something waits to be drawn.
    let mut frame_due: Option<Instant> = None;
    let mut quit = false;

    while !quit {
        let first = tokio::select! {
            ev = rx.recv() => ev,
            _ = tick.tick() => {
                dirty |= handle(&mut state, Msg::Tick { now_unix: now_unix() }, &keymap, &mut Vec::new());
                None
            }
            // The frame interval passed with changes waiting: draw them.
            () = sleep_until(frame_due) => None,
        };
        let mut effects = Vec::new();
        let mut pending = first.into_iter().collect::<Vec<_>>();
        let mut handled = 0;
        loop {
            for ev in pending.drain(..) {
                handled += 1;
                match ev {
                    AppEvent::Input(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                        input_pending = true;
                        dirty |= handle(&mut state, Msg::Key(k), &keymap, &mut effects);
                    }
                    AppEvent::Input(Event::Resize(width, height)) => {
                        input_pending = true;
                        dirty |= handle(
                            &mut state,
                            Msg::Resize { width, height },
                            &keymap,
                            &mut effects,
                        );
                    }
                    AppEvent::Cluster {
                        generation: g,
                        update,
                    } if g == generation => {
                        dirty |= handle(&mut state, to_msg(update), &keymap, &mut effects);
                    }
                    // Other input, and updates from a scope already switched away from.
                    AppEvent::Input(_) | AppEvent::Cluster { .. } => {}
                    AppEvent::Switched(result) => match *result {
                        Ok(new) => {
                            conn = new;
                            mutator = new_mutator(&conn, readonly, &tx);
                            generation += 1;
                            watches =
                                start_watches(&conn, state.namespace.as_deref(), generation, &tx);
                            let scope = Msg::Scope {
                                context: conn.context.clone(),
                                namespace: state.namespace.clone(),
                            };
                            dirty |= handle(&mut state, scope, &keymap, &mut effects);
                            let connected = Msg::Cluster(ClusterStatus::Connected {
                                server_version: Some(conn.server_version.clone()),
                            });
                            dirty |= handle(&mut state, connected, &keymap, &mut effects);
                        }
                        Err(e) => {
                            let toast = Msg::Toast {
                                level: ToastLevel::Error,
                                text: e.to_string(),
                            };
                            dirty |= handle(&mut state, toast, &keymap, &mut effects);
                        }
                    },
                    AppEvent::Operation(r) => {
                        let msg = Msg::Operation {
                            id: r.id,
                            label: r.label,
                            status: r.status,
                        };
                        dirty |= handle(&mut state, msg, &keymap, &mut effects);
                    }
                    AppEvent::Stop => quit = true,
                }
            }
            for effect in effects.drain(..) {
                match effect {
                    Effect::Quit => quit = true,
                    Effect::SwitchNamespace(ns) => {
                        generation += 1;
                        watches = start_watches(&conn, ns.as_deref(), generation, &tx);
                    }
                    Effect::SwitchContext(name) => {
                        let current = conn.clone();
                        let tx = tx.clone();
                        tokio::spawn(async move {
                            let _ =
                                tx.send(AppEvent::Switched(Box::new(current.switch(&name).await)));
                        });
                    }
                    other if mutator.readonly() && is_mutation(&other) => {
                        // Refused through the one place mutations go, which says why.
                        mutator.start(effect_name(&other), |_, _| async { Ok(String::new()) });
                    }
                    other => {
                        let text = format!("{} is not available yet", effect_name(&other));
                        dirty |= handle(
                            &mut state,
                            Msg::Toast {
                                level: ToastLevel::Info,
                                text,
                            },
                            &keymap,
                            &mut Vec::new(),
                        );
                    }
                }
            }
            if quit || handled >= MAX_BATCH {
                break;
            }
            match rx.try_recv() {
                Ok(ev) => pending.push(ev),
                Err(_) => break,
            }
        }
        if quit {
            break;
        }
        // Cluster changes: at most one frame per FRAME, so a burst accumulates into one draw
        // (messages keep being read meanwhile). Input: drawn at once.
        frame_due = None;
        if dirty {
            let due = match last_draw {
                Some(t) if !input_pending => t + FRAME,
                _ => Instant::now(),
            };
            if Instant::now() < due {
                frame_due = Some(due);
                continue;
            }
            state.refresh_views();
            guard
                .terminal()
                .draw(|frame| crate::ui::draw(frame, &state, &theme, &keymap))?;
            last_draw = Some(Instant::now());
            dirty = false;
            input_pending = false;
        }
    }
    stop_input.store(true, Ordering::Relaxed);
    drop(watches);
    drop(guard);
    Ok(())
}

/// Resolves at `due`, or never without one.
async fn sleep_until(due: Option<Instant>) {
    match due {
        Some(due) => tokio::time::sleep_until(due.into()).await,
        None => std::future::pending().await,
    }
}

fn new_mutator(
    conn: &Connection,
    readonly: bool,
    tx: &mpsc::UnboundedSender<AppEvent>,
) -> cluster::Mutator {
    let tx = tx.clone();
    let sink: cluster::ops::ReportSink = Arc::new(move |report| {
        let _ = tx.send(AppEvent::Operation(report));
    });
    cluster::Mutator::new(conn.client.clone(), readonly, sink)
}

fn handle(state: &mut State, msg: Msg, keymap: &Keymap, effects: &mut Vec<Effect>) -> bool {
    effects.extend(state::update(state, msg, keymap));
    true
}

fn is_mutation(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::Edit { .. }
            | Effect::Scale { .. }
            | Effect::ScaleBy { .. }
            | Effect::Debug { .. }
            | Effect::Delete { .. }
    )
}

fn effect_name(effect: &Effect) -> &'static str {
    match effect {
        Effect::OpenLogs { .. } => "logs",
        Effect::ShowYaml { .. } => "YAML view",
        Effect::Describe { .. } => "describe",
        Effect::Edit { .. } => "edit",
        Effect::Scale { .. } | Effect::ScaleBy { .. } => "scaling",
        Effect::Debug { .. } => "debug",
        Effect::Delete { .. } => "delete",
        Effect::Quit | Effect::SwitchNamespace(_) | Effect::SwitchContext(_) => "this",
    }
}
