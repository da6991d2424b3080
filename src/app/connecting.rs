//! Waiting, at start, for a cluster that cannot be reached yet (with a terminal): the retry
//! screen with its schedule, `retry_now` and `quit`, until an attempt succeeds (the caller
//! goes on into the dashboard), the user quits, or an attempt fails for a reason retrying
//! cannot fix (credentials, TLS, kubeconfig), which ends the wait with that error.
//!
//! Owns the terminal only while it waits, and restores it before returning. Decisions are
//! `state::connecting`'s; drawing is `ui::connecting`'s.

use std::future::Future;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEventKind};
use tokio::sync::mpsc;

use crate::cluster::Connection;
use crate::cluster::connect::ConnectError;
use crate::config::{KeyChord, Keymap, Theme};
use crate::state::connecting::{Connecting, ConnectingStep};
use crate::terminal::TerminalGuard;

/// How often the countdown is redrawn.
const TICK: Duration = Duration::from_millis(250);

/// Retries `connect` after `first` (a transient error) until it succeeds (`Ok(Ok)`), the user
/// quits or a signal arrives (`Ok(Err)` with the last error), or an attempt fails for a reason
/// retrying cannot fix (`Ok(Err)` with that error). `Err` is a terminal failure.
pub async fn wait_for_cluster<F, Fut>(
    first: ConnectError,
    mut connect: F,
    theme: &Theme,
    keymap: &Keymap,
) -> std::io::Result<Result<Connection, ConnectError>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Connection, ConnectError>>,
{
    let ConnectError::Unreachable {
        context,
        server,
        reason,
    } = &first
    else {
        return Ok(Err(first));
    };
    let opened = Instant::now();
    let mut screen = Connecting::new(
        context.clone(),
        server.clone(),
        reason.clone(),
        opened.elapsed(),
    );
    let mut guard = TerminalGuard::enter(false)?;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let input = super::input::Input::spawn(move |ev| tx.send(ev).is_ok());
    let stop = stop_signal();
    tokio::pin!(stop);
    let mut last_error = first;
    let mut attempt: Option<std::pin::Pin<Box<Fut>>> = None;
    let mut tick = tokio::time::interval(TICK);
    let outcome = loop {
        let now = opened.elapsed();
        if let Err(e) = guard.terminal().draw(|frame| {
            crate::ui::connecting::draw_connecting(
                frame,
                &screen,
                screen.retry_in_secs(now),
                theme,
                keymap,
            );
        }) {
            break Err(e);
        }
        let mut step = ConnectingStep::Wait;
        tokio::select! {
            event = rx.recv() => match event {
                Some(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                    step = screen.on_key(KeyChord::from_event(&key), keymap);
                }
                Some(_) => {}
                None => step = ConnectingStep::Quit,
            },
            _ = tick.tick() => step = screen.on_tick(opened.elapsed()),
            () = &mut stop => step = ConnectingStep::Quit,
            result = async {
                match attempt.as_mut() {
                    Some(running) => running.await,
                    None => std::future::pending().await,
                }
            } => {
                attempt = None;
                match result {
                    Ok(conn) => break Ok(Ok(conn)),
                    Err(e) if e.is_transient() => {
                        let reason = match &e {
                            ConnectError::Unreachable { reason, .. } => reason.clone(),
                            other => other.to_string(),
                        };
                        screen.failed(reason, opened.elapsed());
                        last_error = e;
                    }
                    Err(e) => break Ok(Err(e)),
                }
            }
        }
        match step {
            ConnectingStep::Wait => {}
            ConnectingStep::Attempt => {
                if attempt.is_none() {
                    screen.attempting();
                    attempt = Some(Box::pin(connect()));
                }
            }
            ConnectingStep::Quit => break Ok(Err(last_error)),
        }
    };
    // The dashboard reads input next: this reader must no longer take keys.
    input.pause();
    input.stop();
    drop(guard);
    outcome
}

/// SIGTERM or SIGHUP: give up as `quit` would.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            tokio::select! {
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            return;
        }
    }
    std::future::pending::<()>().await;
}
