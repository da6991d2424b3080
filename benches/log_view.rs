//! How many log lines per second the log view takes in (sanitize, ring buffer, filter) and
//! draws, with its memory flat under a long tail, and how long a key takes to reach a frame
//! while the buffer is full.
//!
//! Runs the real `update` and `ui::draw` (ratatui `TestBackend`, 200x50) on a view opened the
//! way a user opens it, fed batches of realistic lines (access logs, JSON, escape sequences) as
//! the stream tasks send them. Prints a Markdown table.
//!
//! `cargo bench --bench log_view` (optimized), or `cargo test --bench log_view` (dev profile,
//! what BENCHMARKS.md reports on the shared machine). Knobs: `KVIEW_BENCH_LINES` (1,000,000),
//! `KVIEW_BENCH_BATCH` (500).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)] // bench code

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyEvent;

use kview::cluster::logs::{LogLine, LogReport, StreamState};
use kview::config::{KeyChord, Keymap, Theme};
use kview::resources::{ObjKey, PodRow};
use kview::state::{Msg, State, update};
use kview::store::Delta;

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of this process, from `/proc/self/statm` (Linux).
fn rss_mib() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}

fn line(i: usize) -> String {
    match i % 5 {
        0 | 1 => format!(
            "10.244.{}.{} - - [2026-11-22T01:00:{:02}Z] \"GET /api/v1/orders/{i} HTTP/1.1\" {} {} \"-\" \"kube-probe/1.32\"",
            i % 4,
            i % 250,
            i % 60,
            [200, 200, 304, 404, 500][i % 5],
            i % 4096
        ),
        2 | 3 => format!(
            "{{\"ts\":\"2026-11-22T01:00:{:02}Z\",\"level\":\"{}\",\"msg\":\"handled request\",\"path\":\"/api/v1/orders/{i}\",\"status\":{},\"duration_ms\":{}}}",
            i % 60,
            ["info", "info", "debug", "warn", "error"][i % 5],
            [200, 201, 204, 400, 503][i % 5],
            i % 900
        ),
        _ => format!("\u{1b}[1;32mOK\u{1b}[0m job {i} done\u{7}"),
    }
}

fn batch(from: usize, n: usize) -> Vec<LogLine> {
    let t0 = jiff::Timestamp::now();
    (from..from + n)
        .map(|i| LogLine {
            time: Some(t0),
            text: line(i),
        })
        .collect()
}

struct Bench {
    state: State,
    keymap: Keymap,
    theme: Theme,
    terminal: Terminal<TestBackend>,
    view: u64,
}

impl Bench {
    fn new() -> Self {
        let keymap = Keymap::builtin("default").unwrap();
        let mut state = State::new("bench", Some("shop".into()), 1_700_000_000);
        update(
            &mut state,
            Msg::Resize {
                width: 200,
                height: 50,
            },
            &keymap,
        );
        let pod = PodRow {
            key: ObjKey::new("shop", "chatty-0"),
            ..PodRow::default()
        };
        update(&mut state, Msg::PodDelta(Delta::Reset(vec![pod])), &keymap);
        state.refresh_views();
        let mut bench = Bench {
            state,
            keymap,
            theme: Theme::builtin("default").unwrap(),
            terminal: Terminal::new(TestBackend::new(200, 50)).unwrap(),
            view: 0,
        };
        bench.key("l");
        bench.view = bench.state.logs.as_ref().unwrap().id;
        bench.report(LogReport::Source {
            id: 0,
            pod: "chatty-0".into(),
            container: Some("app".into()),
        });
        bench.report(LogReport::State {
            source: 0,
            state: StreamState::Streaming,
        });
        bench
    }

    fn report(&mut self, report: LogReport) {
        let msg = Msg::Log {
            view: self.view,
            report,
        };
        update(&mut self.state, msg, &self.keymap);
    }

    fn key(&mut self, key: &str) {
        let chord: KeyChord = key.parse().unwrap();
        let msg = Msg::Key(KeyEvent::new(chord.code, chord.modifiers));
        update(&mut self.state, msg, &self.keymap);
    }

    fn draw(&mut self) {
        let (state, theme, keymap) = (&self.state, &self.theme, &self.keymap);
        self.terminal
            .draw(|frame| kview::ui::draw(frame, state, theme, keymap))
            .unwrap();
    }

