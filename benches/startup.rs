//! Whole-program figures for kview against `kview simulate` (a separate process, so its cost
//! is not counted): time from launch to the first pod rows on screen and to the full list,
//! compared with the floor of the same client library fetching and decoding the first page;
//! peak RSS; CPU seconds of kview under pod churn. The real binary runs in a pseudo-terminal
//! and the screen is read back with a terminal emulator, so these are the same code paths a
//! user runs.
//!
//! After the CPU window it times keys to the frame that shows them (moving the selection, a
//! filter keystroke over every pod, a pane switch).
//!
//! `cargo bench --bench startup` (defaults: 20,000 pods, 3 runs, 200 events/s for 30 s), or
//! `KVIEW_BENCH_PODS=100000 KVIEW_BENCH_RUNS=1 KVIEW_BENCH_CHURN=200 KVIEW_BENCH_CPU_SECS=30 cargo bench --bench startup`.
//! `KVIEW_BENCH_BIN=path` measures another kview binary (e.g. an older build) against this
//! build's simulator; `KVIEW_BENCH_NO_WATCH_LIST=1` runs the simulator without streaming lists.
//!
//! `KVIEW_BENCH_OTHERS='kdash=/path/to/kdash,kubetui=/path/to/kubetui -A'` also runs other
//! dashboards against the same simulator in the same run, right after kview: first rows
//! (launch to the first name of a pod of the cluster on screen), peak RSS and CPU over the same
//! window. They are not built here (`cargo install kdash kubetui`, see BENCHMARKS.md).

#![allow(clippy::expect_used, clippy::unwrap_used)] // benchmark harness

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use std::collections::HashSet;

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

fn simulator(pods: usize, churn: f64, watch_list: bool) -> Simulator {
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
        .args(if watch_list {
            &[][..]
        } else {
            &["--no-watch-list"][..]
        })
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
    keys: KeyLatency,
}

/// Key-to-frame latencies in milliseconds: from writing the key to the pty to the screen
/// showing its effect.
#[derive(Default)]
struct KeyLatency {
    moves: Vec<f64>,
    filter: Vec<f64>,
    switch: Vec<f64>,
    /// Keys whose effect did not show within the deadline.
    missed: usize,
}

/// The terminal as kview drew it, with a signal for every chunk of output processed.
struct Screen {
    parser: Mutex<vt100::Parser>,
    changed: Condvar,
}

