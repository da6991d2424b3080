//! The screen shown while kview waits, at start, for a cluster it cannot reach yet: the
//! reason, how many attempts were made, and when the next one starts (backing off from 1s to
//! 30s); `retry_now` tries at once, `quit` gives up.
//!
//! Owns the retry schedule and the meaning of keys on that screen. Pure: the caller passes
//! the time (since the screen opened) and runs the attempts.

use std::time::Duration;

use crate::config::{Action, KeyChord, Keymap, Section};

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// What the caller should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectingStep {
    Wait,
    /// Start an attempt now.
    Attempt,
    /// The user gave up.
    Quit,
}

/// Where kview is in reaching the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connecting {
    pub context: String,
    pub server: String,
    /// Why the last attempt failed (cluster-provided text, not yet sanitized).
    pub reason: String,
    /// Attempts made so far, all failed.
    pub attempts: u32,
    /// When the next attempt starts (time since the screen opened); `None` while one runs.
    pub next_at: Option<Duration>,
}

/// The wait after `attempts` failed attempts: 1s, 2s, 4s, … up to 30s.
pub fn backoff(attempts: u32) -> Duration {
    let exp = attempts.saturating_sub(1).min(5);
    Duration::from_secs(1 << exp).min(MAX_BACKOFF)
}

impl Connecting {
    /// After the first failed attempt, at `now`.
    pub fn new(context: String, server: String, reason: String, now: Duration) -> Self {
        Connecting {
            context,
            server,
            reason,
            attempts: 1,
            next_at: Some(now + backoff(1)),
        }
    }

    /// An attempt started.
    pub fn attempting(&mut self) {
        self.next_at = None;
    }

    /// The attempt under way failed at `now`.
    pub fn failed(&mut self, reason: String, now: Duration) {
        self.attempts += 1;
        self.reason = reason;
        self.next_at = Some(now + backoff(self.attempts));
    }

    /// Whole seconds until the next attempt (rounded up); `None` while one runs.
    pub fn retry_in_secs(&self, now: Duration) -> Option<u64> {
        self.next_at
            .map(|at| at.saturating_sub(now).as_millis().div_ceil(1000))
            .map(|s| u64::try_from(s).unwrap_or(u64::MAX))
    }

    /// Time passed: attempt when the wait is over.
    pub fn on_tick(&self, now: Duration) -> ConnectingStep {
        match self.next_at {
            Some(at) if at <= now => ConnectingStep::Attempt,
            _ => ConnectingStep::Wait,
        }
    }

    /// A key was pressed.
    pub fn on_key(&self, chord: KeyChord, keymap: &Keymap) -> ConnectingStep {
        match keymap.lookup(&[Section::Connecting, Section::Global], chord) {
            Some(Action::RetryNow) if self.next_at.is_some() => ConnectingStep::Attempt,
            Some(Action::Quit) => ConnectingStep::Quit,
            _ => ConnectingStep::Wait,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn screen() -> Connecting {
        Connecting::new("dev".into(), "https://x/".into(), "refused".into(), secs(0))
    }

    #[test]
    fn waits_back_off_to_thirty_seconds() {
        let waits: Vec<u64> = (1..=8).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30, 30]);
    }

    #[test]
    fn the_next_attempt_starts_when_its_wait_is_over() {
        let mut s = screen();
        assert_eq!(s.retry_in_secs(Duration::from_millis(200)), Some(1));
        assert_eq!(s.on_tick(Duration::from_millis(900)), ConnectingStep::Wait);
        assert_eq!(s.on_tick(secs(1)), ConnectingStep::Attempt);
        s.attempting();
        assert_eq!(s.retry_in_secs(secs(1)), None);
        assert_eq!(
            s.on_tick(secs(5)),
            ConnectingStep::Wait,
            "one attempt at a time"
        );
        s.failed("timed out".into(), secs(2));
        assert_eq!((s.attempts, s.reason.as_str()), (2, "timed out"));
        assert_eq!(s.retry_in_secs(secs(2)), Some(2));
        assert_eq!(s.on_tick(secs(4)), ConnectingStep::Attempt);
    }

    #[test]
    fn keys_retry_now_or_quit_through_the_keymap() {
        let keymap = Keymap::builtin("default").unwrap();
        let key = |k: &str| k.parse::<KeyChord>().unwrap();
        let mut s = screen();
        assert_eq!(s.on_key(key("r"), &keymap), ConnectingStep::Attempt);
        assert_eq!(s.on_key(key("q"), &keymap), ConnectingStep::Quit);
        assert_eq!(s.on_key(key("ctrl-c"), &keymap), ConnectingStep::Quit);
        assert_eq!(s.on_key(key("x"), &keymap), ConnectingStep::Wait);
        s.attempting();
        assert_eq!(
            s.on_key(key("r"), &keymap),
            ConnectingStep::Wait,
            "no second attempt while one runs"
        );
    }
}
