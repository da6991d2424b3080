//! Whole-program figures for kview against `kview simulate` (a separate process, so its cost
//! is not counted): time from launch to the first pod rows on screen and to the full list,
//! compared with the floor of the same client library fetching and decoding the first page;
//! peak RSS; CPU seconds of kview under pod churn. The real binary runs in a pseudo-terminal
//! and the screen is read back with a terminal emulator, so these are the same code paths a
//! user runs.
//!
//! `cargo bench --bench startup` (defaults: 20,000 pods, 3 runs, 200 events/s for 30 s), or
//! `KVIEW_BENCH_PODS=100000 KVIEW_BENCH_RUNS=1 KVIEW_BENCH_CHURN=200 KVIEW_BENCH_CPU_SECS=30 cargo bench --bench startup`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // benchmark harness

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Simulator {
    child: Child,
    kubeconfig: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn simulator(pods: usize, churn: f64) -> Simulator {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    let child = Command::new(env!("CARGO_BIN_EXE_kview"))
        .args([
            "simulate",
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--pods",
            &pods.to_string(),
            "--churn",
            &churn.to_string(),
            "--namespaces",
            "8",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("simulator starts");
    let deadline = Instant::now() + Duration::from_secs(300);
    while !kubeconfig.exists() {
        assert!(Instant::now() < deadline, "simulator did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Simulator {
        child,
        kubeconfig,
        _dir: dir,
    }
}

async fn client(kubeconfig: &Path) -> kube::Client {
    let kc = kube::config::Kubeconfig::read_from(kubeconfig).unwrap();
    let config =
        kube::Config::from_custom_kubeconfig(kc, &kube::config::KubeConfigOptions::default())
            .await
            .unwrap();
    kube::Client::try_from(config).unwrap()
}

/// The floor: the client library fetching and decoding the first page of pods.
fn first_page_floor(kubeconfig: &Path, rt: &tokio::runtime::Runtime) -> (Duration, usize) {
    rt.block_on(async {
        let started = Instant::now();
        let pods: Api<Pod> = Api::all(client(kubeconfig).await);
        let page = pods.list(&ListParams::default().limit(500)).await.unwrap();
        let elapsed = started.elapsed();
        let total = page.metadata.remaining_item_count.unwrap_or(0) as usize + page.items.len();
        (elapsed, total)
    })
}

/// The count in the pods pane's title, `Pods (20,013)`.
fn pods_in_title(screen: &str) -> Option<usize> {
    let start = screen.find("Pods (")? + "Pods (".len();
    let digits: String = screen[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn proc_status(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn cpu_ticks(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = text.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

struct Run {
    first_rows: Duration,
    full_list: Duration,
    peak_rss_kb: u64,
    cpu_secs: f64,
}

fn run_kview(kubeconfig: &Path, total: usize, cpu_window: Duration) -> Run {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kview"));
    cmd.args(["--kubeconfig", kubeconfig.to_str().unwrap(), "-A"]);
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let pid = child.process_id().unwrap();
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let screen = Arc::new(Mutex::new(vt100::Parser::new(50, 160, 0)));
    let sink = screen.clone();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    let mut first_rows = None;
    let deadline = Instant::now() + Duration::from_secs(300);
    let full_list = loop {
        let text = screen.lock().unwrap().screen().contents();
        if first_rows.is_none() && text.lines().skip(3).any(|l| l.contains("Running")) {
            first_rows = Some(started.elapsed());
        }
        // Loaded: the title counts (nearly, under churn) every pod and nothing is loading.
        let shown = pods_in_title(&text).unwrap_or(0);
        if first_rows.is_some() && shown * 100 >= total * 99 && !text.contains("loading") {
            break started.elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "kview did not show {total} pods:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let ticks_before = cpu_ticks(pid).unwrap_or(0);
    std::thread::sleep(cpu_window);
    let ticks_after = cpu_ticks(pid).unwrap_or(0);
    let peak_rss_kb = proc_status(pid, "VmHWM:").unwrap_or(0);
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let _ = child.wait();
    // Kernel clock ticks are 100 per second on Linux.
    let cpu_secs = ticks_after.saturating_sub(ticks_before) as f64 / 100.0;
    Run {
        first_rows: first_rows.unwrap_or(full_list),
        full_list,
        peak_rss_kb,
        cpu_secs,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let pods: usize = env_or("KVIEW_BENCH_PODS", 20_000);
    let runs: usize = env_or("KVIEW_BENCH_RUNS", 3);
    let churn: f64 = env_or("KVIEW_BENCH_CHURN", 200.0);
    let cpu_window = Duration::from_secs(env_or("KVIEW_BENCH_CPU_SECS", 30));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!(
        "kview startup benchmark: {pods} pods, churn {churn}/s, {runs} runs, CPU window {}s",
        cpu_window.as_secs()
    );
    let mut results = Vec::new();
    for i in 0..runs {
        let sim = simulator(pods, churn);
        let (floor, total) = first_page_floor(&sim.kubeconfig, &rt);
        // The count may move under churn; read it again right before starting kview.
        let (_, total_now) = first_page_floor(&sim.kubeconfig, &rt);
        let run = run_kview(&sim.kubeconfig, total_now.min(total), cpu_window);
        println!(
            "run {}: first rows {:>6.0} ms (floor: first page fetched+decoded {:>5.0} ms, ratio {:.2}), full list {:>6.0} ms, peak RSS {:>6.1} MB, CPU {:.2} s per {}s",
            i + 1,
            run.first_rows.as_secs_f64() * 1000.0,
            floor.as_secs_f64() * 1000.0,
            run.first_rows.as_secs_f64() / floor.as_secs_f64(),
            run.full_list.as_secs_f64() * 1000.0,
            run.peak_rss_kb as f64 / 1024.0,
            run.cpu_secs,
            cpu_window.as_secs()
        );
        results.push((run, floor));
    }
    println!(
        "median: first rows {:.0} ms, floor {:.0} ms, full list {:.0} ms, peak RSS {:.1} MB, CPU {:.2} s per {}s",
        median(
            results
                .iter()
                .map(|(r, _)| r.first_rows.as_secs_f64() * 1000.0)
                .collect()
        ),
        median(
            results
                .iter()
                .map(|(_, f)| f.as_secs_f64() * 1000.0)
                .collect()
        ),
        median(
            results
                .iter()
                .map(|(r, _)| r.full_list.as_secs_f64() * 1000.0)
                .collect()
        ),
        median(
            results
                .iter()
                .map(|(r, _)| r.peak_rss_kb as f64 / 1024.0)
                .collect()
        ),
        median(results.iter().map(|(r, _)| r.cpu_secs).collect()),
        cpu_window.as_secs()
    );
}
