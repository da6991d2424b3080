//! The event loop, on top of everything: owns `State`, turns terminal input, watch updates,
//! ticks and signals into `Msg`s, drains every pending message before drawing (a burst of
//! events is one frame, at most ~60 a second), and executes the `Effect`s `update` returns
//! (restarting watches on a namespace or context switch; fetching objects for the YAML and
//! describe views; running edit sessions, which suspend the terminal around the editor;
//! starting and stopping log tails, writing saved logs).

mod connecting;
mod edit;
mod input;
mod shell;
mod shell_keys;
mod views;

pub use connecting::wait_for_cluster;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEventKind, MouseEventKind};
use tokio::sync::mpsc;

use crate::cluster::{self, Connection, Update, WatchHealth, WatchSet};
use crate::config::{ContextPolicy, Keymap, Library, Settings, Theme};
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
    /// A message from a task (an object fetched for a view, …).
    Msg(Msg),
    /// The object to edit was read (or could not be).
    EditFetched {
        kind: ResourceKind,
        key: crate::resources::ObjKey,
        result: Result<serde_json::Value, String>,
    },
    /// The object whose journaled change is to be undone was read (or could not be).
    UndoFetched {
        entry: Box<crate::journal::JournalEntry>,
        result: Result<serde_json::Value, String>,
    },
    /// An edit's apply finished.
    EditApplied {
        session: u64,
        outcome: edit::Applied,
    },
    /// A report of the log tail started for the log view `view`.
    Logs {
        view: u64,
        report: cluster::logs::LogReport,
    },
    LogsSaved(Result<String, String>),
    Stop,
}

