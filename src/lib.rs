//! kview: a terminal dashboard for Kubernetes, and the simulated cluster it ships with.
//!
//! Module map, top to bottom; every import points down this list, and `sim` stands apart
//! (it shares no code with the client side and is reached only through a kubeconfig):
//! - `cli`: the command-line contract.
//! - `app`: the event loop: owns `State`, turns inputs into messages, runs effects, draws.
//! - `terminal`: raw mode and alternate screen, restored on every exit path; suspended
//!   around the editor.
//! - `editor`: the `$EDITOR` round trip: private temp file, editor command, recovery files.
//! - `ui`: rendering only (`draw(&State, ..)`); never mutates.
//! - `state`: `State`, `Msg`, `Effect`, `update`; decides, does no I/O.
//! - `cluster`: everything that talks to the API server (connect, watches, log streams, the
//!   actions that change the cluster, debug containers and exec/attach streams).
//! - `journal`: the local record of applied edits (`:history`, undo); state only uses its
//!   entry type, the app reads and writes the file.
//! - `store`: the rows of one pane and their filtered, sorted view.
//! - `manifest`: objects as text: the YAML view (masking), the edit file and its checks,
//!   describe, diffs and three-way merges. Pure.
//! - `resources`: one file per kind: compact rows, columns, projections (pod status as kubectl).
//! - `config`: embedded themes and keymaps, the user's config directory laid over them
//!   (`config.yaml`, own themes and keymaps), color depth; `--print-config`/`--check-config`.
//! - `sanitize`: makes cluster-provided text inert in a terminal.
//! - `logging`: the diagnostics log file, which never receives object bodies or Secret values.
//! - `sim`: the simulated Kubernetes API server (`kview simulate`, `kview --demo`, tests).
//!
//! `run()` parses the command line and starts the requested mode.

pub mod app;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod editor;
pub mod journal;
pub mod logging;
pub mod manifest;
pub mod resources;
pub mod sanitize;
pub mod sim;
pub mod state;
pub mod store;
pub mod terminal;
#[cfg(test)]
mod testing;
pub mod ui;

use std::path::Path;
use std::process::ExitCode;

use clap::Parser as _;

