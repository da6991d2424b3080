//! Pseudo-terminal sessions of the real `kview` binary: start it, type keys, read the screen
//! (text and colors) through a vt100 emulator, and check the terminal is handed back. Each
//! session has a private home (and so private config, state and recovery directories) as its
//! working directory.

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

/// The real `kview` binary in a pseudo-terminal of ROWS x COLS, its screen read back through
/// a terminal emulator.
pub struct Session {
    screen: Arc<Mutex<(vt100::Parser, Vec<u8>)>>,
    writer: Box<dyn std::io::Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    home: tempfile::TempDir,
}

impl Session {
    /// Starts `kview ARGS` with a fresh empty HOME, no user configuration, and a 256-color
    /// terminal.
    pub fn start(args: &[&str]) -> Self {
        Self::start_with_env(args, &[])
    }

    /// As `start`, with extra environment variables (e.g. `KVIEW_CONFIG_DIR`, `COLORTERM`).
    pub fn start_with_env(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let home = tempfile::tempdir().unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kview"));
        cmd.args(args);
        cmd.cwd(home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home.path());
        cmd.env_remove("KUBECONFIG");
        // Never the developer's own configuration.
        for name in [
            "KVIEW_CONFIG_DIR",
            "XDG_CONFIG_HOME",
            "NO_COLOR",
            "COLORTERM",
            "KUBE_EDITOR",
            "VISUAL",
            "EDITOR",
            "XDG_STATE_HOME",
            "XDG_CACHE_HOME",
        ] {
            cmd.env_remove(name);
        }
        cmd.env("KVIEW_LOG", home.path().join("kview.log"));
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("kview starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new((vt100::Parser::new(ROWS, COLS, 0), Vec::new())));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut s = sink.lock().unwrap();
                s.0.process(&buf[..n]);
                s.1.extend_from_slice(&buf[..n]);
            }
        });
        Session {
            screen,
            writer,
            child,
            master: pair.master,
            home,
        }
    }

    /// As `start_with_env`, with plain string values (`EDITOR`, …).
    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Self {
        let env: Vec<(&str, &std::ffi::OsStr)> = env
            .iter()
            .map(|(k, v)| (*k, std::ffi::OsStr::new(*v)))
            .collect();
        Self::start_with_env(args, &env)
    }

    /// kview's home and working directory.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn text(&self) -> String {
        self.screen.lock().unwrap().0.screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.screen.lock().unwrap().1.clone()
    }

    /// The foreground and background colors of the cell at `row`, `col`.
    pub fn colors_at(&self, row: u16, col: u16) -> (vt100::Color, vt100::Color) {
        let screen = self.screen.lock().unwrap();
        let cell = screen.0.screen().cell(row, col).expect("cell on screen");
        (cell.fgcolor(), cell.bgcolor())
    }

    /// The emulated screen, for cell attributes (colors of highlights).
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.screen.lock().unwrap().0.screen())
    }

    pub fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(what, Duration::from_secs(30), check)
    }

    /// `wait_for` with its own deadline, for what takes the cluster a while.
    pub fn wait_for_within(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.text();
            if check(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "kview did not exit; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The terminal was handed back: the alternate screen was left after it was last entered,
    /// and the cursor shown again.
    pub fn assert_restored(&self) {
        // Give the reader thread a moment to take the last bytes.
        std::thread::sleep(Duration::from_millis(200));
        let raw = self.raw();
        let text = String::from_utf8_lossy(&raw);
        let entered = text
            .rfind("\u{1b}[?1049h")
            .expect("alternate screen entered");
        let left = text.rfind("\u{1b}[?1049l").expect("alternate screen left");
        assert!(
            left > entered,
            "left the alternate screen after entering it"
        );
        assert!(
            text[left..].contains("\u{1b}[?25h")
                || text.rfind("\u{1b}[?25h").is_some_and(|s| s > entered),
            "cursor shown again"
        );
        if let Some(captured) = text.rfind("\u{1b}[?1000h") {
            let released = text.rfind("\u{1b}[?1000l");
            assert!(
                released.is_some_and(|r| r > captured),
                "mouse capture released"
            );
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn line_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(needle))
}

/// The names in the first column of a pane's rows (the pane titled `title`, e.g. "Pods"), as
/// drawn on `screen`.
pub fn pane_names(screen: &str, title: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|l| !l.contains(&format!("┏ {title}")))
        .skip(1)
        .take_while(|l| !l.contains('┗'))
        .filter_map(|l| {
            let cells = l.trim_start_matches([' ', '┃']);
            cells.split_whitespace().next().map(str::to_string)
        })
        .filter(|name| name != "NAME" && name != "┃")
        .collect()
}

impl Session {
    /// Resizes the terminal (emulator first, so the redraw is read at the new size).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.screen
            .lock()
            .unwrap()
            .0
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Whether the terminal is in the cooked mode a shell expects (line editing and echo on),
    /// rather than raw; `None` where it cannot be read.
    #[cfg(target_os = "linux")]
    pub fn cooked(&self) -> Option<bool> {
        // Linux's termios c_lflag bits.
        const ICANON: u32 = 0o2;
        const ECHO: u32 = 0o10;
        let termios = self.master.get_termios()?;
        let flags = termios.local_flags.bits();
        Some(flags & ICANON != 0 && flags & ECHO != 0)
    }

    #[cfg(not(target_os = "linux"))]
    pub fn cooked(&self) -> Option<bool> {
        None
    }
}