    /// Feeds `total` lines in batches; draws a frame after every `draw_every` batches (0:
    /// never). Returns the time spent in update and draw, and RSS samples.
    fn feed(&mut self, total: usize, size: usize, draw_every: usize) -> (Duration, Vec<f64>) {
        let mut spent = Duration::ZERO;
        let mut samples = Vec::new();
        let mut sent = 0;
        let mut batches = 0;
        while sent < total {
            let lines = batch(sent, size);
            let started = Instant::now();
            self.report(LogReport::Lines { source: 0, lines });
            batches += 1;
            if draw_every > 0 && batches % draw_every == 0 {
                self.draw();
            }
            spent += started.elapsed();
            sent += size;
            if sent % (total / 10).max(size) < size {
                samples.extend(rss_mib());
            }
        }
        (spent, samples)
    }

    /// Median time from a key to a drawn frame, over `runs` presses of `keys`.
    fn key_to_frame(&mut self, keys: &[&str], runs: usize) -> Duration {
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                for k in keys {
                    self.key(k);
                }
                self.draw();
                started.elapsed()
            })
            .collect();
        times.sort();
        times[times.len() / 2]
    }
}

fn per_second(lines: usize, spent: Duration) -> String {
    let rate = lines as f64 / spent.as_secs_f64();
    format!("{rate:.0}")
}

fn main() {
    let total = knob("KVIEW_BENCH_LINES", 1_000_000);
    let size = knob("KVIEW_BENCH_BATCH", 500).max(1);
    let profile = if cfg!(debug_assertions) {
        "dev (debug assertions)"
    } else {
        "optimized"
    };
    println!("log view: {total} lines in batches of {size}, 200x50 frames, {profile} build\n");

    let rss_start = rss_mib();
    let mut b = Bench::new();
    let (ingest, rss) = b.feed(total, size, 0);
    let capacity = b.state.log_settings.capacity;
    let kept = b.state.logs.as_ref().unwrap().buffer.len();

    let mut b2 = Bench::new();
    let (with_frames, _) = b2.feed(total / 4, size, 1);

    let mut b3 = Bench::new();
    let (_, _) = b3.feed(capacity * 2, size, 0);
    let follow = b3.key_to_frame(&["k"], 21);
    let page = b3.key_to_frame(&["pgup"], 21);
    b3.key("G");
    b3.key("/");
    for c in "error".chars() {
        b3.key(&c.to_string());
    }
    b3.key("enter");
    let next = b3.key_to_frame(&["N"], 21);
    let filter = b3.key_to_frame(
        &[
            "f", "ctrl-u", "l", "e", "v", "e", "l", "=", "e", "r", "r", "o", "r", "enter",
        ],
        5,
    );
    let (filtered_ingest, _) = b3.feed(total / 4, size, 0);
    let draw_only = b3.key_to_frame(&[], 21);

    println!("| figure | value |");
    println!("|---|---|");
    println!(
        "| ingest (sanitize, ring, no frames) | {} lines/s |",
        per_second(total, ingest)
    );
    println!(
        "| ingest + one frame per batch of {size} | {} lines/s |",
        per_second(total / 4, with_frames)
    );
    println!(
        "| ingest with a `level=error` filter active | {} lines/s |",
        per_second(total / 4, filtered_ingest)
    );
    println!("| lines kept (capacity {capacity}) | {kept} |");
    let fmt_rss = |v: Option<f64>| v.map_or("n/a".to_owned(), |m| format!("{m:.1} MiB"));
    println!("| RSS before the view | {} |", fmt_rss(rss_start));
    println!(
        "| RSS over the tail (10 samples) | {} |",
        rss.iter()
            .map(|m| format!("{m:.1}"))
            .collect::<Vec<_>>()
            .join(" → ")
            + " MiB"
    );
    println!(
        "| key → frame: `k` (pause, scroll) | {:.2} ms |",
        follow.as_secs_f64() * 1e3
    );
    println!(
        "| key → frame: `pgup` | {:.2} ms |",
        page.as_secs_f64() * 1e3
    );
    println!(
        "| key → frame: `N` (previous match) | {:.2} ms |",
        next.as_secs_f64() * 1e3
    );
    println!(
        "| key → frame: filter `level=error` typed and applied (14 keys, rescans {capacity} lines each) | {:.2} ms |",
        filter.as_secs_f64() * 1e3
    );
    println!(
        "| frame alone (full buffer, 48 body rows) | {:.2} ms |",
        draw_only.as_secs_f64() * 1e3
    );
}
