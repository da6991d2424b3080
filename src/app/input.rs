//! Terminal input on its own thread (crossterm's reader blocks), which can be paused so that
//! another program (the editor) gets every keystroke while it runs.
//!
//! Owns the reader thread and the pause handshake. Must not interpret keys.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

/// How long the reader waits for input before it looks at its controls again.
const POLL: Duration = Duration::from_millis(50);

#[derive(Debug, Default)]
struct Controls {
    stop: bool,
    paused: bool,
    /// The thread saw `paused` and is not reading.
    parked: bool,
}

/// The running reader thread's controls.
#[derive(Debug, Default)]
pub struct Input {
    controls: Mutex<Controls>,
    changed: Condvar,
}

impl Input {
    /// Starts reading; every event goes to `send` until it returns false or `stop`.
    pub fn spawn(send: impl Fn(Event) -> bool + Send + 'static) -> Arc<Self> {
        let input = Arc::new(Self::default());
        let reader = input.clone();
        std::thread::spawn(move || reader.read_loop(&send));
        input
    }

    fn lock(&self) -> MutexGuard<'_, Controls> {
        self.controls.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn read_loop(&self, send: &dyn Fn(Event) -> bool) {
        loop {
            {
                let mut c = self.lock();
                while c.paused && !c.stop {
                    c.parked = true;
                    self.changed.notify_all();
                    c = self.changed.wait(c).unwrap_or_else(PoisonError::into_inner);
                }
                c.parked = false;
                if c.stop {
                    return;
                }
            }
            match event::poll(POLL) {
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if !send(ev) {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Ok(false) => {}
                Err(_) => return,
            }
        }
    }

    /// Stops reading and returns once the thread no longer reads (or after a second, if it is
    /// stuck: it reads nothing then either).
    pub fn pause(&self) {
        let mut c = self.lock();
        c.paused = true;
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        while !c.parked && !c.stop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            c = self
                .changed
                .wait_timeout(c, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    pub fn resume(&self) {
        self.lock().paused = false;
        self.changed.notify_all();
    }

    pub fn stop(&self) {
        self.lock().stop = true;
        self.changed.notify_all();
    }
}