/// How the dashboard starts.
pub struct AppOptions {
    /// `None`: all namespaces.
    pub namespace: Option<String>,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Refuse every mutation (`--readonly`, or `readonly: true` for the starting context).
    pub readonly: bool,
    /// `--readonly`: read-only in every context, whatever `config.yaml` says.
    pub readonly_flag: bool,
    /// `config.yaml`: per-context policy, aliases, mouse, log and debug defaults.
    pub settings: Settings,
    /// Loads themes and keymaps for `:theme NAME` and `:keymap NAME`.
    pub library: Library,
    /// Lines of history a log view starts from.
    pub log_tail: usize,
    /// Lines a log view keeps.
    pub log_buffer: usize,
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
        mut theme,
        mut keymap,
        readonly,
        readonly_flag,
        settings,
        library,
        log_tail,
        log_buffer,
    } = options;
    let mut guard = TerminalGuard::enter(settings.mouse)?;
    let size = guard.terminal().size()?;
    let mut state = State::new(conn.context.clone(), namespace.clone(), now_unix());
    state.readonly = readonly;
    state.log_settings.tail = log_tail;
    state.log_settings.capacity = log_buffer;
    state.cluster = ClusterStatus::Connected {
        server_version: Some(conn.server_version.clone()),
    };
    state.command_aliases.clone_from(&settings.aliases);
    state.debug_images.clone_from(&settings.debug_images);
    state.shells.clone_from(&settings.shell);
    state.confirm_edits = settings.edit.confirm_diff;
    let policy_of = |context: &str| settings.policy(context, readonly_flag);
    let mut policy = ContextPolicy {
        readonly: readonly || readonly_flag,
        ..policy_of(&conn.context)
    };
    state::update(&mut state, Msg::Policy(policy), &keymap);
    state::update(
        &mut state,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
        &keymap,
    );

    let (tx, mut rx) = mpsc::unbounded_channel();
    let input = {
        let tx = tx.clone();
        input::Input::spawn(move |ev| tx.send(AppEvent::Input(ev)).is_ok())
    };
    let view_sink: views::MsgSink = {
        let tx = tx.clone();
        Arc::new(move |msg| {
            let _ = tx.send(AppEvent::Msg(msg));
        })
    };
    let mut describe = views::DescribeFollower::default();
    let mut editing = edit::Editing::new(
        crate::editor::recovery::default_dir(),
        crate::journal::Journal::default_location(),
    );
    spawn_signals(tx.clone());
    let mut generation = 0;
    let mut watches = start_watches(&conn, namespace.as_deref(), generation, &tx);
    let mut mutator = new_mutator(&conn, policy.readonly, readonly_flag, &tx);
    let mut log_tail: Option<cluster::LogTail> = None;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut last_draw: Option<Instant> = None;
    let mut dirty = true;
    // Input arrived since the last frame (or the focused pane's first rows): draw without
    // waiting for the frame interval.
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
                    // Clicks and the wheel; pointer movement is not worth a frame.
                    AppEvent::Input(Event::Mouse(m))
                        if settings.mouse
                            && !matches!(
                                m.kind,
                                MouseEventKind::Moved | MouseEventKind::Drag(_)
                            ) =>
                    {
                        dirty |= handle(&mut state, Msg::Mouse(m), &keymap, &mut effects);
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
                        let was_empty = state.focused().is_empty();
                        dirty |= handle(&mut state, to_msg(update), &keymap, &mut effects);
                        // The first rows of the pane the user looks at are drawn at once, as
                        // input is (not a frame interval after the loading frame).
                        let first_rows = was_empty && !state.focused().is_empty();
                        if first_rows {
                            tracing::debug!("first rows of the focused pane received");
                        }
                        input_pending |= first_rows;
                    }
                    // Other input, and updates from a scope already switched away from.
                    AppEvent::Input(_) | AppEvent::Cluster { .. } => {}
                    AppEvent::Switched(result) => match *result {
                        Ok(new) => {
                            conn = new;
                            policy = policy_of(&conn.context);
                            mutator = new_mutator(&conn, policy.readonly, readonly_flag, &tx);
                            let msg = Msg::Policy(policy);
                            dirty |= handle(&mut state, msg, &keymap, &mut effects);
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
                    AppEvent::Msg(msg) => {
                        dirty |= handle(&mut state, msg, &keymap, &mut effects);
                    }
                    AppEvent::EditFetched { kind, key, result } => {
                        let mut ctx = edit::Ctx {
                            guard: &mut guard,
                            input: &input,
                            client: &conn.client,
                            context: &conn.context,
                        };
                        for msg in editing.open(&mut ctx, kind, key, result).await {
                            dirty |= handle(&mut state, msg, &keymap, &mut effects);
                        }
                    }
                    AppEvent::UndoFetched { entry, result } => {
                        let mut ctx = edit::Ctx {
                            guard: &mut guard,
                            input: &input,
                            client: &conn.client,
                            context: &conn.context,
                        };
                        for msg in editing.open_undo(&mut ctx, *entry, result).await {
                            dirty |= handle(&mut state, msg, &keymap, &mut effects);
                        }
                    }
                    AppEvent::EditApplied { session, outcome } => {
                        let mut ctx = edit::Ctx {
                            guard: &mut guard,
                            input: &input,
                            client: &conn.client,
                            context: &conn.context,
                        };
                        for msg in editing.applied(&mut ctx, session, outcome).await {
                            dirty |= handle(&mut state, msg, &keymap, &mut effects);
                        }
                    }
                    AppEvent::Logs { view, report } => {
                        let msg = Msg::Log { view, report };
                        dirty |= handle(&mut state, msg, &keymap, &mut effects);
                    }
                    AppEvent::LogsSaved(result) => {
                        let msg = Msg::LogsSaved(result);
                        dirty |= handle(&mut state, msg, &keymap, &mut effects);
                    }
                    AppEvent::Stop => quit = true,
                }
            }
            for effect in effects.drain(..) {
                if let Some(mutation) = mutation_of(&effect) {
                    let id = cluster::actions::start(&mutator, mutation);
                    let started = Msg::ActionStarted { id, effect };
                    dirty |= handle(&mut state, started, &keymap, &mut Vec::new());
                    continue;
                }
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
                    Effect::SwitchTheme(name) => {
                        let msg = match library.theme(&name) {
                            Ok(new) => {
                                theme = new;
                                info(format!("theme {name}"))
                            }
                            Err(e) => error(e.to_string()),
                        };
                        dirty |= handle(&mut state, msg, &keymap, &mut Vec::new());
                    }
                    Effect::SwitchKeymap(name) => {
                        let msg = match library.keymap(&name) {
                            Ok(new) => {
                                keymap = new;
                                info(format!("keymap {name}"))
                            }
                            Err(e) => error(e.to_string()),
                        };
                        dirty |= handle(&mut state, msg, &keymap, &mut Vec::new());
                    }
                    Effect::ShowYaml { kind, key } => {
                        views::fetch_yaml(&conn.client, kind, key, view_sink.clone());
                    }
                    Effect::Describe { kind, key } => {
                        describe.start(&conn.client, kind, key, view_sink.clone());
                    }
                    Effect::StopDescribe => describe.stop(),
                    Effect::CopyText { text } => {
                        dirty |= handle(&mut state, views::copy(&text), &keymap, &mut Vec::new());
                    }
                    Effect::SaveText { file_name, text } => {
                        let msg = views::save(&file_name, &text);
                        dirty |= handle(&mut state, msg, &keymap, &mut Vec::new());
                    }
                    Effect::Edit { kind, key } if !mutator.readonly() => {
                        let tx = tx.clone();
                        views::fetch_for_edit(&conn.client, kind, key, move |kind, key, result| {
                            let _ = tx.send(AppEvent::EditFetched { kind, key, result });
                        });
                    }
                    Effect::Debug(spec) if !mutator.readonly() => {
                        let tx = tx.clone();
                        let pod = spec.pod.clone();
                        cluster::debug::start(&mutator, spec, move |container| {
                            let _ = tx.send(AppEvent::Msg(Msg::DebugReady { pod, container }));
                        });
                    }
                    Effect::FindShellTargets { pod, kind } if !mutator.readonly() => {
                        let (tx, client) = (tx.clone(), conn.client.clone());
                        tokio::spawn(async move {
                            let result = cluster::shell_target::fetch(client, &pod).await;
                            let msg = Msg::ShellTargets { pod, kind, result };
                            let _ = tx.send(AppEvent::Msg(msg));
                        });
                    }
                    Effect::Shell {
                        pod,
                        container,
                        kind,
                    } if !mutator.readonly() => {
                        let msg = shell::open_and_hand_off(
                            &mut guard,
                            &input,
                            &conn.client,
                            &pod,
                            container.as_deref(),
                            &kind,
                        )
                        .await;
                        dirty |= handle(&mut state, msg, &keymap, &mut Vec::new());
                    }
                    Effect::Undo(entry) if !mutator.readonly() => {
                        let tx = tx.clone();
                        let (kind, key) = (entry.kind(), entry.key());
                        if let Some(kind) = kind {
                            views::fetch_for_edit(&conn.client, kind, key, move |_, _, result| {
                                let _ = tx.send(AppEvent::UndoFetched { entry, result });
                            });
                        } else {
                            let text = format!("cannot undo: unknown kind {}", entry.resource);
                            dirty |= handle(&mut state, error(text), &keymap, &mut Vec::new());
                        }
                    }
                    Effect::LoadHistory => {
                        let tx = tx.clone();
                        tokio::task::spawn_blocking(move || {
                            let result = match crate::journal::Journal::default_location() {
                                Some(journal) => journal
                                    .read()
                                    .map_err(|e| format!("{}: {e}", journal.path().display())),
                                None => Err("no state directory is known for this user".to_owned()),
                            };
                            let _ = tx.send(AppEvent::Msg(Msg::HistoryLoaded(result)));
                        });
                    }
                    Effect::EditDecision { session, decision } => {
                        let mut ctx = edit::Ctx {
                            guard: &mut guard,
                            input: &input,
                            client: &conn.client,
                            context: &conn.context,
                        };
                        let msgs = editing
                            .decide(&mut ctx, &mutator, &tx, session, decision)
                            .await;
                        // Handled on the next pass, so that their effects run too.
                        for msg in msgs {
                            let _ = tx.send(AppEvent::Msg(msg));
                        }
                    }
                    Effect::ScaleSoon { key, seq, after } => {
                        let tx = tx.clone();
                        tokio::spawn(async move {
                            tokio::time::sleep(after).await;
                            let _ = tx.send(AppEvent::Msg(Msg::ScaleDue { key, seq }));
                        });
                    }
                    Effect::StreamLogs {
                        view,
                        target,
                        options,
                    } => {
                        // The old tail's tasks are aborted before the new one starts.
                        drop(log_tail.take());
                        let tx = tx.clone();
                        let sink: cluster::logs::LogSink = Arc::new(move |report| {
                            let _ = tx.send(AppEvent::Logs { view, report });
                        });
                        log_tail = Some(cluster::LogTail::start(
                            conn.client.clone(),
                            target,
                            options,
                            sink,
                        ));
                    }
                    Effect::StopLogs => log_tail = None,
                    Effect::SaveLogs { file_name, text } => {
                        let tx = tx.clone();
                        tokio::task::spawn_blocking(move || {
                            let _ = tx.send(AppEvent::LogsSaved(save_log(&file_name, &text)));
                        });
                    }
                    // Started above through `mutation_of`.
                    Effect::Scale { .. }
                    | Effect::Restart { .. }
                    | Effect::Delete { .. }
                    | Effect::Cordon { .. }
                    | Effect::Uncordon { .. }
                    | Effect::Drain { .. } => {}
                    // Reached only in read-only mode (the guarded arms above take them
                    // otherwise): refused through the one place mutations go, which says why.
                    refused @ (Effect::Edit { .. }
                    | Effect::Undo(_)
                    | Effect::Debug(_)
                    | Effect::FindShellTargets { .. }
                    | Effect::Shell { .. }) => {
                        mutator.start(refused_label(&refused), |_, _| async { Ok(String::new()) });
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
            #[cfg(debug_assertions)]
            crate::terminal::panic_if_asked();
            last_draw = Some(Instant::now());
            tracing::trace!(rows = state.focused().len(), "frame drawn");
            dirty = false;
            input_pending = false;
        }
    }
    input.stop();
    drop(describe);
    drop(log_tail);
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
    readonly_flag: bool,
    tx: &mpsc::UnboundedSender<AppEvent>,
) -> cluster::Mutator {
    let tx = tx.clone();
    let sink: cluster::ops::ReportSink = Arc::new(move |report| {
        let _ = tx.send(AppEvent::Operation(report));
    });
    let mutator = cluster::Mutator::new(conn.client.clone(), readonly, sink);
    if readonly && !readonly_flag {
        let reason = format!("context {} is read-only in config.yaml", conn.context);
        mutator.with_readonly_reason(reason)
    } else {
        mutator
    }
}

