//! The terminal handed to a process in a container (a debug container's shell, `exec sh`, an
//! attach): the TUI is suspended and its input reader paused, the terminal goes raw, keys go
//! to the remote stdin (as the bytes a terminal sends), the remote output goes to the screen
//! untouched (it is the user's terminal now, escape sequences and all), the size and its
//! changes are forwarded; when the remote side ends, the terminal is reset and the TUI resumes
//! where it was.
//!
//! Owns the hand-off and taking the terminal back. Must not build requests (`cluster::debug`
//! does) or change the state: the outcome comes back as a toast message.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use kube::api::TerminalSize;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::terminal;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::mpsc;

use super::input::Input;
use super::shell_keys::key_bytes;
use crate::cluster::shell_open::OpenedStream;
use crate::cluster::{self, debug::ShellKind};
use crate::resources::ObjKey;
use crate::sanitize::sanitize;
use crate::state::{Msg, ToastLevel};
use crate::terminal::TerminalGuard;

/// Undoes what a remote program may have left behind (colours, scroll region, keypad and
/// cursor-key modes, bracketed paste, mouse reporting, a hidden cursor, its alternate screen)
/// before kview takes the terminal back.
const SOFT_RESET: &str = "\x1b[0m\x1b[r\x1b[?1l\x1b>\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?25h\x1b[?1049l\r\n";

/// Opens the stream (errors stay in the TUI, which is not suspended until the stream is up),
/// hands the terminal over, and says how it went.
pub async fn open_and_hand_off(
    guard: &mut TerminalGuard,
    input: &Input,
    client: &kube::Client,
    pod: &ObjKey,
    container: Option<&str>,
    kind: &ShellKind,
) -> Msg {
    let verb = match kind {
        ShellKind::Attach => "attach to",
        ShellKind::Exec(_) | ShellKind::Shell(_) => "shell in",
    };
    let toast = |level, text: String| Msg::Toast {
        level,
        text: sanitize(&text).into_owned(),
    };
    let opened = cluster::shell_open::open(client.clone(), pod, container, kind).await;
    let opened = match opened {
        Ok(opened) => opened,
        Err(e) => return toast(ToastLevel::Error, format!("{verb} pod {pod}: {e}")),
    };
    let what = match &opened.shell {
        Some(shell) => format!("{shell} in {pod}/{}", opened.container),
        None => format!("{verb} {pod}/{}", opened.container),
    };
    // Said on the terminal, above the shell's first prompt, so it is read where it matters.
    let note = (!opened.missing.is_empty()).then(|| {
        format!(
            "kview: {} not in {}; using {}\r\n",
            opened.missing.join(", "),
            opened.container,
            opened.shell.as_deref().unwrap_or_default()
        )
    });
    match hand_off(guard, input, opened, &what, note.as_deref()).await {
        Ok(text) => toast(ToastLevel::Info, text),
        Err(text) => toast(ToastLevel::Error, text),
    }
}

/// Gives the terminal to the stream's process until it ends (after showing `note`, and what
/// it printed already); returns how it ended, for a toast.
pub async fn hand_off(
    guard: &mut TerminalGuard,
    input: &Input,
    mut opened: OpenedStream,
    what: &str,
    note: Option<&str>,
) -> Result<String, String> {
    input.pause();
    let suspended = guard.suspend();
    let raw = terminal::enable_raw_mode();
    let outcome = match suspended.and(raw) {
        Ok(()) => {
            let mut screen = std::io::stdout();
            if let Some(note) = note {
                let _ = screen.write_all(sanitize(note).as_bytes());
            }
            let _ = screen.write_all(&opened.early_output);
            let _ = screen.flush();
            pump(&mut opened, what).await
        }
        Err(e) => Err(format!("could not hand the terminal over: {e}")),
    };
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(SOFT_RESET.as_bytes());
    let _ = stdout.flush();
    if let Err(e) = guard.resume() {
        tracing::warn!(error = %e, "resuming the terminal after a shell");
    }
    input.resume();
    outcome
}

/// Reads terminal events on a thread until `stop` (crossterm's reader blocks); events go to
/// the returned channel.
fn read_keys(
    stop: Arc<AtomicBool>,
) -> (mpsc::UnboundedReceiver<Event>, std::thread::JoinHandle<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let reader = std::thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            match event::poll(Duration::from_millis(30)) {
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if tx.send(ev).is_err() {
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
    (rx, reader)
}

async fn pump(opened: &mut OpenedStream, what: &str) -> Result<String, String> {
    let process = &mut opened.process;
    let remote_out = &mut opened.stdout;
    let Some(mut stdin) = process.stdin() else {
        return Err(format!("{what}: no terminal streams"));
    };
    let status = opened.status.take();
    let mut resize = process.terminal_size();
    if let (Some(tx), Ok((width, height))) = (resize.as_mut(), terminal::size()) {
        let _ = futures::SinkExt::send(tx, TerminalSize { width, height }).await;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let (mut keys, reader) = read_keys(stop.clone());
    let mut screen = std::io::stdout();
    let mut buf = vec![0u8; 8192];
    let ended = loop {
        tokio::select! {
            n = remote_out.read(&mut buf) => match n {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    let _ = screen.write_all(&buf[..n]);
                    let _ = screen.flush();
                }
                Err(e) => break Err(format!("{what}: {e}")),
            },
            ev = keys.recv() => match ev {
                Some(Event::Key(k)) => {
                    let bytes = key_bytes(&k);
                    if !bytes.is_empty() && stdin.write_all(&bytes).await.is_err() {
                        break Ok(());
                    }
                }
                Some(Event::Paste(text)) => {
                    if stdin.write_all(text.as_bytes()).await.is_err() {
                        break Ok(());
                    }
                }
                Some(Event::Resize(width, height)) => {
                    if let Some(tx) = resize.as_mut() {
                        let _ = futures::SinkExt::send(tx, TerminalSize { width, height }).await;
                    }
                }
                Some(_) => {}
                None => break Err(format!("{what}: the keyboard reader stopped")),
            },
        }
    };
    stop.store(true, Ordering::SeqCst);
    // No second reader may be left when the TUI's own reader resumes.
    let _ = tokio::task::spawn_blocking(move || reader.join()).await;
    ended?;
    let status = match status {
        Some(s) => tokio::time::timeout(Duration::from_secs(2), s)
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let code = status
        .as_ref()
        .and_then(|s| s.details.as_ref())
        .and_then(|d| d.causes.as_ref())
        .and_then(|c| c.iter().find(|c| c.reason.as_deref() == Some("ExitCode")))
        .and_then(|c| c.message.clone());
    Ok(match code {
        Some(code) => format!("{what} ended with exit code {code}"),
        None => format!("{what} ended"),
    })
}