impl Screen {
    /// Waits until `check` holds for the screen; returns when it first did (the moment the
    /// output that made it hold was processed), or `None` after `timeout`.
    fn wait(&self, timeout: Duration, check: impl Fn(&vt100::Screen) -> bool) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        let mut parser = self.parser.lock().unwrap();
        loop {
            if check(parser.screen()) {
                return Some(Instant::now());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            parser = self.changed.wait_timeout(parser, left).unwrap().0;
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }
}

/// The screen row of the highlighted (selected) table row, if one is shown.
fn selected_row(screen: &vt100::Screen) -> Option<u16> {
    let (rows, _) = screen.size();
    (2..rows.saturating_sub(2)).find(|&r| {
        screen
            .cell(r, 2)
            .is_some_and(|c| c.bgcolor() != vt100::Color::Default)
    })
}

fn pods_title_line(screen: &vt100::Screen) -> Option<String> {
    screen
        .contents()
        .lines()
        .find(|l| l.contains(" Pods ("))
        .map(str::to_owned)
}

/// Sends `key` and times until `effect` shows on the screen.
fn time_key(
    writer: &mut Box<dyn std::io::Write + Send>,
    screen: &Screen,
    key: &str,
    effect: impl Fn(&vt100::Screen) -> bool,
) -> Option<f64> {
    let sent = Instant::now();
    writer.write_all(key.as_bytes()).unwrap();
    writer.flush().unwrap();
    screen
        .wait(Duration::from_secs(5), effect)
        .map(|at| at.duration_since(sent).as_secs_f64() * 1000.0)
}

/// Moves, filter keystrokes and pane switches, each timed to the frame that shows it.
fn measure_keys(writer: &mut Box<dyn std::io::Write + Send>, screen: &Screen) -> KeyLatency {
    let mut keys = KeyLatency::default();
    let record = |into: &mut Vec<f64>, missed: &mut usize, ms: Option<f64>| match ms {
        Some(ms) => into.push(ms),
        None => *missed += 1,
    };
    // Down and up again: the highlight moves one row each time (no scrolling at the top).
    for i in 0..20 {
        let now = selected_row(screen.parser.lock().unwrap().screen());
        let key = if i % 2 == 0 { "j" } else { "k" };
        let ms = time_key(writer, screen, key, |s| selected_row(s) != now);
        record(&mut keys.moves, &mut keys.missed, ms);
    }
    // A filter typed one key at a time, then erased: every keystroke filters every pod.
    let ms = time_key(writer, screen, "/", |s| {
        s.contents()
            .lines()
            .last()
            .is_some_and(|l| l.starts_with('/'))
    });
    record(&mut keys.filter, &mut keys.missed, ms);
    let word = "front";
    for n in 1..=word.len() {
        let shown = format!("/{} ", &word[..n]);
        let ms = time_key(writer, screen, &word[n - 1..n], |s| {
            pods_title_line(s).is_some_and(|l| l.contains(&shown))
        });
        record(&mut keys.filter, &mut keys.missed, ms);
    }
    for n in (0..word.len()).rev() {
        let shown = format!("/{} ", &word[..n]);
        let ms = time_key(writer, screen, "\x7f", |s| {
            pods_title_line(s).is_some_and(|l| {
                if n == 0 {
                    !l.contains(" /")
                } else {
                    l.contains(&shown)
                }
            })
        });
        record(&mut keys.filter, &mut keys.missed, ms);
    }
    let _ = time_key(writer, screen, "\x1b", |s| {
        !s.contents()
            .lines()
            .last()
            .is_some_and(|l| l.starts_with('/'))
    });
    // Next pane and back: the pods pane's border turns plain, then thick again.
    for i in 0..10 {
        let (key, border) = if i % 2 == 0 {
            ("\t", "┌ Pods")
        } else {
            ("\x1b[Z", "┏ Pods")
        };
        let ms = time_key(writer, screen, key, |s| s.contents().contains(border));
        record(&mut keys.switch, &mut keys.missed, ms);
    }
    keys
}

fn run_kview(binary: &Path, kubeconfig: &Path, total: usize, cpu_window: Duration) -> Run {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(binary);
    cmd.args(["--kubeconfig", kubeconfig.to_str().unwrap(), "-A"]);
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let pid = child.process_id().unwrap();
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let screen = Arc::new(Screen {
        parser: Mutex::new(vt100::Parser::new(50, 160, 0)),
        changed: Condvar::new(),
    });
    let sink = screen.clone();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.parser.lock().unwrap().process(&buf[..n]);
            sink.changed.notify_all();
        }
    });
    let first_rows = screen
        .wait(Duration::from_secs(300), |s| {
            s.contents().lines().skip(3).any(|l| l.contains("Running"))
        })
        .map(|at| at.duration_since(started));
    // Loaded: the title counts (nearly, under churn) every pod and nothing is loading.
    let full_list = screen
        .wait(Duration::from_secs(300), |s| {
            let text = s.contents();
            let shown = pods_in_title(&text).unwrap_or(0);
            shown * 100 >= total * 99 && !text.contains("loading")
        })
        .map_or_else(
            || panic!("kview did not show {total} pods:\n{}", screen.text()),
            |at| at.duration_since(started),
        );
    let ticks_before = cpu_ticks(pid).unwrap_or(0);
    std::thread::sleep(cpu_window);
    let ticks_after = cpu_ticks(pid).unwrap_or(0);
    let keys = measure_keys(&mut writer, &screen);
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
        keys,
    }
}

