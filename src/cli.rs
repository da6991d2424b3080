//! The command-line contract (DESIGN.md §1), parsed with clap. Parsing only; `lib::run`
//! decides what to do with it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "kview",
    version,
    about = "A fast, safe terminal dashboard for Kubernetes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub tui: TuiArgs,
}

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).
    #[arg(long, value_name = "PATH", global = true)]
    pub kubeconfig: Option<PathBuf>,
    /// The kubeconfig context to use (default: the current context).
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// Show one namespace (default: the context's namespace).
    #[arg(short = 'n', long, value_name = "NAME")]
    pub namespace: Option<String>,
    /// Show all namespaces.
    #[arg(short = 'A', long, conflicts_with = "namespace")]
    pub all_namespaces: bool,
    /// Refuse every change to the cluster.
    #[arg(long)]
    pub readonly: bool,
    /// Colour theme, from themes/ or the user's config dir.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Key bindings, from keymaps/ or the user's config dir.
    #[arg(long, value_name = "NAME")]
    pub keymap: Option<String>,
    /// Lines of history a log view starts from (default: `log_tail_lines` in config.yaml, else
    /// 200).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub tail: Option<u32>,
    /// Lines a log view keeps; older ones are dropped (memory stays flat).
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(100..=10_000_000))]
    pub log_buffer: u32,
    /// Run on the built-in simulated cluster (no kubeconfig needed).
    #[arg(long)]
    pub demo: bool,
    /// Print the effective configuration and where each part came from, then exit.
    #[arg(long, conflicts_with = "check_config")]
    pub print_config: bool,
    /// Check the configuration (config.yaml, the chosen and all user themes and keymaps), then
    /// exit: non-zero with the problems if there are any.
    #[arg(long)]
    pub check_config: bool,
    /// Write diagnostics to this file (also: `KVIEW_LOG=path`).
    #[arg(long, value_name = "PATH", global = true)]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run only the simulated cluster and write a kubeconfig for it; serve until Ctrl-C.
    Simulate(SimulateArgs),
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Pods to create (spread over deployments in the team namespaces).
    #[arg(long, default_value_t = 150)]
    pub pods: usize,
    /// Team namespaces besides default and kube-*.
    #[arg(long, default_value_t = 5)]
    pub namespaces: usize,
    /// Random pod changes per second.
    #[arg(long, default_value_t = 0.0)]
    pub churn: f64,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed for the generated world.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Refuse every request for these resources with 403 Forbidden (comma-separated plurals or
    /// subresources, e.g. `nodes,pods/ephemeralcontainers`), as RBAC does for a user without
    /// permission.
    #[arg(long, value_delimiter = ',', value_name = "RESOURCES")]
    pub forbid: Vec<String>,
    /// Let the user see only these namespaces (comma-separated), as role bindings without a
    /// cluster role binding do: all-namespaces lists and cluster-scoped kinds get 403.
    #[arg(long, value_delimiter = ',', value_name = "NAMESPACES")]
    pub only_namespaces: Vec<String>,
    /// Inject faults, e.g. `drop_watch_every=10s,gone_every=30s,error_rate=0.05,slow_ms=200`;
    /// `outage_every=60s,outage_for=5s` makes the server disappear for a while.
    #[arg(long, value_name = "SPEC", default_value = "")]
    pub faults: String,
    /// Pods each namespace may hold: scale-ups past it are refused (403 exceeded quota).
    #[arg(long, value_name = "N")]
    pub quota_pods: Option<usize>,
    /// Ignore `sendInitialEvents` (no streaming lists), as API servers before 1.27 do.
    #[arg(long)]
    pub no_watch_list: bool,
    /// Answer 404 on `pods/ephemeralcontainers`, as clusters without ephemeral containers do.
    #[arg(long)]
    pub no_ephemeral_containers: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn simulate_takes_its_options() {
        let cli = Cli::parse_from([
            "kview",
            "simulate",
            "--kubeconfig",
            "/tmp/k",
            "--pods",
            "20000",
            "--churn",
            "200",
            "--quota-pods",
            "40",
        ]);
        let Some(Command::Simulate(args)) = cli.command else {
            panic!("not simulate")
        };
        assert_eq!(args.pods, 20000);
        assert_eq!(args.quota_pods, Some(40));
        assert_eq!(
            cli.tui.kubeconfig.as_deref(),
            Some(std::path::Path::new("/tmp/k"))
        );
    }

    #[test]
    fn tail_is_optional_and_takes_a_count() {
        assert_eq!(Cli::parse_from(["kview"]).tui.tail, None);
        assert_eq!(
            Cli::parse_from(["kview", "--tail", "50"]).tui.tail,
            Some(50)
        );
        assert!(Cli::try_parse_from(["kview", "--tail", "0"]).is_err());
        assert!(Cli::try_parse_from(["kview", "--tail", "many"]).is_err());
        assert_eq!(Cli::parse_from(["kview"]).tui.log_buffer, 10_000);
        let cli = Cli::parse_from(["kview", "--log-buffer", "500"]);
        assert_eq!(cli.tui.log_buffer, 500);
    }

    #[test]
    fn namespace_and_all_namespaces_conflict() {
        assert!(Cli::try_parse_from(["kview", "-n", "x", "-A"]).is_err());
    }
}
