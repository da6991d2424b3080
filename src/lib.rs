//! kview: a terminal dashboard for Kubernetes, and the simulated cluster it ships with.
//!
//! Module map (imports point down this list; `sim` stands apart and shares nothing):
//! - `cli`: the command-line contract.
//! - `sim`: the simulated Kubernetes API server (`kview simulate`, `kview --demo`, tests).
//!
//! `run()` parses the command line and starts the requested mode.

pub mod cli;
pub mod sim;

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
}

/// The program: parse arguments, run, and turn an error into one line on stderr.
pub fn run() -> ExitCode {
    let cli = cli::Cli::parse();
    match run_cli(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kview: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_cli(cli: cli::Cli) -> Result<(), Error> {
    let _log = init_logging(cli.tui.log_file.as_deref())?;
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
        None => Err(Error::Usage(
            "the dashboard is not available yet; run `kview simulate --kubeconfig PATH`".into(),
        )),
    }
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
    let filter = tracing_subscriber::EnvFilter::try_from_env("KVIEW_LOG_LEVEL")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    Ok(Some(guard))
}