fn info(text: String) -> Msg {
    Msg::Toast {
        level: ToastLevel::Info,
        text,
    }
}

fn error(text: String) -> Msg {
    Msg::Toast {
        level: ToastLevel::Error,
        text,
    }
}

fn handle(state: &mut State, msg: Msg, keymap: &Keymap, effects: &mut Vec<Effect>) -> bool {
    effects.extend(state::update(state, msg, keymap));
    true
}

/// The cluster action an effect asks for, when it is one of the row actions.
fn mutation_of(effect: &Effect) -> Option<cluster::Mutation> {
    use cluster::Mutation;
    let node = |key: &crate::resources::ObjKey| key.name.clone();
    Some(match effect {
        Effect::Scale { key, replicas } => Mutation::Scale {
            key: key.clone(),
            replicas: *replicas,
        },
        Effect::Restart { key } => Mutation::Restart { key: key.clone() },
        Effect::Delete { kind, key } => Mutation::Delete {
            kind: *kind,
            key: key.clone(),
        },
        Effect::Cordon { key } => Mutation::Cordon { node: node(key) },
        Effect::Uncordon { key } => Mutation::Uncordon { node: node(key) },
        Effect::Drain { key } => Mutation::Drain { node: node(key) },
        _ => return None,
    })
}

/// What a refused interactive mutation is called in the refusal.
fn refused_label(effect: &Effect) -> &'static str {
    match effect {
        Effect::Edit { .. } => "edit",
        Effect::Undo(_) => "undo",
        Effect::Debug(_) => "debug",
        Effect::Shell { .. } | Effect::FindShellTargets { .. } => "shell",
        _ => "change",
    }
}

/// Writes a saved log under kview's state directory (private to the user); returns the path.
fn save_log(file_name: &str, text: &str) -> Result<String, String> {
    let base = dirs::state_dir()
        .or_else(dirs::cache_dir)
        .ok_or_else(|| "no state or cache directory is known for this user".to_owned())?;
    let dir = base.join("kview").join("logs");
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(file_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.display().to_string())
}