/// Every pod name in the cluster, to recognise pod rows on another dashboard's screen.
fn pod_names(kubeconfig: &Path, rt: &tokio::runtime::Runtime) -> HashSet<String> {
    rt.block_on(async {
        let pods: Api<Pod> = Api::all(client(kubeconfig).await);
        let mut names = HashSet::new();
        let mut params = ListParams::default().limit(5000);
        loop {
            let page = pods.list_metadata(&params).await.unwrap();
            names.extend(page.items.into_iter().filter_map(|p| p.metadata.name));
            match page.metadata.continue_ {
                Some(token) if !token.is_empty() => params = params.continue_token(&token),
                _ => break names,
            }
        }
    })
}

struct OtherRun {
    first_rows: Option<Duration>,
    peak_rss_kb: u64,
    cpu_secs: f64,
}

/// Another dashboard, given only the kubeconfig (in `KUBECONFIG`, with a private HOME so it
/// reads and writes nothing of the user's): launch to the first pod name on screen, then CPU
/// over `cpu_window`, then its peak RSS. It is killed afterwards.
fn run_other(
    other: &Other,
    kubeconfig: &Path,
    names: &HashSet<String>,
    cpu_window: Duration,
) -> OtherRun {
    let home = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 160,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(&other.binary);
    cmd.args(&other.args);
    cmd.env("KUBECONFIG", kubeconfig);
    cmd.env("HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let pid = child.process_id().unwrap();
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
    let screen = Arc::new(Screen {
        parser: Mutex::new(vt100::Parser::new(50, 160, 0)),
        changed: Condvar::new(),
    });
    let sink = screen.clone();
    let answer = writer.clone();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut parser = sink.parser.lock().unwrap();
            parser.process(&buf[..n]);
            // Answer cursor position requests as a terminal does (some dashboards ask at
            // start and give up without an answer).
            if buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
                let (row, col) = parser.screen().cursor_position();
                let mut w = answer.lock().unwrap();
                let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                let _ = w.flush();
            }
            drop(parser);
            sink.changed.notify_all();
        }
    });
    let is_pod_row = |s: &vt100::Screen| {
        s.contents().lines().any(|l| {
            l.split(|c: char| c.is_whitespace() || c == '│' || c == '|')
                .any(|w| names.contains(w))
        })
    };
    let first_rows = screen
        .wait(Duration::from_secs(120), is_pod_row)
        .map(|at| at.duration_since(started));
    if first_rows.is_none() {
        println!(
            "  {} showed no pod within 120 s; its screen:\n{}",
            other.name,
            screen.text()
        );
    }
    let ticks_before = cpu_ticks(pid).unwrap_or(0);
    std::thread::sleep(cpu_window);
    let ticks_after = cpu_ticks(pid).unwrap_or(0);
    let peak_rss_kb = proc_status(pid, "VmHWM:").unwrap_or(0);
    let _ = writer.lock().unwrap().write_all(b"q");
    let _ = child.kill();
    let _ = child.wait();
    OtherRun {
        first_rows,
        peak_rss_kb,
        cpu_secs: ticks_after.saturating_sub(ticks_before) as f64 / 100.0,
    }
}

/// Another dashboard: its name, binary and arguments.
struct Other {
    name: String,
    binary: PathBuf,
    args: Vec<String>,
}