/// What the user reads when kview cannot start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Sim(#[from] sim::SimError),
    #[error("cannot write kubeconfig {path}: {source}")]
    WriteKubeconfig {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("{0}")]
    Usage(String),
    #[error("cannot open log file {path}: {source}")]
    LogFile {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Connect(#[from] cluster::connect::ConnectError),
    #[error("{0}")]
    Config(#[from] config::ConfigError),
    #[error("terminal: {0}")]
    Terminal(std::io::Error),
    #[error("the configuration has {0} problem(s), listed above")]
    ConfigProblems(usize),
}

/// The program: parse arguments, run, and turn an error into one line on stderr.
pub fn run() -> ExitCode {
    let cli = cli::Cli::parse();
    match run_cli(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the underlying error text looks like.
            let text = e.to_string();
            let line: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            eprintln!("kview: {}", line.join(" "));
            ExitCode::FAILURE
        }
    }
}

fn run_cli(cli: cli::Cli) -> Result<(), Error> {
    let _log = init_logging(cli.tui.log_file.as_deref())?;
    if cli.tui.print_config || cli.tui.check_config {
        return show_config(&cli.tui);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    match cli.command {
        Some(cli::Command::Simulate(args)) => {
            let Some(path) = cli.tui.kubeconfig.clone() else {
                return Err(Error::Usage(
                    "simulate needs --kubeconfig PATH to write the cluster's kubeconfig to".into(),
                ));
            };
            runtime.block_on(simulate(args, &path))
        }
        None => runtime.block_on(dashboard(cli.tui)),
    }
}

/// `--print-config` and `--check-config`: no cluster, no terminal.
fn show_config(args: &cli::TuiArgs) -> Result<(), Error> {
    let config = config::Effective::load(
        &config::ConfigEnv::from_process(),
        args.theme.as_deref(),
        args.keymap.as_deref(),
    )?;
    if args.print_config {
        print!("{}", config.report());
        return Ok(());
    }
    let problems = config.check_user_files();
    if problems.is_empty() {
        println!(
            "configuration ok: theme {} ({}), keymap {} ({})",
            config.theme_name,
            config.theme.lineage(),
            config.keymap_name,
            config.keymap.lineage()
        );
        return Ok(());
    }
    for problem in &problems {
        eprintln!("kview: {problem}");
    }
    Err(Error::ConfigProblems(problems.len()))
}

async fn dashboard(args: cli::TuiArgs) -> Result<(), Error> {
    let config = config::Effective::load(
        &config::ConfigEnv::from_process(),
        args.theme.as_deref(),
        args.keymap.as_deref(),
    )?;
    // The demo cluster lives as long as the dashboard; its kubeconfig sits in a private
    // temporary directory removed on exit.
    let mut demo = None;
    let (kubeconfig, context) = if args.demo {
        let handle = sim::start(sim::SimOptions {
            churn: 2.0,
            ..sim::SimOptions::default()
        })
        .await?;
        let dir = demo_dir()?;
        let path = dir.join("kubeconfig");
        sim::kubeconfig::write(&path, &handle.kubeconfig()).map_err(|source| {
            Error::WriteKubeconfig {
                path: path.display().to_string(),
                source,
            }
        })?;
        demo = Some((handle, dir));
        (Some(path), None)
    } else {
        (args.kubeconfig.clone(), args.context.clone())
    };
    let conn = match cluster::connect(kubeconfig.as_deref(), context.as_deref()).await {
        Ok(conn) => conn,
        // With a terminal, a cluster that may come back gets a retry screen; without one
        // (scripts, CI), one line and a non-zero exit.
        Err(e) if e.is_transient() && std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            app::wait_for_cluster(
                e,
                || cluster::connect(kubeconfig.as_deref(), context.as_deref()),
                &config.terminal_theme(),
                &config.keymap.value,
            )
            .await
            .map_err(Error::Terminal)??
        }
        Err(e) => return Err(e.into()),
    };
    let namespace = if args.all_namespaces || (args.demo && args.namespace.is_none()) {
        None
    } else {
        Some(
            args.namespace
                .clone()
                .unwrap_or_else(|| conn.namespace.clone()),
        )
    };
    tracing::info!(context = %conn.context, server = %conn.server, "connected");
    let options = app::AppOptions {
        namespace,
        theme: config.terminal_theme(),
        keymap: config.keymap.value.clone(),
        readonly: config
            .settings
            .policy(&conn.context, args.readonly)
            .readonly,
        readonly_flag: args.readonly,
        settings: config.settings.clone(),
        library: config.library.clone(),
        log_tail: args.tail.unwrap_or(config.settings.log_tail_lines) as usize,
        log_buffer: args.log_buffer as usize,
    };
    let result = app::run(conn, options).await.map_err(Error::Terminal);
    if let Some((handle, dir)) = demo {
        handle.shutdown();
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

fn demo_dir() -> Result<std::path::PathBuf, Error> {
    let dir = std::env::temp_dir().join(format!("kview-demo-{}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(&dir)
        .map_err(|source| Error::WriteKubeconfig {
            path: dir.display().to_string(),
            source,
        })?;
    Ok(dir)
}

async fn simulate(args: cli::SimulateArgs, kubeconfig: &Path) -> Result<(), Error> {
    let options = sim::SimOptions {
        world: sim::WorldSpec {
            pods: args.pods,
            namespaces: args.namespaces,
            seed: args.seed,
        },
        churn: args.churn,
        port: args.port,
        forbid: args.forbid,
        only_namespaces: args.only_namespaces,
        faults: sim::FaultPlan::parse(&args.faults)
            .map_err(|e| Error::Usage(format!("--faults: {e}")))?,
        quota_pods: args.quota_pods,
        watch_list: !args.no_watch_list,
        ephemeral_containers: !args.no_ephemeral_containers,
        ..sim::SimOptions::default()
    };
    let handle = sim::start(options).await?;
    sim::kubeconfig::write(kubeconfig, &handle.kubeconfig()).map_err(|source| {
        Error::WriteKubeconfig {
            path: kubeconfig.display().to_string(),
            source,
        }
    })?;
    println!("kview simulated cluster serving at {}", handle.url);
    println!(
        "kubeconfig written to {} (context {})",
        kubeconfig.display(),
        sim::kubeconfig::CONTEXT
    );
    println!(
        "try: kubectl --kubeconfig {} get pods -A",
        kubeconfig.display()
    );
    wait_for_stop_signal().await;
    handle.shutdown();
    Ok(())
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).ok();
        let term_wait = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = term_wait => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Diagnostics go to a file only (never the terminal): `--log-file`, else `$KVIEW_LOG`.
fn init_logging(
    path: Option<&Path>,
) -> Result<Option<tracing_appender::non_blocking::WorkerGuard>, Error> {
    let env_path = std::env::var_os("KVIEW_LOG").map(std::path::PathBuf::from);
    let Some(path) = path.map(Path::to_path_buf).or(env_path) else {
        return Ok(None);
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|source| Error::LogFile {
            path: path.display().to_string(),
            source,
        })?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let level = std::env::var("KVIEW_LOG_LEVEL").unwrap_or_else(|_| logging::DEFAULT_LEVEL.into());
    let _ = tracing::subscriber::set_global_default(logging::subscriber(writer, &level));
    Ok(Some(guard))
}