/// `name=path [args…]` entries from `KVIEW_BENCH_OTHERS`, comma-separated.
fn other_dashboards() -> Vec<Other> {
    std::env::var("KVIEW_BENCH_OTHERS")
        .unwrap_or_default()
        .split(',')
        .filter_map(|entry| {
            let (name, command) = entry.split_once('=')?;
            let mut words = command.split_whitespace();
            Some(Other {
                name: name.trim().to_string(),
                binary: PathBuf::from(words.next()?),
                args: words.map(str::to_owned).collect(),
            })
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NAN, f64::max)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let pods: usize = env_or("KVIEW_BENCH_PODS", 20_000);
    let runs: usize = env_or("KVIEW_BENCH_RUNS", 3);
    let churn: f64 = env_or("KVIEW_BENCH_CHURN", 200.0);
    let cpu_window = Duration::from_secs(env_or("KVIEW_BENCH_CPU_SECS", 30));
    let watch_list = std::env::var_os("KVIEW_BENCH_NO_WATCH_LIST").is_none();
    // The kview under test (the simulator is always this build's).
    let binary = std::env::var_os("KVIEW_BENCH_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kview")), PathBuf::from);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!(
        "kview startup benchmark: {} against {pods} pods, churn {churn}/s, {runs} runs, CPU window {}s{}",
        binary.display(),
        cpu_window.as_secs(),
        if watch_list {
            ""
        } else {
            ", simulator without streaming lists"
        }
    );
    let others = other_dashboards();
    let mut results = Vec::new();
    for i in 0..runs {
        let sim = simulator(pods, churn, watch_list);
        let (floor, total) = first_page_floor(&sim.kubeconfig, &rt);
        // The count may move under churn; read it again right before starting kview.
        let (_, total_now) = first_page_floor(&sim.kubeconfig, &rt);
        let run = run_kview(&binary, &sim.kubeconfig, total_now.min(total), cpu_window);
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
        println!(
            "       key to frame: move {:.1} ms (max {:.1}), filter keystroke {:.1} ms (max {:.1}), pane switch {:.1} ms (max {:.1}), {} missed",
            median(run.keys.moves.clone()),
            max(&run.keys.moves),
            median(run.keys.filter.clone()),
            max(&run.keys.filter),
            median(run.keys.switch.clone()),
            max(&run.keys.switch),
            run.keys.missed
        );
        results.push((run, floor));
        if !others.is_empty() {
            let names = pod_names(&sim.kubeconfig, &rt);
            for dashboard in &others {
                let other = run_other(dashboard, &sim.kubeconfig, &names, cpu_window);
                println!(
                    "       {}: first rows {}, peak RSS {:.1} MB, CPU {:.2} s per {}s",
                    dashboard.name,
                    other.first_rows.map_or_else(
                        || "none within 120 s".to_string(),
                        |d| format!(
                            "{:.0} ms (ratio to the floor {:.2})",
                            d.as_secs_f64() * 1000.0,
                            d.as_secs_f64() / floor.as_secs_f64()
                        )
                    ),
                    other.peak_rss_kb as f64 / 1024.0,
                    other.cpu_secs,
                    cpu_window.as_secs()
                );
            }
        }
    }
    let of = |f: &dyn Fn(&(Run, Duration)) -> f64| median(results.iter().map(f).collect());
    println!(
        "median: first rows {:.0} ms, floor {:.0} ms, ratio {:.2}, full list {:.0} ms, peak RSS {:.1} MB, CPU {:.2} s per {}s",
        of(&|(r, _)| r.first_rows.as_secs_f64() * 1000.0),
        of(&|(_, f)| f.as_secs_f64() * 1000.0),
        of(&|(r, f)| r.first_rows.as_secs_f64() / f.as_secs_f64()),
        of(&|(r, _)| r.full_list.as_secs_f64() * 1000.0),
        of(&|(r, _)| r.peak_rss_kb as f64 / 1024.0),
        of(&|(r, _)| r.cpu_secs),
        cpu_window.as_secs()
    );
    println!(
        "median key to frame: move {:.1} ms, filter keystroke {:.1} ms, pane switch {:.1} ms",
        of(&|(r, _)| median(r.keys.moves.clone())),
        of(&|(r, _)| median(r.keys.filter.clone())),
        of(&|(r, _)| median(r.keys.switch.clone())),
    );
}
